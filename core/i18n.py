"""Bilingual text lives in paired columns (name_zh, name_en); this picks the one for the reader."""

from django.utils import translation


def current_language_suffix() -> str:
    language = (translation.get_language() or "zh-hans").lower()
    return "en" if language.startswith("en") else "zh"


def localized(obj, field: str) -> str:
    """obj.<field>_en for English readers, else obj.<field>_zh; falls back to the other when empty."""
    first, second = ("en", "zh") if current_language_suffix() == "en" else ("zh", "en")
    return getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "")
