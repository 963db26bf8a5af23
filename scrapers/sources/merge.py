"""One candidate per person across sources (pure): names matched, titles chosen, evidence joined, scores moved.

The same person read by several sources is one entry: names match on their key (accents folded,
honorifics dropped: `name_key`), or on a family name with the same given name or its initial ("J. Doe"
and "Jane Doe") when exactly one entry fits. The title comes from the source the house trusts most for
titles (the company's team pages, then the posting, then its blog, then a directory such as Hunter, a
self-written GitHub bio last), the newest reading first within one source. After ranking, `adjust`
names every source in the reasons, raises the score of people several sources agree on, and lowers it
for people whose newest evidence is years old (marked so) or whose only title is their own bio.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Sequence

from scrapers.hiring_manager import Candidate
from scrapers.lexicon.names import name_key
from scrapers.sources.base import Evidence, SourcePerson, short_path
from scrapers.sources.wording import is_stale
from scrapers.types import PersonOnPage

AGREEMENT = 0.04  # score added per further source that finds the person (capped below a named manager)
STALE = 0.8  # the score of someone whose newest evidence is years old is multiplied by this (and marked)
AGING = 0.93  # ... and of someone whose newest evidence is over a year old
SELF_WRITTEN = 0.9  # ... and of someone whose only title is their own bio
CAP = 0.98  # agreement never lifts anyone to the 0.99 of the manager the posting names

# Sources whose people only inform others (the posting's named manager is ranked by the ranking itself).
EVIDENCE_ONLY = frozenset({"posting"})
# People only these sources found rank exactly as before there were sources (the same reasons and scores).
UNCHANGED = frozenset({"team", "posting"})


@dataclass
class Merged:
    """One person as every source saw them."""

    name: str
    key: str
    people: list[SourcePerson] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)  # source NAME -> its TITLE_RANK

    @property
    def evidence(self) -> list[Evidence]:
        return [e for p in self.people for e in p.evidence]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(e.source for e in self.evidence))

    def best(self) -> tuple[str, Evidence | None]:
        """The title to show and the evidence that gives it: company pages before self-written bios."""
        titled = [e for e in self.evidence if e.title]
        if not titled:
            return "", None
        chosen = min(titled, key=lambda e: (e.self_written, self.ranks.get(e.source, 50), _newest_first(e.date)))
        return chosen.title, chosen

    def page_person(self) -> PersonOnPage | None:
        return next((p.page_person for p in self.people if p.page_person is not None), None)


def _newest_first(date: str | None) -> str:
    return "".join(chr(255 - ord(c)) for c in date) if date else "\uffff"


def _first_last(key: str) -> tuple[str, str]:
    words = key.split()
    return (words[0], words[-1]) if len(words) >= 2 else ("", "")


def _fits(key: str, other: str) -> bool:
    """Same person by name: one key, or one family name with the same given name or its initial."""
    if key == other:
        return True
    first, last = _first_last(key)
    first2, last2 = _first_last(other)
    if not last or last != last2:
        return False
    if first == first2:
        return True
    return (len(first) == 1 or len(first2) == 1) and first[:1] == first2[:1]


def merge(found: Sequence[tuple[str, int, Sequence[SourcePerson]]]) -> list[Merged]:
    """Everyone the sources found, one entry per person, in the order first seen. `found` is
    (source NAME, its TITLE_RANK, its people) per source, in the order the sources ran."""
    merged: list[Merged] = []
    by_key: dict[str, Merged] = {}
    for source, rank, people in found:
        for person in people:
            key = name_key(person.name)
            if not key:
                continue
            entry = by_key.get(key)
            if entry is None:
                fits = [m for m in merged if _fits(key, m.key)]
                entry = fits[0] if len(fits) == 1 else None
            if entry is None:
                entry = Merged(person.name, key)
                merged.append(entry)
            elif len(key) > len(entry.key) and len(entry.key.split()[0]) == 1:
                entry.name, entry.key = person.name, key  # "Jane Doe" over "J. Doe"
            by_key[key] = entry
            entry.people.append(person)
            entry.ranks.setdefault(source, rank)
    return merged


def to_people(merged: Sequence[Merged]) -> list[PersonOnPage]:
    """The people ranking reads: the team finder's own record where there is one (exact, so a lookup
    with team pages ranks as before), else the best title and the page that gives it."""
    out = []
    for entry in merged:
        exact = entry.page_person()
        if exact is not None:
            out.append(exact)
            continue
        if set(entry.sources) <= EVIDENCE_ONLY:
            continue
        title, evidence = entry.best()
        first = evidence or entry.evidence[0]
        profile = next((p.profile_url for p in entry.people if p.profile_url), None)
        email = next((p.email for p in entry.people if p.email), None)
        out.append(PersonOnPage(entry.name, title, profile, first.url, email=email))
    return out


def reasons_for(entry: Merged, today: dt.date | None) -> list[str]:
    """One reason per source, in its own words ("author of 3 posts on /blog (newest 2026-10-02)")."""
    out = []
    for source in entry.sources:
        evidence = [e for e in entry.evidence if e.source == source]
        out.append(_summary(source, evidence, today))
    return out


_QUOTE_MARKS = "\u201c\u201d\"' "


def _summary(source: str, evidence: list[Evidence], today: dt.date | None) -> str:
    if source == "blog":
        posts = {e.url for e in evidence if e.kind == "byline"}
        news = [e for e in evidence if e.kind == "announcement"]
        quotes = [e for e in evidence if e.kind == "quote"]
        bits = []
        if news:
            latest = max(news, key=lambda e: e.date or "")
            bits.append(f"announced on {short_path(latest.url)}: \u201c{latest.words.strip(_QUOTE_MARKS)}\u201d")
        elif quotes:
            latest = max(quotes, key=lambda e: e.date or "")
            bits.append(f"quoted on {short_path(latest.url)} as {latest.title}")
        if posts:
            where = sorted({short_path(u).rsplit('/', 1)[0] or "/" for u in posts})[0]
            titled = next((e.title for e in evidence if e.kind == "byline" and e.title), "")
            bits.append(f"author of {len(posts)} post{'s' if len(posts) != 1 else ''} on {where}"
                        + (f" as {titled}" if titled else ""))
        dates = [e.date for e in evidence if e.date]
        text = "; ".join(bits) or evidence[0].words
        if dates:
            newest = max(dates)
            text += f" ({newest}" + (", years old: may have moved on" if is_stale(newest, today) else "") + ")"
        return text
    if len(evidence) == 1:
        return evidence[0].words
    return "; ".join(dict.fromkeys(e.words for e in evidence))


def adjust(candidates: Sequence[Candidate], merged: Sequence[Merged], today: dt.date | None) -> list[Candidate]:
    """Candidates with every source named in their reasons and their scores moved by agreement, age and
    whose words gave the title; re-sorted (ties keep their order). People only the team pages list are
    left exactly as ranked (the posting's words are already in their reasons)."""
    by_key: dict[str, Merged] = {}
    for entry in merged:
        for person in entry.people:
            by_key.setdefault(name_key(person.name), entry)
    out = []
    for candidate in candidates:
        entry = by_key.get(name_key(candidate.name))
        if entry is None or set(entry.sources) <= UNCHANGED:
            out.append(candidate)
            continue
        score = candidate.score
        reasons = list(candidate.reasons) + reasons_for(entry, today)
        agreeing = len(entry.sources)
        if agreeing > 1 and candidate.role == "manager" and score < CAP:
            score = min(CAP, score + AGREEMENT * (agreeing - 1))
            reasons.append(f"found by {agreeing} sources: {', '.join(entry.sources)}")
        dates = [e.date for e in entry.evidence]
        if "team" not in entry.sources and dates and all(dates):
            newest = max(d for d in dates if d)
            score *= STALE if is_stale(newest, today) else AGING if is_stale(newest, today, years=1) else 1.0
        title, evidence = entry.best()
        if evidence is not None and evidence.self_written:
            score *= SELF_WRITTEN
            reasons.append("title from the person's own profile, not the company's pages")
        out.append(replace(candidate, score=round(max(0.0, min(1.0, score)), 2), reasons=tuple(dict.fromkeys(reasons))))
    order = {id(c): i for i, c in enumerate(out)}
    return sorted(out, key=lambda c: (-c.score, order[id(c)]))


def evidence_for(merged: Sequence[Merged]) -> dict[str, tuple[Evidence, ...]]:
    """Every person's evidence by the name ranking knows them under (for the JSON output)."""
    out: dict[str, tuple[Evidence, ...]] = {}
    for entry in merged:
        names = {entry.name} | {p.name for p in entry.people}
        exact = entry.page_person()
        if exact is not None:
            names.add(exact.name)
        for name in names:
            out[name] = tuple(entry.evidence)
    return out
