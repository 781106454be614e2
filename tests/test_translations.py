"""Every user-facing string written in the code has its English translation, and none is left fuzzy."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SKIP = {".venv", "var", "tests", "migrations", "bench"}
CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext)\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")
TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+"([^"]+)"\s*""")


def po_entries() -> dict[str, str]:
    text = PO.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            key, value = joined(msgid.group(1)), joined(msgstr.group(1))
            if key:
                entries[key] = value
    return entries


def joined(quoted_lines: str) -> str:
    """A po string may continue over several quoted lines."""
    return "".join(re.findall(r'"(.*)"', quoted_lines))


def strings_in_code() -> set[str]:
    found = set()
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html"} or SKIP & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8")
        found.update(CALL.findall(text))
        found.update(TAG.findall(text))
    return {s for s in found if re.search(r"[\u4e00-\u9fff]", s)}


def test_no_translation_is_missing_or_fuzzy():
    entries = po_entries()
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []


def test_every_chinese_string_in_the_code_has_an_english_translation():
    missing = sorted(strings_in_code() - set(po_entries()))
    assert missing == [], f"run `make messages` and translate: {missing}"
