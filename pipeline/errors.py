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
    """The input is not a PDF (or is missing)."""

    kind = "not_a_pdf"


class EncryptedPdfError(BaocaoError):
    """The PDF is encrypted."""

    kind = "encrypted"


class CorruptPdfError(BaocaoError):
    """The PDF is damaged beyond reading."""

    kind = "corrupt"


class EmptyPdfError(BaocaoError):
    """The PDF has no pages or no bytes."""

    kind = "empty"


class NoTextLayerError(BaocaoError):
    """The PDF has no text layer (a scan) and OCR is off."""

    kind = "no_text_layer"


class LegacyEncodingError(BaocaoError):
    """Text in a legacy font encoding that cannot be converted."""

    kind = "legacy_encoding"


class LimitExceededError(BaocaoError):
    """The input passes one of the size limits."""

    kind = "limit_exceeded"


class OcrUnavailableError(NoTextLayerError):
    """A scan (no text layer) and OCR cannot run: the message says how to install it."""

    kind = "ocr_unavailable"


class UnreadableScanError(NoTextLayerError):
    """A scan whose every page OCR reads with too low a confidence (another script, or too poor a scan)."""

    kind = "unreadable_scan"


class NotAReportFolderError(BaocaoError):
    """The folder is not a baocao report folder."""

    kind = "not_a_report_folder"


class ConversionError(BaocaoError):
    """A Word/ODT file could not be converted to PDF (no converter, or the converter failed)."""

    kind = "conversion"


class ReviewFileError(BaocaoError):
    """review.csv cannot be read: an unknown text encoding or separator."""

    kind = "review_file"


class WrongPdfError(BaocaoError):
    """The PDF given for a report folder is not the report's PDF (another sha256) or not a PDF."""

    kind = "wrong_pdf"


REPORT_BUGS = (
    "this is a bug in baocao, not a problem with your file: please report it with the file and "
    "the output of `baocao --version` to the project's issue tracker"
)


def internal_message(exc: BaseException) -> str:
    """The one line shown for an unexpected exception: what it was, and how to report it."""
    text = " ".join(str(exc).split())[:200]
    return f"internal error: {type(exc).__name__}: {text} ({REPORT_BUGS})"
