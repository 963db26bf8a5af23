"""`crm openings URL`: a loopback Greenhouse board in its documented shape; filters, ages and
re-listings, --save on both backends (idempotent), --json, --lookup, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from scrapers.localserver import LocalServer, Reply

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BOARD = "https://job-boards.greenhouse.io/acme"
JOBS = "/v1/boards/acme/jobs"


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch):
    body = (FIXTURES / "greenhouse" / "board-acme.input.json").read_text(encoding="utf-8")
    with LocalServer({JOBS: Reply(body, content_type="application/json")}) as server:
        monkeypatch.setenv("CRM_GREENHOUSE_API", server.url("").rstrip("/"))
        yield server


def test_the_table_says_age_and_relistings(api: LocalServer) -> None:
    result = invoke("openings", BOARD)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TITLE", "DEPARTMENT", "LOCATION", "REMOTE", "AGE", "SAVED", "URL"]
    # Pinned today is 2026-11-29 (tests/pinned.py); the ATS dates are the board's own.
    assert "posted 89 days ago, updated 9 days ago, re-listed 1 time" in lines[2]
    assert "Berlin, Germany" in lines[3] and "posted yesterday, re-listed 1 time" in lines[3]
    assert "Account Executive" in lines[4] and "posted 59 days ago" in lines[4]
    assert result.stderr == "3 of 3 open postings at Acme Robotics (greenhouse).\n"


@pytest.mark.parametrize("args, titles", [
    (["--match", "backend senior"], ["Senior Backend Engineer", "Senior Backend Engineer"]),
    (["--department", "sales"], ["Account Executive"]),
    (["--location", "berlin"], ["Senior Backend Engineer"]),
    (["--remote"], ["Senior Backend Engineer"]),
    (["--match", "nothing-like-it"], []),
])
def test_filters(api: LocalServer, args: list[str], titles: list[str]) -> None:
    result = invoke("openings", BOARD, *args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [o["title"] for o in data["openings"]] == titles
    assert data["total"] == 3


def test_json_shape(api: LocalServer) -> None:
    data = json.loads(invoke("openings", BOARD, "--json").stdout)
    assert list(data) == ["board", "source", "company", "total", "openings"]
    first = data["openings"][0]
    assert (first["posted"], first["age_days"], first["relisted"], first["stale"]) == ("2026-09-01", 89, 1, True)
    assert first["url"] == "https://job-boards.greenhouse.io/acme/jobs/4012345"


def test_save_is_idempotent_and_marks_saved(api: LocalServer, store_url: str) -> None:
    first = invoke("openings", BOARD, "--match", "engineer", "--save", db=store_url)
    assert first.exit_code == 0, first.output
    assert first.stderr.endswith("Saved: 2 new applications, 0 saved before.\n")
    second = invoke("openings", BOARD, "--save", db=store_url)
    assert second.stderr.endswith("Saved: 1 new application, 2 saved before.\n")
    listed = invoke("app", "list", "--json", db=store_url)
    apps = json.loads(listed.stdout)
    assert sorted(a["title"] for a in apps) == ["Account Executive", "Senior Backend Engineer", "Senior Backend Engineer"]
    shown = json.loads(invoke("openings", BOARD, "--json", db=store_url).stdout)
    assert all(o["saved"] for o in shown["openings"])
    stale = json.loads(invoke("app", "list", "--tag", "relisted", "--json", db=store_url).stdout)
    assert [a["title"] for a in stale] == ["Senior Backend Engineer", "Senior Backend Engineer"]


def test_a_title_saved_before_under_another_id_counts_as_a_relisting(api: LocalServer, store_url: str) -> None:
    from crm.store.db import close_db, init_db
    from crm.store.keys import company_key
    from crm.store.models import Application, Company

    init_db(store_url)
    try:
        acme = Company.create(name="Acme Robotics", name_key=company_key("Acme Robotics"))
        Application.create(url="https://job-boards.greenhouse.io/acme/jobs/3900001", title="Account Executive",
                           company=acme)
    finally:
        close_db()
    data = json.loads(invoke("openings", BOARD, "--department", "sales", "--json", db=store_url).stdout)
    assert data["openings"][0]["relisted"] == 1


def test_a_board_that_answers_404_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalServer({}) as server:
        monkeypatch.setenv("CRM_LEVER_API", server.url("").rstrip("/"))
        result = invoke("openings", "https://jobs.lever.co/nobody")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: lever: no board at https://jobs.lever.co/nobody (HTTP 404 from ")
    assert result.stderr.count("\n") == 1


def test_a_page_that_is_no_board_names_the_boards_crm_knows() -> None:
    with LocalServer({"/": Reply("<html><body><h1>Hello</h1><p>We make things.</p></body></html>")}) as site:
        result = invoke("openings", site.url("/"))
    assert result.exit_code == 1
    assert "https://jobs.lever.co/<company>" in result.stderr and result.stderr.count("\n") == 1


def test_openings_then_lookup_runs_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from crm.cli.demo import DEMO_SITE

    with LocalServer(root=DEMO_SITE / "site") as site:
        careers = site.url("/careers/")
        result = invoke("openings", careers, "--lookup", "--json")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["candidates"][0]["name"] for r in records] == ["Aisha Khan"]


@pytest.mark.parametrize("text, days", [("Posted Today", 0), ("Posted Yesterday", 1), ("Posted 3 Days Ago", 3),
                                        ("Posted 30+ Days Ago", 30), ("", None), ("Closing soon", None)])
def test_a_board_that_gives_words_instead_of_a_date(text: str, days: int | None) -> None:
    from crm.openings import relative_age

    assert relative_age(text) == days


def test_workday_openings_are_aged_from_their_words(monkeypatch: pytest.MonkeyPatch) -> None:
    page = json.loads((FIXTURES / "workday" / "board-acme.input.json").read_text(encoding="utf-8"))[0]
    with LocalServer({"/wday/cxs/acme/External/jobs": Reply(json.dumps(page), content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_WORKDAY_API", api.url("").rstrip("/"))
        data = json.loads(invoke("openings", "https://acme.wd5.myworkdayjobs.com/en-US/External", "--json").stdout)
        table = invoke("openings", "https://acme.wd5.myworkdayjobs.com/en-US/External").stdout
    assert [(o["age_days"], o["stale"]) for o in data["openings"]] == [(30, False), (1, False)]
    assert "posted 30+ days ago" in table and "posted yesterday" in table
