"""Odd input found by fuzzing every command: one `Error:` line and exit 1 (or a usage error), the store unchanged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crm.cli import cli

HUGE = "99999999999999999999"  # past 64 bits: SQLite's driver raised OverflowError on it


def run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.fixture
def seeded(store_url: str) -> str:
    for args in (["contact", "add", "Jane Doe", "--company", "Acme"],
                 ["app", "add", "https://acme.example/jobs/1", "--company", "Acme", "--title", "Engineer"]):
        assert run(store_url, *args)[0] == 0
    return store_url


def snapshot(url: str) -> tuple[str, ...]:
    """Everything the user can see, as JSON: equal before and after means nothing was written."""
    return tuple(CliRunner().invoke(cli, ["--db", url, *args, "--json"]).stdout
                 for args in (["company", "list"], ["contact", "list"], ["app", "list"], ["history"]))


CASES = [
    (("company", "show", HUGE), 1, f"Error: no company with id {HUGE}"),
    (("company", "rm", f"#{HUGE}"), 1, f"Error: no company with id {HUGE}"),
    (("contact", "show", HUGE), 1, f"Error: no contact with id {HUGE}"),
    (("contact", "add", "Joe", "--company", HUGE), 1, f"Error: no company with id {HUGE}"),
    (("contact", "list", "--company", HUGE), 1, f"Error: no company with id {HUGE}"),
    (("app", "show", HUGE), 1, f"Error: no application with id {HUGE}"),
    (("unlog", HUGE), 1, f"Error: no logged interaction with id {HUGE}"),
    (("interview", "rm", HUGE), 1, f"Error: no interview with id {HUGE}"),
    # "²".isdigit() is True but int("²") fails: not an id, so it is looked up as a name
    (("contact", "show", "²"), 1, "Error: no contact matches '²'"),
    (("company", "show", "#0"), 1, "Error: no company with id 0"),
    # a day count past the calendar raised OverflowError: now a usage error naming the range
    (("due", "--within", HUGE), 2, f"Error: Invalid value for '--within': {HUGE} is not in the range 0<=x<=3650."),
    (("due", "--simple", "--days", HUGE), 2,
     f"Error: Invalid value for '--days': {HUGE} is not in the range 0<=x<=3650."),
    (("calendar", "--out", "x.ics", "--within", HUGE), 2,
     f"Error: Invalid value for '--within': {HUGE} is not in the range 0<=x<=3650."),
]


@pytest.mark.parametrize("args, code, line", CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_odd_input_is_one_error_line_and_writes_nothing(seeded: str, args: tuple[str, ...], code: int,
                                                        line: str) -> None:
    before = snapshot(seeded)
    exit_code, stderr = run(seeded, *args)
    # a data error is the one line; a usage error is click's usage lines, then the one Error line
    assert (exit_code, stderr if code == 1 else stderr.splitlines()[-1] + "\n") == (code, line + "\n")
    assert snapshot(seeded) == before
