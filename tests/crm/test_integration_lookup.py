"""End to end through a loopback site: likely emails and your own connections in lookup, save and show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from scrapers.localserver import LocalServer

POSTING_PATH = "/careers/platform-engineer.html"
# A small company that publishes three personal addresses in {f}{last}, a role inbox, and a
# customer's address on another domain that must teach nothing.
SITE = {
    "careers/platform-engineer.html": """<!DOCTYPE html><html><head><title>Platform Engineer — Quillon Labs</title>
<script type="application/ld+json">{"@context": "https://schema.org/", "@type": "JobPosting",
 "title": "Platform Engineer", "datePosted": "2026-11-02",
 "description": "<p>Join our Platform team.</p><p>You'll report to our Head of Platform.</p>",
 "hiringOrganization": {"@type": "Organization", "name": "Quillon Labs", "url": "/"},
 "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Bristol",
                 "addressCountry": "GB"}}}</script>
</head><body><h1>Platform Engineer</h1><p>You'll report to our Head of Platform.</p></body></html>""",
    "index.html": """<!DOCTYPE html><html><head><title>Quillon Labs</title></head><body>
<nav><a href="/team">Team</a> <a href="/careers/platform-engineer.html">Careers</a></nav>
<h1>Quillon Labs</h1><p>Ledgers for small shops.</p>
<footer>Say hello: <a href="mailto:hello@quillon.example">hello@quillon.example</a></footer></body></html>""",
    "team.html": """<!DOCTYPE html><html><head><title>Team — Quillon Labs</title></head><body>
<h1>Our team</h1><div class="grid">
<div class="c"><h3>Tomás Rivera</h3><p>CEO</p><a href="mailto:trivera@quillon.example">Email Tomás</a></div>
<div class="c"><h3>Maya Fischer</h3><p>Head of Platform</p></div>
<div class="c"><h3>Priya Nair</h3><p>Platform Engineer</p><a href="mailto:pnair@quillon.example">Email Priya</a></div>
<div class="c"><h3>Owen Blake</h3><p>Office Manager</p><p>oblake [at] quillon [dot] example</p></div>
<div class="c"><h3>Lena Park</h3><p>Recruiter</p></div></div>
<blockquote>"Quillon saved us a week a month." — Sam Lee, CFO at Globex
(<a href="mailto:sam.lee@agency.example">sam.lee@agency.example</a>)</blockquote></body></html>""",
}

EMAIL_SECTION = """\
Likely email addresses at quillon.example (a guess is never verified, nothing was sent):
#  NAME          EMAIL
-  ------------  ------------------------------------------------------------------
1  Maya Fischer  mfischer@quillon.example (guessed, {f}{last} seen 3 times, 0.90)
2  Tomás Rivera  trivera@quillon.example (published on BASE/team)
3  Lena Park     lpark@quillon.example (guessed, {f}{last} seen 3 times, 0.90)
4  Priya Nair    pnair@quillon.example (published on BASE/team)
5  Owen Blake    oblake@quillon.example (published on BASE/team)
"""

CONNECTIONS_CSV = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Jane,Doe,https://www.linkedin.com/in/janedoe,,Quillon Labs Ltd,Director of Engineering,07 Dec 2025\r\n"
    "Raj,Patel,https://www.linkedin.com/in/rajpatel,,QUILLON LABS,,01 Jan 2026\r\n"
    "Ola,Nordmann,https://www.linkedin.com/in/olanordmann,,Globex,CTO,01 Jan 2026\r\n"
)


@pytest.fixture
def quillon(tmp_path: Path):
    root = tmp_path / "site"
    for name, html in SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    with LocalServer(root=root) as server:
        yield server


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


def import_connections(tmp_path: Path, db: str) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_bytes(CONNECTIONS_CSV.encode("utf-8"))
    result = invoke("import", str(csv), db=db)
    assert result.exit_code == 0, result.output


def test_lookup_shows_likely_emails(quillon: LocalServer) -> None:
    result = invoke("lookup", quillon.url(POSTING_PATH))
    assert result.exit_code == 0, result.output
    out = result.stdout.replace(quillon.base_url, "BASE")
    assert EMAIL_SECTION in out
    assert "agency.example" not in out and "hello@" not in out
    assert "You know" not in out  # no store at all: nothing to know, nothing created
    # The addresses come from the pages already read: no request beyond the usual crawl.
    assert quillon.requests == ["/robots.txt", "/careers/platform-engineer.html", "/", "/team"]


def test_lookup_json_email_objects(quillon: LocalServer) -> None:
    result = invoke("lookup", quillon.url(POSTING_PATH), "--json")
    data = json.loads(result.stdout)
    assert list(data) == ["posting", "candidates", "pages", "not_found", "linkedin_search", "sources", "api_calls",
                          "connections"]
    by_name = {c["name"]: c for c in data["candidates"]}
    assert list(by_name["Maya Fischer"]) == ["name", "title", "score", "reasons", "profile_url", "source_url",
                                             "email", "evidence"]
    team = quillon.url("/team")
    assert by_name["Maya Fischer"]["email"] == {"address": "mfischer@quillon.example", "guessed": True,
                                                "confidence": 0.9, "pattern": "{f}{last}", "evidence": 3,
                                                "sources": [team]}
    assert by_name["Tomás Rivera"]["email"] == {"address": "trivera@quillon.example", "guessed": False,
                                                "confidence": 1.0, "pattern": "{f}{last}", "evidence": 1,
                                                "sources": [team]}
    assert data["connections"] == []


def test_lookup_without_a_store_leaves_none_behind(quillon: LocalServer, store_url: str) -> None:
    from crm.store.db import close_db, init_db

    result = invoke("lookup", quillon.url(POSTING_PATH), "--json", db=store_url)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["connections"] == []
    if store_url.startswith("sqlite:///"):
        assert not Path(store_url[len("sqlite:///"):]).exists()
    else:  # an empty PostgreSQL database stays empty: no tables were made
        database = init_db(store_url, migrate=False)
        try:
            assert database.get_tables() == []
        finally:
            close_db()


def test_unreachable_store_is_a_note_not_an_error(quillon: LocalServer) -> None:
    result = invoke("lookup", quillon.url(POSTING_PATH), db="postgresql://crm@127.0.0.1:1/nowhere")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Note: your connections were not checked: cannot open the database")
    assert "mfischer@quillon.example" in result.stdout


def test_save_stores_guesses_but_never_a_typed_address(quillon: LocalServer, store_url: str) -> None:
    from crm.store.db import close_db, init_db
    from crm.store.models import Person

    typed = invoke("contact", "add", "Maya Fischer", "--company", "Quillon Labs", "--new-company", "--email",
                   "maya@home.example",
                   db=store_url)
    assert typed.exit_code == 0, typed.output
    for _ in range(2):
        saved = invoke("lookup", quillon.url(POSTING_PATH), "--save", db=store_url)
        assert saved.exit_code == 0, saved.output
    assert saved.stderr == "Saved: application #1 already saved, 0 new contacts, hiring manager: Maya Fischer (0.95).\n"
    init_db(store_url)
    try:
        rows = {p.name: (p.email, p.email_source, p.email_confidence and round(p.email_confidence, 2))
                for p in Person.select()}
    finally:
        close_db()
    assert rows == {
        "Maya Fischer": ("maya@home.example", "user", None),
        "Tomás Rivera": ("trivera@quillon.example", "page", None),
        "Lena Park": ("lpark@quillon.example", "guessed", 0.9),
        "Priya Nair": ("pnair@quillon.example", "page", None),
        "Owen Blake": ("oblake@quillon.example", "page", None),
    }
    shown = invoke("contact", "show", "Lena Park", db=store_url)
    assert shown.exit_code == 0, shown.output
    assert "email:   lpark@quillon.example (guessed, 0.90)\n" in shown.stdout
    assert "email:   maya@home.example\n" in invoke("contact", "show", "Maya Fischer", db=store_url).stdout
    assert "(published on the company's site)" in invoke("contact", "show", "Owen Blake", db=store_url).stdout
    company = invoke("company", "show", "Quillon Labs", db=store_url).stdout.splitlines()
    assert [" ".join(line.split()[1:]) for line in company if "@" in line] == [
        "Lena Park Recruiter lpark@quillon.example (guessed)",
        "Maya Fischer Head of Platform maya@home.example",
        "Owen Blake Office Manager oblake@quillon.example (published on the company's site)",
        "Priya Nair Platform Engineer pnair@quillon.example (published on the company's site)",
        "Tomás Rivera CEO trivera@quillon.example (published on the company's site)",
    ]
    listed = invoke("contact", "list", db=store_url).stdout
    assert "lpark@quillon.example (guessed)" in listed and "maya@home.example (" not in listed
    data = json.loads(invoke("contact", "show", "Lena Park", "--json", db=store_url).stdout)
    assert (data["email"], data["email_source"]) == ("lpark@quillon.example", "guessed")
    assert data["email_confidence"] == pytest.approx(0.9)


def test_connections_in_company_show_and_lookup(quillon: LocalServer, store_url: str, tmp_path: Path) -> None:
    import_connections(tmp_path, store_url)
    shown = invoke("company", "show", "Quillon Labs", db=store_url)
    assert shown.exit_code == 0, shown.output
    line = "You know 2 people at {}: Jane Doe (Director of Engineering), Raj Patel."
    assert line.format("Quillon Labs Ltd") in shown.stdout.splitlines()
    data = json.loads(invoke("company", "show", "Quillon Labs", "--json", db=store_url).stdout)
    expected = [{"id": 1, "name": "Jane Doe", "title": "Director of Engineering",
                 "linkedin_url": "https://www.linkedin.com/in/janedoe"},
                {"id": 2, "name": "Raj Patel", "title": "", "linkedin_url": "https://www.linkedin.com/in/rajpatel"}]
    assert data["connections"] == expected
    assert json.loads(invoke("company", "show", "Globex", "--json", db=store_url).stdout)["connections"][0]["name"] \
        == "Ola Nordmann"

    found = invoke("lookup", quillon.url(POSTING_PATH), "--json", db=store_url)
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["connections"] == expected
    human = invoke("lookup", quillon.url(POSTING_PATH), db=store_url)
    assert line.format("Quillon Labs") in human.stdout.splitlines()
    # Looking up created nothing: the company, the people and no application are as imported.
    listed = json.loads(invoke("company", "list", "--json", db=store_url).stdout)
    assert [(c["name"], c["contacts"], c["applications"]) for c in listed] == [("Globex", 1, 0),
                                                                                ("Quillon Labs Ltd", 2, 0)]
    saved = invoke("lookup", quillon.url(POSTING_PATH), "--save", "--json", db=store_url)
    assert json.loads(saved.stdout)["connections"] == expected
    assert "0 new contacts" not in saved.stderr and "application #1 saved" in saved.stderr


def test_company_show_without_connections_says_nothing(store_url: str) -> None:
    assert invoke("company", "add", "Acme", db=store_url).exit_code == 0
    shown = invoke("company", "show", "Acme", db=store_url)
    assert shown.exit_code == 0 and "You know" not in shown.stdout
    assert json.loads(invoke("company", "show", "Acme", "--json", db=store_url).stdout)["connections"] == []


def test_demo_shows_and_stores_the_email_guess() -> None:
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "1 Aisha Khan aisha.khan@brightwell.example (guessed, {first}.{last} seen 2 times, 0.75)" in rows
    assert "Stored for Aisha Khan: aisha.khan@brightwell.example (guessed, 0.75)" in result.stdout


def _result_with(email: object):
    from scrapers.hiring_manager import linkedin_search_url, rank
    from scrapers.team.lookup import LookupResult
    from scrapers.types import PersonOnPage, Posting

    posting = Posting(url="https://acme.example/jobs/7", source="generic", title="Platform Engineer", company="Acme")
    people = (PersonOnPage("Jordan Alvarez", "Head of Platform", None, "https://acme.example/team"),)
    return LookupResult(posting, tuple(rank(posting, people)), people, (posting.url,), linkedin_search_url(posting),
                        3, "https://acme.example/", emails={"Jordan Alvarez": email} if email else {},
                        mail_domain="acme.example")


@pytest.mark.parametrize("before, found, after", [
    # (stored email, source, confidence) -> what a save of a lookup that found `found` leaves
    ((None, None, None), ("jordan.alvarez", 0.75, True), ("jordan.alvarez@acme.example", "guessed", 0.75)),
    (("jalvarez@acme.example", "guessed", 0.2), ("jordan.alvarez", 0.9, True),
     ("jordan.alvarez@acme.example", "guessed", 0.9)),
    (("jordan.alvarez@acme.example", "guessed", 0.75), ("ja", 1.0, False), ("ja@acme.example", "page", None)),
    (("ja@acme.example", "page", None), ("jordan.alvarez", 0.9, True), ("ja@acme.example", "page", None)),
    (("jordan@gmail.example", "import", None), ("ja", 1.0, False), ("jordan@gmail.example", "import", None)),
    (("jordan@home.example", "user", None), ("ja", 1.0, False), ("jordan@home.example", "user", None)),
    (("jordan@old.example", None, None), ("ja", 0.9, True), ("jordan@old.example", None, None)),
])
def test_save_ranks_email_sources(db, before: tuple, found: tuple, after: tuple) -> None:
    from crm.store.lookups import save_lookup
    from crm.store.models import Company, Person
    from scrapers.team.emails import EmailGuess

    company = Company.create(name="Acme", name_key="acme", domain="acme.example")
    Person.create(name="Jordan Alvarez", company=company, email=before[0], email_source=before[1],
                  email_confidence=before[2])
    local, confidence, guessed = found
    guess = EmailGuess(f"{local}@acme.example", confidence, "{first}.{last}", 2, ("https://acme.example/team",),
                       guessed=guessed)
    for _ in range(2):  # the second save changes nothing more
        save_lookup(_result_with(guess))
        person = Person.get(Person.name == "Jordan Alvarez")
        confidence = person.email_confidence and round(person.email_confidence, 2)
        assert (person.email, person.email_source, confidence) == after
    assert Person.select().count() == 1
