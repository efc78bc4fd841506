"""Publishing: the report folder, clean tables, reviewer decisions, the review page and the catalogue."""

from .folder import (
    carry_over,
    document_json,
    staged_folder,
    write_checks,
    write_claims,
    write_json,
    write_segments,
    write_tables,
    write_text,
)

__all__ = [
    "carry_over", "document_json", "staged_folder", "write_checks", "write_claims", "write_json",
    "write_segments", "write_tables", "write_text",
]  # fmt: skip
