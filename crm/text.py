"""Words for people: plurals and the date forms every option accepts. No imports beyond the stdlib,
so command modules can use them at import time without slowing `crm --help`."""

from __future__ import annotations

DATE_WORDS = "YYYY-MM-DD, today, yesterday or tomorrow"  # what crm.dates.parse_date accepts


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 interview", "2 interviews"; `words` for an irregular plural ("1 company", "3 companies")."""
    return f"{n} {word if n == 1 else (words or word + 's')}"
