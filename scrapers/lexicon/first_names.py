"""Given names people have, from Faker's person providers: ~31,000 names of 86 locales (MIT).

A positive signal only: a name the list lacks ("Oluwadamilare", "Wen") is still a name when the page
shows it as one. It is what tells a grid of people from a grid of menu links ("Getting Involved",
"Source Code") when neither has a job title beside it. Loaded once, lazily, during a lookup
(about 0.15 s); no command that reads the store ever loads it.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import unicodedata


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("ł", "l").replace("ø", "o")


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Every given name in Faker's person providers, lower-case with accents folded."""
    import faker.providers.person as people

    found: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        try:
            provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):  # a locale this Faker version ships broken or renamed
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            names = provider.__dict__.get(attr)
            if isinstance(names, (dict, tuple, list, set, frozenset)):
                found.update(_fold(n) for n in names if isinstance(n, str) and n.isalpha() or "-" in str(n))
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """Whether `word` (or the first part of a hyphenated one, "Mary-Kate") is a given name somewhere."""
    word = word.strip(".,")
    if len(word) < 2:
        return False
    folded = _fold(word)
    return folded in first_names() or folded.split("-")[0] in first_names()
