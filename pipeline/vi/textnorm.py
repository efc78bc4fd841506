"""Text normalisation: Unicode NFC and legacy Vietnamese font encodings (TCVN3/ABC, VNI).

Reports typed with pre-Unicode fonts (`.VnTime`, `.VnTimeH`, `VNI-Times`) come out of the PDF
as Latin-1 look-alikes ("Tæng s¶n phÈm"). The encoding is detected from the font name and
confirmed from the text; text that is legacy-encoded in a way this module cannot convert is
refused with a message naming the encoding.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts). One byte per letter; in the capital fonts
# (.VnTimeH ...) the same codes draw the capital letter.
_TCVN3 = {
    "¸": "á", "µ": "à", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "¾": "ắ", "»": "ằ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ê": "ấ", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "Ð": "é", "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Õ": "ế", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "Ý": "í", "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ã": "ó", "ß": "ò", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "è": "ố", "å": "ồ", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "í": "ớ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ó": "ú", "ï": "ù", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\u00ad": "ư", "ø": "ứ", "õ": "ừ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ý": "ý", "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "®": "đ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}  # fmt: skip
_TCVN3_TABLE = str.maketrans(_TCVN3)

# VNI-Windows: a base letter followed by one or two modifier bytes.
_VNI_VOWELS = {
    # base: (plain, acute, grave, hook, tilde, dot) for the VNI tone bytes ù ø û õ ï
    "a": "aáàảãạ", "e": "eéèẻẽẹ", "o": "oóòỏõọ", "u": "uúùủũụ", "y": "yýỳỷỹỵ",
    "ô": "ơớờởỡợ", "ö": "ưứừửữự",
}  # fmt: skip
_VNI_HAT = {  # a/e/o + â (hat) + tone bytes á à å ã ä
    "a": "âấầẩẫậ",
    "e": "êếềểễệ",
    "o": "ôốồổỗộ",
}
_VNI_BREVE = "ăắằẳẵặ"  # a + ê (breve) + tone bytes é è ú ü ë


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    tones = "ùøûõï"
    for base, forms in _VNI_VOWELS.items():
        for i, t in enumerate(tones):
            table[base + t] = forms[i + 1]
    for base, forms in _VNI_HAT.items():
        table[base + "â"] = forms[0]
        for i, t in enumerate("áàåãä"):
            table[base + t] = forms[i + 1]
    table["aê"] = _VNI_BREVE[0]
    for i, t in enumerate("éèúüë"):
        table["a" + t] = _VNI_BREVE[i + 1]
    table.update({"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ", "ô": "ơ", "ö": "ư"})
    upper: dict[str, str] = {}
    for k, v in table.items():
        upper[k.upper()] = v.upper()
    table.update(upper)
    return table


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(sorted((re.escape(k) for k in _VNI), key=len, reverse=True)))

# Characters that never occur in Unicode Vietnamese but are frequent in TCVN3 text.
_TCVN3_SIGNS = set("¸µ¶·¹¨¾»¼½Æ©ËÇÐÎÏÑª×ØÜÞ«åæç¬îïñö÷øûüþ\u00ad®¡¢£¤¥¦§")
# Vowel + VNI tone byte sequences; some (oà, uý) are also valid Unicode Vietnamese, so
# only the ones that are not are counted.
_VNI_SIGNS_RE = re.compile(r"[aeiouyAEIOUY][øûõïåäëüæ]|[ñÑöÖ]")

TCVN3 = "TCVN3"
VNI = "VNI"


def font_encoding(fontname: str) -> str | None:
    """The legacy encoding a font name announces, or None for a Unicode font."""
    base = fontname.split("+", 1)[-1]
    if re.match(r"\.?Vn[A-Z]", base):
        return TCVN3
    if re.match(r"VNI[-_ ]?[A-Z]", base, re.IGNORECASE):
        return VNI
    if re.match(r"(VPS|VISCII|BachKhoa|BK[ -]?HCM)", base, re.IGNORECASE):
        return base.split("-")[0].split(",")[0]
    return None


def is_capital_font(fontname: str) -> bool:
    """.VnTimeH, .VnArialH ...: TCVN3 fonts whose glyphs are all capitals."""
    family = re.split(r"[-,]", fontname.split("+", 1)[-1])[0]
    return family.endswith("H")


def decode_tcvn3(text: str, capital: bool = False) -> str:
    """TCVN3 text to Unicode (in capitals for the capital fonts)."""
    out = text.translate(_TCVN3_TABLE)
    return out.upper() if capital else out


def decode_vni(text: str) -> str:
    """VNI text to Unicode."""
    return _VNI_RE.sub(lambda m: _VNI[m.group(0)], text)


def decode(text: str, encoding: str, capital: bool = False) -> str:
    """Legacy-encoded text to Unicode; ValueError for an encoding that cannot be converted."""
    if encoding == TCVN3:
        return decode_tcvn3(text, capital)
    if encoding == VNI:
        return decode_vni(text)
    raise ValueError(f"cannot convert the {encoding} encoding")


def convertible(encoding: str) -> bool:
    """The encoding can be converted (TCVN3, VNI)."""
    return encoding in (TCVN3, VNI)


def sniff_legacy(text: str) -> str | None:
    """Guess a legacy encoding from text alone (fonts with generic names).

    Returns TCVN3, VNI or None. Requires the signature characters to be a clear share of the
    letters so that a stray symbol in a Unicode report never triggers conversion.
    """
    letters = sum(ch.isalpha() for ch in text)
    if letters < 40:
        return None
    tcvn = sum(ch in _TCVN3_SIGNS for ch in text)
    vni = len(_VNI_SIGNS_RE.findall(text))
    modern = sum("\u1ea0" <= ch <= "\u1ef9" or ch in "ăĂđĐơƠưƯ" for ch in text)
    if modern > 0.02 * letters:
        return None
    if tcvn > 0.03 * letters and tcvn >= vni:
        return TCVN3
    if vni > 0.03 * letters:
        return VNI
    return None


@lru_cache(maxsize=4096)
def nfc(text: str) -> str:
    """Unicode NFC form."""
    return unicodedata.normalize("NFC", text)


def is_combining(ch: str) -> bool:
    """A combining mark (a tone or vowel mark of NFD text)."""
    return unicodedata.combining(ch) != 0


def strip_accents(text: str) -> str:
    """ASCII folding for identifiers (report ids): 'Điện Biên' -> 'Dien Bien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Old-style tone placement (hoà, thuỷ) and its modern form (hòa, thủy): the one table.
OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe",
    "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def modern_tones(text: str) -> str:
    """Lower-case text with old-style tone placement made modern: 'hoà' -> 'hòa', 'thuỷ' -> 'thủy'."""
    for old, new in OLD_TONES.items():
        text = text.replace(old, new)
    return text
