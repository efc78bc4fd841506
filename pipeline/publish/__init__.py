"""Publishing: the report folder, clean tables, reviewer decisions, the review page and the catalogue."""

from .folder import carry_over, document_json, staged_folder, update_counts, write_frames, write_json, write_text
from .frames import Frames, report_frames, tables_meta
from .inputs import Inputs, folder_to_inputs, memory_to_inputs

__all__ = [
    "Frames", "Inputs", "carry_over", "document_json", "folder_to_inputs", "memory_to_inputs", "report_frames",
    "staged_folder", "tables_meta", "update_counts", "write_frames", "write_json", "write_text",
]  # fmt: skip
