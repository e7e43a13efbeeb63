"""Vietnamese text helpers shared by search and sorting."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip diacritics, with đ -> d: "Đặng Văn Ân" -> "dang van an"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower().strip()


# The Vietnamese alphabet (with f, j, w, z for foreign names), in dictionary order.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: f"{i + 10:02d}" for i, ch in enumerate(_ALPHABET)}
# Tones after letters, in the usual order: ngang, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": "02", "\u0301": "03", "\u0309": "04", "\u0303": "05", "\u0323": "06"}
_BASE_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn


def _letters_and_tones(word: str) -> tuple[str, str]:
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", word.lower()):
        if ch == "đ":
            primary.append(_LETTER_CODE["đ"])
            secondary.append("01")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = "01"
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _BASE_MARKS:
                if base == "u" and mark == "\u031b":
                    base = "ư"
                elif base == "o" and mark == "\u031b":
                    base = "ơ"
                elif mark == "\u0302":
                    base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
                elif mark == "\u0306":
                    base = "ă" if base == "a" else base
        if base in _LETTER_CODE:
            primary.append(_LETTER_CODE[base])
            secondary.append(tone)
        elif base.isdigit():
            primary.append(f"0{base}")  # digits sort before letters, after the word separator
            secondary.append("01")
    return "".join(primary), "".join(secondary)


def name_sort_key(full_name: str) -> str:
    """The key official rosters sort by: the given name (last word) first, then the family and middle names,
    letter by letter in the Vietnamese alphabet (a ă â b c d đ e ê …), tones only to break ties.

    The key holds digits only, so that every database collation orders it the same way.
    """
    words = (full_name or "").split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primary, secondary = [], []
    for word in ordered:
        p, s = _letters_and_tones(word)
        primary.append(p)
        secondary.append(s)
    # "00" separates words and, last, the letters from the tones: "An" < "Anh", "Ba" < "Bà".
    return "00".join(primary) + "0000" + "".join(secondary)
