"""LinkedIn Connections.csv: every quirk of the real export, matching, re-import, connections_at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.errors import ImportFormatError
from crm.data.linkedin import (
    Skipped,
    looks_like_connections,
    normalize_profile_url,
    parse_connected_on,
    read_connections,
)
from crm.data.files import open_import, read_whole
from crm.store.connections import connections_at, import_connections
from crm.store.models import Company, Person


def import_connections_file(path: Path):
    """Read and import a Connections.csv as `crm import` does."""
    with open_import(path) as handle:
        parsed = read_connections(read_whole(handle, path))
    return import_connections(parsed.rows, parsed.skipped, parsed.kept)

LINKEDIN = Path(__file__).resolve().parents[2] / "fixtures" / "linkedin"
FILES = sorted(LINKEDIN.glob("*.csv"))

# What each sample must read as: (name, url, email, company, position, connected_on) per row, and
# the skipped (line, reason). A new sample file needs an entry here (test_every_fixture_has_expectations).
EXPECTED = {
    "connections_2025.csv": (
        [
            ("Jane Doe", "https://www.linkedin.com/in/jane-doe-4a1b2c", None, "Acme, Inc.", "Engineering Manager",
             dt.date(2025, 12, 7)),
            ("Bob Smith", "https://www.linkedin.com/in/bobsmith", "bob.smith@example.org", "ACME",
             "Senior Recruiter", dt.date(2025, 11, 15)),
            ("José García López", "https://www.linkedin.com/in/jose-garcia-lopez", None, "Müller & Söhne GmbH",
             "Directeur Général", dt.date(2024, 1, 1)),
            ("Anne-Marie O'Neil, PhD", "https://www.linkedin.com/in/amoneil", None, "Widgets, Ltd", "VP, Engineering",
             dt.date(2024, 2, 29)),
            ('Chloé Dubois "Coco" Martin', "https://www.linkedin.com/in/chloe-dubois-martin", "chloe@example.fr",
             "Initech", "", dt.date(2023, 3, 3)),
            ("Łukasz Żółć", "https://www.linkedin.com/in/lukasz-zolc", None, "", "Freelance developer",
             dt.date(2022, 8, 12)),
            ("Priya Raman", "https://www.linkedin.com/in/priya-raman", None, "Initech", "Hiring Manager", None),
        ],
        [Skipped(10, "no name (the member hides it)")],
    ),
    "connections_old_no_url.csv": (
        [
            ("Mark Lee", None, "mark@example.com", "Globex Corporation", "CTO", dt.date(2019, 3, 18)),
            ("Sam Tanaka, Jr.", None, None, "Stark, Industries, LLC", "Principal Engineer", dt.date(2018, 4, 2)),
            ("Ümit Öztürk", None, None, "Globex", "Talent Partner", dt.date(2017, 9, 30)),
            ("Mark Lee", None, "mark@example.com", "Globex Corporation", "CTO", dt.date(2019, 3, 18)),
        ],
        [Skipped(6, "4 fields where the header has 6")],
    ),
    "connections_2026_update.csv": (
        [
            ("Jane Doe", "https://www.linkedin.com/in/jane-doe-4a1b2c", None, "Globex", "Director of Engineering",
             dt.date(2025, 12, 7)),
            ("Bob Smith", "https://www.linkedin.com/in/bobsmith", "bob.smith@example.org", "ACME",
             "Senior Recruiter", dt.date(2025, 11, 15)),
            ("Nadia Haddad", "https://www.linkedin.com/in/nadia-haddad", "nadia@example.com", "ACME, INC",
             "Engineering Manager", dt.date(2026, 1, 6)),
        ],
        [],
    ),
}


def test_every_fixture_has_expectations() -> None:
    assert sorted(EXPECTED) == [f.name for f in FILES], "add the new fixtures/linkedin file to EXPECTED"


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_read_connections(path: Path) -> None:
    parsed = read_connections(path.read_bytes())
    got = [(r.name, r.url, r.email, r.company, r.position, r.connected_on) for r in parsed.rows]
    rows, skipped = EXPECTED[path.name]
    assert got == rows
    assert list(parsed.skipped) == skipped
    assert looks_like_connections(path.read_bytes())


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_same_rows_whatever_the_line_endings_and_bom(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    plain = text.replace("\r\n", "\n")
    assert read_connections(plain) == read_connections(("\ufeff" + plain).encode()) == read_connections(text)


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_import_then_reimport_adds_nothing(db, path: Path) -> None:
    first = import_connections_file(path)
    rows, skipped = EXPECTED[path.name]
    assert first.added == len({(r[0], r[1], r[3]) for r in rows})
    assert (first.updated, first.unchanged) == (0, 0)
    assert Person.select().count() == first.added
    assert all(p.is_connection and p.source == "linkedin" for p in Person.select())
    people, companies = Person.select().count(), Company.select().count()
    again = import_connections_file(path)
    assert (again.added, again.updated, again.unchanged, again.companies_added) == (0, 0, first.added, 0)
    assert (Person.select().count(), Company.select().count()) == (people, companies)


def test_companies_matched_by_key_across_spellings(db) -> None:
    Company.create(name="Acme Incorporated", name_key="acme")
    import_connections_file(LINKEDIN / "connections_2025.csv")
    acme = Company.get(Company.name_key == "acme")
    assert acme.name == "Acme Incorporated"  # the existing company is kept, not renamed
    assert [p["name"] for p in connections_at(acme)] == ["Bob Smith", "Jane Doe"]
    assert sorted(c.name for c in Company.select()) == [
        "Acme Incorporated", "Initech", "Müller & Söhne GmbH", "Widgets, Ltd"]
    lukasz = Person.get(Person.name == "Łukasz Żółć")
    assert lukasz.company is None and lukasz.connected_on == dt.date(2022, 8, 12)


def test_later_export_updates_in_place(db) -> None:
    import_connections_file(LINKEDIN / "connections_2025.csv")
    summary = import_connections_file(LINKEDIN / "connections_2026_update.csv")
    assert (summary.added, summary.updated, summary.unchanged, summary.companies_added) == (1, 1, 1, 1)
    assert summary.describe() == (
        "LinkedIn connections: 1 added, 1 updated, 1 unchanged, 0 skipped; 1 new company")
    jane = Person.get(Person.name == "Jane Doe")
    assert (jane.company.name, jane.title) == ("Globex", "Director of Engineering")
    acme = Company.get(Company.name_key == "acme")
    assert [p["name"] for p in connections_at(acme)] == ["Bob Smith", "Nadia Haddad"]
    assert [p["name"] for p in connections_at(jane.company.id)] == ["Jane Doe"]


def test_existing_contact_matched_by_name_and_company(db) -> None:
    acme = Company.create(name="Acme", name_key="acme")
    manual = Person.create(name="Jane Doe", company=acme, email="jane@acme.com", email_source="user", source="manual")
    Person.create(name="Not A Connection", company=acme)
    summary = import_connections_file(LINKEDIN / "connections_2025.csv")
    assert (summary.added, summary.updated) == (6, 1)
    jane = Person.get_by_id(manual.id)
    assert (jane.is_connection, jane.linkedin_url, jane.email, jane.email_source, jane.source, jane.title) == (
        True, "https://www.linkedin.com/in/jane-doe-4a1b2c", "jane@acme.com", "user", "manual", "Engineering Manager")
    assert [p["name"] for p in connections_at(acme)] == ["Bob Smith", "Jane Doe"]


def test_old_export_duplicate_row_skipped_with_reason(db) -> None:
    summary = import_connections_file(LINKEDIN / "connections_old_no_url.csv")
    assert summary.skipped == (Skipped(5, "duplicate of an earlier row"), Skipped(6, "4 fields where the header has 6"))
    mark = Person.get(Person.name == "Mark Lee")
    assert (mark.email, mark.email_source, mark.company.name) == ("mark@example.com", "import", "Globex Corporation")
    assert Company.select().count() == 2  # "Globex" and "Globex Corporation" are one company


@pytest.mark.parametrize("content", [
    b"",
    b"name,email\r\nJane,jane@x.com\r\n",
    b"\xff\xfe\x00garbage",
    b"First Name,Last Name,URL\r\nJane,Doe,x\r\n",
])
def test_not_a_connections_file(db, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError):
        import_connections_file(path)
    assert Person.select().count() == 0 and Company.select().count() == 0


def test_missing_file(db, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="cannot read"):
        import_connections_file(tmp_path / "nope.csv")


@pytest.mark.parametrize("text,day", [("07 Dec 2025", dt.date(2025, 12, 7)), ("7 December 2025", dt.date(2025, 12, 7)),
                                      ("2025-12-07", dt.date(2025, 12, 7)), ("", None), ("soon", None)])
def test_parse_connected_on(text: str, day: dt.date | None) -> None:
    assert parse_connected_on(text) == day


@pytest.mark.parametrize("url,normal", [
    ("https://www.linkedin.com/in/Jane-Doe/", "https://www.linkedin.com/in/jane-doe"),
    ("http://linkedin.com/in/jane?trk=x", "https://www.linkedin.com/in/jane"),
    ("https://uk.linkedin.com/in/jane#top", "https://www.linkedin.com/in/jane"),
    ("", None),
])
def test_normalize_profile_url(url: str, normal: str | None) -> None:
    assert normalize_profile_url(url) == normal


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


@given(st.lists(st.tuples(_cell, _cell, _cell, _cell), max_size=5))
def test_any_quoted_cell_round_trips(rows: list[tuple[str, str, str, str]]) -> None:
    import csv
    import io

    from crm.text import clean

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"])
    for first, last, company, position in rows:
        writer.writerow([first, last, "", company, position, "07 Dec 2025"])
    parsed = read_connections("Notes:\r\n\r\n" + out.getvalue())
    # Each cell comes back as written, cleaned of what a terminal would act on (crm.text.clean).
    cleaned = [tuple(clean(c).strip() for c in r) for r in rows]
    assert [(r.first_name, r.last_name, r.company, r.position) for r in parsed.rows] == [
        r for r in cleaned if r[0] or r[1]]


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "Connections.csv"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return path


def test_namesake_with_another_profile_is_someone_else(db, tmp_path: Path) -> None:
    acme = Company.create(name="Acme", name_key="acme")
    Person.create(name="John Smith", company=acme, linkedin_url="https://www.linkedin.com/in/john-smith-1")
    summary = import_connections_file(_csv(
        tmp_path, "John,Smith,https://www.linkedin.com/in/john-smith-2,,Acme,CTO,01 Jan 2025"))
    assert (summary.added, summary.updated, summary.unchanged) == (1, 0, 0)
    assert [p.linkedin_url for p in Person.select().order_by(Person.id)] == [
        "https://www.linkedin.com/in/john-smith-1", "https://www.linkedin.com/in/john-smith-2"]


def test_profile_typed_differently_still_matches(db, tmp_path: Path) -> None:
    old = Company.create(name="Initech", name_key="initech")
    typed = Person.create(name="Jane Doe", company=old, linkedin_url="http://linkedin.com/in/Jane-Doe/?trk=abc")
    summary = import_connections_file(_csv(
        tmp_path, "Jane,Doe,https://www.linkedin.com/in/jane-doe,,Globex,VP Engineering,01 Jan 2025"))
    assert (summary.added, summary.updated) == (0, 1)
    jane = Person.get_by_id(typed.id)
    assert (jane.company.name, jane.title, jane.is_connection, jane.linkedin_url) == (
        "Globex", "VP Engineering", True, "http://linkedin.com/in/Jane-Doe/?trk=abc")


@pytest.mark.parametrize("company", ["Self-employed", "Freelance", "Stealth Startup", "N/A", "Retired"])
def test_no_employer_is_not_a_company(db, tmp_path: Path, company: str) -> None:
    summary = import_connections_file(_csv(
        tmp_path, f"Ann,Lee,https://www.linkedin.com/in/ann,,{company},Consultant,01 Jan 2025",
        f"Bo,Ek,https://www.linkedin.com/in/bo,,{company},Designer,01 Jan 2025"))
    assert (summary.added, summary.companies_added, Company.select().count()) == (2, 0, 0)
    assert [(p.name, p.company_id, p.title) for p in Person.select().order_by(Person.id)] == [
        ("Ann Lee", None, "Consultant"), ("Bo Ek", None, "Designer")]
