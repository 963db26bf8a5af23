"""Restoring a backup into a store edited since: the same records stay single, only new rows are added.

A person has no unique key, so the restore recognises them by id plus name, LinkedIn URL or email;
their interactions, roles and interview seats then follow them instead of being copied.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.store.backup import MODELS
from crm.cli import cli
from crm.store.db import close_db, init_db
from crm.store.rows import table_name
from tests.crm.exporting import export_text, restore_text
from crm.store.models import (
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
)

T0 = dt.datetime(2026, 3, 2, 9, 0)


def populate() -> None:
    """Tom, a recruiter with a history: a role, two interactions, an interview seat."""
    acme = Company.create(name="Acme", name_key="acme", domain="acme.com", created_at=T0, updated_at=T0)
    tom = Person.create(name="Tom Becker", title="Recruiter", company=acme, email="tom@acme.com",
                        linkedin_url="https://www.linkedin.com/in/tombecker", created_at=T0, updated_at=T0)
    ann = Person.create(name="Ann Lee", company=acme, created_at=T0, updated_at=T0)
    app = Application.create(url="https://acme.com/jobs/1", title="Engineer", company=acme, status="interviewing",
                             applied_on=T0.date(), created_at=T0, updated_at=T0)
    ApplicationContact.create(application=app, person=tom, role="recruiter", created_at=T0)
    Interaction.create(person=tom, application=app, kind="after-apply", occurred_at=T0, created_at=T0)
    Interaction.create(person=tom, application=app, kind="reply", direction="in",
                       occurred_at=T0 + dt.timedelta(days=2), created_at=T0)
    interview = Interview.create(application=app, starts_at=T0 + dt.timedelta(days=5), created_at=T0)
    InterviewParticipant.create(interview=interview, person=tom)
    InterviewParticipant.create(interview=interview, person=ann)


def counts() -> dict[str, int]:
    return {table_name(m): m.select().count() for m in MODELS}


def by_table(summary) -> dict[str, tuple[int, int, int]]:
    """(added, present, conflicts) of the tables where something was not simply present."""
    return {t.table: (t.added, t.present, t.conflicts) for t in summary.tables if t.added or t.conflicts}


def _tom() -> Person:
    return Person.get(Person.email.is_null(False) | Person.linkedin_url.is_null(False))


EDITS: dict[str, Callable[[Person], None]] = {
    "title": lambda p: setattr(p, "title", "Senior Recruiter"),
    "name-case": lambda p: setattr(p, "name", "tom becker"),
    "renamed-same-email": lambda p: setattr(p, "name", "Thomas Becker"),
    "renamed-new-email-same-linkedin": lambda p: (setattr(p, "name", "Thomas Becker"),
                                                  setattr(p, "email", "thomas@acme.com")),
    "renamed-same-linkedin-email-case": lambda p: (setattr(p, "name", "T. Becker"), setattr(p, "email", None),
                                                   setattr(p, "linkedin_url", "https://www.LinkedIn.com/in/TomBecker")),
    "snoozed": lambda p: setattr(p, "snoozed_until", dt.date(2026, 4, 1)),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_contact_is_kept_once_with_their_history(db, edit: str) -> None:
    populate()
    backup = export_text()
    tom = _tom()
    EDITS[edit](tom)
    tom.updated_at = T0 + dt.timedelta(days=9)
    tom.save()
    edited = export_text()
    before = counts()
    summary = restore_text((backup))
    assert by_table(summary) == {"person": (0, 1, 1)}  # Ann present, Tom one conflict, nothing added
    assert summary.total("present") == sum(before.values()) - 1
    assert counts() == before
    assert export_text() == edited  # the edit survives, nothing was copied
    assert restore_text((backup)).describe() == (
        f"crm export restored: 0 rows added, {sum(before.values()) - 1} already present, "
        "1 conflict (existing rows kept)")


@pytest.mark.parametrize("edit", ["url", "url-and-status", "title-case"])
def test_an_edited_application_is_kept_once_with_its_history(db, edit: str) -> None:
    # `crm app edit --url` changes the one natural key an application has: the id and the same
    # title at the same company still say it is the same application.
    populate()
    backup = export_text()
    app = Application.get()
    app.url = app.url if edit == "title-case" else "https://acme.com/jobs/1-engineer"
    app.title = "ENGINEER" if edit == "title-case" else app.title
    app.status = "offer" if edit == "url-and-status" else app.status
    app.save()
    edited, before = export_text(), counts()
    summary = restore_text((backup))
    assert by_table(summary) == {"application": (0, 0, 1)}
    assert (counts(), export_text()) == (before, edited)


def test_a_different_application_under_the_same_id_is_added(db) -> None:
    populate()
    backup = export_text()
    app = Application.get()
    app.url, app.title = "https://acme.com/jobs/2", "Designer"
    app.save()
    summary = restore_text((backup))
    assert by_table(summary)["application"] == (1, 0, 0)
    assert sorted(a.title for a in Application.select()) == ["Designer", "Engineer"]
    assert Interview.select().count() == 2  # the restored application's interview, under it


def test_a_new_child_of_an_edited_contact_is_added_under_them(db) -> None:
    populate()
    backup = export_text()
    tom = _tom()
    tom.title = "Senior Recruiter"
    tom.save()
    reply = Interaction.get(Interaction.kind == "reply")
    reply.delete_instance()  # in the backup, not in the store: genuinely new to it
    Interaction.create(person=tom, kind="note", occurred_at=T0 + dt.timedelta(days=8), created_at=T0)
    summary = restore_text((backup))
    assert by_table(summary) == {"person": (0, 1, 1), "interaction": (1, 1, 0)}
    kinds = [(i.person_id, i.kind) for i in Interaction.select().order_by(Interaction.occurred_at)]
    assert kinds == [(tom.id, "after-apply"), (tom.id, "reply"), (tom.id, "note")]
    assert Person.select().count() == 2


def test_a_different_person_under_the_same_id_is_added_with_their_history(store_url: str, tmp_path: Path) -> None:
    init_db(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    populate()
    backup = export_text()
    close_db()
    init_db(store_url)
    other = Person.create(name="Someone Else", email="someone@example.org", created_at=T0, updated_at=T0)
    theirs = Interaction.create(person=other, kind="call", occurred_at=T0, created_at=T0)
    summary = restore_text((backup))
    assert by_table(summary) == {
        "company": (1, 0, 0), "person": (2, 0, 0), "application": (1, 0, 0), "application_contact": (1, 0, 0),
        "interaction": (2, 0, 0), "interview": (1, 0, 0), "interview_participant": (2, 0, 0)}
    tom = Person.get(Person.name == "Tom Becker")
    assert tom.id != other.id
    assert sorted(i.kind for i in tom.interactions) == ["after-apply", "reply"]
    assert [i.id for i in Person.get_by_id(other.id).interactions] == [theirs.id]
    assert sorted(p.person.name for p in InterviewParticipant.select()) == ["Ann Lee", "Tom Becker"]
    again = export_text()
    assert restore_text((backup)).total("added") == 0
    assert export_text() == again
    close_db()


def test_the_walk_through_import_edit_import(store_url: str, tmp_path: Path) -> None:
    init_db(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    populate()
    backup = tmp_path / "h3.json"
    backup.write_text(export_text(), encoding="utf-8")
    close_db()

    def crm(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result.stdout + result.stderr

    assert crm("import", str(backup)) == (
        "crm export restored: 10 rows added, 0 already present, 0 conflicts (existing rows kept)\n")
    assert crm("contact", "edit", "Tom Becker", "--title", "Senior Recruiter") == "Updated contact #1 Tom Becker\n"
    assert crm("import", str(backup)) == (
        "crm export restored: 0 rows added, 9 already present, 1 conflict (existing rows kept)\n")
    listed = crm("contact", "list")
    assert listed.count("Tom Becker") == 1 and "Senior Recruiter" in listed
    assert crm("interview", "list").count("Tom Becker") == 1


def test_a_value_outside_its_list_is_one_error_line_and_nothing_written(store_url: str, tmp_path: Path) -> None:
    init_db(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    populate()
    edited = export_text().replace('"status": "interviewing"', '"status": "banana"')
    close_db()
    bad = tmp_path / "edited.json"
    bad.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", store_url, "import", str(bad)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: bad crm export: application id 1, status='banana': not one of saved, applied, "
                             "interviewing, offer, accepted, rejected, withdrawn, ghosted\n")
    init_db(store_url)
    assert set(counts().values()) == {0}
    close_db()


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
_edit = st.fixed_dictionaries({}, optional={
    "title": _text, "notes": _text, "phone": st.none() | _text, "do_not_contact": st.booleans(),
    "snoozed_until": st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    "name": st.sampled_from([str.upper, str.lower, str.swapcase, lambda n: f"  {n} "]),
})


@settings(max_examples=40, deadline=None)
@given(edits=st.lists(_edit, min_size=2, max_size=2))
def test_any_edit_that_keeps_who_they_are_adds_nothing(edits: list[dict]) -> None:
    init_db("sqlite:///:memory:")
    populate()
    backup = export_text()
    for person, edit in zip(Person.select().order_by(Person.id), edits):
        for column, value in edit.items():
            setattr(person, column, value(person.name) if column == "name" else value)
        person.save()
    edited, before = export_text(), counts()
    summary = restore_text((backup))
    assert summary.total("added") == 0
    assert (counts(), export_text()) == (before, edited)
    close_db()
