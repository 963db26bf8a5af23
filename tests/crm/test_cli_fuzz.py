"""Odd input found by fuzzing every command: one `Error:` line and exit 1 (or a usage error), the store unchanged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
    for args in (["contact", "add", "Jane Doe", "--company", "Acme", "--new-company"],
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
    (("log", "edit", HUGE, "--note", "x"), 1, f"Error: no logged interaction with id {HUGE}"),
    (("interview", "edit", HUGE, "--kind", "onsite"), 1, f"Error: no interview with id {HUGE}"),
    (("app", "status", HUGE, "applied", "--on", "2026-11-01"), 1, f"Error: no application with id {HUGE}"),
    (("board", "--today", "9999-12-31"), 1, "Error: bad date '9999-12-31': use a year from 1900 to 2999"),
    (("stats", "--weeks", HUGE), 2, f"Error: Invalid value for '--weeks': {HUGE} is not in the range 1<=x<=521."),
    # "²".isdigit() is True but int("²") fails: not an id, so it is looked up as a name
    (("contact", "show", "²"), 1, "Error: no contact matches '²'"),
    (("company", "show", "#0"), 1, "Error: no company with id 0"),
    # a day count past the calendar raised OverflowError: now a usage error naming the range
    (("due", "--within", HUGE), 2, f"Error: Invalid value for '--within': {HUGE} is not in the range 0<=x<=3650."),
    (("due", "--simple", "--days", HUGE), 2,
     f"Error: Invalid value for '--days': {HUGE} is not in the range 0<=x<=3650."),
    (("calendar", "--out", "x.ics", "--within", HUGE), 2,
     f"Error: Invalid value for '--within': {HUGE} is not in the range 0<=x<=3650."),
    # httpx refused these hosts with its own InvalidURL (not an httpx.HTTPError) at fetch time
    (("posting", "https://256.256.256.256:1/"), 1,
     "Error: not a valid IP address in https://256.256.256.256:1/: '256.256.256.256'"),
    (("lookup", "http://01.1.1.1/", "--save"), 1, "Error: not a valid IP address in http://01.1.1.1/: '01.1.1.1'"),
    # FloatRange lets nan through (it compares false with both bounds); sleeping inf raised OverflowError
    (("posting", "http://127.0.0.1:1/", "--delay", "nan"), 2,
     "Error: Invalid value for '--delay': 'nan' is not a finite number."),
    (("lookup", "http://127.0.0.1:1/", "--delay", "inf"), 2,
     "Error: Invalid value for '--delay': inf is not in the range 0<=x<=3600."),
    (("lookup", "http://127.0.0.1:1/", "--delay", "1e400"), 2,
     "Error: Invalid value for '--delay': inf is not in the range 0<=x<=3600."),
    (("posting", "http://127.0.0.1:1/", "--timeout", "nan"), 2,
     "Error: Invalid value for '--timeout': 'nan' is not a finite number."),
]


@pytest.mark.parametrize("args, code, line", CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_odd_input_is_one_error_line_and_writes_nothing(seeded: str, args: tuple[str, ...], code: int,
                                                        line: str) -> None:
    before = snapshot(seeded)
    exit_code, stderr = run(seeded, *args)
    # a data error is the one line; a usage error is click's usage lines, then the one Error line
    assert (exit_code, stderr if code == 1 else stderr.splitlines()[-1] + "\n") == (code, line + "\n")
    assert snapshot(seeded) == before


ENV_CASES = [
    ("CRM_HTTP_DELAY", "inf", "Error: CRM_HTTP_DELAY must be a finite number, got 'inf'"),
    ("CRM_HTTP_DELAY", "nan", "Error: CRM_HTTP_DELAY must be a finite number, got 'nan'"),
    ("CRM_HTTP_TIMEOUT", "-inf", "Error: CRM_HTTP_TIMEOUT must be a finite number, got '-inf'"),
    # httpx encodes headers as ASCII: a UnicodeEncodeError traceback
    ("CRM_HTTP_USER_AGENT", "crm-é", "Error: CRM_HTTP_USER_AGENT must be printable ASCII, got 'crm-é'"),
    ("CRM_HTTP_USER_AGENT", "a\nb", "Error: CRM_HTTP_USER_AGENT must be printable ASCII, got 'a\\nb'"),
    # against a closed port this retried for ever
    ("CRM_HTTP_RETRIES", HUGE, f"Error: CRM_HTTP_RETRIES must be at most 20, got '{HUGE}'"),
    # the socket's timeout raised OverflowError
    ("CRM_HTTP_CONNECT_TIMEOUT", "1e300", "Error: CRM_HTTP_CONNECT_TIMEOUT must be at most 3600, got '1e300'"),
    ("CRM_HTTP_RETRY_WAIT_MAX", "1e300", "Error: CRM_HTTP_RETRY_WAIT_MAX must be at most 3600, got '1e300'"),
]


@pytest.mark.parametrize("var, value, line", ENV_CASES, ids=[f"{c[0]}={c[1][:10]}" for c in ENV_CASES])
def test_http_settings_from_the_environment_are_checked(sqlite_url: str, var: str, value: str, line: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(var, value)
    assert run(sqlite_url, "posting", "http://127.0.0.1:1/") == (1, line + "\n")


DB_CASES = [
    ("postgresql://", "Error: bad database URL 'postgresql://': \"postgresql://\" has no database name. Local databases "
                      "take three slashes (\"postgresql:///dbname\"), remote ones \"postgresql://host/dbname\"."),
    ("postgresql://crm@[::1:5432/x", "Error: bad database URL 'postgresql://crm@[::1:5432/x': Invalid IPv6 URL"),
    ("postgresql://crm@127.0.0.1:99999/x",
     "Error: bad database URL 'postgresql://crm@127.0.0.1:99999/x': Port out of range 0-65535"),
    ("sqlite:///{tmp}/a\x00b", "Error: cannot open the database '{tmp}/a\\x00b': a path cannot contain a NUL character"),
    # run as root, the owner-only chmod locked up whatever the path named: "/" and /tmp went 0600
    ("sqlite:///{tmp}", "Error: cannot open the database {tmp}: it is a folder"),
    ("sqlite:///{tmp}/fifo", "Error: cannot open the database {tmp}/fifo: it is not a regular file"),
]


@pytest.mark.parametrize("url, line", DB_CASES, ids=[c[0][:30] for c in DB_CASES])
def test_a_database_url_crm_cannot_use_is_one_error_line(tmp_path: Path, url: str, line: str) -> None:
    os.mkfifo(tmp_path / "fifo")
    mode = (tmp_path / "fifo").stat().st_mode, tmp_path.stat().st_mode
    assert run(url.format(tmp=tmp_path), "due") == (1, line.format(tmp=tmp_path) + "\n")
    assert ((tmp_path / "fifo").stat().st_mode, tmp_path.stat().st_mode) == mode


@pytest.mark.parametrize("target, line", [
    # the atomic rename replaced what --out named: `--out /dev/null` as root left /dev/null a regular file
    ("fifo", "Error: cannot write {tmp}/fifo: it is not a regular file"),
    ("", "Error: cannot write {tmp}: it is a folder"),
])
def test_an_export_replaces_only_a_regular_file(seeded: str, tmp_path: Path, target: str, line: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    out = folder / target if target else folder
    assert run(seeded, "export", "--out", str(out)) == (1, line.format(tmp=folder) + "\n")
    assert stat.S_ISFIFO((folder / "fifo").stat().st_mode) and os.listdir(folder) == ["fifo"]


def test_import_reads_only_a_regular_file(seeded: str, tmp_path: Path) -> None:
    # a pipe blocked forever and /dev/zero filled the memory before anything was parsed
    os.mkfifo(tmp_path / "fifo")
    before = snapshot(seeded)
    assert run(seeded, "import", str(tmp_path / "fifo")) == (
        1, f"Error: cannot read {tmp_path / 'fifo'}: it is not a regular file\n")
    assert run(seeded, "import", "/dev/zero") == (1, "Error: cannot read /dev/zero: it is not a regular file\n")
    assert snapshot(seeded) == before


def test_import_stops_reading_past_the_size_cap(seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm.data import files

    monkeypatch.setattr(files, "MAX_WHOLE_BYTES", 2_000_000)
    big = tmp_path / "big.json"
    big.write_text('{"format": "crm-export", "tables": {}, "pad": "' + "x" * 2_000_000 + '"}')
    before = snapshot(seeded)
    assert run(seeded, "import", str(big)) == (
        1, f"Error: cannot read {big}: it is larger than 2 MB, too big for a LinkedIn CSV or an export that is not in "
        "crm's own layout\n")
    assert snapshot(seeded) == before
