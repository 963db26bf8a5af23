"""Companies with no team page, end to end: every fixtures/lookup_sources posting (blog and newsroom sites
in five markup families, GitHub organisations on a loopback API) finds its manager in the top three,
within the request budget the issue sets."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from pathlib import Path

import pytest

from scrapers.http import HttpClient, HttpSettings
from scrapers.lexicon.names import name_key
from scrapers.localserver import LocalServer
from scrapers.team.lookup import lookup
from tests.scrapers.sources.fakeapi import FakeGitHub, github_for

SITES = Path(__file__).resolve().parents[3] / "fixtures" / "lookup_sources"
CASES = [(site, posting) for site in sorted(p for p in SITES.iterdir() if (p / "truth.json").is_file())
         for posting in json.loads((site / "truth.json").read_text(encoding="utf-8"))["postings"]]
SOURCES = ("team", "posting", "blog", "github")
SPENT: list[int] = []


def _run(site: Path, path: str):
    api = github_for(site) or FakeGitHub({"org": "-", "public_members": [], "users": {}})
    with LocalServer(root=site / "site") as server, api.server:
        with HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda s: None) as client:
            return lookup(server.url(path), client, sources=SOURCES, today=dt.date(2026, 12, 5),
                          env={"CRM_GITHUB_API": api.server.base_url})


@pytest.mark.parametrize(("site", "posting"), CASES, ids=[f"{s.name}-{p['path'].rsplit('/', 1)[-1]}" for s, p in CASES])
def test_the_manager_is_in_the_top_three(site: Path, posting: dict) -> None:
    result = _run(site, posting["path"])
    ranked = [name_key(c.name) for c in result.candidates[:3]]
    good = {name_key(n) for n in [posting["manager"], *posting["acceptable"]]}
    assert bool(good & set(ranked)) is posting["found"], (
        f"{site.name}: {posting['title']} -> want {posting['manager']}, got {[c.name for c in result.candidates[:3]]}")
    by_sources = sum(r.requests for r in result.sources if r.kind == "site")
    assert by_sources <= 7 and result.api_calls <= 12
    SPENT.append(by_sources)


def test_site_sources_average_six_requests_or_fewer() -> None:
    spent = SPENT or [sum(r.requests for r in _run(s, p["path"]).sources if r.kind == "site") for s, p in CASES]
    assert statistics.mean(spent) <= 6.0
