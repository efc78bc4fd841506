"""Legacy Vietnamese encodings written the way old fonts store them, for building test PDFs.

The tables are written out here from the TCVN3 (ABC) and VNI-Windows code charts, independently
of pipeline.textnorm, so that a test checks the decoder against the standard, not against itself.
"""

from __future__ import annotations

import unicodedata

TCVN3_LOWER = {
    "á": "¸", "à": "µ", "ả": "¶", "ã": "·", "ạ": "¹",
    "ă": "¨", "ắ": "¾", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ặ": "Æ",
    "â": "©", "ấ": "Ê", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ậ": "Ë",
    "đ": "®", "é": "Ð", "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ",
    "ê": "ª", "ế": "Õ", "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ệ": "Ö",
    "í": "Ý", "ì": "×", "ỉ": "Ø", "ĩ": "Ü", "ị": "Þ",
    "ó": "ã", "ò": "ß", "ỏ": "á", "õ": "â", "ọ": "ä",
    "ô": "«", "ố": "è", "ồ": "å", "ổ": "æ", "ỗ": "ç", "ộ": "é",
    "ơ": "¬", "ớ": "í", "ờ": "ê", "ở": "ë", "ỡ": "ì", "ợ": "î",
    "ú": "ó", "ù": "ï", "ủ": "ñ", "ũ": "ò", "ụ": "ô",
    "ư": "\u00ad", "ứ": "ø", "ừ": "õ", "ử": "ö", "ữ": "÷", "ự": "ù",
    "ý": "ý", "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ỵ": "þ",
}  # fmt: skip

# VNI-Windows: vowel + tone byte (ù acute, ø grave, û hook, õ tilde, ï dot); â/ê hat and breve
VNI = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ", "Đ": "Ñ",
}  # fmt: skip


def to_tcvn3(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == "Đ":
            out.append("§")
        elif ch.isupper() and ch.lower() in TCVN3_LOWER:
            raise ValueError(f"capital {ch} needs a .VnTimeH font")
        else:
            out.append(TCVN3_LOWER.get(ch, ch))
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
