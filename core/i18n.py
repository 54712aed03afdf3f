from django.utils.translation import get_language

FALLBACK_ORDER = ("kk", "ru", "en")


def pick_translation(obj, field: str, language: str | None = None) -> str:
    """The value of `<field>_<lang>` in the active language, else the first non-empty one (kk, ru, en)."""
    lang = (language or get_language() or "kk")[:2]
    for code in (lang, *FALLBACK_ORDER):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
