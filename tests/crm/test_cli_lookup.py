"""`crm lookup` and `crm demo` end to end against the bundled demo site on a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from crm.cli.demo import DEMO_SITE, demo_posting_path
from scrapers.localserver import LocalServer, Reply

EXPECTED = """\
Senior Backend Engineer at Brightwell Maps (Leeds, GB)
BASE/careers/senior-backend-engineer.html

#  NAME            TITLE                         SCORE  WHY
-  --------------  ----------------------------  -----  -----------------------------------------------------------------
1  Aisha Khan      Engineering Manager, Backend  0.95   title matches the stated reporting line
2  Arun Prakash    Co-founder & CTO              0.31   Co-founder & CTO: same function (engineering), top of the company
3  Eleanor Whitby  Co-founder & CEO              0.17   Co-founder & CEO: runs the company, top of the company

Likely email addresses at brightwell.example (a guess is never verified, nothing was sent):
#  NAME            EMAIL
-  --------------  ----------------------------------------------------------------------------------
1  Aisha Khan      aisha.khan@brightwell.example (guessed, {first}.{last} seen 2 times, 0.75)
2  Arun Prakash    arun.prakash@brightwell.example (guessed, {first}.{last} seen 2 times, 0.75)
3  Eleanor Whitby  eleanor.whitby@brightwell.example (published on BASE/leadership)

LinkedIn search (open it yourself): https://www.linkedin.com/search/results/people/?keywords=Engineering+Manager%2C+Backend+Brightwell+Maps
Pages read (5 requests, robots.txt included):
  BASE/careers/senior-backend-engineer.html
  BASE/
  BASE/leadership
  BASE/team
"""


@pytest.fixture
def site():
    with LocalServer(root=DEMO_SITE / "site") as server:
        yield server


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


def test_human_output(site: LocalServer) -> None:
    result = invoke("lookup", site.url(demo_posting_path()), "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.replace(site.base_url, "BASE") == EXPECTED
    assert result.stderr == ""


def test_json_output_shape(site: LocalServer) -> None:
    result = invoke("lookup", site.url(demo_posting_path()), "--json", "--top", "2")
    data = json.loads(result.stdout)
    assert list(data) == ["posting", "candidates", "pages", "not_found", "linkedin_search", "sources", "api_calls",
                          "connections"]
    assert {"url", "title", "company", "company_url", "department", "location"} <= set(data["posting"])
    assert [c["name"] for c in data["candidates"]] == ["Aisha Khan", "Arun Prakash"]
    assert list(data["candidates"][0]) == ["name", "title", "score", "reasons", "profile_url", "source_url", "email",
                                           "evidence"]
    assert data["candidates"][0]["source_url"] == site.url("/team")
    assert data["pages"][0] == site.url(demo_posting_path())


def test_save_twice_adds_nothing(site: LocalServer, store_url: str) -> None:
    from crm.store.db import close_db, init_db
    from crm.store.models import Application, ApplicationContact, Company, Person

    url = site.url(demo_posting_path())
    first = invoke("lookup", url, "--save", db=store_url)
    assert first.exit_code == 0, first.output
    assert first.stderr == "Saved: application #1 saved, 10 new contacts, hiring manager: Aisha Khan (0.95).\n"
    second = invoke("lookup", url, "--save", db=store_url)
    assert second.stderr == "Saved: application #1 already saved, 0 new contacts, hiring manager: Aisha Khan (0.95).\n"
    init_db(store_url)
    try:
        assert (Company.select().count(), Application.select().count(), Person.select().count()) == (1, 1, 10)
        app = Application.get()
        assert (app.status, app.title, app.company.name) == ("saved", "Senior Backend Engineer", "Brightwell Maps")
        links = {(link.person.name, link.role, link.score) for link in ApplicationContact.select()}
        assert links == {("Aisha Khan", "hiring_manager", 0.95), ("Greta Vogel", "recruiter", None)}
        aisha = Person.get(Person.name == "Aisha Khan")
        assert (aisha.source, aisha.source_url) == ("lookup", site.url("/team"))
    finally:
        close_db()


@pytest.mark.parametrize("args, message", [
    (["lookup", "not-a-url"], "Error: not a URL: 'not-a-url' (expected http:// or https://)\n"),
    (["lookup", "https://www.linkedin.com/jobs/view/1"], None),
])
def test_bad_input_is_one_line(args: list[str], message: str | None) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    if message:
        assert result.stderr == message


def test_missing_posting_is_one_line() -> None:
    with LocalServer({}) as server:
        result = invoke("lookup", server.url("/jobs/gone"))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_usage_errors_exit_2() -> None:
    assert invoke("lookup", "https://acme.example/jobs/1", "--top", "0").exit_code == 2
    assert invoke("lookup").exit_code == 2


def test_company_url_and_page_budget() -> None:
    posting = ("<html><head><title>Data Engineer</title></head><body><h1>Data Engineer</h1>"
               "<p>Join us as a data engineer.</p></body></html>")
    team = ("<html><body><h1>Team</h1><div><div><h3>Ada Lovelace</h3><p>Head of Data</p></div>"
            "<div><h3>Alan Turing</h3><p>CEO</p></div></div></body></html>")
    with LocalServer({"/jobs/1": Reply(posting)}) as jobs, LocalServer({"/": Reply("<a href='/team'>Team</a>"),
                                                                       "/team": Reply(team)}) as company:
        result = invoke("lookup", jobs.url("/jobs/1"), "--company-url", company.url("/"), "--json")
        tight = invoke("lookup", jobs.url("/jobs/1"), "--company-url", company.url("/"), "--max-pages", "3")
    data = json.loads(result.stdout)
    assert data["candidates"][0]["name"] == "Ada Lovelace"
    assert data["pages"] == [jobs.url("/jobs/1"), company.url("/"), company.url("/team")]
    assert tight.exit_code == 0 and "request budget" in tight.stderr


def test_company_named_by_its_own_site_when_the_posting_names_none() -> None:
    posting = "<html><head><title>Data Engineer</title></head><body><h1>Data Engineer</h1><p>Pipelines.</p></body></html>"
    home = ("<html><head><meta property='og:site_name' content='Quillon Labs'></head><body><h1>Team</h1>"
            "<div><div><h3>Ada Lovelace</h3><p>Head of Data</p></div><div><h3>Alan Turing</h3><p>CEO</p></div></div>"
            "</body></html>")
    with LocalServer({"/jobs/1": Reply(posting)}) as jobs, LocalServer({"/": Reply(home)}) as company:
        shown = invoke("lookup", jobs.url("/jobs/1"), "--company-url", company.url("/"))
        bare = invoke("lookup", jobs.url("/jobs/1"))
    assert shown.exit_code == 0 and shown.stdout.startswith("Data Engineer at Quillon Labs\n"), shown.output
    assert bare.exit_code == 0 and bare.stdout.startswith("Data Engineer at a company the posting does not name\n")
    assert "the posting does not name its company" in bare.stderr


def test_demo_runs_offline_and_exits_0() -> None:
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for step in ("Step 1", "Step 2", "Step 3", "Step 4", "Step 5"):
        assert step in out
    assert "1  Aisha Khan" in out and "Saving again adds 0 contacts and 0 links" in out
    due = out.split("Step 4")[1].split("Step 5")[0]
    assert "overdue" in due and "Aisha Khan" in due and "after-apply/2d" in due
    draft = out.split("Step 5")[1]
    assert "To: aisha.khan@brightwell.example (guessed: check it before sending)" in draft
    assert "Hi Aisha," in draft and "Senior Backend Engineer role at Brightwell Maps" in draft


def test_demo_keep_leaves_the_database(tmp_path: Path) -> None:
    result = invoke("demo", "--keep")
    assert result.exit_code == 0
    path = Path(result.stderr.split("Demo database kept at ")[1].split(" ")[0])
    assert path.is_file()
    path.unlink()


def test_save_creates_a_named_manager_who_is_on_no_page(db) -> None:
    from crm.store.lookups import save_lookup
    from crm.store.models import ApplicationContact, Company, Person
    from scrapers.hiring_manager import linkedin_search_url, rank
    from scrapers.team.lookup import LookupResult
    from scrapers.types import NamedPerson, PersonOnPage, Posting

    posting = Posting(url="https://acme.example/jobs/7", source="generic", title="Platform Engineer | Acme",
                      company="Acme", reports_to=NamedPerson(name="Jordan Alvarez", title="Head of Platform"))
    people = (PersonOnPage("Elena Popescu", "Senior Platform Engineer", None, "https://acme.example/team"),)
    result = LookupResult(posting, tuple(rank(posting, people)), people, (posting.url,),
                          linkedin_search_url(posting), 3, "https://acme.example/")
    saved = save_lookup(result)
    assert (saved.contacts_created, saved.hiring_manager, saved.score) == (2, "Jordan Alvarez", 0.99)
    assert save_lookup(result).contacts_created == 0
    company = Company.get()
    assert (company.name, company.domain) == ("Acme", "acme.example")
    jordan = Person.get(Person.name == "Jordan Alvarez")
    assert (jordan.title, jordan.source, jordan.source_url) == ("Head of Platform", "lookup", posting.url)
    link = ApplicationContact.get()
    assert (link.person.name, link.role, link.application.title) == ("Jordan Alvarez", "hiring_manager",
                                                                      "Platform Engineer")


@pytest.mark.parametrize("deadline", ["0", "-5", "later", "inf"])
def test_a_deadline_that_is_no_time_is_a_usage_error(deadline: str) -> None:
    from click.testing import CliRunner

    from crm.cli import cli

    result = CliRunner().invoke(cli, ["lookup", "https://acme.example/jobs/1", "--deadline", deadline])
    assert result.exit_code == 2 and "--deadline" in result.stderr and "Traceback" not in result.output
