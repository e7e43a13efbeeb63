"""Every Vietnamese string of the interface has its English translation in the catalogue."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

PATTERNS = [
    re.compile(r"""\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)"""),
    re.compile(r"""\{%\s*translate\s+"((?:[^"\\]|\\.)+)"""),
    re.compile(r"""\{%\s*translate\s+'((?:[^'\\]|\\.)+)'"""),
]


def _catalogue() -> dict[str, str]:
    entries: dict[str, str] = {}
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda s: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))  # noqa: E731
            entries[join(msgid.group(1))] = join(msgstr.group(1))
    return entries


def _strings_in_code() -> set[str]:
    found: set[str] = set()
    for path in list(ROOT.rglob("*.py")) + list(ROOT.rglob("*.html")) + list(ROOT.rglob("*.txt")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found.update(m.group(1) for m in pattern.finditer(source))
    return {s for s in found if re.search(r"[^\x00-\x7f]", s)}


def test_every_vietnamese_string_has_an_english_translation():
    catalogue = _catalogue()
    missing = sorted(s for s in _strings_in_code() if not catalogue.get(s))
    assert missing == [], (
        f"{len(missing)} strings without English (run `make messages` and translate): {missing[:10]}"
    )


@pytest.mark.parametrize("msgid", ["Tổ chức đảng", "Đăng nhập", "Thông tin"])
def test_known_labels(msgid):
    assert _catalogue()[msgid]
