"""Printed characters and their fonts: the Char and Font records, and the book deciding each font's encoding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import BBox
from ..vi.textnorm import convertible, font_encoding, is_capital_font, sniff_legacy


@dataclass(frozen=True, slots=True, kw_only=True)
class Font:
    """A font as the layout needs it: its style, and the legacy encoding its text is converted from."""

    name: str
    bold: bool
    italic: bool
    encoding: str | None = None  # legacy encoding to convert from, None for Unicode
    capital: bool = False


_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)
_ITALIC_RE = re.compile(r"italic|oblique|inclined|,i\b", re.IGNORECASE)


def font_style(name: str) -> tuple[bool, bool]:
    """(bold, italic) as the font's name says."""
    base = name.split("+", 1)[-1]
    return bool(_BOLD_RE.search(base)), bool(_ITALIC_RE.search(base))


@dataclass(slots=True, kw_only=True)
class Char:
    """One printed glyph: its text, box in PDF points, size and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: Font

    @property
    def bbox(self) -> BBox:
        """The glyph's box."""
        return BBox(x0=self.x0, top=self.top, x1=self.x1, bottom=self.bottom)


@dataclass(slots=True)
class FontBook:
    """Font name -> Font, deciding each font's legacy encoding once."""

    fonts: dict[str, Font] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, sample: str) -> Font:
        """The font called `name`, its encoding decided from a sample of its text the first time."""
        font = self.fonts.get(name)
        if font is not None:
            return font
        bold, italic = font_style(name)
        enc = font_encoding(name)
        modern = any("\u1ea0" <= ch <= "\u1ef9" or ch in "ăđơư" for ch in sample.lower())
        if enc is not None and modern:
            enc = None  # the PDF already maps the legacy font to Unicode
        if enc is None:
            enc = sniff_legacy(sample)
        if enc is not None and not convertible(enc) and any(ord(ch) > 127 for ch in sample):
            self.refused[name] = enc
        capital = enc is not None and is_capital_font(name)
        font = Font(
            name=name, bold=bold, italic=italic, encoding=enc if enc and convertible(enc) else None, capital=capital
        )
        self.fonts[name] = font
        return font
