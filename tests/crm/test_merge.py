"""Duplicates at the command line: `crm contact merge`, `crm company merge`, `crm contact dupes`, on both backends."""

from __future__ import annotations

import json
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from tests.crm.test_undo import snapshot

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    return run


@pytest.fixture
def twins(crm: Run) -> Run:
    """Jane Doe twice at Acme (one typed, one from a page), with roles, a log and an interview each."""
    crm("company", "add", "Acme", "--domain", "acme.example")
    crm("company", "add", "Acme Robotics GmbH", "--website", "https://acmerobotics.example")
    crm("contact", "add", "Jane Doe", "--company", "Acme", "--email", "jane@acme.example", "--title",
        "Engineering Manager")
    crm("contact", "add", "jane doe", "--company", "Acme", "--allow-duplicate", "--phone", "+49 30 1234",
        "--title", "EM", "--linkedin", "https://www.linkedin.com/in/jane-doe", "--note", "met at FOSDEM")
    crm("contact", "add", "Bob Roe", "--company", "Acme Robotics GmbH")
    crm("app", "add", "https://jobs.example/acme/1", "--company", "Acme", "--title", "Backend Engineer")
    crm("app", "add", "https://jobs.example/acme/2", "--company", "Acme Robotics GmbH", "--title", "SRE")
    crm("app", "link", "1", "1", "--role", "hiring_manager")
    crm("app", "link", "1", "2", "--role", "hiring_manager")  # the same role twice: kept once
    crm("app", "link", "1", "2", "--role", "recruiter")
    crm("interview", "add", "1", "--on", "2026-11-20 14:00", "--with", "1", "--with", "2")
    crm("log", "2", "--kind", "reply", "--direction", "in", "--on", "2026-11-21", "--note", "Thanks!")
    return crm


def test_contact_merge_moves_everything_and_lists_conflicts(twins: Run) -> None:
    result = twins("contact", "merge", "1", "2")
    assert result.stderr == (
        "Merged contact #2 jane doe into #1 Jane Doe: moved 1 link, 1 interaction; "
        "took linkedin_url, phone, notes from #2\n"
        "  2 links #1 already had: not doubled\n"
        "  1 interview seat #1 already had: not doubled\n"
        "  title: kept 'Engineering Manager', dropped 'EM'\n"
        "(crm undo takes it back)\n")
    shown = json.loads(twins("contact", "show", "1", "--json").stdout)
    assert {k: shown[k] for k in ("name", "title", "email", "phone", "linkedin_url", "notes")} == {
        "name": "Jane Doe", "title": "Engineering Manager", "email": "jane@acme.example", "phone": "+49 30 1234",
        "linkedin_url": "https://www.linkedin.com/in/jane-doe", "notes": "met at FOSDEM"}
    assert sorted(r["role"] for r in shown["roles"]) == ["hiring_manager", "interviewer", "recruiter"]
    assert [e["summary"] for e in shown["history"] if e["type"] == "interaction"] == [
        "reply (email) from Jane Doe: Thanks!"]
    assert twins("contact", "show", "2", code=1).stderr == "Error: no contact with id 2\n"
    [interview] = json.loads(twins("interview", "list", "--json").stdout)
    assert interview["with"] == ["Jane Doe"]


def test_contact_merge_json_and_undo(twins: Run, store_url: str) -> None:
    before = snapshot(store_url)
    out = json.loads(twins("contact", "merge", "jane@acme.example", "2", "--json").stdout)
    assert out["moved"] == {"application_contact": 1, "interaction": 1}
    assert out["already_there"] == {"application_contact": 2, "interview_participant": 1}
    assert out["conflicts"] == [{"field": "title", "kept": "Engineering Manager", "dropped": "EM"}]
    assert twins("undo").stderr.startswith("Undid change #13 (crm contact merge jane@acme.example 2 --json, ")
    assert snapshot(store_url) == before


def test_company_merge_moves_contacts_and_applications_and_takes_the_domain(crm: Run) -> None:
    crm("company", "add", "Acme")
    crm("company", "add", "ACME Robotics", "--domain", "acme.example", "--careers", "https://acme.example/jobs")
    crm("contact", "add", "Jane Doe", "--company", "Acme")
    crm("contact", "add", "Bob Roe", "--company", "acme.example")
    crm("app", "add", "https://jobs.example/acme/2", "--company", "acme.example", "--title", "SRE")
    result = crm("company", "merge", "Acme", "ACME Robotics")
    assert result.stderr == (
        "Merged company #2 ACME Robotics into #1 Acme: moved 1 contact, 1 application; "
        "took domain, careers_url from #2\n"
        "  name: kept 'Acme', dropped 'ACME Robotics'\n"
        "(crm undo takes it back)\n")
    shown = json.loads(crm("company", "show", "acme.example", "--json").stdout)
    assert (shown["id"], shown["careers_url"]) == (1, "https://acme.example/jobs")
    assert [c["name"] for c in shown["contacts"]] == ["Bob Roe", "Jane Doe"]
    assert [a["title"] for a in shown["applications"]] == ["SRE"]


BAD = [
    (("contact", "merge", "1", "1"), "Error: cannot merge contact #1 into itself"),
    (("contact", "merge", "1", "99"), "Error: no contact with id 99"),
    (("contact", "merge", "Jane Doe", "2"), "Error: contact 'Jane Doe' is ambiguous: #1 Jane Doe (Acme), "
                                            "#2 jane doe (Acme); use the id"),
    (("company", "merge", "Acme", "acme"), "Error: cannot merge company #1 into itself"),
    (("company", "merge", "Acme", "Nope Inc"), "Error: no company matches 'Nope Inc'"),
]


@pytest.mark.parametrize("args, error", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_merge_is_one_error_line_and_changes_nothing(twins: Run, store_url: str, args: tuple[str, ...],
                                                           error: str) -> None:
    before = snapshot(store_url, journal=True)
    result = twins(*args, code=1)
    assert (result.stdout, result.stderr) == ("", error + "\n")
    assert snapshot(store_url, journal=True) == before


def test_dupes_lists_the_same_email_name_and_close_names(crm: Run) -> None:
    crm("company", "add", "Acme")
    crm("company", "add", "Globex")
    crm("contact", "add", "Jane Doe", "--company", "Acme")
    crm("contact", "add", "Jane Doe", "--company", "Globex")
    crm("contact", "add", "Jon Smith", "--company", "Acme")
    crm("contact", "add", "John Smith", "--company", "Acme")
    crm("contact", "add", "Ann Lee", "--email", "ann@example.com")
    crm("contact", "add", "Ann Lee-Park", "--company", "Globex")
    crm("contact", "edit", "Ann Lee-Park", "--email", "other@example.com")
    assert crm("contact", "dupes").stdout == (
        "KEEP  NAME       OTHER  NAME        COMPANY        WHY                           TO MERGE\n"
        "----  ---------  -----  ----------  -------------  ----------------------------  ---------------------\n"
        "1     Jane Doe   2      Jane Doe    Acme / Globex  same name at another company  crm contact merge 1 2\n"
        "3     Jon Smith  4      John Smith  Acme           close names at Acme           crm contact merge 3 4\n")
    [first, _] = json.loads(crm("contact", "dupes", "--json").stdout)
    assert (first["keep"]["id"], first["other"]["id"], first["score"]) == (1, 2, 100)


def test_dupes_finds_the_same_email_written_behind_the_store(crm: Run, store_url: str) -> None:
    from crm.store import close_store, open_store
    from crm.store.models import Person

    crm("contact", "add", "Jane Doe", "--email", "jane@acme.example")
    crm("contact", "add", "J. Doe")
    open_store(store_url)
    try:
        Person.update(email="Jane@Acme.example", email_lower="jane@acme.example").where(Person.id == 2).execute()
    finally:
        close_store()
    [pair] = json.loads(crm("contact", "dupes", "--json").stdout)
    assert pair["reason"] == "same email jane@acme.example"


def test_no_dupes_says_so(crm: Run) -> None:
    crm("contact", "add", "Jane Doe")
    assert crm("contact", "dupes").stderr == "No likely duplicates.\n"
    assert crm("contact", "dupes", "--json").stdout == "[]\n"


def test_a_linkedin_import_joins_contacts_by_email_then_by_name_at_the_company(crm: Run, tmp_path) -> None:
    crm("company", "add", "Acme, Inc.")
    crm("contact", "add", "Jane Smith", "--email", "Jane@Acme.example")  # married since: the same address
    crm("contact", "add", "Bob Roe", "--company", "Acme", "--title", "CTO")
    crm("contact", "add", "Bob Roe", "--company", "Acme", "--allow-duplicate")  # both: the first is joined
    crm("contact", "add", "Ann Lee")  # at no company: a namesake elsewhere is not her
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Jane,Doe,https://www.linkedin.com/in/jane-doe,jane@acme.example,Globex,VP,01 Nov 2026\n"
                   "Bob,Roe,https://www.linkedin.com/in/bob-roe,,ACME Inc,CTO,02 Nov 2026\n"
                   "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Initech,Engineer,03 Nov 2026\n")
    result = crm("import", str(csv))
    assert result.stderr == (
        "LinkedIn connections: 1 added, 2 updated, 0 unchanged, 0 skipped; 2 new companies; "
        "2 connections merged into contacts you had\n"
        "  line 2: joined contact #1 Jane Smith (same email)\n"
        "  line 3: joined contact #2 Bob Roe (same name at ACME Inc)\n")
    jane = json.loads(crm("contact", "show", "1", "--json").stdout)
    assert (jane["name"], jane["linkedin_url"], jane["company"]) == (
        "Jane Smith", "https://www.linkedin.com/in/jane-doe", "Globex")
    again = json.loads(crm("import", str(csv), "--json").stdout)
    assert (again["added"], again["merged"]) == (0, [])  # connections now: nothing merged twice
    assert [p["name"] for p in json.loads(crm("contact", "list", "--json").stdout)].count("Ann Lee") == 2


def test_a_merged_contacts_other_address_stays_theirs(crm: Run, store_url: str) -> None:
    crm("contact", "add", "Jane Doe", "--email", "jane@acme.example")
    crm("contact", "add", "jane doe", "--email", "Jane.Doe@old.example", "--allow-duplicate")
    before = snapshot(store_url)
    assert crm("contact", "merge", "1", "2").stderr == (
        "Merged contact #2 jane doe into #1 Jane Doe: moved nothing\n"
        "  email: kept 'jane@acme.example', dropped 'Jane.Doe@old.example' (kept as another address: "
        "mail to or from it is theirs)\n"
        "(crm undo takes it back)\n")
    after = snapshot(store_url)
    assert [row[1:3] for row in after["contact_alias"]] == [(1, "jane.doe@old.example")]
    crm("undo")
    assert snapshot(store_url) == before
