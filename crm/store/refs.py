"""Resolving a REF the user types: an id, or a unique case-insensitive name (or URL for applications)."""

from __future__ import annotations

from typing import TypeVar

import peewee as pw

from crm.errors import Ambiguous, NotFound
from crm.store.keys import company_key, domain_of, normalize_posting_url
from crm.store.models import Application, Company, Interaction, Interview, Person, folded
from crm.text import shorten

M = TypeVar("M", bound=pw.Model)
_SHOWN = 5  # matches listed in an "ambiguous" error


def _label(record: pw.Model) -> str:
    if isinstance(record, Application):
        company = record.company.name if record.company_id else ""
        title = " at ".join(x for x in (record.title, company) if x) or shorten(record.url or "")
        return f"#{record.id} {title}"
    if isinstance(record, Person) and record.company_id:
        return f"#{record.id} {record.name} ({record.company.name})"
    return f"#{record.id} {record.name}"


def _pick(noun: str, ref: str, matches: list[M], model: type[M] | None = None) -> M:
    """The one match; else, with `model`, the one record whose name has words starting with `ref`'s
    ("lena" for Léna Martin, "kestrel" for Kestrel Labs); else an error listing the matches, or the
    closest names when there are none."""
    if not matches and model is not None:
        matches = _by_words(model, ref)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        close = _closest(model, ref) if model is not None else ""
        raise NotFound(f"no {noun} matches {shorten(ref)!r}{close}")
    listed = ", ".join(_label(m) for m in matches[:_SHOWN])
    more = f" and {len(matches) - _SHOWN} more" if len(matches) > _SHOWN else ""
    raise Ambiguous(f"{noun} {shorten(ref)!r} is ambiguous: {listed}{more}; use the id")


_KIND = {Person: "contact", Company: "company", Application: "application"}
_NAME = {Person: Person.name, Company: Company.name, Application: Application.title}
_SUGGESTED = 3  # names a "did you mean" offers


def _by_words(model: type[M], ref: str) -> list[M]:
    """The records of `model` whose name has a word starting with each word of `ref` (the search index)."""
    from crm.store.search import name_matches

    if model is Application and ("://" in ref or ref.strip().lower().startswith("www.")):
        return []  # a posting URL that is not stored names nothing, whatever its words
    ids = name_matches(_KIND[model], ref, 20 * _SHOWN)
    return list(model.select().where(model.id.in_(ids)).order_by(model.id)) if ids else []


def _closest(model: type[M], ref: str) -> str:
    """"; did you mean …?" with the few names nearest `ref` (rapidfuzz's weighted ratio), or ""."""
    from rapidfuzz import fuzz, process, utils

    if model is Application and "://" in ref:
        return ""
    field = _NAME[model]
    names = {name: rid for rid, name in model.select(model.id, field).order_by(model.id).tuples() if name}
    found = process.extract(ref, list(names), scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=_SUGGESTED, score_cutoff=75)
    if not found:
        return ""
    return "; did you mean " + ", ".join(f"{name!r} (#{names[name]})" for name, _score, _i in found) + "?"


MAX_ID = 2**63 - 1  # the largest id either database stores; a bigger number names nothing


def is_id_ref(ref: str) -> bool:
    """True when `ref` is an id ("12" or "#12"): ASCII digits only, since str.isdigit() also accepts "²"."""
    text = ref.strip().lstrip("#")
    return text.isascii() and text.isdigit()


def _by_id(model: type[M], noun: str, ref: str) -> M | None:
    if not is_id_ref(ref):
        return None
    text = ref.strip().lstrip("#")
    # Checked here, not left to the driver: SQLite raises OverflowError past 64 bits.
    record = model.get_or_none(model.id == int(text)) if int(text) <= MAX_ID else None
    if record is None:
        raise NotFound(f"no {noun} with id {shorten(text)}")
    return record


def _exact_companies(ref: str) -> list[Company]:
    text = ref.strip().lower()
    cond = (pw.fn.LOWER(Company.name) == text) | (Company.domain == text)
    if company_key(ref):
        cond |= Company.name_key == company_key(ref)
    if "." in text and " " not in text:  # "https://www.acme.example/jobs" names acme.example
        cond |= Company.domain == domain_of(text)
    return list(Company.select().where(cond).order_by(Company.id))


def exact_company(ref: str) -> Company | None:
    """The company with exactly this name (case, punctuation and legal suffixes aside) or domain, or None."""
    matches = _exact_companies(ref)
    return matches[0] if len(matches) == 1 else None


def resolve_company(ref: str) -> Company:
    """A company by id, name (case-insensitive, legal suffixes ignored: "acme" finds "Acme, Inc."), domain,
    or a unique word or prefix of its name."""
    found = _by_id(Company, "company", ref)
    if found:
        return found
    return _pick("company", ref, _exact_companies(ref), Company)


def resolve_contact(ref: str) -> Person:
    """A contact by id, full name (case-insensitive), or email address."""
    found = _by_id(Person, "contact", ref)
    if found:
        return found
    text = folded(ref.strip())
    # The folded columns are indexed: two index seeks, whatever the number of contacts.
    query = Person.select().where((Person.name_lower == text) | (Person.email_lower == text))
    return _pick("contact", ref, list(query.order_by(Person.id)), Person)


def resolve_application(ref: str) -> Application:
    """An application by id, posting URL, or title (case-insensitive, alone or as "title at company")."""
    found = _by_id(Application, "application", ref)
    if found:
        return found
    text = ref.strip()
    by_url = Application.get_or_none(Application.url == normalize_posting_url(text))
    if by_url:
        return by_url
    low = text.lower()
    query = Application.select(Application, Company).join(Company, pw.JOIN.LEFT_OUTER)
    matches = list(query.where(pw.fn.LOWER(Application.title) == low).order_by(Application.id))
    if not matches and " at " in low:
        title, _, company = low.rpartition(" at ")
        matches = list(
            query.where((pw.fn.LOWER(Application.title) == title) & (pw.fn.LOWER(Company.name) == company))
        )
    return _pick("application", ref, matches, Application)


def resolve_interaction(ref: str) -> Interaction:
    """A logged interaction by its id (`crm history` shows it as "#12")."""
    found = _by_id(Interaction, "logged interaction", ref)
    if found is None:
        raise NotFound(f"no logged interaction {shorten(ref)!r}: use its id from `crm history`")
    return found


def resolve_interview(ref: str) -> Interview:
    """An interview by its id (`crm interview list` and `crm history` show it)."""
    found = _by_id(Interview, "interview", ref)
    if found is None:
        raise NotFound(f"no interview {shorten(ref)!r}: use its id from `crm interview list`")
    return found
