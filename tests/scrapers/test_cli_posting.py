"""`crm posting` and `crm scrapers` through CliRunner against LocalServer; every bad input is one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.cli import posting as posting_cli
from scrapers.localserver import LocalServer, Reply
from scrapers.registry import all_scrapers
from scrapers.types import NamedPerson, Posting
from tests.scrapers.faultserver import closed_port, redirect, sequence, stall

JOB_LD = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Senior Backend Engineer",
    "hiringOrganization": {"@type": "Organization", "name": "Acme Robotics", "sameAs": "https://acme.example"},
    "jobLocation": {"@type": "Place", "address": {"addressLocality": "Zürich", "addressCountry": "CH"}},
    "employmentType": "FULL_TIME",
    "datePosted": "2026-11-02",
    "description": "<p>Build our robots.</p><p>You will report to Jane Doe, our VP of Engineering.</p>"
                   "<p>Questions? Contact Max Müller at max@acme.example.</p>",
}
JOB_PAGE = Reply(
    "<html><head><title>Senior Backend Engineer</title>"
    f'<script type="application/ld+json">{json.dumps(JOB_LD)}</script></head>'
    "<body><h1>Senior Backend Engineer</h1></body></html>"
)
GREENHOUSE_JOB = {
    "id": 4012345,
    "title": "Platform Engineer",
    "company_name": "Acme Robotics",
    "location": {"name": "Remote - Europe"},
    "departments": [{"name": "Engineering"}],
    "first_published": "2026-10-30T09:00:00-04:00",
    "content": "&lt;p&gt;Keep the fleet running.&lt;/p&gt;",
    "absolute_url": "https://boards.greenhouse.io/acme/jobs/4012345",
}
GREENHOUSE_URL = "https://boards.greenhouse.io/acme/jobs/4012345"
GREENHOUSE_API_PATH = "/v1/boards/acme/jobs/4012345"


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the command asked for, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(posting_cli, "SLEEP", recorded.append)
    return recorded


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_error(result: Result, message: str) -> None:
    """Exactly one `Error: ...` line on stderr, nothing on stdout, exit 1."""
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"Error: {message}\n"


# -- success ---------------------------------------------------------------------------------------


def test_posting_prints_labelled_lines_then_the_description(waits: list[float]) -> None:
    with LocalServer({"/jobs/42": JOB_PAGE}) as site:
        result = run("posting", site.url("/jobs/42"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "title:        Senior Backend Engineer\n"
        "company:      Acme Robotics\n"
        "company site: https://acme.example\n"
        "location:     Zürich, CH\n"
        "type:         full-time\n"
        "posted:       2026-11-02\n"
        "reports to:   Jane Doe, VP of Engineering\n"
        "people named: Max Müller (max@acme.example)\n"
        f"source:       generic, {site.url('/jobs/42')}\n"
        "\n"
        "Build our robots.\n"
        "\n"
        "You will report to Jane Doe, our VP of Engineering.\n"
        "\n"
        "Questions? Contact Max Müller at max@acme.example.\n"
    )


def test_posting_json_is_the_posting_dict(waits: list[float]) -> None:
    with LocalServer({"/jobs/42": JOB_PAGE}) as site:
        result = run("posting", site.url("/jobs/42"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == list(Posting(url="", source="", title="", company="").to_dict())
    assert (data["title"], data["company"], data["source"]) == ("Senior Backend Engineer", "Acme Robotics", "generic")
    assert data["reports_to"] == {"name": "Jane Doe", "title": "VP of Engineering", "email": None, "role": "manager"}


def test_posting_through_an_api_override(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    api = Reply(json.dumps(GREENHOUSE_JOB), content_type="application/json")
    with LocalServer({GREENHOUSE_API_PATH: api}) as site:
        monkeypatch.setenv("CRM_GREENHOUSE_API", site.base_url)
        result = run("posting", GREENHOUSE_URL, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["source"], data["title"], data["company"], data["url"]) == (
        "greenhouse", "Platform Engineer", "Acme Robotics", GREENHOUSE_URL)
    # The content links no site, so the board is asked for its intro; its 404 leaves the posting whole.
    assert site.requests == ["/robots.txt", GREENHOUSE_API_PATH, "/v1/boards/acme"]


def test_delay_option_spaces_requests_to_one_host(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    job = {k: v for k, v in GREENHOUSE_JOB.items() if k != "company_name"}  # forces a second call for the board
    routes = {GREENHOUSE_API_PATH: Reply(json.dumps(job), content_type="application/json"),
              "/v1/boards/acme": Reply('{"name": "Acme Robotics"}', content_type="application/json")}
    with LocalServer(routes) as site:
        monkeypatch.setenv("CRM_GREENHOUSE_API", site.base_url)
        result = run("posting", GREENHOUSE_URL, "--delay", "5")
    assert result.exit_code == 0, result.output
    assert site.requests == ["/robots.txt", GREENHOUSE_API_PATH, "/v1/boards/acme"]
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits), waits  # robots.txt itself never waits


def test_ignore_robots_reads_a_disallowed_page(waits: list[float]) -> None:
    routes = {"/robots.txt": Reply("User-agent: *\nDisallow: /\n", content_type="text/plain"), "/jobs/42": JOB_PAGE}
    with LocalServer(routes) as site:
        refused = run("posting", site.url("/jobs/42"))
        result = run("posting", site.url("/jobs/42"), "--ignore-robots")
    host = site.base_url.removeprefix("http://")
    assert_error(refused, f"robots.txt of {host} disallows {site.url('/jobs/42')}; --ignore-robots for your own sites")
    assert result.exit_code == 0 and result.stdout.startswith("title:        Senior Backend Engineer\n")


def test_show_posting_renders_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    found = Posting(
        url="https://jobs.example/1", source="lever", title="Designer", company="Acme", remote=False,
        department="Product", team="Design", employment_type="contract",
        people=(NamedPerson(name="Ann Lee", title="Recruiter", role="recruiter", email="ann@acme.example"),
                NamedPerson(name="Bo Chan", role="creator")),
        reports_to=NamedPerson(title="Head of Design", role="manager"),
        description="\n".join(f"line {i}" for i in range(1, 11)),
    )
    posting_cli.show_posting(found)
    out, err = capsys.readouterr()
    assert out == (
        "title:        Designer\n"
        "company:      Acme\n"
        "remote:       no\n"
        "type:         contract\n"
        "department:   Product / Design\n"
        "reports to:   Head of Design\n"
        "people named: Ann Lee, Recruiter (recruiter, ann@acme.example); Bo Chan (creator)\n"
        "source:       lever, https://jobs.example/1\n"
        "\n" + "".join(f"line {i}\n" for i in range(1, 9))
    )
    assert err == "... 2 more lines (--json prints the whole description)\n"


# -- bad input and faults: one line each, exit 1 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("hello", "not a URL: 'hello' (expected http:// or https://)"),
        ("http://", "URL has no host: http://"),
        ("ftp://files.example/job.pdf", "unsupported scheme 'ftp' in ftp://files.example/job.pdf: only http and https"),
        ("file:///etc/passwd", "unsupported scheme 'file' in file:///etc/passwd: only http and https"),
        ("https://www.linkedin.com/jobs/view/123",
         "crm never fetches LinkedIn (https://www.linkedin.com/jobs/view/123); "
         "`crm lookup` builds a LinkedIn search link instead"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    assert_error(run("posting", url), message)


@pytest.mark.parametrize("robots", [[], ["--ignore-robots"]], ids=["robots", "ignore-robots"])
def test_unreachable_host(robots: list[str], waits: list[float]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/jobs/1"
    result = run("posting", url, *robots)
    # Said at the first failure, not after the retries' seconds of silence; then one Error line.
    first, error = result.stderr.splitlines()
    asked = url if robots else url.replace("/jobs/1", "/robots.txt")  # robots.txt is asked for first
    assert first == (f"crm: waiting {waits[0]:.0f} s to try {asked} again: cannot reach {asked}: "
                     "[Errno 111] Connection refused")
    assert (result.exit_code, result.stdout) == (1, "")
    assert error == f"Error: cannot reach {url}: [Errno 111] Connection refused (gave up after 4 attempts)"
    assert len(waits) == 3  # retried with back-off, never really slept


def test_404_from_the_api(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    with LocalServer({}) as site:
        monkeypatch.setenv("CRM_GREENHOUSE_API", site.base_url)
        result = run("posting", GREENHOUSE_URL)
    assert_error(result, f"not found or closed: {site.url(GREENHOUSE_API_PATH)} (HTTP 404)")


def test_malformed_json_from_the_api(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    api = Reply('{"id": 4012345, "title": "Platform Eng', content_type="application/json")
    with LocalServer({GREENHOUSE_API_PATH: api}) as site:
        monkeypatch.setenv("CRM_GREENHOUSE_API", site.base_url)
        result = run("posting", GREENHOUSE_URL)
    assert_error(result, f"malformed JSON from {site.url(GREENHOUSE_API_PATH)}: "
                         "Unterminated string starting at: line 1 column 26 (char 25)")


def test_non_html_body(waits: list[float]) -> None:
    with LocalServer({"/job.pdf": Reply(b"%PDF-1.4", content_type="application/pdf")}) as site:
        result = run("posting", site.url("/job.pdf"))
    assert_error(result, f"expected an HTML page from {site.url('/job.pdf')}, got application/pdf")


def test_oversized_body(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    monkeypatch.setenv("CRM_HTTP_MAX_BYTES", "1000")
    with LocalServer({"/big": Reply("<html>" + "x" * 5000 + "</html>")}) as site:
        result = run("posting", site.url("/big"))
    assert_error(result, f"response from {site.url('/big')} is larger than 1 kB")


def test_redirect_loop(waits: list[float]) -> None:
    with LocalServer({"/a": redirect("/b"), "/b": redirect("/a")}) as site:
        result = run("posting", site.url("/a"))
    assert_error(result, f"redirect loop at {site.url('/a')}")


def test_timeout_option(monkeypatch: pytest.MonkeyPatch, waits: list[float]) -> None:
    monkeypatch.setenv("CRM_HTTP_RETRIES", "0")
    with LocalServer({"/slow": stall}) as site:
        result = run("posting", site.url("/slow"), "--timeout", "0.2")
    assert_error(result, f"timed out reading {site.url('/slow')}")


@pytest.mark.parametrize("args", [["--delay", "-1"], ["--timeout", "0"], ["--delay", "soon"]])
def test_bad_option_values_are_usage_errors(args: list[str]) -> None:
    result = run("posting", "https://jobs.example/1", *args)
    assert result.exit_code == 2 and "Invalid value" in result.stderr


def test_bad_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_HTTP_DELAY", "soon")
    assert_error(run("posting", "https://jobs.example/1"), "CRM_HTTP_DELAY must be a number, got 'soon'")


# -- crm scrapers ----------------------------------------------------------------------------------


def test_scrapers_json_lists_every_registered_scraper() -> None:
    result = run("scrapers", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    registered = all_scrapers()
    assert [s["name"] for s in listed] == [s.NAME for s in registered]
    for entry, scraper in zip(listed, registered):
        assert (entry["generic"], entry["api_env"], entry["example_urls"]) == (
            scraper.GENERIC, scraper.API_ENV, list(scraper.EXAMPLE_URLS))
    assert [s["name"] for s in listed if s["generic"]][-1] == "generic"  # the plain-page reader is tried last


def test_scrapers_table_has_a_row_per_example_url() -> None:
    result = run("scrapers")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "API", "ENV", "EXAMPLE", "URLS"]
    body = lines[2:]
    expected_rows = sum(max(1, len(s.EXAMPLE_URLS)) for s in all_scrapers())
    assert len(body) == expected_rows
    first_words = [line.split()[0] for line in body if not line.startswith(" ")]
    assert first_words == [s.NAME for s in all_scrapers()]
    greenhouse = next(line for line in body if line.startswith("greenhouse "))
    assert greenhouse.split()[1:] == ["site", "CRM_GREENHOUSE_API", "https://boards.greenhouse.io/acme/jobs/4012345"]


def test_loading_the_commands_does_not_import_httpx() -> None:
    code = ("import sys; import crm.cli.posting; "
            "print(sorted(m for m in ('httpx', 'tenacity', 'protego') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n", "import httpx inside the command function, not at module level"


# -- waits and the deadline ------------------------------------------------------------------------


def test_a_long_retry_after_is_announced_on_stderr_and_json_stays_clean(waits: list[float]) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": "30"})
    with LocalServer({"/jobs/42": sequence(busy, JOB_PAGE)}) as site:
        result = run("posting", site.url("/jobs/42"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Senior Backend Engineer"
    assert result.stderr == f"crm: waiting 30 s to try {site.url('/jobs/42')} again: HTTP 429 from {site.url('/jobs/42')}\n"
    assert waits == [30.0]


@pytest.mark.parametrize("retry_after", ["99999", "3601"])
def test_a_retry_after_past_the_cap_gives_the_posting_up_at_once(retry_after: str, waits: list[float]) -> None:
    busy = Reply("slow down", status=503, headers={"Retry-After": retry_after})
    with LocalServer({"/jobs/42": busy}) as site:
        result = run("posting", site.url("/jobs/42"))
    assert_error(result, f"{site.url('/jobs/42')} asks to be retried in {retry_after} s (Retry-After), more than "
                         "the 60 s crm waits (CRM_HTTP_RETRY_WAIT_MAX): gave up on it")
    assert waits == []


@pytest.mark.parametrize("deadline", ["0", "-1", "soon", "nan"])
def test_a_deadline_that_is_no_time_is_refused(deadline: str) -> None:
    result = run("posting", "https://example.org/jobs/1", "--deadline", deadline)
    assert result.exit_code == 2 and "--deadline" in result.stderr and "Traceback" not in result.output
