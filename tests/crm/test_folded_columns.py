"""A contact's folded name and email (indexed, for finding one by either) stay current on every write,
never reach an export, and are what `resolve_contact` and the duplicate checks seek on."""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw
import pytest

from crm import store
from crm.data.linkedin import Connection
from crm.errors import Ambiguous, Duplicate
from crm.store.db import apply_migrations
from crm.store.models import Company, Person, folded
from crm.store.rows import bulk_insert
from tests.crm.exporting import export_csv, export_text, restore_text

pytestmark = pytest.mark.usefixtures("db")


def _stale() -> list[tuple]:
    """Contacts whose folded columns disagree with their name or email (none, if every write kept them)."""
    rows = Person.select(Person.id, Person.name, Person.email, Person.name_lower, Person.email_lower).tuples()
    return [row for row in rows if (row[3], row[4]) != (folded(row[1]), folded(row[2]))]


def test_every_write_path_keeps_them_current() -> None:
    acme = store.add_company("Acme")
    jane = store.add_contact("Łukasz NOWAK", acme, email="Lukasz.Nowak@ACME.example")
    assert (jane.name_lower, jane.email_lower) == ("łukasz nowak", "lukasz.nowak@acme.example")
    store.edit_contact(jane, name="Łukasz Nowak-Kowalski", email="LN@acme.example")
    store.edit_contact(jane, email="")  # cleared: no folded address either
    assert Person.get_by_id(jane.id).email_lower is None
    store.snooze(jane, dt.date(2026, 12, 1))
    bulk_insert(Person, [{"name": "Émile DUBOIS", "email": "E@X.example", "title": "", "notes": "", "source": "",
                          "do_not_contact": False, "is_connection": False, "name_lower": "stale",
                          "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)}])
    store.import_connections([Connection(2, "Zoë", "García", None, None, "Acme", "CTO", None)])
    store.import_connections([Connection(2, "Zoë", "García", None, "Zoe.Garcia@Acme.example", "Acme", "CTO", None)])
    assert Person.get(Person.name == "Zoë García").email_lower == "zoe.garcia@acme.example"
    assert Person.get(Person.name == "Émile DUBOIS").name_lower == "émile dubois"
    assert _stale() == []


def test_a_lookup_save_keeps_them_current() -> None:
    from scrapers.hiring_manager import linkedin_search_url, rank
    from scrapers.team.lookup import LookupResult
    from scrapers.types import NamedPerson, PersonOnPage, Posting

    posting = Posting(url="https://acme.example/jobs/7", source="generic", title="Platform Engineer", company="Acme",
                      reports_to=NamedPerson(name="Jordan ÁLVAREZ", title="Head of Platform"))
    people = (PersonOnPage("Elena Popescu", "Senior Platform Engineer", None, "https://acme.example/team"),)
    store.save_lookup(LookupResult(posting, tuple(rank(posting, people)), people, (posting.url,),
                                   linkedin_search_url(posting), 3, "https://acme.example/"))
    assert Person.select().count() == 2
    assert store.resolve_contact("jordan álvarez").name == "Jordan ÁLVAREZ"
    assert _stale() == []


def test_restore_recomputes_them_and_exports_leave_them_out(tmp_path) -> None:
    store.add_contact("Ada LOVELACE", email="Ada@Example.com")
    text = export_text()
    person = json.loads(text)["tables"]["person"][0]
    assert "name_lower" not in person and "email_lower" not in person
    export_csv(tmp_path / "csv")
    assert "lower" not in (tmp_path / "csv" / "person.csv").read_text().splitlines()[0]
    Person.delete().execute()
    assert restore_text(text).total("added") == 1
    assert export_text() == text  # the same bytes as before
    assert _stale() == [] and store.resolve_contact("ADA@example.COM").name == "Ada LOVELACE"


def test_an_export_naming_a_folded_column_is_refused() -> None:
    store.add_contact("Ada Lovelace")
    text = export_text().replace('"name": "Ada Lovelace"', '"name": "Ada Lovelace", "name_lower": "x"')
    Person.delete().execute()
    with pytest.raises(Exception, match="unknown column 'name_lower'"):
        restore_text(text)


def test_finding_by_name_or_email_ignores_case_beyond_ascii() -> None:
    acme = store.add_company("Acme")
    store.add_contact("Søren Østergaard", acme, email="Soren@Acme.example")
    store.add_contact("Søren Østergaard", allow_duplicate=True)
    assert store.resolve_contact("soren@acme.EXAMPLE").company_id == acme.id
    with pytest.raises(Ambiguous):
        store.resolve_contact("  SØREN ØSTERGAARD ")
    with pytest.raises(Duplicate, match="already exists"):
        store.add_contact("søren østergaard", acme)
    with pytest.raises(Duplicate, match="already belongs to"):
        store.add_contact("Someone Else", email="SOREN@acme.example")


def test_finding_a_contact_seeks_the_index(db: pw.Database) -> None:
    if isinstance(db, pw.PostgresqlDatabase):
        pytest.skip("the plan of a tiny PostgreSQL table is a sequential scan whatever the indexes")
    store.add_contact("Jane Doe")
    captured = []
    real = db.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        captured.append((sql, params))
        return real(sql, params, *args, **kwargs)

    db.execute_sql = spy
    try:
        store.resolve_contact("jane doe")
    finally:
        del db.execute_sql
    sql, params = captured[-1]
    plan = " ".join(str(row[-1]) for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "person_name_lower" in plan and "person_email_lower" in plan, plan
    assert "SCAN person" not in plan.replace("USING INDEX", ""), plan


def test_the_migration_fills_them_for_existing_contacts(db: pw.Database) -> None:
    """0004: contacts stored before the columns existed get them filled, then indexed."""
    company = Company.create(name="Acme", name_key="acme")
    for n in range(1203):  # more than one batch
        Person.create(name=f"Zoë GARCÍA {n}", company=company, email=f"Z{n}@ACME.example" if n % 2 else None)
    Person.update(name_lower=None, email_lower=None).execute()
    for column in ("name_lower", "email_lower"):
        db.execute_sql(f'DROP INDEX "person_{column}"')
        db.execute_sql(f'ALTER TABLE "person" DROP COLUMN "{column}"')
    db.execute_sql("DELETE FROM schema_migrations WHERE version = 4")
    assert apply_migrations(db) == ["0004_person_lower_columns"]
    assert _stale() == [] and Person.select().where(Person.name_lower.is_null()).count() == 0
    assert store.resolve_contact("z7@acme.example").name == "Zoë GARCÍA 7"
