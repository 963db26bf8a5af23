"""Issue 11, part 8: a lookup says what it is doing. On a terminal a status line on stderr names the page
being read and the people found so far (never with --quiet or --json, never when stderr is piped); a
host that cannot be reached is said at once, not after the retries' seconds of silence."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from crm.cli.common import StatusLine
from scrapers.http import HttpClient, HttpSettings, _no_network
from scrapers.localserver import LocalServer

POSTING = """<!DOCTYPE html><html><head><title>Platform Engineer at Quillon Labs</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "Platform Engineer", "hiringOrganization": {"@type": "Organization", "name": "Quillon Labs", "url": "/"},
 "description": "You will report to our Engineering Manager."}</script></head>
<body><nav><a href="/">Home</a> <a href="/team">Team</a></nav><h1>Platform Engineer</h1></body></html>"""
TEAM = """<!DOCTYPE html><html><head><title>Team</title></head><body><main><h1>Our team</h1>
<div class="person"><h3>Maya Fischer</h3><p>Engineering Manager</p></div>
<div class="person"><h3>Tomás Rivera</h3><p>Platform Engineer</p></div></main></body></html>"""


@pytest.fixture
def site(tmp_path: Path):
    root = tmp_path / "site"
    (root / "careers").mkdir(parents=True)
    (root / "careers" / "platform.html").write_text(POSTING, encoding="utf-8")
    (root / "index.html").write_text('<html><body><a href="/team">Team</a></body></html>', encoding="utf-8")
    (root / "team.html").write_text(TEAM, encoding="utf-8")
    with LocalServer(root=root) as server:
        yield server


def test_the_lookup_reports_each_page_and_the_people_so_far(site: LocalServer) -> None:
    from crm.lookup import run_lookup

    steps: list[str] = []
    result = run_lookup(site.url("/careers/platform.html"), delay=0, progress=steps.append)
    assert steps[0] == f"reading {site.url('/careers/platform.html')}"
    assert f"reading {site.url('/team')}" in steps
    assert "2 people so far" in steps
    assert [c.name for c in result.candidates][:1] == ["Maya Fischer"]


def test_the_status_line_draws_in_place_and_clears(capsys: pytest.CaptureFixture[str]) -> None:
    line = StatusLine(enabled=True)
    line("reading https://acme.example/team")
    line("3 people so far")
    line("reading https://acme.example/about")
    line.clear()
    err = capsys.readouterr().err
    assert err.split("\r\x1b[K")[1:] == ["crm: reading https://acme.example/team",
                                         "crm: reading https://acme.example/team · 3 people so far",
                                         "crm: reading https://acme.example/about · 3 people so far", ""]
    quiet = StatusLine(enabled=False)
    quiet("reading https://acme.example/")
    quiet.clear()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("flags", [(), ("--quiet",), ("--json",)])
def test_no_status_line_when_piped_quiet_or_json(site: LocalServer, flags: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, ["lookup", site.url("/careers/platform.html"), *flags])
    assert result.exit_code == 0, result.output
    assert "\x1b[K" not in result.stderr and "reading" not in result.stderr


def test_an_unreachable_host_is_said_at_the_first_failure() -> None:
    with socket.socket() as s:  # a loopback port nobody listens on: connection refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    said: list[str] = []
    waits: list[float] = []
    settings = HttpSettings(delay=0, retries=2, ignore_robots=True, cache_dir=None)
    with HttpClient(settings, sleep=waits.append, notify=said.append) as client:
        with pytest.raises(Exception, match="cannot reach"):
            client.get(f"http://127.0.0.1:{port}/jobs/1")
    assert len(said) == 1 and said[0].startswith(f"waiting {waits[0]:.0f} s to try http://127.0.0.1:{port}/jobs/1 "
                                                 "again: cannot reach")


def test_a_name_that_cannot_be_looked_up_suggests_no_network() -> None:
    try:
        try:
            raise socket.gaierror(-3, "Temporary failure in name resolution")
        except socket.gaierror as inner:
            raise ConnectionError("connect failed") from inner
    except ConnectionError as e:
        assert _no_network(e) == " (no network?)"
    assert _no_network(ConnectionRefusedError("refused")) == ""
