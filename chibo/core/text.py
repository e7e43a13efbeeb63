"""Vietnamese text helpers shared by search and sorting."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip diacritics, with đ -> d: "Đặng Văn Ân" -> "dang van an"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower().strip()
