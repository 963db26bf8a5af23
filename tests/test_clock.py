"""Time is an input: crm reads the clock in one place, and every test runs on the pinned day."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm import clock as crm_clock
from crm.cli import cli
from crm.errors import InvalidValue
from tests.pinned import TODAY

ROOT = Path(__file__).resolve().parent.parent
_WALL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
               ("time", "time"), ("dt", "today")}


def _clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in _WALL_CLOCK:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    # Migrations are frozen history; crm.clock is the one place the rest of crm asks for the time.
    sources = [p for p in (ROOT / "crm").rglob("*.py") if "migrations" not in p.parts and p.name != "clock.py"]
    reads = [hit for p in sources for hit in _clock_reads(p)]
    assert not reads, f"read the time through crm.clock (today/now), not the wall clock: {reads}"


def test_no_test_reads_the_wall_clock() -> None:
    reads = [hit for p in (ROOT / "tests").rglob("*.py") for hit in _clock_reads(p)]
    assert not reads, f"use tests.pinned.TODAY or the clock fixture: {reads}"


def test_every_test_runs_on_the_pinned_day(clock, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    assert crm_clock.today() == TODAY  # CRM_TODAY, as the crm processes a test starts see it
    monkeypatch.delenv("CRM_TODAY")  # then the process's own clock, which time-machine pins
    assert crm_clock.today() == TODAY
    clock.move_to(dt.datetime(2031, 5, 6, 12, 0, tzinfo=dt.timezone.utc))
    assert crm_clock.today() == dt.date(2031, 5, 6)


def test_crm_today_pins_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_TODAY", "2030-02-03")
    assert crm_clock.today() == dt.date(2030, 2, 3)
    assert crm_clock.now().date() == dt.date(2030, 2, 3)
    result = CliRunner().invoke(cli, ["app", "add", "https://jobs.example/a/1", "--title", "Engineer",
                                      "--applied-on", "today", "--json"])
    assert result.exit_code == 0, result.output
    assert '"applied_on": "2030-02-03"' in result.stdout


def test_a_bad_crm_today_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_TODAY", "soon")
    with pytest.raises(InvalidValue, match="CRM_TODAY"):
        crm_clock.today()
    result = CliRunner().invoke(cli, ["due"])
    assert result.exit_code == 1 and result.output.strip() == "Error: bad CRM_TODAY 'soon': use YYYY-MM-DD"
