"""Small named errors; the CLI turns each into one line naming the file and the problem."""

from __future__ import annotations


class BaocaoError(Exception):
    """Base class: `path` is the input file, `problem` a short human sentence."""

    kind = "error"

    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAPdfError(BaocaoError):
    kind = "not_a_pdf"


class EncryptedPdfError(BaocaoError):
    kind = "encrypted"


class CorruptPdfError(BaocaoError):
    kind = "corrupt"


class EmptyPdfError(BaocaoError):
    kind = "empty"


class NoTextLayerError(BaocaoError):
    kind = "no_text_layer"


class LegacyEncodingError(BaocaoError):
    kind = "legacy_encoding"


class LimitExceededError(BaocaoError):
    kind = "limit_exceeded"


class OcrUnavailableError(NoTextLayerError):
    """A scan (no text layer) and OCR cannot run: the message says how to install it."""

    kind = "ocr_unavailable"


class NotAReportFolderError(BaocaoError):
    kind = "not_a_report_folder"
