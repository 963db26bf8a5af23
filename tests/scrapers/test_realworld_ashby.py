"""The real Ashby board responses parse completely, and real board URLs give the right ids (../shared/realworld)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scrapers.ats.ashby import AshbyScraper
from scrapers.base import Document
from scrapers.errors import ParseError
from scrapers.registry import all_scrapers

pytestmark = pytest.mark.realworld

# The postings whose text names the title the role reports to: (board file, job title) -> that title.
# Found by reading every description (a search for "report" and for manager titles near "to/with");
# nine say it outright, every other "report" in the corpus is a noun ("reporting", "reported issues").
REPORTS_TO = {
    ("Coder", "FP&A Manager"): "Sr. Director of Strategic Finance",
    ("Coder", "Marketing Manager (Partner and Community)"): "Director of Marketing",
    ("nabucasa", "Product Manager"): "Technical Program Manager",
    ("nabucasa", "Product Marketing Manager"): "VP Commercial",
    ("openhomefoundation", "Senior Technical Writer"): "Home Assistant Lead",
    ("openhomefoundation", "Senior Python Engineer"): "Home Assistant Lead",
    ("openhomefoundation", "Technical Writer"): "Home Assistant Lead",
    ("openhomefoundation", "Python Engineer"): "Home Assistant Lead",
    ("openhomefoundation", "Technical Program Manager"): "Home Assistant Lead",
}
JOB_COUNTS = {"Coder": 11, "supabase": 34, "openhomefoundation": 5, "nabucasa": 2, "Windsurf": 1, "anara": 0}


def _boards(realworld: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((realworld / "ats" / "ashby").glob("*.json"))}


def parse_board(name: str, board: dict) -> list:
    """Every job of a saved board response, parsed the way `crm posting <jobUrl>` would."""
    scraper = AshbyScraper()
    return [scraper.parse(Document(url=job["jobUrl"], data=board)) for job in board["jobs"]]


def test_every_job_of_every_board_parses_completely(realworld: Path) -> None:
    boards = _boards(realworld)
    assert {name: len(b["jobs"]) for name, b in boards.items()} == JOB_COUNTS
    for name, board in boards.items():
        postings = parse_board(name, board)
        assert len(postings) == len(board["jobs"]), f"{name}: postings lost"
        for job, posting in zip(board["jobs"], postings):
            where = f"{name}: {job['title']}"
            assert posting.url == job["jobUrl"] and posting.source == "ashby", where
            assert posting.title == job["title"].strip() and posting.company == name, where
            assert posting.location == job["location"], where
            assert posting.remote == job["isRemote"], where  # True, False, or None when Ashby leaves it unset
            assert posting.employment_type == "full-time", where  # every real job here is FullTime
            assert posting.date_posted == job["publishedAt"][:10], where
            assert posting.department == job["department"] and posting.team == job["team"], where
            assert len(posting.description) > 200 and "<" not in posting.description.replace("<>", ""), where
            assert posting.extra["id"] == job["id"] and posting.extra["apply_url"] == job["applyUrl"], where
            secondary = [s["location"] for s in job["secondaryLocations"]]
            assert posting.extra.get("secondary_locations", []) == secondary, where
            summary = (job.get("compensation") or {}).get("compensationTierSummary")
            if summary:
                assert posting.extra["compensation"]["summary"] == summary, where
                assert posting.extra["compensation"]["tiers"], where
            else:
                assert "compensation" not in posting.extra, where


def test_compensation_is_kept_wherever_the_board_gives_it(realworld: Path) -> None:
    with_pay = [p for name, b in _boards(realworld).items() for p in parse_board(name, b) if "compensation" in p.extra]
    assert len(with_pay) == 11  # Coder's eleven; no other board publishes pay
    salary = [c for p in with_pay for t in p.extra["compensation"]["tiers"] for c in t["components"] if c["type"] == "Salary"]
    assert salary and all(c["min"] and c["max"] and c["currency"] for c in salary)


def test_reporting_lines_are_found_and_nothing_else(realworld: Path) -> None:
    found = {
        (name, p.title): p.reports_to.title
        for name, board in _boards(realworld).items()
        for p in parse_board(name, board)
        if p.reports_to is not None
    }
    assert found == REPORTS_TO


def test_empty_board_parses_to_nothing_and_names_no_job(realworld: Path) -> None:
    board = _boards(realworld)["anara"]
    assert parse_board("anara", board) == []
    with pytest.raises(ParseError):
        AshbyScraper().parse(Document(url="https://jobs.ashbyhq.com/anara/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c", data=board))


# -- the board URL lists: each is claimed by its scraper, which reads the right token from it --------

COMPANY_LISTS = {
    "greenhouse_companies.csv": ("greenhouse", "token"),
    "lever_companies.csv": ("lever", "company"),
    "workable_companies.csv": ("workable", "account"),
    "smartrecruiters_companies.csv": ("smartrecruiters", "company"),
    "workday_companies.csv": ("workday", "tenant"),
}
NOT_BOARDS = {"https://jobs.smartrecruiters.com/my-applications/AngloAmericanDeBeersGroup/input-email"}


def _expected_key(scraper: str, url: str) -> str:
    """The id a person reads off the URL: the first path segment, or the host's first label for Workday."""
    parts = urlsplit(url)
    if scraper == "workday":
        return parts.hostname.split(".")[0]
    segments = [s for s in parts.path.split("/") if s]
    if scraper == "smartrecruiters" and segments[0] in ("oneclick-ui", "external-referrals"):
        return segments[2]
    return segments[0]


def claim_counts(realworld: Path) -> dict[str, tuple[int, int, int]]:
    """Per list: (rows, rows its scraper claims with the right id, rows naming a posting id)."""
    scrapers = {s.NAME: s for s in all_scrapers()}
    counts = {}
    for list_name, (name, key) in COMPANY_LISTS.items():
        with (realworld / "ats" / "company_lists" / list_name).open(newline="", encoding="utf-8") as f:
            urls = [row["url"].strip() for row in csv.DictReader(f) if row["url"].strip() not in NOT_BOARDS]
        matches = [scrapers[name].match(url) for url in urls]
        right = sum(1 for url, m in zip(urls, matches) if m and m.get(key) == _expected_key(name, url))
        postings = sum(1 for m in matches if m and ({"id", "path", "shortcode"} & set(m)))
        counts[list_name] = (len(urls), right, postings)
    return counts


def test_every_board_url_gives_its_scraper_the_right_id(realworld: Path) -> None:
    counts = claim_counts(realworld)
    print(counts)  # shown with -s: rows, claimed with the right id, posting URLs among them
    assert {k: v[0] for k, v in counts.items()} == {
        "greenhouse_companies.csv": 295, "lever_companies.csv": 443, "workable_companies.csv": 217,
        "smartrecruiters_companies.csv": 1247, "workday_companies.csv": 2128,
    }
    assert all(rows == right for rows, right, _ in counts.values()), counts
    assert counts["smartrecruiters_companies.csv"][2] == 1247  # every row there is one posting


@pytest.mark.parametrize(
    ("url", "groups"),
    [
        ("https://3m.wd1.myworkdayjobs.com/en-us", {"tenant": "3m", "dc": "wd1", "locale": "en-us"}),
        ("https://adobe.wd5.myworkdayjobs.com/external_experienced", {"tenant": "adobe", "dc": "wd5", "site": "external_experienced"}),
        ("https://osv_cfainstitute.wd5.myworkdayjobs.com/en-us", {"tenant": "osv_cfainstitute", "dc": "wd5", "locale": "en-us"}),
    ],
)
def test_workday_site_urls_give_tenant_data_centre_and_site(url: str, groups: dict[str, str]) -> None:
    from scrapers.ats.workday import WorkdayScraper

    found = WorkdayScraper.match(url) or {}
    assert {k: found.get(k) for k in groups} == groups
