"""Peewee models only: the tables of the contact store.

Nothing here connects: `crm.store.db.init_db(url)` binds `database` once. Every schema change here needs
a numbered migration in `crm/store/migrations/` (a test compares a migrated database with these models).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import peewee as pw

from crm import clock

database = pw.DatabaseProxy()

STATUSES = ("saved", "applied", "interviewing", "offer", "accepted", "rejected", "withdrawn", "ghosted")
ACTIVE_STATUSES = ("saved", "applied", "interviewing")
KINDS = ("after-apply", "thank-you", "check-in", "reply", "call", "meeting", "interview", "note", "other")
CHANNELS = ("email", "linkedin", "phone", "in-person", "other")
DIRECTIONS = ("out", "in")
SOURCES = ("job-board", "company-site", "referral", "recruiter", "other")  # where an application came from
REMOTE = ("yes", "hybrid", "no")
ROLES = ("hiring_manager", "recruiter", "interviewer", "referrer", "other")
# Where a contact's email address came from: typed by the user, published on a company page, or
# guessed from the domain's address pattern (never shown as verified).
EMAIL_SOURCES = ("user", "page", "guessed", "import")


def now() -> dt.datetime:
    """The current local time without microseconds (what every created/updated stamp stores)."""
    return clock.now()


def folded(text: str | None) -> str | None:
    """A name or an address as it is matched: lower-cased by Python, so alike on SQLite and PostgreSQL."""
    return text.lower() if text is not None else None


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Save the row with its derived columns (`DERIVED`) brought up to date."""
        for column, (source, rule) in DERIVED.get(type(self), {}).items():
            setattr(self, column, rule(getattr(self, source)))
        return super().save(*args, **kwargs)


class Company(BaseModel):
    name = pw.CharField()
    # Lower-cased, punctuation and legal suffixes (Inc, GmbH, Ltd ...) removed: one company per key.
    name_key = pw.CharField(unique=True)
    domain = pw.CharField(null=True, unique=True)
    website = pw.TextField(null=True)
    careers_url = pw.TextField(null=True)
    notes = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)


class Person(BaseModel):
    name = pw.CharField(index=True)
    title = pw.CharField(default="")
    company = pw.ForeignKeyField(Company, null=True, backref="people", on_delete="SET NULL")
    email = pw.CharField(null=True)
    email_source = pw.CharField(null=True)  # one of EMAIL_SOURCES
    email_confidence = pw.DoubleField(null=True)  # for guessed addresses, in [0, 1]
    linkedin_url = pw.TextField(null=True)
    phone = pw.CharField(null=True)
    notes = pw.TextField(default="")
    do_not_contact = pw.BooleanField(default=False)
    source = pw.CharField(default="")  # where we learned of them: "manual", "lookup", "linkedin" ...
    source_url = pw.TextField(null=True)
    is_connection = pw.BooleanField(default=False)  # the user's own LinkedIn connection
    connected_on = pw.DateField(null=True)
    snoozed_until = pw.DateField(null=True)  # no follow-up is due before this date
    keep_in_touch_days = pw.IntegerField(null=True)  # `crm due` brings them up this long after the last exchange
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    # Derived (see DERIVED): name and email folded, indexed, so finding a contact by either is an
    # index seek rather than a LOWER() of every row (migration 0004). Never exported.
    name_lower = pw.TextField(null=True, index=True)
    email_lower = pw.TextField(null=True, index=True)


class Application(BaseModel):
    url = pw.TextField(null=True, unique=True)  # None for a referral, a recruiter's message, an emailed CV
    title = pw.CharField(default="")
    company = pw.ForeignKeyField(Company, null=True, backref="applications", on_delete="SET NULL")
    department = pw.CharField(default="")
    location = pw.CharField(default="")
    status = pw.CharField(default="saved", index=True)  # one of STATUSES
    applied_on = pw.DateField(null=True)
    decision_on = pw.DateField(null=True)  # the expected decision date
    notes = pw.TextField(default="")
    source = pw.CharField(default="")  # one of SOURCES, or "" when not said
    salary_min = pw.IntegerField(null=True)  # whole units of `currency`, per year unless the notes say otherwise
    salary_max = pw.IntegerField(null=True)
    currency = pw.CharField(default="")  # ISO 4217 code: "EUR", "USD" ...
    remote = pw.CharField(default="")  # one of REMOTE, or "" when not said
    tags = pw.TextField(default="")  # "a,b": lower case, sorted, comma-separated
    description = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)


class ApplicationContact(BaseModel):
    """A person's role on an application (hiring manager, recruiter, interviewer ...)."""

    application = pw.ForeignKeyField(Application, backref="contacts", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="roles", on_delete="CASCADE")
    role = pw.CharField()  # one of ROLES
    score = pw.DoubleField(null=True)  # the lookup's confidence, for a found hiring manager
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("application", "person", "role"), True),)


class Interaction(BaseModel):
    """The follow-up log: one row per touch, in or out. "Last contacted" is derived from here."""

    person = pw.ForeignKeyField(Person, backref="interactions", on_delete="CASCADE")
    application = pw.ForeignKeyField(Application, null=True, backref="interactions", on_delete="SET NULL")
    kind = pw.CharField()  # one of KINDS
    channel = pw.CharField(default="email")  # one of CHANNELS
    direction = pw.CharField(default="out")  # "out" (we wrote) or "in" (they did)
    occurred_at = pw.DateTimeField()
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        # (person, direction, occurred_at) answers "last written to" with one index seek per
        # contact, which keeps `crm due` fast at 200,000 interactions (migration 0002).
        indexes = ((("person", "occurred_at"), False), (("person", "direction", "occurred_at"), False))


class StatusChange(BaseModel):
    application = pw.ForeignKeyField(Application, backref="status_changes", on_delete="CASCADE")
    from_status = pw.CharField(null=True)
    to_status = pw.CharField()
    changed_on = pw.DateField()
    created_at = pw.DateTimeField(default=now)


class Interview(BaseModel):
    application = pw.ForeignKeyField(Application, backref="interviews", on_delete="CASCADE")
    starts_at = pw.DateTimeField()
    kind = pw.CharField(default="")  # "phone screen", "onsite", ... free text
    location = pw.CharField(default="")
    notes = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)


class InterviewParticipant(BaseModel):
    interview = pw.ForeignKeyField(Interview, backref="participants", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="interviews", on_delete="CASCADE")

    class Meta:
        indexes = ((("interview", "person"), True),)


# The mailbox sync (crm mail, migration 0008): what it read, what it logged, what it proposes.
MAIL_PROPOSALS = ("contact", "applied", "interview", "rejected", "snooze")
MAIL_STATES = ("open", "accepted", "dismissed")


class ContactAlias(BaseModel):
    """Another address a contact writes from; mail to or from it is theirs (stored lower-cased)."""

    person = pw.ForeignKeyField(Person, backref="aliases", on_delete="CASCADE")
    address = pw.CharField(unique=True)
    created_at = pw.DateTimeField(default=now)


class MailFolder(BaseModel):
    """Where a sync of one folder stopped: UIDVALIDITY and the last UID read, so the next reads only what is new."""

    account = pw.CharField()  # user@host, or "file" for `crm mail import`
    name = pw.CharField()
    uid_validity = pw.BigIntegerField(null=True)
    last_uid = pw.BigIntegerField(default=0)
    synced_at = pw.DateTimeField(null=True)
    read = pw.IntegerField(default=0)  # messages read in this folder, all runs together
    logged = pw.IntegerField(default=0)  # of which became interactions

    class Meta:
        indexes = ((("account", "name"), True),)


class MailMessage(BaseModel):
    """A message behind a logged interaction: its Message-ID keeps a second sync from adding it again."""

    interaction = pw.ForeignKeyField(Interaction, backref="mail", on_delete="CASCADE")
    message_id = pw.TextField(index=True)
    subject = pw.TextField(default="")
    snippet = pw.TextField(default="")  # the first ~200 characters of the new text
    body = pw.TextField(null=True)  # only with `crm mail sync --keep-bodies`
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("message_id", "interaction"), True),)


class MailProposal(BaseModel):
    """Something a message says (a new contact, a status, an interview, a snooze), applied only when accepted."""

    message_id = pw.TextField()
    kind = pw.CharField()  # one of MAIL_PROPOSALS
    state = pw.CharField(default="open", index=True)  # one of MAIL_STATES
    application = pw.ForeignKeyField(Application, null=True, backref="mail_proposals", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, null=True, backref="mail_proposals", on_delete="CASCADE")
    company = pw.ForeignKeyField(Company, null=True, backref="mail_proposals", on_delete="CASCADE")
    day = pw.DateField()  # the message's day; the return date of an out-of-office reply
    at = pw.DateTimeField(null=True)  # an interview's time, when the message names one
    name = pw.CharField(default="")  # a new contact's name
    email = pw.CharField(null=True)  # a new contact's address
    subject = pw.TextField(default="")
    evidence = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("message_id", "kind"), True),)


class MailBounce(BaseModel):
    """An address a delivery-status notification reported undeliverable."""

    address = pw.CharField(index=True)  # lower-cased
    person = pw.ForeignKeyField(Person, null=True, backref="bounces", on_delete="SET NULL")
    bounced_on = pw.DateField()
    message_id = pw.TextField()
    reason = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("address", "message_id"), True),)


# Columns the store computes from others on every write (a model's save, rows.bulk_insert, restores)
# and never exports: model -> {column: (source column, rule)}.
DERIVED: dict[type[pw.Model], dict[str, tuple[str, Callable[[Any], Any]]]] = {
    Person: {"name_lower": ("name", folded), "email_lower": ("email", folded)},
}


def derived(model: type[pw.Model], values: dict[str, Any]) -> dict[str, Any]:
    """The derived columns that these new values (by column name) decide, for an UPDATE that sets them."""
    return {column: rule(values[source]) for column, (source, rule) in DERIVED.get(model, {}).items()
            if source in values}

MODELS = (
    Company,
    Person,
    Application,
    ApplicationContact,
    Interaction,
    StatusChange,
    Interview,
    InterviewParticipant,
    ContactAlias,
    MailFolder,
    MailMessage,
    MailProposal,
    MailBounce,
)


class Change(BaseModel):
    """One command that wrote (`crm undo`): what was typed, when, and whether it was taken back (0006)."""

    command = pw.TextField(default="")
    made_at = pw.DateTimeField()
    undone = pw.BooleanField(default=False)


class JournalEntry(BaseModel):
    """One row a change touched: its table and key, the operation, and the row before it (JSON), filled by
    triggers (crm.store.journal); never exported."""

    change = pw.BigIntegerField(column_name="change_id", index=True)
    table_name = pw.CharField()
    row_key = pw.TextField()
    op = pw.CharField()  # "insert", "update" or "delete"
    old = pw.TextField(null=True)

    class Meta:
        table_name = "journal"


JOURNAL_MODELS = (Change, JournalEntry)  # the undo journal: not user data, not in MODELS, never exported
