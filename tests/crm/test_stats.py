"""`crm stats` (issue 11, part 7): the pure figures, then the command on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.followup.digest import Touch
from crm.followup.stats import REFERENCES, AppFacts, bar, first_reply_days, funnel, per_week, replies

D, T = dt.date, dt.datetime
TODAY = D(2026, 11, 29)


def app(id: int, status: str, *history: str, applied: D | None = None) -> AppFacts:
    return AppFacts(id, status, frozenset(history or (status,)), applied)


# ---- the figures ------------------------------------------------------------------------------

def test_the_funnel_counts_what_each_application_reached() -> None:
    apps = [app(1, "saved"), app(2, "applied"), app(3, "interviewing", "saved", "interviewing"),  # skipped applied
            app(4, "rejected", "applied", "rejected"), app(5, "offer", "applied", "interviewing", "offer"),
            app(6, "ghosted", "saved", "ghosted"), app(7, "withdrawn", "saved", "withdrawn")]
    stages = {s.stage: (s.count, s.of, s.rate) for s in funnel(apps)}
    assert stages == {"saved": (7, None, None), "applied": (5, 7, 5 / 7), "interviewing": (2, 5, 2 / 5),
                      "offer": (1, 2, 1 / 2), "accepted": (0, 1, 0.0), "rejected": (1, 5, 1 / 5),
                      "ghosted": (1, 5, 1 / 5), "withdrawn": (1, 5, 1 / 5)}
    assert [s.reference.rate if s.reference else None for s in funnel(apps)][:4] == [None, None, 0.03, 0.27]


def touch(person: int, app_id: int | None, day: int, kind: str, direction: str = "out") -> Touch:
    return Touch(person, app_id, T(2026, 11, day, 9), kind, direction)


def test_a_reply_is_credited_to_the_latest_message_it_follows() -> None:
    log = [touch(1, 10, 2, "after-apply"), touch(1, 10, 9, "check-in"), touch(1, 10, 11, "reply", "in"),
           touch(1, 10, 20, "check-in"),  # after their reply: check-in 1 again, unanswered and old enough
           touch(2, 20, 3, "after-apply"), touch(2, None, 5, "call", "in"),  # a call about nothing in particular
           touch(3, 30, 3, "after-apply"), touch(3, 30, 10, "check-in"), touch(3, 30, 17, "check-in"),
           touch(3, 30, 24, "check-in"),  # three unanswered: the third is five days old, still waiting
           touch(4, 40, 4, "after-apply"), touch(4, 40, 4, "note", "in"),  # a memo is no reply
           touch(5, 50, 2, "after-apply"), touch(5, 50, 6, "thank-you"), touch(5, 50, 8, "reply", "in")]
    # ... and a reply after another message of yours answers that one, not the note before it
    rows, first_in = replies(log, TODAY, settle_days=7, roles={2: frozenset({20, 21})})
    assert [(r.message, r.sent, r.replied, r.waiting, r.rate) for r in rows] == [
        ("after-apply", 5, 1, 0, 0.2), ("check-in 1", 3, 1, 0, 1 / 3), ("check-in 2", 1, 0, 0, 0.0),
        ("check-in 3+", 1, 0, 1, None)]
    assert first_in == {10: T(2026, 11, 11, 9), 20: T(2026, 11, 5, 9), 21: T(2026, 11, 5, 9), 50: T(2026, 11, 8, 9)}


def test_median_days_to_a_first_reply_and_applications_a_week() -> None:
    apps = [app(10, "applied", applied=D(2026, 11, 2)), app(20, "applied", applied=D(2026, 11, 3)),
            app(21, "applied", applied=D(2026, 11, 23)), app(30, "saved")]
    first_in = {10: T(2026, 11, 11, 9), 20: T(2026, 11, 5, 9), 21: T(2026, 11, 5, 9)}  # 21 heard before applying
    assert first_reply_days(apps, first_in) == (5.5, 2)
    assert [(w.start.isoformat(), w.count) for w in per_week(apps, TODAY, 4)] == [
        ("2026-11-02", 2), ("2026-11-09", 0), ("2026-11-16", 0), ("2026-11-23", 1)]


def test_bars_have_eighths() -> None:
    assert (bar(None), bar(0.0), bar(1.0, 4), bar(0.5, 5), bar(2.0, 2)) == ("", "", "████", "██▌", "██")


def test_every_published_figure_names_its_source() -> None:
    assert all(r.source and r.url.startswith("https://") and 0 < r.rate < 1 for r in REFERENCES)


# ---- the command -----------------------------------------------------------------------------

Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    def run(*args: str, code: int = 0, columns: int | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args], env={"COLUMNS": str(columns)} if columns else None)
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        return result

    return run


@pytest.fixture
def week(crm: Run) -> Run:
    for name in ("Acme", "Globex", "Initech"):
        crm("company", "add", name)
    crm("contact", "add", "Jane Doe", "--company", "Acme")
    crm("contact", "add", "Raj Patel", "--company", "Globex")
    crm("app", "add", "https://jobs.example/a/1", "--company", "Acme", "--title", "Backend", "--applied-on", "2026-11-10")
    crm("app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    crm("log", "Jane Doe", "--kind", "after-apply", "--app", "1", "--on", "2026-11-12")
    crm("log", "Jane Doe", "--kind", "check-in", "--app", "1", "--on", "2026-11-20")
    crm("app", "add", "https://jobs.example/g/2", "--company", "Globex", "--title", "Platform", "--applied-on",
        "2026-11-20")
    crm("app", "link", "2", "Raj Patel", "--role", "recruiter")
    crm("log", "Raj Patel", "--kind", "after-apply", "--app", "2", "--on", "2026-11-21")
    crm("log", "Raj Patel", "--kind", "reply", "--direction", "in", "--app", "2", "--on", "2026-11-23")
    crm("interview", "add", "2", "--on", "2026-12-02 14:00", "--with", "Raj Patel")
    crm("app", "add", "https://jobs.example/i/3", "--company", "Initech", "--title", "SRE")
    crm("app", "add", "https://jobs.example/i/4", "--company", "Initech", "--title", "Data", "--applied-on",
        "2026-11-03")
    crm("app", "status", "4", "rejected", "--on", "2026-11-20")
    return crm


def test_stats_as_json(week: Run) -> None:
    data = json.loads(week("stats", "--weeks", "4", "--json").stdout)
    assert data["applications"] == 4
    assert [(s["stage"], s["count"], s["of"]) for s in data["funnel"]] == [
        ("saved", 4, None), ("applied", 3, 4), ("interviewing", 1, 3), ("offer", 0, 1), ("accepted", 0, 0),
        ("rejected", 1, 3), ("ghosted", 0, 3), ("withdrawn", 0, 3)]
    assert data["funnel"][2]["reference"] == {
        "rate": 0.03, "label": "3% of applicants interviewed",
        "source": "CareerPlug, 2025 Recruiting Metrics Report (hiring in 2024 at 60,000+ US small businesses, "
                  "10M+ applications)", "url": "https://www.careerplug.com/recruiting-metrics-and-kpis/"}
    assert [(r["message"], r["sent"], r["replied"], r["rate"]) for r in data["replies"]] == [
        ("after-apply", 2, 1, 0.5), ("check-in 1", 1, 0, 0.0)]
    assert (data["median_days_to_first_reply"], data["replied_applications"]) == (3, 1)
    assert [(w["start"], w["count"]) for w in data["weeks"]] == [
        ("2026-11-02", 1), ("2026-11-09", 1), ("2026-11-16", 1), ("2026-11-23", 0)]


def test_stats_as_tables_with_bars(week: Run) -> None:
    assert week("stats", "--weeks", "3", columns=120).stdout == (
        "Funnel (4 applications)\n"
        "STAGE         COUNT  OUT OF             RATE                   PUBLISHED\n"
        "------------  -----  -----------------  ----  ---------------  -----------------------------------\n"
        "saved         4\n"
        "applied       3      of 4 saved         75%   ███████████████\n"
        "interviewing  1      of 3 applied       33%   ██████▋          3% of applicants interviewed [1]\n"
        "offer         0      of 1 interviewing  0%                     27% of interviews led to a hire [1]\n"
        "rejected      1      of 3 applied       33%   ██████▋\n"
        "ghosted       0      of 3 applied       0%\n"
        "\n"
        "Replies to your follow-ups\n"
        "MESSAGE      SENT  REPLIED  WAITING  RATE              PUBLISHED\n"
        "-----------  ----  -------  -------  ----  ----------  ----------\n"
        "after-apply  2     1                 50%   ██████████  none found\n"
        "check-in 1   1     0                 0%                none found\n"
        "\n"
        "Median days from applying to a first reply: 3 (1 application with a reply; published: none found)\n"
        "\n"
        "Applications per week (last 3)\n"
        "WEEK OF     APPLIED\n"
        "----------  -------  --------------------\n"
        "2026-11-09  1        ████████████████████\n"
        "2026-11-16  1        ████████████████████\n"
        "2026-11-23  0\n"
        "\n"
        "[1] CareerPlug, 2025 Recruiting Metrics Report (hiring in 2024 at 60,000+ US small businesses, 10M+ applications):\n"
        "https://www.careerplug.com/recruiting-metrics-and-kpis/\n"
        "Published figures are the employers' side of the same step; reply rates and days to a first reply have no solid\n"
        "published figure, so none is shown.\n")
    narrow = week("stats", columns=50).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 50


def test_stats_with_nothing_yet(crm: Run) -> None:
    result = crm("stats")
    assert (result.stdout, result.stderr) == ("", "No applications yet: crm app add URL (or crm lookup URL --save).\n")
    assert json.loads(crm("stats", "--json").stdout)["applications"] == 0


@pytest.mark.parametrize("args, error", [(("stats", "--today", "soon"),
                                          "Error: bad date 'soon': use YYYY-MM-DD, today, yesterday or tomorrow"),
                                         (("stats", "--weeks", "0"), ("Error: Invalid value for '--weeks': 0 is not in "
                                                                      "the range 1<=x<=521."))])
def test_bad_stats_options(week: Run, args: tuple[str, ...], error: str) -> None:
    result = week(*args, code=1 if "soon" in args else 2)
    assert result.stderr.splitlines()[-1] == error
