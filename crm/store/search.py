"""`crm search`: contacts, companies, applications and logged interactions found by their words, best first.

The index is the database's own, made by migration 0005 and kept current by its triggers on every
write: SQLite's FTS5 (unicode61, diacritics removed) and PostgreSQL's tsvector under a GIN index
(text folded by `search_fold`). A query's words become prefix terms that must all match, so "glob"
finds Globex and "lena" finds Léna; punctuation and search syntax (quotes, `*`, `NEAR(`, `-`, `:`)
only separate words. A document has three fields, ranked name (a contact's or company's name, an
application's title) over detail (title and email; domain; company, department, location) over
notes. Labels and snippets are read from the rows themselves, for the hits shown only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from crm.errors import CrmError, InvalidValue
from crm.store.checks import check_choice
from crm.store.models import Application, Company, Interaction, Person, database
from crm.store.records import as_datetime
from crm.text import shorten

KINDS = ("contact", "company", "application", "interaction")  # a document's id is ref * 4 + the kind's position
INDEX = "search_index"
MAX_WORDS = 16
# SQLite's bm25 weights for name, detail, notes. bm25 saturates (a term's score nears its ceiling as its
# weighted count grows) and divides by the whole row's length, so with 10, 4, 1 a name in a row with long
# notes ranked under a title in a short row. Weights this far apart let the field decide and leave
# bm25 to order within it (rarer words, shorter rows first), up to rows thousands of times the average
# length. PostgreSQL's ts_rank needs no such care: weights A, B, D (1.0, 0.4, 0.1) with no length
# division already keep the fields apart.
BM25_WEIGHTS = "1e9, 1e4, 1.0"
SNIPPET = 80  # characters of a field shown around its first match

# A word: letters and digits, with the combining marks that follow them (as unicode61 keeps them).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff" \
         "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")


@dataclass(frozen=True)
class Hit:
    """One search result: what it is (kind and id, the REF other commands take), a label, where it matched."""

    kind: str
    id: int
    label: str
    field: str
    snippet: str

    def record(self) -> dict[str, Any]:
        """The hit as a JSON-ready dict."""
        return {"kind": self.kind, "id": self.id, "label": self.label, "field": self.field, "snippet": self.snippet}


def words(text: str) -> list[str]:
    """The words of a query: runs of letters and digits; everything else (search syntax too) separates them."""
    return WORD.findall(unicodedata.normalize("NFC", text))


def fold(word: str) -> str:
    """A word as matching compares it: lower case, accents off."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).casefold()


def search(text: str, *, kinds: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
    """The records whose words start with every word of `text`, best first, at most `limit` of them."""
    terms = words(text)
    if not terms:
        raise InvalidValue(f"nothing to search for in {shorten(text)!r}: give a word, a name or the start of one")
    if len(terms) > MAX_WORDS:
        raise InvalidValue(f"too many words to search for ({len(terms)}); at most {MAX_WORDS}")
    codes = sorted({KINDS.index(check_choice(k, KINDS, "kind")) for k in kinds or KINDS})
    if isinstance(database.obj, pw.PostgresqlDatabase):
        keys = _ranked_postgres(terms, codes, limit)
    else:
        keys = _ranked_sqlite(terms, codes, limit)
    wanted: dict[int, list[int]] = {}
    for key in keys:
        wanted.setdefault(key % 4, []).append(key // 4)
    found = {(code, ref): shown for code, refs in wanted.items() for ref, shown in _DETAILS[code](refs).items()}
    folded = [fold(t) for t in terms]
    hits = []
    for key in keys:
        shown = found.get((key % 4, key // 4))
        if shown is not None:  # else deleted since the ranking query: nothing to show
            label, fields = shown
            hits.append(Hit(KINDS[key % 4], key // 4, label, *snippet(fields, folded)))
    return hits


def name_matches(kind: str, text: str, limit: int) -> list[int]:
    """Ids of the records of `kind` whose name (a contact's or company's name, an application's title)
    has a word starting with each word of `text` ("lena", "kestrel", "glob"), oldest first; [] when
    `text` has no word or the index is missing."""
    terms = words(text)
    if not terms or len(terms) > MAX_WORDS:
        return []
    code = KINDS.index(kind)
    if isinstance(database.obj, pw.PostgresqlDatabase):
        (folded,) = database.execute_sql("SELECT search_fold(%s)", (" ".join(terms),)).fetchone()
        query = " & ".join(f"'{t}':*A" for t in folded.split())  # weight A: the name field
        if not query:
            return []
        rows = database.execute_sql(f"SELECT id FROM {INDEX}, to_tsquery('simple', %s) AS q "
                                    "WHERE doc @@ q AND id %% 4 = %s ORDER BY id LIMIT %s", (query, code, limit))
    else:
        if not database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone():
            return []
        query = "name : (" + " ".join(f'"{t}"*' for t in terms) + ")"
        rows = database.execute_sql(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ? AND rowid % 4 = ? "
                                    "ORDER BY rowid LIMIT ?", (query, code, limit))
    return [key // 4 for (key,) in rows]


def _ranked_sqlite(terms: list[str], codes: list[int], limit: int) -> list[int]:
    if not database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone():
        raise CrmError("crm search needs SQLite's full-text search (FTS5), which this Python's sqlite3 lacks")
    query = " ".join(f'"{t}"*' for t in terms)  # quoted: a word is never an operator (AND, NEAR ...)
    only = f"AND rowid % 4 IN ({', '.join(map(str, codes))})" if len(codes) < len(KINDS) else ""
    rows = database.execute_sql(
        f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ? {only} "
        f"ORDER BY bm25({INDEX}, {BM25_WEIGHTS}), rowid % 4, rowid LIMIT ?", (query, limit))
    return [key for (key,) in rows]


def _ranked_postgres(terms: list[str], codes: list[int], limit: int) -> list[int]:
    # Folded by the database's own search_fold, the function the index was built with.
    (folded,) = database.execute_sql("SELECT search_fold(%s)", (" ".join(terms),)).fetchone()
    query = " & ".join(f"'{t}':*" for t in folded.split())
    if not query:
        return []
    only = f"AND id %% 4 IN ({', '.join(map(str, codes))})" if len(codes) < len(KINDS) else ""
    rows = database.execute_sql(
        f"SELECT id FROM {INDEX}, to_tsquery('simple', %s) AS q WHERE doc @@ q {only} "
        "ORDER BY ts_rank(doc, q) DESC, id %% 4, id LIMIT %s", (query, limit))
    return [key for (key,) in rows]


Shown = tuple[str, list[tuple[str, str]]]  # a label, and the fields a snippet may come from, best first


def _contacts(ids: list[int]) -> dict[int, Shown]:
    query = (Person.select(Person.id, Person.name, Person.title, Person.email, Person.notes, Company.name)
             .join(Company, pw.JOIN.LEFT_OUTER).where(Person.id.in_(ids)).tuples())
    return {pid: (name + (f", {title}" if title else "") + (f" at {company}" if company else ""),
                  [("name", name), ("title", title), ("email", email), ("notes", notes)])
            for pid, name, title, email, notes, company in query}


def _companies(ids: list[int]) -> dict[int, Shown]:
    query = Company.select(Company.id, Company.name, Company.domain, Company.notes).where(Company.id.in_(ids))
    return {cid: (name + (f" ({domain})" if domain else ""), [("name", name), ("domain", domain), ("notes", notes)])
            for cid, name, domain, notes in query.tuples()}


def _applications(ids: list[int]) -> dict[int, Shown]:
    query = (Application.select(Application.id, Application.url, Application.title, Company.name,
                                Application.department, Application.location, Application.notes)
             .join(Company, pw.JOIN.LEFT_OUTER).where(Application.id.in_(ids)).tuples())
    return {aid: (" at ".join(x for x in (title, company) if x) or shorten(url),
                  [("title", title), ("company", company), ("department", department), ("location", location),
                   ("notes", notes)])
            for aid, url, title, company, department, location, notes in query}


def _interactions(ids: list[int]) -> dict[int, Shown]:
    query = (Interaction.select(Interaction.id, Interaction.kind, Interaction.channel, Interaction.direction,
                                Interaction.occurred_at, Interaction.note, Person.name)
             .join(Person).where(Interaction.id.in_(ids)).tuples())
    arrows = {"out": "to", "in": "from"}
    return {iid: (f"{kind} ({channel}) {arrows.get(direction, 'to')} {name} on {as_datetime(at):%Y-%m-%d %H:%M}",
                  [("note", note)])
            for iid, kind, channel, direction, at, note, name in query}


_DETAILS = (_contacts, _companies, _applications, _interactions)  # in KINDS' order


def snippet(fields: Sequence[tuple[str, str | None]], terms: Sequence[str]) -> tuple[str, str]:
    """The field that matches the most of the (folded) terms, the first such, and its text on one line
    around the first match, each matching word in [brackets]."""
    found = []
    for order, (name, value) in enumerate(fields):
        text = " ".join((value or "").split())
        spans, matched = [], set()
        for m in WORD.finditer(text):
            word = fold(m.group())
            hit = {t for t in terms if word.startswith(t)}
            if hit:
                spans.append(m.span())
                matched |= hit
        found.append((len(matched), bool(text), -order, name, text, spans))
    *_, name, text, spans = max(found)
    return name, _window(text, spans)


def _window(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` cut to about SNIPPET characters at word boundaries around the first span, spans bracketed."""
    start, end = 0, len(text)
    if end > SNIPPET:
        first, last = spans[0] if spans else (0, 0)
        start = max(0, first - SNIPPET // 4)
        if start:
            space = text.rfind(" ", max(0, start - 12), start + 1)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + SNIPPET)
        space = text.rfind(" ", last, end + 1) if end < len(text) else -1
        end = space if space > last else end
    out, at = [], start
    for a, b in spans:
        if a >= start and b <= end:
            out += [text[at:a], "[", text[a:b], "]"]
            at = b
    out.append(text[at:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")
