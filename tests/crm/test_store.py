"""crm.store on SQLite and PostgreSQL: writes, uniqueness, derived "last contacted", history, due."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

import crm.store.companies
from crm import store
from crm.store.applications import application_contacts
from crm.store.rows import bulk_insert
from crm.errors import Duplicate, InvalidValue, NotFound
from crm.store.models import (Application, ApplicationContact, Company, Interaction, Interview, InterviewParticipant,
                        Person, StatusChange)
from tests.pinned import TODAY

D = dt.date
T = dt.datetime

pytestmark = pytest.mark.usefixtures("db")


def _setup() -> tuple[Company, Person, Application]:
    acme = store.add_company("Acme, Inc.", domain="acme.example")
    jane = store.add_contact("Jane Doe", acme, title="Engineering Manager", email="jane@ACME.example")
    app = store.add_application("https://jobs.example/acme/1", acme, title="Backend Engineer",
                                applied_on=D(2026, 11, 2), today=D(2026, 11, 2))
    store.link(app, jane, "hiring_manager")
    return acme, jane, app


@pytest.mark.parametrize("name, domain, website, message", [
    ("ACME", None, None, "company 'ACME' already exists as #1 Acme, Inc. (acme.example)"),  # same name key
    ("Acme GmbH", "acme.example", None,  # legal suffix ignored; the name is said first when both clash
     "company 'Acme GmbH' already exists as #1 Acme, Inc. (acme.example)"),
    ("Acme Robotics", "www.ACME.example", None,  # same domain, other spelling
     "domain acme.example already belongs to #1 Acme, Inc."),
    ("Other", None, "https://acme.example/about",  # domain taken from the website
     "domain acme.example already belongs to #1 Acme, Inc."),
])
def test_company_duplicates_are_refused_before_writing(name: str, domain: str | None, website: str | None,
                                                       message: str) -> None:
    store.add_company("Acme, Inc.", domain="acme.example")
    with pytest.raises(Duplicate) as e:
        store.add_company(name, domain=domain, website=website)
    assert str(e.value) == message
    assert Company.select().count() == 1


def test_integrity_error_is_wrapped_when_the_precheck_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_company("Acme")
    monkeypatch.setattr(crm.store.companies, "_company_conflict", lambda *a, **k: None)  # as if another process raced us
    with pytest.raises(Duplicate, match="company 'Acme' already exists"):
        store.add_company("Acme")
    assert Company.select().count() == 1


@pytest.mark.parametrize("bad", ["", "  ", "!!!"])
def test_company_needs_a_name(bad: str) -> None:
    with pytest.raises(InvalidValue, match="bad company name"):
        store.add_company(bad)


def test_company_for() -> None:
    acme = store.add_company("Acme, Inc.")
    assert store.company_for("acme, inc.") == (acme, False)
    assert store.company_for("ACME LLC") == (acme, False)
    with pytest.raises(NotFound, match="no company matches 'Globex' \\(to create it, add --new-company\\)"):
        store.company_for("Globex")
    created, new = store.company_for("Globex", create=True)
    assert new and created.name == "Globex" and created.name_key == "globex"
    assert store.company_for("GLOBEX", create=True) == (created, False)
    with pytest.raises(NotFound, match="no company with id 99"):
        store.company_for("99")


def test_edit_and_remove_company_keep_people_and_applications() -> None:
    acme, jane, app = _setup()
    store.add_company("Globex", domain="globex.example")
    with pytest.raises(Duplicate, match="^domain globex.example already belongs to #2 Globex$"):
        store.edit_company(Company.get_by_id(acme.id), domain="globex.example")
    store.edit_company(acme, name="Acme Robotics", website="https://acme.example")
    assert Company.get_by_id(acme.id).name_key == "acme robotics"
    store.remove_company(acme)
    assert Person.get_by_id(jane.id).company_id is None
    assert Application.get_by_id(app.id).company_id is None


@pytest.mark.parametrize("field, value, message", [
    ("email", "jane-at-acme", "bad email address"),
    ("email", "jane@acme", "bad email address"),
    ("linkedin", "linkedin.com/in/jane", "bad LinkedIn URL"),
])
def test_contact_values_are_checked(field: str, value: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        store.add_contact("Jane", **{field: value})
    assert Person.select().count() == 0


def test_contact_email_domain_is_lowercased() -> None:
    assert store.add_contact("Jane", email=" Jane@ACME.Example ").email == "Jane@acme.example"


def test_last_contacted_is_derived_from_the_log() -> None:
    acme, jane, app = _setup()
    store.log_interaction(jane, "after-apply", application=app, occurred_at=T(2026, 11, 3, 9))
    store.log_interaction(jane, "check-in", occurred_at=T(2026, 11, 10, 9))
    store.log_interaction(jane, "reply", direction="in", occurred_at=T(2026, 11, 12, 15))
    store.log_interaction(jane, "note", occurred_at=T(2026, 11, 1, 8))
    [row] = store.list_contacts(acme)
    assert (row["last_contacted"], row["last_heard_from"]) == (T(2026, 11, 10, 9), T(2026, 11, 12, 15))
    shown = store.show_contact(jane)
    assert shown["last_contacted"] == T(2026, 11, 10, 9)
    assert [e["kind"] for e in shown["history"]] == ["note", "after-apply", "check-in", "reply"]


def test_list_contacts_by_company() -> None:
    acme, jane, _ = _setup()
    store.add_contact("Bob", store.add_company("Globex"))
    store.add_contact("alice")
    assert [r["name"] for r in store.list_contacts()] == ["alice", "Bob", "Jane Doe"]
    assert [r["name"] for r in store.list_contacts(acme)] == ["Jane Doe"]


def test_edit_contact() -> None:
    _, jane, _ = _setup()
    store.edit_contact(jane, title="Director", email="", do_not_contact=True, company=None)
    again = Person.get_by_id(jane.id)
    assert (again.title, again.email, again.do_not_contact, again.company_id) == ("Director", None, True, None)
    with pytest.raises(InvalidValue, match="needs a name"):
        store.edit_contact(jane, name=" ")


def test_remove_contact_deletes_interactions_and_links() -> None:
    _, jane, app = _setup()
    store.log_interaction(jane, "call", channel="phone", application=app)
    interview = Interview.create(application=app, starts_at=T(2026, 12, 1, 10))
    InterviewParticipant.create(interview=interview, person=jane)
    assert store.remove_contact(jane) == {"interactions": 1, "links": 1}
    assert [m.select().count() for m in (Person, Interaction, ApplicationContact, InterviewParticipant)] == [0] * 4
    assert Application.select().count() == 1


@pytest.mark.parametrize("status, applied_on, expected_status, expected_applied", [
    (None, None, "saved", None),
    (None, D(2026, 11, 1), "applied", D(2026, 11, 1)),
    ("applied", None, "applied", TODAY),
    ("interviewing", D(2026, 10, 30), "interviewing", D(2026, 10, 30)),
    ("rejected", None, "rejected", None),
])
def test_add_application_records_the_first_status(status: str | None, applied_on: D | None,
                                                  expected_status: str, expected_applied: D | None) -> None:
    app = store.add_application("https://jobs.example/x", status=status, applied_on=applied_on, today=TODAY)
    assert (app.status, app.applied_on) == (expected_status, expected_applied)
    [change] = StatusChange.select()
    assert (change.from_status, change.to_status) == (None, expected_status)


@pytest.mark.parametrize("url", ["jobs.example/1", "ftp://jobs.example/1", "https://localhost", "not a url"])
def test_application_url_is_checked(url: str) -> None:
    with pytest.raises(InvalidValue, match="bad posting URL"):
        store.add_application(url)


def test_application_url_is_unique() -> None:
    _setup()
    with pytest.raises(Duplicate, match=r"already exists \(#1\)"):
        store.add_application("https://jobs.example/acme/1")
    other = store.add_application("https://jobs.example/acme/2")
    with pytest.raises(Duplicate):
        store.edit_application(other, url="https://jobs.example/acme/1")
    assert Application.select().count() == 2


def test_status_history_and_applied_on() -> None:
    app = store.add_application("https://jobs.example/x", today=D(2026, 11, 1))
    store.set_status(app, "applied", D(2026, 11, 3))
    assert Application.get_by_id(app.id).applied_on == D(2026, 11, 3)
    store.set_status(app, "interviewing", D(2026, 11, 9))
    with pytest.raises(InvalidValue, match="already 'interviewing'"):
        store.set_status(app, "interviewing", D(2026, 11, 9))
    with pytest.raises(InvalidValue, match="bad status 'hired'"):
        store.set_status(app, "hired")
    changes = [(s.from_status, s.to_status, s.changed_on) for s in StatusChange.select().order_by(StatusChange.id)]
    assert changes == [(None, "saved", D(2026, 11, 1)), ("saved", "applied", D(2026, 11, 3)),
                       ("applied", "interviewing", D(2026, 11, 9))]


def test_decision_and_edit() -> None:
    _, _, app = _setup()
    store.set_decision(app, D(2026, 12, 15))
    store.edit_application(app, title="Staff Engineer", location="Berlin", url=None)
    again = Application.get_by_id(app.id)
    assert (again.decision_on, again.title, again.location) == (D(2026, 12, 15), "Staff Engineer", "Berlin")


def test_link_twice_is_a_duplicate_but_another_role_is_not() -> None:
    _, jane, app = _setup()
    with pytest.raises(Duplicate, match="Jane Doe is already linked to application #1 as hiring_manager"):
        store.link(app, jane, "hiring_manager")
    store.link(app, jane, "interviewer")
    with pytest.raises(InvalidValue, match="bad role 'boss'"):
        store.link(app, jane, "boss")
    assert [c["role"] for c in application_contacts(app)] == ["hiring_manager", "interviewer"]


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "lunch"}, "bad kind 'lunch'"),
    ({"kind": "call", "channel": "fax"}, "bad channel 'fax'"),
    ({"kind": "call", "direction": "sideways"}, "bad direction 'sideways'"),
])
def test_log_values_are_checked(kwargs: dict, message: str) -> None:
    _, jane, _ = _setup()
    with pytest.raises(InvalidValue, match=message):
        store.log_interaction(jane, **kwargs)
    assert Interaction.select().count() == 0


def test_application_history_mixes_status_interviews_and_interactions() -> None:
    _, jane, app = _setup()
    store.log_interaction(jane, "after-apply", application=app, occurred_at=T(2026, 11, 2, 18), note="hi")
    store.set_status(app, "interviewing", D(2026, 11, 5))
    Interview.create(application=app, starts_at=T(2026, 11, 8, 14), kind="onsite", location="Berlin")
    store.log_interaction(jane, "thank-you", application=app, occurred_at=T(2026, 11, 8, 19))
    store.log_interaction(jane, "check-in", occurred_at=T(2026, 11, 9))  # not about this application
    assert [e.summary for e in store.history(application=app)] == [
        "status applied",
        "after-apply (email) to Jane Doe: hi",
        "status applied -> interviewing",
        "interview onsite at Berlin",
        "thank-you (email) to Jane Doe",
    ]
    assert store.show_application(app)["contacts"][0]["role"] == "hiring_manager"


def _due(today: D = TODAY, days: int = 7) -> list[tuple]:
    return [(i["contact"]["name"], i["application"]["id"], i["kind"], i["due_on"], i["days_overdue"])
            for i in store.due_simple(today, days)]


def test_due_item_shape() -> None:
    _, jane, app = _setup()
    store.log_interaction(jane, "after-apply", application=app, occurred_at=T(2026, 11, 3, 9))
    assert store.due_simple(TODAY, 7) == [{
        "contact": {"id": jane.id, "name": "Jane Doe"},
        "application": {"id": app.id, "title": "Backend Engineer", "company": "Acme, Inc."},
        "kind": "check-in", "due_on": "2026-11-10", "days_overdue": 19,
        "reason": "no message since 2026-11-03 (26 days); hiring manager for Backend Engineer at Acme, Inc.",
    }]


def test_due_rules() -> None:
    acme, jane, app = _setup()
    bob = store.add_contact("Bob")
    store.link(app, bob, "recruiter")
    store.link(app, bob, "interviewer")  # two roles, one item
    carol = store.add_contact("Carol")
    closed = store.add_application("https://jobs.example/acme/2", acme, status="rejected")
    store.link(closed, carol, "recruiter")  # closed applications are never due
    dnc = store.add_contact("Dan")
    store.edit_contact(dnc, do_not_contact=True)
    store.link(app, dnc, "other")
    store.log_interaction(jane, "check-in", occurred_at=T(2026, 11, 22, 9))
    store.log_interaction(bob, "reply", direction="in", occurred_at=T(2026, 11, 28, 9))  # incoming does not count
    # Jane wrote exactly 7 days ago: due today; Bob was never contacted: due since applying.
    assert _due() == [("Bob", app.id, "after-apply", "2026-11-02", 27), ("Jane Doe", app.id, "check-in",
                                                                         "2026-11-29", 0)]
    assert _due(days=8) == [("Bob", app.id, "after-apply", "2026-11-02", 27)]
    Person.update(snoozed_until=D(2026, 12, 1)).where(Person.id == bob.id).execute()
    assert _due() == [("Jane Doe", app.id, "check-in", "2026-11-29", 0)]
    with pytest.raises(InvalidValue):
        store.due_simple(TODAY, -1)


def _count_queries(database: pw.Database, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = database.execute_sql

    def counting(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", counting)
    return seen


@pytest.mark.parametrize("size", [1, 25])
def test_due_runs_one_query_whatever_the_size(size: int, db: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(size):
        company = store.add_company(f"Company {n}")
        app = store.add_application(f"https://jobs.example/{n}", company, title=f"Job {n}", status="applied",
                                    today=D(2026, 11, 1))
        for k in range(2):
            person = store.add_contact(f"Person {n}-{k}", company)
            store.link(app, person, "recruiter")
            store.log_interaction(person, "after-apply", occurred_at=T(2026, 11, 2 + k, 9))
    queries = _count_queries(db, monkeypatch)
    assert len(store.due_simple(TODAY, 7)) == 2 * size
    assert len(queries) == 1, queries


def test_list_contacts_is_one_query(db: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    acme, _, _ = _setup()
    for n in range(10):
        store.log_interaction(store.add_contact(f"P{n}", acme), "call")
    queries = _count_queries(db, monkeypatch)
    assert len(store.list_contacts(acme)) == 11
    assert len(queries) == 1


def test_bulk_insert() -> None:
    when = T(2026, 11, 1, 9)
    def company(name: str, key: str) -> dict:
        return {"name": name, "name_key": key, "notes": "", "created_at": when, "updated_at": when}

    assert bulk_insert(Company, (company(f"Company {n}", f"company {n}") for n in range(1200))) == 1200
    assert bulk_insert(Company, []) == 0
    assert Company.select().count() == 1200
    assert Company.get(Company.name_key == "company 7").created_at == when
    with pytest.raises(InvalidValue, match="company has no column 'nme'"):
        bulk_insert(Company, [{"nme": "x"}])
    with pytest.raises(pw.IntegrityError):  # all or nothing: the duplicate key undoes every batch
        bulk_insert(Company, [company(f"New {n}", f"new {n}") for n in range(600)] + [company("Again", "company 1")])
    assert Company.select().count() == 1200
