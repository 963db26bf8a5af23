"""`crm lookup --save`: a lookup's company, application, people and hiring manager into the store, once.

One transaction; idempotent: a second save of the same lookup adds nothing (blanks may be filled).
Likely addresses are stored marked as guessed; an address the user typed or imported is never replaced.
Everything scraped is cleaned here, where a lookup becomes rows: no terminal sequences, control or
bidi characters reach the store (`crm.text.clean`). A page listing thousands of people saves only the
best-ranked `top` of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crm import clock
from crm.store.keys import company_key, domain_of, normalize_posting_url
from crm.store.models import (
    Application,
    ApplicationContact,
    Company,
    Person,
    StatusChange,
    database,
    now,
)
from crm.text import clean

if TYPE_CHECKING:
    from scrapers.team.emails import EmailGuess
    from scrapers.team.lookup import LookupResult

SOURCE = "lookup"
# Which address wins: one the user typed or imported is never replaced; a published one beats a guess.
_EMAIL_RANK = {"guessed": 1, "page": 2, "import": 3, "user": 3}


@dataclass(frozen=True)
class SaveResult:
    """What `--save` wrote: ids, and how many rows were new."""

    company_id: int
    application_id: int
    company_created: bool
    application_created: bool
    contacts_created: int
    links_created: int
    hiring_manager: str | None  # the linked top candidate's name, as stored
    score: float | None
    people_found: int = 0  # everyone the lookup ranked or saw, once each
    people_saved: int = 0  # how many of them were kept (new or already known); fewer when capped


def find_company(name: str, website: str | None) -> Company | None:
    """The stored company a posting names, by name key then by domain; never creates one."""
    key = company_key(name) or domain_of(website or "")
    domain = domain_of(website or "") or None
    found = Company.get_or_none(Company.name_key == key) if key else None
    if found is None and domain:
        found = Company.get_or_none(Company.domain == domain)
    return found


def _company(name: str, website: str | None) -> tuple[Company, bool]:
    found = find_company(name, website)
    if found is not None:
        if not found.website and website:
            found.website, found.updated_at = website, now()
            found.save()
        return found, False
    key = company_key(name) or domain_of(website or "")
    domain = domain_of(website or "") or None
    return Company.create(name=name or domain or "unknown", name_key=key, domain=domain, website=website), True


def email_columns(guess: EmailGuess) -> dict[str, object]:
    """The contact columns an address found by a lookup fills: a guess keeps its confidence, a published
    address is "page"; neither is ever stored as one the user typed."""
    if guess.guessed:
        return {"email": clean(guess.address), "email_source": "guessed", "email_confidence": guess.confidence}
    return {"email": clean(guess.address), "email_source": "page", "email_confidence": None}


def _person_key(name: str) -> str:
    """The matching key of a scraped name, as it will be stored (cleaned)."""
    from scrapers.lexicon.names import name_key  # loaded by a lookup anyway; `crm due` never needs it

    return name_key(clean(name))


def _email_changes(person: Person | None, guess: EmailGuess | None) -> dict[str, object]:
    """The email columns to write: a better source, or a newer finding of the same kind; never the user's."""
    if guess is None:
        return {}
    fields = email_columns(guess)
    if person is None or not person.email:
        return fields
    # An address without a source predates sources: the user's, so never replaced.
    have, new = _EMAIL_RANK.get(person.email_source or "user", 3), _EMAIL_RANK[str(fields["email_source"])]
    if new > have or (new == have < 3 and (person.email, _rounded(person.email_confidence))
                      != (fields["email"], _rounded(fields["email_confidence"]))):
        return fields
    return {}


def _rounded(value: object) -> float | None:
    # PostgreSQL keeps a REAL: 0.8 comes back as 0.800000011920929.
    return None if value is None else round(float(value), 4)  # type: ignore[arg-type]


def _contact(company: Company, name: str, title: str, profile: str | None, source_url: str,
             known: dict[str, Person], guess: EmailGuess | None = None) -> tuple[Person, bool]:
    key = _person_key(name)
    name, title, profile, source_url = clean(name), clean(title), clean(profile or "") or None, clean(source_url)
    person = known.get(key)
    linkedin = profile if profile and "linkedin.com/" in profile else None
    email = _email_changes(person, guess)
    if person is not None:
        changed = False
        if not person.title and title:
            person.title, changed = title, True
        if not person.linkedin_url and linkedin:
            person.linkedin_url, changed = linkedin, True
        for column, value in email.items():
            setattr(person, column, value)
            changed = True
        if changed:
            person.updated_at = now()
            person.save()
        return person, False
    person = Person.create(name=name, title=title or "", company=company, linkedin_url=linkedin,
                           source=SOURCE, source_url=source_url or None, **email)
    known[key] = person
    return person, True


def _link(application: Application, person: Person, role: str, score: float | None) -> bool:
    link = ApplicationContact.get_or_none((ApplicationContact.application == application)
                                          & (ApplicationContact.person == person) & (ApplicationContact.role == role))
    if link is not None:
        if score is not None and link.score != score:
            link.score = score
            link.save()
        return False
    ApplicationContact.create(application=application, person=person, role=role, score=score)
    return True


def _kept(result: LookupResult, top: int | None) -> tuple[set[str], int]:
    """The keys of the people to save, the best-ranked `top` (then the unranked, in page order), and how
    many people there were in all."""
    ranked = dict.fromkeys(_person_key(p.name) for p in (*result.candidates, *result.people))
    keys = list(ranked)
    return set(keys if top is None else keys[:top]), len(keys)


def save_lookup(result: LookupResult, today: dt.date | None = None, top: int | None = None) -> SaveResult:
    """Upsert the company, the application (status saved), the `top` best-ranked people as contacts (all
    when None) and the hiring-manager link, all cleaned of control and bidi characters."""
    from scrapers.extract.posting import role_title

    posting = result.posting
    kept, found = _kept(result, top)
    with database.atomic():
        company, company_created = _company(clean(posting.company or ""),
                                            clean(result.company_url or posting.company_url or "") or None)
        url = normalize_posting_url(clean(posting.url))
        application = Application.get_or_none(Application.url == url)
        application_created = application is None
        if application is None:
            application = Application.create(url=url, title=clean(role_title(posting)), company=company,
                                             department=clean(posting.department or ""),
                                             location=clean(posting.location or ""), status="saved")
            # As `crm app add` does: the history starts with the first status.
            StatusChange.create(application=application, from_status=None, to_status="saved",
                                changed_on=today or clock.today())
        elif application.company_id is None:
            application.company, application.updated_at = company, now()
            application.save()
        known = {_person_key(p.name): p for p in Person.select().where(Person.company == company)}
        created = links = 0
        people = {_person_key(p.name): p for p in result.people}
        for person in result.people:
            if _person_key(person.name) not in kept:
                continue
            _, new = _contact(company, person.name, person.title, person.profile_url, person.source_url, known,
                              result.email_for(person.name))
            created += new
        candidates = [c for c in result.candidates if _person_key(c.name) in kept]
        manager = next((c for c in candidates if c.role == "manager"), None)
        for candidate in candidates:
            if _person_key(candidate.name) not in people:  # named in the posting, on no page
                _, new = _contact(company, candidate.name, candidate.title, candidate.profile_url,
                                  candidate.source_url, known, result.email_for(candidate.name))
                created += new
            if candidate.role == "recruiter":
                links += _link(application, known[_person_key(candidate.name)], "recruiter", None)
        if manager is not None:
            links += _link(application, known[_person_key(manager.name)], "hiring_manager", manager.score)
    return SaveResult(company.id, application.id, company_created, application_created, created, links,
                      clean(manager.name) if manager else None, manager.score if manager else None, found, len(kept))
