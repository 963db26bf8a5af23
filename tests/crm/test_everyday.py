"""Issue 11, the everyday record: --company matches as a REF does (a typo never makes a company),
applications without a posting URL and their details, a keep-in-touch rhythm, a note after applying
that says you applied, `crm due` when every application is only saved, and names beside ids in the
CSV export. End to end through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.store.keys import company_key

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    return run


def _json(result: Result) -> object:
    return json.loads(result.stdout)


# --- 2. Typos do not create things --------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Acme B.V.", "Acme BV"), ("Acme S.A.", "acme sa"), ("Acme S.p.A.", "ACME SpA"), ("Acme A/S", "Acme AS"),
    ("Acme S.à r.l.", "Acme SARL"), ("Acme K.K.", "Acme"), ("Acme N.V.", "Acme, Inc."), ("J.P. Morgan", "JP Morgan"),
])
def test_dotted_legal_forms_are_the_same_company(a: str, b: str) -> None:
    assert company_key(a) == company_key(b)


def test_initials_inside_a_name_are_not_legal_forms() -> None:
    assert company_key("A.B. Dick Company") == "ab dick"
    assert company_key("e.on") == "e on"  # a word after the dot: not initials
    assert company_key("Y Combinator") == "y combinator"


def test_a_company_that_matches_nothing_is_refused_with_suggestions(crm: Run) -> None:
    crm("company", "add", "Kestrel Labs B.V.", "--domain", "kestrel.example")
    before = crm("export").stdout
    for args in (("contact", "add", "Jane Doe", "--company", "Kestrl Labs"),
                 ("app", "add", "https://jobs.example/k/1", "--company", "Kestrl Labs"),
                 ("app", "add", "--title", "Engineer", "--company", "Kestrl Labs")):
        result = crm(*args, code=1)
        assert result.stderr == ("Error: no company matches 'Kestrl Labs'; did you mean 'Kestrel Labs B.V.' (#1)? "
                                 "(to create it, add --new-company)\n")
    assert crm("export").stdout == before  # nothing half-made


@pytest.mark.parametrize("ref", ["kestrel", "Kestrel Labs BV", "KESTREL LABS B.V.", "kestrel.example",
                                 "https://www.kestrel.example/careers", "1", "#1", "kest"])
def test_company_matches_like_a_ref(crm: Run, ref: str) -> None:
    crm("company", "add", "Kestrel Labs B.V.", "--domain", "kestrel.example")
    crm("company", "add", "Globex")
    result = crm("contact", "add", "Jane Doe", "--company", ref)
    assert result.stderr == "Added contact #1 Jane Doe at Kestrel Labs B.V.\n"


def test_an_ambiguous_company_lists_the_matches(crm: Run) -> None:
    crm("company", "add", "Acme Robotics")
    crm("company", "add", "Acme Foods")
    result = crm("app", "add", "--title", "Engineer", "--company", "acme", code=1)
    assert result.stderr == "Error: company 'acme' is ambiguous: #1 Acme Robotics, #2 Acme Foods; use the id\n"


def test_new_company_creates_one_unless_the_name_is_taken(crm: Run) -> None:
    crm("company", "add", "Acme Robotics")
    made = crm("app", "add", "--title", "Engineer", "--company", "Acme", "--new-company")
    assert made.stderr == "Created company #2 Acme\nAdded application #1 (saved)\n"  # not Acme Robotics
    again = crm("contact", "add", "Jane Doe", "--company", "ACME", "--new-company")
    assert again.stderr == "Added contact #1 Jane Doe at Acme\n"  # the same name: no second company
    assert crm("contact", "add", "Sam", "--new-company", code=2).stderr.endswith(
        "Error: --new-company needs --company NAME\n")
    moved = crm("contact", "edit", "Jane Doe", "--company", "Initech", "--new-company")
    assert moved.stderr == "Created company #3 Initech\nUpdated contact #1 Jane Doe\n"
    assert crm("app", "edit", "1", "--company", "Initek", code=1).stderr.startswith(
        "Error: no company matches 'Initek'; did you mean 'Initech' (#3)?")


def test_migration_0007_rekeys_dotted_names_and_keeps_clashes(store_url: str) -> None:
    from crm.store.db import close_db, init_db
    from crm.store.migrations import __path__ as folder  # noqa: F401  (the package exists)

    db = init_db(store_url)
    p = db.param
    now = "2026-01-01 00:00:00"
    db.execute_sql(f'UPDATE "company" SET name_key = name_key WHERE 1 = 0')
    for cid, name, key in ((1, "Acme B.V.", "acme b v"), (2, "Acme", "acme"), (3, "Globex S.A.", "globex s a")):
        db.execute_sql(f'INSERT INTO "company" (id, name, name_key, notes, created_at, updated_at) '
                       f"VALUES ({p}, {p}, {p}, '', {p}, {p})", (cid, name, key, now, now))
    import importlib

    module = importlib.import_module("crm.store.migrations.0007_everyday_records")
    module._rekey_companies(db)
    keys = dict(db.execute_sql('SELECT id, name_key FROM "company" ORDER BY id').fetchall())
    close_db()
    assert keys == {1: "acme b v", 2: "acme", 3: "globex"}  # Acme B.V. would clash with Acme: kept


# --- 5. Every kind of application --------------------------------------------------------------

def test_an_application_without_a_posting_url(crm: Run) -> None:
    crm("company", "add", "Globex")
    made = crm("app", "add", "--title", "Platform Engineer", "--company", "globex", "--source", "referral",
               "--salary", "90k-110k EUR", "--remote", "hybrid", "--tag", "fintech", "--tag", "Berlin, maybe",
               "--description", "Kubernetes and Go", "--json")
    record = _json(made)
    assert {k: record[k] for k in ("url", "title", "company", "source", "salary_min", "salary_max", "currency",
                                   "remote", "tags", "description")} == {
        "url": None, "title": "Platform Engineer", "company": "Globex", "source": "referral", "salary_min": 90000,
        "salary_max": 110000, "currency": "EUR", "remote": "hybrid", "tags": ["berlin", "fintech", "maybe"],
        "description": "Kubernetes and Go"}
    crm("app", "add", "--title", "SRE", "--company", "globex", "--source", "recruiter")  # a second one, no URL
    shown = crm("app", "show", "Platform Engineer").stdout
    assert "salary:      90,000-110,000 EUR\n" in shown and "tags:        berlin, fintech, maybe\n" in shown
    assert "url:" not in shown
    assert crm("app", "add", "--company", "globex", code=1).stderr == (
        "Error: an application without a posting URL needs a title (--title)\n")


def test_details_are_checked_and_edited(crm: Run) -> None:
    crm("app", "add", "https://jobs.example/1", "--title", "Engineer")
    for args, error in ((("--source", "newspaper"), "bad source 'newspaper': use one of job-board, company-site, "
                                                   "referral, recruiter, other"),
                        (("--remote", "sometimes"), "bad remote 'sometimes': use one of yes, hybrid, no"),
                        (("--salary", "lots"), 'bad salary \'lots\': expected a figure or a range like "90k-120k EUR"'),
                        (("--salary", "120k-90k"), "bad salary '120k-90k': the low end is above the high end")):
        assert crm("app", "edit", "1", *args, code=1).stderr == f"Error: {error}\n"
    crm("app", "edit", "1", "--source", "board", "--remote", "remote", "--salary", "£45,000 to £55,000",
        "--tag", "a,b", "--tag", "c")
    crm("app", "edit", "1", "--untag", "B", "--tag", "d")
    record = _json(crm("app", "show", "1", "--json"))
    assert (record["source"], record["remote"], record["salary_min"], record["salary_max"], record["currency"],
            record["tags"]) == ("job-board", "yes", 45000, 55000, "GBP", ["a", "c", "d"])
    crm("app", "edit", "1", "--url", "")  # the URL may go: it has a title
    assert _json(crm("app", "show", "Engineer", "--json"))["url"] is None
    crm("app", "add", "https://jobs.example/2")
    assert crm("app", "edit", "2", "--url", "", code=1).stderr == (
        "Error: an application without a posting URL needs a title\n")


def test_app_list_filters_and_sorts(crm: Run) -> None:
    crm("company", "add", "Acme")
    crm("company", "add", "Globex")
    crm("app", "add", "https://jobs.example/1", "--title", "A", "--company", "acme", "--salary", "100k EUR",
        "--tag", "remote-ok", "--source", "job-board")
    crm("app", "add", "--title", "B", "--company", "globex", "--salary", "120k EUR", "--source", "referral")
    crm("app", "add", "--title", "C", "--company", "globex", "--tag", "remote-ok,dream", "--source", "referral")
    ids = lambda *args: [r["id"] for r in _json(crm("app", "list", *args, "--json"))]  # noqa: E731
    assert ids() == [3, 2, 1]
    assert ids("--tag", "remote-ok") == [3, 1]
    assert ids("--tag", "dream") == [3]
    assert ids("--tag", "remote") == []  # a whole tag, not a piece of one
    assert ids("--source", "referral") == [3, 2]
    assert ids("--company", "globex") == [3, 2]
    assert ids("--sort", "salary") == [2, 1, 3]
    assert ids("--sort", "title") == [1, 2, 3]
    table = crm("app", "list", "--source", "referral").stdout.splitlines()
    assert table[0].split() == ["ID", "STATUS", "TITLE", "COMPANY", "APPLIED", "SALARY", "TAGS", "URL", "/", "SOURCE"]
    assert crm("app", "list", "--tag", "nothing").stderr == "No applications match.\n"


def test_new_fields_survive_export_and_import(crm: Run, tmp_path: Path) -> None:
    crm("app", "add", "--title", "Platform Engineer", "--company", "Globex", "--new-company", "--salary",
        "90k-110k EUR", "--tag", "x", "--remote", "no", "--description", "Desc")
    crm("contact", "add", "Sam Lee", "--every", "90d")
    out = tmp_path / "backup.json"
    crm("export", "--out", str(out))
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", other, "import", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["--db", other, "export"]).stdout == crm("export").stdout


# --- keep in touch -------------------------------------------------------------------------------

def test_keep_in_touch_rhythm(crm: Run) -> None:
    crm("contact", "add", "Sam Lee", "--company", "Kestrel", "--new-company", "--every", "90d")
    crm("contact", "add", "Ana Ruiz", "--every", "4w")
    crm("contact", "add", "No Rhythm")
    crm("log", "Ana Ruiz", "--kind", "call", "--on", "2026-10-01", "--direction", "in")
    due = _json(crm("due", "--today", "2026-11-29", "--json"))
    got = [(d["contact"]["name"], d["due_on"], d["kind"], d["rule"], d["reason"]) for d in due]
    assert got == [
        ("Ana Ruiz", "2026-10-29", "check-in", "keep-in-touch/28d",
         "keep in touch every 28 days; last exchange on 2026-10-01"),
        ("Sam Lee", "2026-11-29", "check-in", "keep-in-touch/90d",
         "keep in touch every 90 days; nothing logged with them yet"),
    ]
    draft = crm("draft", "Sam Lee", "--today", "2026-11-29").stdout
    assert draft.startswith("Subject: Catching up\n") and "Kestrel" in draft
    crm("log", "Sam Lee", "--kind", "check-in", "--on", "2026-11-29")
    crm("contact", "edit", "Ana Ruiz", "--every", "none")
    due = _json(crm("due", "--today", "2026-11-29", "--within", "365", "--json"))
    assert [(d["contact"]["name"], d["due_on"]) for d in due] == [("Sam Lee", "2027-02-27")]
    assert crm("contact", "edit", "Sam Lee", "--every", "often", code=1).stderr.startswith("Error: bad rhythm 'often'")
    assert "keep in touch:  every 90 days\n" in crm("contact", "show", "Sam Lee").stdout


def test_keep_in_touch_waits_while_they_are_on_an_open_application(crm: Run) -> None:
    crm("contact", "add", "Sam Lee", "--every", "30d")
    crm("app", "add", "https://jobs.example/1", "--title", "Engineer", "--applied-on", "2026-11-25")
    crm("app", "link", "1", "Sam Lee", "--role", "recruiter")
    due = _json(crm("due", "--today", "2026-11-29", "--within", "60", "--json"))
    assert all(not d["rule"].startswith("keep-in-touch") for d in due)


# --- 8. The first hour ---------------------------------------------------------------------------

def test_a_note_after_applying_moves_a_saved_application_to_applied(crm: Run) -> None:
    crm("app", "add", "https://jobs.example/1", "--title", "Engineer")
    crm("contact", "add", "Jane Doe")
    logged = crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-27 10:00")
    assert logged.stderr.splitlines()[1] == (
        "Application #1: saved -> applied on 2026-11-27 (a note after applying means you applied)")
    record = _json(crm("app", "show", "1", "--json"))
    assert (record["status"], record["applied_on"]) == ("applied", "2026-11-27")
    again = crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1")
    assert len(again.stderr.splitlines()) == 1  # already applied: nothing moves


def test_due_says_when_every_application_is_only_saved(crm: Run) -> None:
    assert crm("due").stderr == "Nobody is due. Nice.\n"
    crm("app", "add", "https://jobs.example/1", "--title", "Engineer")
    crm("app", "add", "https://jobs.example/2", "--title", "SRE")
    result = crm("due")
    assert result.stderr == ("Nobody is due: your 2 applications are only saved, and follow-ups start once you "
                             "apply. When you have, say so: crm app status ID applied --on DATE\n")
    assert crm("due", "--json").stderr == ""
    crm("app", "status", "1", "applied")
    assert "only saved" not in crm("due").stderr + crm("due").stdout


def test_csv_export_has_names_beside_ids(crm: Run, tmp_path: Path) -> None:
    crm("contact", "add", "Jane Doe", "--company", "Acme", "--new-company")
    crm("app", "add", "https://jobs.example/1", "--title", "Engineer", "--company", "acme")
    crm("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-20")
    crm("export", "--format", "csv", "--out", str(tmp_path / "out"))

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / "out" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    [person] = rows("person")
    assert list(person)[list(person).index("company_id") + 1] == "company"
    assert (person["company_id"], person["company"]) == ("1", "Acme")
    [link] = rows("application_contact")
    assert (link["application"], link["contact"]) == ("Engineer", "Jane Doe")
    [note] = rows("interaction")
    assert (note["contact"], note["application"]) == ("Jane Doe", "Engineer")
    assert {r["application"] for r in rows("status_change")} == {"Engineer"}
    [company] = rows("company")
    assert "company" not in company  # a table's own name column is not repeated


def test_an_export_from_before_the_new_columns_restores_with_their_defaults(crm: Run, tmp_path: Path) -> None:
    crm("app", "add", "--title", "Platform Engineer", "--company", "Globex", "--new-company", "--salary", "90k EUR")
    crm("contact", "add", "Sam Lee", "--every", "90d")
    doc = json.loads(crm("export").stdout)
    for row in doc["tables"]["person"]:
        del row["keep_in_touch_days"]
    for row in doc["tables"]["application"]:
        for column in ("source", "salary_min", "salary_max", "currency", "remote", "tags", "description"):
            del row[column]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc), encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert CliRunner().invoke(cli, ["--db", other, "import", str(old)]).exit_code == 0
    [app] = json.loads(CliRunner().invoke(cli, ["--db", other, "app", "list", "--json"]).stdout)
    assert (app["title"], app["salary_min"], app["currency"], app["tags"], app["source"]) == (
        "Platform Engineer", None, "", [], "")
    [person] = json.loads(CliRunner().invoke(cli, ["--db", other, "contact", "list", "--json"]).stdout)
    assert person["keep_in_touch_days"] is None
