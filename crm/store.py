"""Queries and writes the command line calls: companies, contacts, applications, the follow-up log.

No click here and nothing prints. Every multi-row write is one transaction; every uniqueness rule
is checked before writing (a clear `Duplicate`), with the IntegrityError wrapped as a fallback.
The JSON shapes live in `crm.records`, timelines in `crm.timeline`, the plain due rule in `crm.due`;
the command line reaches all of them through this module, so they are imported here by name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any, Iterator

import peewee as pw

from crm import clock
from crm.due import due_simple as due_simple
from crm.errors import Duplicate, InvalidValue, NotFound
from crm.keys import company_key, domain_of, normalize_posting_url
from crm.models import (
    CHANNELS,
    DIRECTIONS,
    KINDS,
    ROLES,
    STATUSES,
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
    StatusChange,
    database,
    now,
)
from crm.records import application_record as application_record
from crm.records import company_record as company_record
from crm.records import contact_record as contact_record
from crm.records import interaction_record as interaction_record
from crm.records import last_touch
from crm.refs import is_id_ref, resolve_company, shorten
from crm.timeline import history as history

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


# ---- validation -------------------------------------------------------------------------------

def check_choice(value: str, allowed: tuple[str, ...], noun: str) -> str:
    """`value` if it is one of `allowed`, else an `InvalidValue` listing the allowed values."""
    if value not in allowed:
        raise InvalidValue(f"bad {noun} {value!r}: use one of {', '.join(allowed)}")
    return value


def check_email(value: str | None) -> str | None:
    """A plausible email address (lower-cased domain), None for empty, else `InvalidValue`."""
    text = (value or "").strip()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise InvalidValue(f"bad email address {shorten(value)!r}: expected name@example.com")
    local, _, host = text.rpartition("@")
    return f"{local}@{host.lower()}"


def check_url(value: str | None, noun: str = "URL") -> str | None:
    """An http(s) URL with a dotted host, None for empty, else `InvalidValue`."""
    text = (value or "").strip()
    if not text:
        return None
    if not _URL.match(text):
        raise InvalidValue(f"bad {noun} {shorten(value)!r}: expected http(s)://host/...")
    return text


@contextlib.contextmanager
def _unique(message: str) -> Iterator[None]:
    """Fallback for a race the pre-check missed: the database's uniqueness error, said clearly."""
    try:
        yield
    except pw.IntegrityError as e:
        raise Duplicate(message) from e


# ---- companies --------------------------------------------------------------------------------

def _company_conflict(name_key: str, domain: str | None, exclude: int | None = None) -> Company | None:
    cond = Company.name_key == name_key
    if domain:
        cond |= Company.domain == domain
    query = Company.select().where(cond)
    if exclude is not None:
        query = query.where(Company.id != exclude)
    # The same name is the likelier mistake: name it first when both clash.
    return query.order_by((Company.name_key == name_key).desc(), Company.id).first()


def _company_clash(name: str, key: str, other: Company) -> str:
    """Which rule `other` breaks: its name key, or (when only that clashes) its domain."""
    if other.name_key != key and other.domain:
        return f"domain {other.domain} already belongs to #{other.id} {other.name}"
    where = f" ({other.domain})" if other.domain else ""
    return f"company {name!r} already exists as #{other.id} {other.name}{where}"


def _company_fields(name: str, domain: str | None, website: str | None) -> tuple[str, str | None, str | None]:
    key = company_key(name)
    if not key:
        raise InvalidValue(f"bad company name {name!r}: it needs a letter or digit")
    website = check_url(website, "website")
    dom = domain_of(domain or website or "") or None
    if dom and "." not in dom:
        raise InvalidValue(f"bad domain {domain!r}: expected something like example.com")
    return key, dom, website


def add_company(name: str, domain: str | None = None, website: str | None = None,
                careers_url: str | None = None, notes: str = "") -> Company:
    """Create a company; one per name key and per domain (the domain defaults to the website's)."""
    name = name.strip()
    key, dom, website = _company_fields(name, domain, website)
    careers_url = check_url(careers_url, "careers URL")
    other = _company_conflict(key, dom)
    if other is not None:
        raise Duplicate(_company_clash(name, key, other))
    with _unique(f"company {name!r} already exists"), database.atomic():
        return Company.create(name=name, name_key=key, domain=dom, website=website,
                              careers_url=careers_url, notes=notes)


def find_or_create_company(ref: str) -> tuple[Company, bool]:
    """The company `ref` names, or a new one by that name (True when created); ids must exist."""
    try:
        return resolve_company(ref), False
    except NotFound:
        if is_id_ref(ref):
            raise
    return add_company(ref), True


def list_companies() -> list[dict[str, Any]]:
    """Every company with its number of contacts and applications (three queries, not N+1)."""
    people = dict(Person.select(Person.company, pw.fn.COUNT(Person.id)).group_by(Person.company).tuples())
    apps = dict(Application.select(Application.company, pw.fn.COUNT(Application.id))
                .group_by(Application.company).tuples())
    return [{**company_record(c), "contacts": people.get(c.id, 0), "applications": apps.get(c.id, 0)}
            for c in Company.select().order_by(pw.fn.LOWER(Company.name), Company.id)]


def show_company(c: Company) -> dict[str, Any]:
    """A company with its contacts and applications."""
    return {**company_record(c), "contacts": list_contacts(c),
            "applications": [application_record(a) for a in _applications().where(Application.company == c)]}


def edit_company(c: Company, *, name: str | None = None, domain: str | None = None,
                 website: str | None = None, careers_url: str | None = None,
                 notes: str | None = None) -> Company:
    """Change the given fields ("" clears an optional one), keeping names and domains unique."""
    new_name = c.name if name is None else name.strip()
    key, dom, site = _company_fields(new_name, c.domain if domain is None else domain,
                                     c.website if website is None else website)
    other = _company_conflict(key, dom, exclude=c.id)
    if other is not None:
        raise Duplicate(_company_clash(new_name, key, other))
    c.name, c.name_key, c.domain, c.website = new_name, key, dom, site
    if careers_url is not None:
        c.careers_url = check_url(careers_url, "careers URL")
    if notes is not None:
        c.notes = notes
    c.updated_at = now()
    with _unique("another company already has that name or domain"), database.atomic():
        c.save()
    return c


def remove_company(c: Company) -> None:
    """Delete a company; its contacts and applications stay, without a company."""
    with database.atomic():
        Person.update(company=None).where(Person.company == c).execute()
        Application.update(company=None).where(Application.company == c).execute()
        c.delete_instance()


# ---- contacts ---------------------------------------------------------------------------------

def _email_owner(email: str | None, exclude: int | None = None) -> None:
    """A `Duplicate` when another contact already has `email` (any case): one address, one person."""
    if not email:
        return
    query = Person.select().where(pw.fn.LOWER(Person.email) == email.lower())
    if exclude is not None:
        query = query.where(Person.id != exclude)
    other = query.order_by(Person.id).first()
    if other is not None:
        raise Duplicate(f"{email} already belongs to #{other.id} {other.name}")


def _namesake(name: str, company: Company | None) -> None:
    """A `Duplicate` when a contact of that name (any case) already exists at the same company (or at none)."""
    query = Person.select().where(pw.fn.LOWER(Person.name) == name.lower())
    query = query.where(Person.company == company if company is not None else Person.company.is_null())
    other = query.order_by(Person.id).first()
    if other is not None:
        where = f" at {company.name}" if company is not None else ""
        raise Duplicate(f"contact {name!r} already exists as #{other.id} {other.name}{where}; "
                        "use --allow-duplicate to add another")


def add_contact(name: str, company: Company | None = None, *, title: str = "", email: str | None = None,
                linkedin: str | None = None, phone: str | None = None, note: str = "",
                source: str = "manual", allow_duplicate: bool = False) -> Person:
    """Create a contact (emails and URLs checked lightly); a namesake at the same company needs `allow_duplicate`."""
    name = name.strip()
    if not name:
        raise InvalidValue("a contact needs a name")
    email = check_email(email)
    linkedin = check_url(linkedin, "LinkedIn URL")
    if not allow_duplicate:
        _namesake(name, company)
    _email_owner(email)
    with database.atomic():
        return Person.create(name=name, company=company, title=title or "", email=email,
                             email_source="user" if email else None,
                             linkedin_url=linkedin,
                             phone=(phone or "").strip() or None, notes=note or "", source=source)


def list_contacts(company: Company | None = None) -> list[dict[str, Any]]:
    """Contacts (of one company, or all) with last contacted in/out, in one query."""
    query = (Person.select(Person, Company, last_touch("out").alias("last_out"), last_touch("in").alias("last_in"))
             .join(Company, pw.JOIN.LEFT_OUTER).order_by(pw.fn.LOWER(Person.name), Person.id))
    if company is not None:
        query = query.where(Person.company == company)
    return [contact_record(p, p.last_out, p.last_in) for p in query]


def contact_roles(p: Person) -> list[dict[str, Any]]:
    """The applications a contact is linked to, with the role."""
    query = (ApplicationContact.select(ApplicationContact, Application, Company).join(Application)
             .join(Company, pw.JOIN.LEFT_OUTER).where(ApplicationContact.person == p)
             .order_by(ApplicationContact.id))
    return [{"application_id": r.application_id, "title": r.application.title,
             "company": r.application.company.name if r.application.company_id else None,
             "status": r.application.status, "role": r.role} for r in query]


def show_contact(p: Person) -> dict[str, Any]:
    """A contact with its roles and its history."""
    row = Person.select(last_touch("out").alias("o"), last_touch("in").alias("i")).where(Person.id == p.id).tuples().get()
    return {**contact_record(p, *row), "roles": contact_roles(p),
            "history": [e.record() for e in history(person=p)]}


_CONTACT_FIELDS = ("name", "title", "email", "linkedin_url", "phone", "notes", "do_not_contact")


def edit_contact(p: Person, *, company: Company | None | bool = False, **changes: Any) -> Person:
    """Change the given fields (None leaves one alone, "" clears it); `company=None` unlinks."""
    unknown = set(changes) - set(_CONTACT_FIELDS)
    if unknown:
        raise InvalidValue(f"unknown contact field {sorted(unknown)[0]!r}")
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name" and not str(value).strip():
            raise InvalidValue("a contact needs a name")
        if key == "email":
            value = check_email(value)
            _email_owner(value, exclude=p.id)
            p.email_source = "user" if value else None
        elif key == "linkedin_url":
            value = check_url(value, "LinkedIn URL")
        elif key == "phone":
            value = value.strip() or None
        setattr(p, key, value)
    if company is not False:
        p.company = company
    p.updated_at = now()
    with database.atomic():
        p.save()
    return p


def remove_contact(p: Person) -> dict[str, int]:
    """Delete a contact with its interactions and links, in one transaction; return the counts."""
    with database.atomic():
        counts = {
            "interactions": Interaction.delete().where(Interaction.person == p).execute(),
            "links": ApplicationContact.delete().where(ApplicationContact.person == p).execute(),
        }
        InterviewParticipant.delete().where(InterviewParticipant.person == p).execute()
        p.delete_instance()
    return counts


# ---- applications -----------------------------------------------------------------------------

def _applications() -> pw.Select:
    return (Application.select(Application, Company).join(Company, pw.JOIN.LEFT_OUTER)
            .order_by(Application.created_at.desc(), Application.id.desc()))


def _posting_url(url: str | None) -> str:
    """A checked posting URL in its normal form (one application per posting, however the link was spelt)."""
    checked = check_url(url, "posting URL")
    if checked is None:
        raise InvalidValue("an application needs its posting URL")
    return normalize_posting_url(checked)


def _url_taken(url: str, exclude: int | None = None) -> None:
    query = Application.select().where(Application.url == url)
    if exclude is not None:
        query = query.where(Application.id != exclude)
    other = query.first()
    if other is not None:
        raise Duplicate(f"an application for {shorten(url)} already exists (#{other.id})")


def add_application(url: str, company: Company | None = None, *, title: str = "", status: str | None = None,
                    applied_on: dt.date | None = None, department: str = "", location: str = "",
                    notes: str = "", today: dt.date | None = None) -> Application:
    """Create an application and its first status change (`applied` when an applied date is given)."""
    today = today or clock.today()
    url = _posting_url(url)
    status = check_choice(status or ("applied" if applied_on else "saved"), STATUSES, "status")
    if status != "saved" and applied_on is None and status in ("applied", "interviewing"):
        applied_on = today
    _url_taken(url)
    with _unique(f"an application for {shorten(url)} already exists"), database.atomic():
        app = Application.create(url=url, company=company, title=title or "", status=status,
                                 applied_on=applied_on, department=department, location=location, notes=notes)
        StatusChange.create(application=app, from_status=None, to_status=status,
                            changed_on=applied_on if status == "applied" and applied_on else today)
    return app


def list_applications(status: str | None = None) -> list[dict[str, Any]]:
    """Applications, newest first, optionally of one status."""
    query = _applications()
    if status:
        query = query.where(Application.status == check_choice(status, STATUSES, "status"))
    return [application_record(a) for a in query]


def application_contacts(a: Application) -> list[dict[str, Any]]:
    """The contacts linked to an application, with their roles."""
    query = (ApplicationContact.select(ApplicationContact, Person).join(Person)
             .where(ApplicationContact.application == a).order_by(ApplicationContact.id))
    return [{"contact_id": r.person_id, "name": r.person.name, "title": r.person.title, "role": r.role,
             "email": r.person.email} for r in query]


def show_application(a: Application) -> dict[str, Any]:
    """An application with its contacts and history."""
    return {**application_record(a), "contacts": application_contacts(a),
            "history": [e.record() for e in history(application=a)]}


def set_status(a: Application, status: str, on: dt.date | None = None) -> StatusChange:
    """Move an application to `status`, recorded in the status history (sets applied_on if empty)."""
    on = on or clock.today()
    check_choice(status, STATUSES, "status")
    if a.status == status:
        raise InvalidValue(f"application #{a.id} is already {status!r}")
    with database.atomic():
        change = StatusChange.create(application=a, from_status=a.status, to_status=status, changed_on=on)
        a.status = status
        if status == "applied" and a.applied_on is None:
            a.applied_on = on
        a.updated_at = now()
        a.save()
    return change


def set_decision(a: Application, on: dt.date) -> Application:
    """Set the expected decision date."""
    a.decision_on, a.updated_at = on, now()
    with database.atomic():
        a.save()
    return a


def edit_application(a: Application, **changes: str | None) -> Application:
    """Change title, department, location, notes or url (None leaves a field alone)."""
    allowed = ("title", "department", "location", "notes", "url")
    for key, value in changes.items():
        if key not in allowed:
            raise InvalidValue(f"unknown application field {key!r}")
        if value is None:
            continue
        if key == "url":
            value = _posting_url(value)
            _url_taken(value, exclude=a.id)
        setattr(a, key, value)
    a.updated_at = now()
    with _unique("an application for that URL already exists"), database.atomic():
        a.save()
    return a


def remove_application(a: Application) -> dict[str, int]:
    """Delete an application with its links, status changes and interviews; its log stays, detached.

    Returns the counts: "links", "status_changes", "interviews" deleted and "interactions" detached.
    """
    with database.atomic():
        interviews = Interview.select(Interview.id).where(Interview.application == a)
        InterviewParticipant.delete().where(InterviewParticipant.interview.in_(interviews)).execute()
        counts = {
            "links": ApplicationContact.delete().where(ApplicationContact.application == a).execute(),
            "status_changes": StatusChange.delete().where(StatusChange.application == a).execute(),
            "interviews": Interview.delete().where(Interview.application == a).execute(),
            "interactions": Interaction.update(application=None).where(Interaction.application == a).execute(),
        }
        a.delete_instance()
    return counts


def link(a: Application, p: Person, role: str, score: float | None = None) -> ApplicationContact:
    """Give a contact a role on an application; the same link twice is a `Duplicate`."""
    check_choice(role, ROLES, "role")
    query = ApplicationContact.select().where((ApplicationContact.application == a)
                                              & (ApplicationContact.person == p) & (ApplicationContact.role == role))
    message = f"{p.name} is already linked to application #{a.id} as {role}"
    if query.exists():
        raise Duplicate(message)
    with _unique(message), database.atomic():
        return ApplicationContact.create(application=a, person=p, role=role, score=score)


def unlink(a: Application, p: Person, role: str | None = None) -> int:
    """Remove a contact's role on an application (every role when `role` is None); return how many went."""
    cond = (ApplicationContact.application == a) & (ApplicationContact.person == p)
    if role is not None:
        cond &= ApplicationContact.role == check_choice(role, ROLES, "role")
    with database.atomic():
        removed = ApplicationContact.delete().where(cond).execute()
    if not removed:
        raise NotFound(f"{p.name} is not linked to application #{a.id}" + (f" as {role}" if role else ""))
    return removed


def delete_interview(v: Interview) -> int:
    """Delete an interview with its participants (the log stays); return how many participants it had."""
    with database.atomic():
        participants = InterviewParticipant.delete().where(InterviewParticipant.interview == v).execute()
        v.delete_instance()
    return participants


# ---- the follow-up log ------------------------------------------------------------------------

def log_interaction(p: Person, kind: str, *, application: Application | None = None, channel: str = "email",
                    direction: str = "out", occurred_at: dt.datetime | None = None, note: str = "",
                    today: dt.date | None = None) -> Interaction:
    """Record one touch with a contact; nothing dated after tomorrow (the log is what happened)."""
    check_choice(kind, KINDS, "kind")
    check_choice(channel, CHANNELS, "channel")
    check_choice(direction, DIRECTIONS, "direction")
    # A mistyped year would make this the latest touch and silence every reminder until then;
    # tomorrow is allowed for a user whose clock is ahead of this machine's.
    if occurred_at is not None and occurred_at.date() > (today or clock.today()) + dt.timedelta(days=1):
        raise InvalidValue(f"{occurred_at.date().isoformat()} is in the future: log what happened; "
                           "use `crm interview add` for what is planned")
    with database.atomic():
        return Interaction.create(person=p, application=application, kind=kind, channel=channel,
                                  direction=direction, occurred_at=occurred_at or now(), note=note or "")


def bulk_insert(model: type[pw.Model], columns: list[str], rows: list[tuple]) -> int:
    """Insert many rows in one transaction, fast: values as the driver takes them, no defaults filled in."""
    if not rows:
        return 0
    unknown = [c for c in columns if c not in model._meta.columns]
    if unknown:
        raise InvalidValue(f"{model._meta.table_name} has no column {unknown[0]!r}")
    names = ", ".join(f'"{c}"' for c in columns)  # columns are checked above: quoting is enough
    marks = ", ".join([database.obj.param] * len(columns))
    # One prepared statement repeated by the driver: about five times faster than insert_many,
    # which builds and converts SQL for every value.
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    with database.atomic(), pw.__exception_wrapper__:  # driver errors as peewee's, like execute_sql
        database.cursor().executemany(sql, rows)
    return len(rows)


def remove_interaction(i: Interaction) -> dict[str, Any]:
    """Delete one logged interaction (`crm unlog`); return its record as it was."""
    record = interaction_record(i)
    with database.atomic():
        i.delete_instance()
    return record
