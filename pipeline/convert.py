"""Word and OpenDocument input: .docx, .doc, .odt and .rtf converted to PDF with LibreOffice headless.

Many provincial portals publish Word files. They are converted into a PDF with LibreOffice's
Writer export (footnotes at the page bottom under a short rule, tables ruled), and that PDF goes
through the same pipeline as any other; `document.json` records the original file, its sha256
and the converter's version. Without LibreOffice the file is refused with a one-line error naming
the package to install.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import errors

WORD_SUFFIXES = frozenset({".docx", ".doc", ".odt", ".rtf", ".fodt"})
INSTALL = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
    "macOS: brew install --cask libreoffice)"
)
TIMEOUT = 300


@dataclass(frozen=True, kw_only=True)
class Conversion:
    """A converted input: the PDF made from it and where it came from."""

    pdf: Path
    original: Path
    sha256: str
    converter: str

    def provenance(self) -> dict[str, str]:
        """What document.json records about the conversion."""
        return {"file": self.original.name, "sha256": self.sha256, "converter": self.converter}


def is_word(path: Path) -> bool:
    """A file this module converts (by its suffix)."""
    return path.suffix.lower() in WORD_SUFFIXES


@lru_cache(maxsize=1)
def soffice() -> tuple[str, str] | None:
    """LibreOffice's program and its version line, or None when it is not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return exe, (out.strip().splitlines() or ["LibreOffice"])[0]


def to_pdf(src: Path, workdir: Path) -> Conversion:
    """Convert a Word/ODT file into `workdir`/<stem>.pdf."""
    if not src.is_file():
        raise errors.NotAPdfError(str(src), "no such file")
    found = soffice()
    if found is None:
        raise errors.ConversionError(
            str(src), f"{src.suffix} input needs LibreOffice, which is not installed: {INSTALL}"
        )
    exe, version = found
    with tempfile.TemporaryDirectory(prefix="baocao-lo-") as profile:
        cmd = [
            exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation=file://{profile}",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(workdir), str(src),
        ]  # fmt: skip
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise errors.ConversionError(str(src), f"LibreOffice did not finish within {TIMEOUT} s") from exc
    pdf = workdir / f"{src.stem}.pdf"
    if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = " ".join((proc.stderr or proc.stdout or "no output").split())[:160]
        raise errors.ConversionError(str(src), f"LibreOffice could not convert it to PDF ({detail})")
    return Conversion(pdf=pdf, original=src, sha256=hashlib.sha256(src.read_bytes()).hexdigest(), converter=version)
