"""How much a person's title and section say about the posting's team, weighed by the page itself (pure).

In a large organisation the words that place a role ("Treasury", "Country Programmes", "Aviation
Security") are shared with its manager's title or the section the manager is listed under, while
the words every second title carries ("Director", "Policy", "Engineering") say little. Words are
compared by a light stem ("Purchasing" and "Purchase", "Finance" and "Financial", "Programmes" and
"Programme") and weighed by how rare they are on the page (inverse document frequency), so a rule
never needs to know which words matter at which organisation.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

from scrapers.types import PersonOnPage

# Level and filler words: they say how senior, never which team.
_IGNORED = frozenset("""
a an and the of for to in on at by with from our your its as
senior sr junior jr staff principal lead leader head heads vp vice president svp evp director directors directorate
general manager managers managing chief officer officers executive deputy assistant associate acting interim
interims team teams group unit department departments division section office member members i ii iii iv
co founder cofounder new role roles job
""".split())
_SUFFIXES = ("ational", "ations", "ation", "ments", "ment", "ings", "ing", "ists", "ist", "ial", "ers", "er",
             "ies", "es", "al", "s", "e", "y")


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light stem: "purchasing" and "purchase" -> "purchas", "engineering" and "engineer" -> "engin"."""
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    while True:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            return word


@functools.lru_cache(maxsize=16384)
def stems(text: str) -> frozenset[str]:
    """The stems of the content words of a title, section or department name (split on any punctuation)."""
    words = re.findall(r"[^\W\d_]+", (text or "").lower())
    return frozenset(stem(w) for w in words if w not in _IGNORED and len(w) > 1)


class Weights:
    """Inverse document frequency of each stem over the people on the page (title and section)."""

    def __init__(self, people: Sequence[PersonOnPage]) -> None:
        counts: Counter[str] = Counter()
        for person in people:
            counts.update(stems(person.title) | stems(person.section))
        self.total = max(1, len(people))
        self.counts = counts

    def weight(self, word: str) -> float:
        """log(N / df), at least 0.1 (a word on every card still counts a little); unseen words weigh most."""
        return max(0.1, math.log((self.total + 1) / (self.counts.get(word, 0) + 0.5)))

    def overlap(self, wanted: Iterable[str], person: PersonOnPage) -> tuple[float, list[str]]:
        """The share (0 to 1) of the wanted words' weight the person's title and section carry, and those
        words as the person's title or section writes them."""
        wanted = frozenset(wanted)
        if not wanted:
            return 0.0, []
        theirs = stems(person.title) | stems(person.section)
        shared = wanted & theirs
        total = sum(self.weight(w) for w in wanted)
        return sum(self.weight(w) for w in shared) / total, _words_of(shared, f"{person.title} {person.section}")


def _words_of(shared: frozenset[str], text: str) -> list[str]:
    """The words of `text` (as written, lower case) whose stems are `shared`: reasons are read by people."""
    found: dict[str, str] = {}
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if stem(word) in shared and word not in _IGNORED:
            found.setdefault(stem(word), word)
    return sorted(found.values())


def names_department(department: str | None, title: str) -> bool:
    """Whether a title names the whole of the posting's department ("Director General, Finance and
    Corporate Performance" names "Corporate Performance"): its holder heads that department, wherever
    the page lists them (a leadership section of its own, often). A one-word department ("Finance",
    "Medical") is in too many titles to say so."""
    mine = stems(department or "")
    return len(mine) >= 2 and mine <= stems(title)


def same_section(department: str | None, person: PersonOnPage) -> bool:
    """Whether the person is listed under the posting's department (by its words)."""
    mine = stems(department or "")
    return bool(mine) and mine == stems(person.section)
