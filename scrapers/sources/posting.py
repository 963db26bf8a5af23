"""The `posting` source: people the posting's own text names (a contact, a recruiter, the manager)."""

from __future__ import annotations

from scrapers.sources.base import Evidence, Found, PeopleSource, SourceContext, SourcePerson
from scrapers.sources.registry import register
from scrapers.types import NamedPerson, Posting

_AS = {"manager": "as the manager", "recruiter": "as the recruiter", "contact": "as the contact",
       "creator": "as its author"}


@register
class PostingSource(PeopleSource):
    """People the posting names: its contact, its recruiter, the person the role reports to (no request)."""

    NAME = "posting"
    DESCRIPTION = "people the posting itself names (contact, recruiter, the manager the role reports to)"
    TITLE_RANK = 1

    def find(self, ctx: SourceContext) -> Found:
        return Found(people=named_people(ctx.posting))


def named_people(posting: Posting) -> list[SourcePerson]:
    """Everyone the posting names with a full name, each once, with the words that name them (pure)."""
    from scrapers.lexicon.names import name_key

    named: list[NamedPerson] = list(posting.people)
    if posting.reports_to is not None:
        named.append(posting.reports_to)
    out: dict[str, SourcePerson] = {}
    for person in named:
        name = (person.name or "").strip()
        if len(name_key(name).split()) < 2:  # a first name alone ("report to Sam") is not a person to list
            continue
        role = _AS.get(person.role, "")
        words = f"named in the posting {role}".strip()
        if person.title:
            words += f" ({person.title})"
        evidence = Evidence("posting", posting.url, words, posting.date_posted, person.title or "", "named")
        key = name_key(name)
        if key not in out:
            out[key] = SourcePerson(name, person.title or "", (evidence,), email=person.email)
    return list(out.values())
