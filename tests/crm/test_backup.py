"""Backup and restore: byte-identical round trips across SQLite and PostgreSQL, idempotence, refusals."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm.store.backup
from crm.data.files import private_file
from crm.errors import ImportFormatError
from crm.store.backup import CHOICES, MODELS, restore_file
from crm.store.db import close_db, init_db
from crm.store.rows import table_name
from crm.store.models import (
    Application,
    ApplicationContact,
    Company,
    Interaction,
    Interview,
    InterviewParticipant,
    Person,
    StatusChange,
)
from crm.store.models import ContactAlias, MailBounce, MailFolder, MailMessage, MailProposal

T0 = dt.datetime(2025, 12, 7, 9, 30)


def populate() -> None:
    """A store with rows in every table: accents, quotes, newlines, nulls, floats, flags, dates."""
    acme = Company.create(name="Acme, Inc.", name_key="acme", domain="acme.com", website="https://acme.com",
                          notes='Said "call me"\nsecond line', created_at=T0, updated_at=T0)
    muller = Company.create(name="Müller & Söhne GmbH", name_key="muller and sohne", created_at=T0, updated_at=T0)
    jane = Person.create(name="Jane Doe", title="Engineering Manager", company=acme, email="jane.doe@acme.com",
                         # Floats are double precision on both backends: 1/3 (the score below) exports the same.
                         email_source="guessed", email_confidence=0.62, linkedin_url="https://www.linkedin.com/in/jane",
                         is_connection=True, connected_on=dt.date(2025, 12, 7), created_at=T0, updated_at=T0)
    jose = Person.create(name="José García", company=muller, phone="+49 30 1234", do_not_contact=True,
                         snoozed_until=dt.date(2026, 1, 5), notes="Prefers 🇩🇪", created_at=T0, updated_at=T0)
    loner = Person.create(name="No Company", created_at=T0, updated_at=T0)
    app = Application.create(url="https://jobs.acme.com/1", title="Staff Engineer", company=acme, status="interviewing",
                             applied_on=dt.date(2025, 12, 1), created_at=T0, updated_at=T0)
    Application.create(url="https://jobs.example.org/2", title="SRE", created_at=T0, updated_at=T0)
    ApplicationContact.create(application=app, person=jane, role="hiring_manager", score=1 / 3, created_at=T0)
    ApplicationContact.create(application=app, person=jose, role="referrer", created_at=T0)
    sent = Interaction.create(person=jane, application=app, kind="after-apply", occurred_at=T0, note="Sent a note",
                              created_at=T0)
    Interaction.create(person=loner, kind="call", channel="phone", direction="in",
                       occurred_at=dt.datetime(2025, 12, 8, 14, 0, 5), created_at=T0)
    StatusChange.create(application=app, from_status="applied", to_status="interviewing",
                        changed_on=dt.date(2025, 12, 5), created_at=T0)
    interview = Interview.create(application=app, starts_at=dt.datetime(2025, 12, 10, 15, 0), kind="onsite",
                                 created_at=T0)
    InterviewParticipant.create(interview=interview, person=jane)
    # crm mail's tables: an alias, a folder's place, a logged message, a proposal, a bounce
    ContactAlias.create(person=jane, address="jane@gmail.example", created_at=T0)
    MailFolder.create(account="me@example.org@imap.example.org", name="[Gmail]/Sent Mail", uid_validity=4_000_000_001,
                      last_uid=42, synced_at=T0, read=42, logged=1)
    MailMessage.create(interaction=sent, message_id="<a1@example.org>", subject="Re: «Staff» Engineer",
                       snippet="Merci — à bientôt\tok", created_at=T0)
    MailProposal.create(message_id="<b2@acme.com>", kind="rejected", application=app, day=dt.date(2025, 12, 9),
                        evidence='"other candidates"; from acme.com', created_at=T0)
    MailBounce.create(address="jose@muller.example", person=jose, bounced_on=dt.date(2025, 12, 9),
                      message_id="<c3@example.org>", reason="smtp; 550 5.1.1 user unknown", created_at=T0)


from tests.crm.exporting import export_csv as write_csv  # noqa: E402
from tests.crm.exporting import export_text, restore_text  # noqa: E402


def counts() -> dict[str, int]:
    return {table_name(m): m.select().count() for m in MODELS}


@pytest.fixture
def source(tmp_path: Path) -> str:
    """The text of a full export made on a separate SQLite database."""
    init_db(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    populate()
    text = export_text()
    close_db()
    return text


def test_export_document_shape(source: str) -> None:
    doc = json.loads(source)
    assert list(doc) == ["format", "version", "tables"]
    assert (doc["format"], doc["version"]) == ("crm-export", 1)
    assert list(doc["tables"]) == [table_name(m) for m in MODELS]
    assert {t: len(rows) for t, rows in doc["tables"].items()} == {
        "company": 2, "person": 3, "application": 2, "application_contact": 2, "interaction": 2,
        "status_change": 1, "interview": 1, "interview_participant": 1,
        "contact_alias": 1, "mail_folder": 1, "mail_message": 1, "mail_proposal": 1, "mail_bounce": 1}
    assert doc["tables"]["person"][0] == {
        "id": 1, "name": "Jane Doe", "title": "Engineering Manager", "company_id": 1, "email": "jane.doe@acme.com",
        "email_source": "guessed", "email_confidence": 0.62, "linkedin_url": "https://www.linkedin.com/in/jane",
        "phone": None, "notes": "", "do_not_contact": False, "source": "", "source_url": None, "is_connection": True,
        "connected_on": "2025-12-07", "snoozed_until": None, "created_at": "2025-12-07T09:30:00",
        "updated_at": "2025-12-07T09:30:00", "keep_in_touch_days": None}
    # One row per line: the file diffs well and the same data gives the same bytes.
    assert source.splitlines()[5] == '      {"id": 1, "name": "Acme, Inc.", "name_key": "acme", ' \
        '"domain": "acme.com", "website": "https://acme.com", "careers_url": null, ' \
        '"notes": "Said \\"call me\\"\\nsecond line", "created_at": "2025-12-07T09:30:00", ' \
        '"updated_at": "2025-12-07T09:30:00"},'


def test_exported_at_is_opt_in(db) -> None:
    doc = json.loads(export_text(exported_at="2026-01-02T03:04:05"))
    assert list(doc) == ["format", "version", "exported_at", "tables"]
    assert doc["exported_at"] == "2026-01-02T03:04:05"
    assert restore_text(export_text(exported_at="2026-01-02T03:04:05")).total("present") == 0  # still importable


def test_round_trip_is_byte_identical_and_idempotent(source: str, store_url: str, tmp_path: Path) -> None:
    init_db(store_url)
    first = restore_text((source))
    assert (first.total("added"), first.total("present"), first.total("conflicts")) == (19, 0, 0)
    assert export_text() == source
    again = restore_text((source))
    assert (again.total("added"), again.total("present"), again.total("conflicts")) == (0, 19, 0)
    assert export_text() == source
    # Ids continue after the restored ones (PostgreSQL needs its sequences moved on).
    assert Company.create(name="Globex", name_key="globex").id == 3
    close_db()
    # ... and back again to a fresh SQLite file.
    init_db(f"sqlite:///{tmp_path / 'back.sqlite3'}")
    restore_file(_write(tmp_path / "export.json", source))
    assert export_text() == source
    close_db()


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_restore_into_existing_store_keeps_existing_rows(source: str, store_url: str) -> None:
    init_db(store_url)
    # Same natural key, different content: a conflict; the user's current row wins.
    mine = Company.create(name="ACME", name_key="acme", notes="my notes")
    other = Person.create(name="Someone Else")  # takes id 1, which the export's Jane also has
    summary = restore_text((source))
    by_table = {t.table: (t.added, t.present, t.conflicts) for t in summary.tables}
    assert by_table["company"] == (1, 0, 1)
    assert by_table["person"] == (3, 0, 0)
    assert Company.get_by_id(mine.id).notes == "my notes"
    assert Person.get_by_id(other.id).name == "Someone Else"
    jane = Person.get(Person.name == "Jane Doe")
    assert jane.id != other.id and jane.company_id == mine.id  # foreign keys follow the match
    assert [(r.person.name, r.role) for r in ApplicationContact.select().order_by(ApplicationContact.id)] == [
        ("Jane Doe", "hiring_manager"), ("José García", "referrer")]
    before = export_text()
    summary = restore_text((source))
    assert summary.total("added") == 0
    assert export_text() == before


def _broken(source: str) -> dict[str, tuple[bytes, str]]:
    doc = json.loads(source)

    def variant(change) -> bytes:
        copy = json.loads(source)
        change(copy)
        return json.dumps(copy).encode()

    return {
        "truncated": (source[: len(source) // 2].encode(), "not a complete JSON document (truncated?)"),
        "empty": (b"", "not a complete JSON document"),
        "not-json": (b"hello", "not a complete JSON document"),
        "binary": (b"\xff\xfe\x00\x01", "not a crm export: not UTF-8 text"),
        "a-list": (b"[1, 2]", 'not a crm export: no "format": "crm-export"'),
        "other-format": (json.dumps({**doc, "format": "other"}).encode(), "not a crm export"),
        "newer": (variant(lambda d: d.update(version=2)), "this export has format version 2; this crm reads up to 1"),
        "version-text": (variant(lambda d: d.update(version="1")), "bad crm export version '1'"),
        "unknown-table": (variant(lambda d: d["tables"].update(secrets=[])), "unknown table 'secrets'"),
        "unknown-column": (variant(lambda d: d["tables"]["person"][2].update(age=3)), "unknown column 'age'"),
        "bad-date": (variant(lambda d: d["tables"]["person"][1].update(snoozed_until="05/01/2026")),
                     "person row 2, snoozed_until='05/01/2026': not a YYYY-MM-DD date"),
        "bad-flag": (variant(lambda d: d["tables"]["person"][0].update(is_connection="yes")), "not true or false"),
        "null-name": (variant(lambda d: d["tables"]["company"][0].update(name=None)), "null in a column"),
        "repeated-id": (variant(lambda d: d["tables"]["interaction"][1].update(id=1)), "missing or repeated id"),
        "dangling": (variant(lambda d: d["tables"]["interaction"][0].update(person_id=99)),
                     "interaction 1 refers to missing person 99"),
        # Fixed-value fields: a value outside crm.store.models' lists would break the cadence and the CLI.
        "bad-status": (variant(lambda d: d["tables"]["application"][0].update(status="banana")),
                       "bad crm export: application id 1, status='banana': not one of saved, applied, "
                       "interviewing, offer, accepted, rejected, withdrawn, ghosted"),
        "bad-kind": (variant(lambda d: d["tables"]["interaction"][1].update(kind="bogus")),
                     "bad crm export: interaction id 2, kind='bogus': not one of after-apply, thank-you, "),
        "bad-direction": (variant(lambda d: d["tables"]["interaction"][0].update(direction="up")),
                          "bad crm export: interaction id 1, direction='up': not one of out, in"),
        "bad-channel": (variant(lambda d: d["tables"]["interaction"][0].update(channel="pigeon")),
                        "bad crm export: interaction id 1, channel='pigeon': not one of email, linkedin, "),
        "bad-role": (variant(lambda d: d["tables"]["application_contact"][1].update(role="boss")),
                     "bad crm export: application_contact id 2, role='boss': not one of hiring_manager, "),
        "bad-email-source": (variant(lambda d: d["tables"]["person"][0].update(email_source="linkedin")),
                             "bad crm export: person id 1, email_source='linkedin': not one of user, page, "),
        "bad-to-status": (variant(lambda d: d["tables"]["status_change"][0].update(to_status="Applied")),
                          "bad crm export: status_change id 1, to_status='Applied': not one of saved, "),
        # Passes every check but breaks a unique index half-way through: rolled back as a whole.
        "unique-violation": (variant(lambda d: d["tables"]["application_contact"][1].update(
            person_id=1, role="hiring_manager")), "the database refused the import, nothing was written"),
    }


BROKEN = ["truncated", "empty", "not-json", "binary", "a-list", "other-format", "newer", "version-text",
          "unknown-table", "unknown-column", "bad-date", "bad-flag", "null-name", "repeated-id", "dangling",
          "bad-status", "bad-kind", "bad-direction", "bad-channel", "bad-role", "bad-email-source", "bad-to-status",
          "unique-violation"]


@pytest.mark.parametrize("case", BROKEN)
def test_refused_imports_write_nothing(source: str, store_url: str, tmp_path: Path, case: str) -> None:
    data, error = _broken(source)[case]
    init_db(store_url)
    Company.create(name="Existing", name_key="existing", created_at=T0, updated_at=T0)
    before = export_text()
    with pytest.raises(ImportFormatError) as info:
        restore_file(_write(tmp_path / "broken.json", data))
    assert error in str(info.value)
    assert "\n" not in str(info.value)
    assert export_text() == before


@pytest.mark.parametrize("model,column", [(m, c) for m, columns in CHOICES.items() for c in columns],
                         ids=lambda v: v if isinstance(v, str) else table_name(v))
def test_every_fixed_value_column_is_checked(source: str, db, model, column: str) -> None:
    doc = json.loads(source)
    row = doc["tables"][table_name(model)][0]
    row[column] = "nonsense"
    with pytest.raises(ImportFormatError, match=f"^bad crm export: {table_name(model)} id {row['id']}, "
                                                f"{column}='nonsense': not one of "):
        restore_text(json.dumps(doc))


def test_every_broken_case_is_tested(source: str) -> None:
    assert sorted(_broken(source)) == sorted(BROKEN)


def test_missing_file(db, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="cannot read .*nope.json: No such file or directory"):
        restore_file(tmp_path / "nope.json")


def test_csv_one_file_per_table(db, tmp_path: Path) -> None:
    populate()
    written = write_csv(tmp_path / "out")
    assert [p.name for p in written] == [f"{table_name(m)}.csv" for m in MODELS]
    with (tmp_path / "out" / "person.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == ["Jane Doe", "José García", "No Company"]
    assert (rows[0]["is_connection"], rows[0]["email_confidence"], rows[0]["phone"], rows[1]["notes"]) == (
        "true", "0.62", "", "Prefers 🇩🇪")
    with (tmp_path / "out" / "company.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle))[0]["notes"] == 'Said "call me"\nsecond line'


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def write_private(path: Path, text: str) -> None:
    with private_file(path) as handle:
        handle.write(text)


def test_a_json_export_file_is_owner_only_and_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    out.write_text("old backup", encoding="utf-8")
    out.chmod(0o644)
    write_private(out, "ünïcode\r\nkept as is\n")
    assert (_mode(out), out.read_bytes()) == (0o600, "ünïcode\r\nkept as is\n".encode())
    with pytest.raises(UnicodeEncodeError):  # fails half-way through writing
        write_private(out, "new start " * 1000 + "\ud800")
    assert out.read_bytes() == "ünïcode\r\nkept as is\n".encode()  # the last good export, whole
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]  # no temporary file left


def test_csv_export_is_owner_only_and_never_half_written(db, tmp_path: Path, monkeypatch) -> None:
    populate()
    folder = tmp_path / "new" / "csv"
    written = write_csv(folder)
    assert _mode(folder) == 0o700
    assert {p.name: _mode(p) for p in written} == {f"{table_name(m)}.csv": 0o600 for m in MODELS}
    good = (folder / "person.csv").read_bytes()
    real = crm.store.backup.table_rows

    def failing(model):
        rows = real(model)
        yield next(rows)
        if model is Person:
            raise OSError(28, "No space left on device")
        yield from rows

    monkeypatch.setattr(crm.store.backup, "table_rows", failing)
    with pytest.raises(OSError, match="No space left"):
        write_csv(folder)
    assert (folder / "person.csv").read_bytes() == good
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    existing = tmp_path / "mine"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    monkeypatch.setattr(crm.store.backup, "table_rows", real)
    write_csv(existing)
    # A folder the user already had keeps its mode; the files in it are still owner-only.
    assert (_mode(existing), _mode(existing / "person.csv")) == (0o755, 0o600)


def test_crm_export_out_is_owner_only(sqlite_url: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crm.cli import cli

    out = tmp_path / "backup.json"
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "export", "--out", str(out)])
    assert result.exit_code == 0
    assert _mode(out) == 0o600


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@settings(max_examples=40, deadline=None)
@given(names=st.lists(_text, min_size=1, max_size=4, unique_by=lambda n: n), notes=_text,
       confidence=st.none() | st.floats(allow_nan=False, allow_infinity=False),
       when=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31)))
def test_any_values_round_trip(names: list[str], notes: str, confidence: float | None,
                               when: dt.datetime) -> None:
    init_db("sqlite:///:memory:")
    company = Company.create(name=names[0], name_key=names[0], notes=notes, created_at=when, updated_at=when)
    for name in names:
        Person.create(name=name, company=company, notes=notes, email_confidence=confidence, created_at=when,
                      updated_at=when, connected_on=when.date())
    text = export_text()
    close_db()
    init_db("sqlite:///:memory:")
    restore_text((text))
    assert export_text() == text
    assert restore_text((text)).total("added") == 0
    close_db()


@pytest.mark.parametrize("stored,exported", [
    (1 / 3, 1 / 3),  # double precision on SQLite and PostgreSQL alike: nothing is rounded
    (0.62, 0.62), (0.75, 0.75), (1.0, 1.0), (-0.0, 0.0), (1e-300, 1e-300), (1e39, 1e39),
])
def test_floats_export_exactly(stored: float, exported: float) -> None:
    import peewee as pw

    from crm.store.rows import encode

    assert repr(encode(pw.DoubleField(), stored)) == repr(exported)
