"""Every fixtures/lookup/<site> through a loopback server: the right manager on top, staff extracted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer
from scrapers.team.lookup import DEFAULT_MAX_PAGES, lookup
from scrapers.lexicon.names import name_key
from scrapers.team.people import extract_people

SUITE = Path(__file__).resolve().parents[2] / "fixtures" / "lookup"
SITES = sorted(p for p in SUITE.iterdir() if (p / "truth.json").is_file()) if SUITE.is_dir() else []
TARGET_TOP1 = 0.9


def _truth(site: Path) -> dict:
    return json.loads((site / "truth.json").read_text(encoding="utf-8"))


def _client() -> HttpClient:
    return HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda seconds: None)


def run_site(site: Path) -> list[tuple[dict, list[str], int]]:
    """(posting truth, ranked names, requests) for each posting of a fixture site."""
    truth = _truth(site)
    out = []
    with LocalServer(root=site / "site") as server:
        for posting in truth["postings"]:
            with _client() as client:
                result = lookup(server.url(posting["path"]), client)
            out.append((posting, [c.name for c in result.candidates], result.requests))
    return out


def test_suite_has_enough_sites() -> None:
    assert len(SITES) >= 25, "the issue asks for at least 25 fixture sites"


def test_top1_accuracy_over_the_whole_suite() -> None:
    total = right = 0
    wrong = []
    for site in SITES:
        for posting, ranked, requests in run_site(site):
            total += 1
            assert requests <= DEFAULT_MAX_PAGES + 1, f"{site.name} {posting['path']}: {requests} requests"
            good = {name_key(n) for n in [posting["manager"], *posting["acceptable"]]}
            if ranked and name_key(ranked[0]) in good:
                right += 1
            else:
                wrong.append(f"{site.name}{posting['path']}: got {ranked[:1]}, want {posting['manager']}")
    assert total >= 25
    assert right / total >= TARGET_TOP1, f"top-1 {right}/{total} = {right / total:.2f}; misses: {wrong}"


def _page_file(root: Path, path: str) -> Path:
    """The file LocalServer serves for `path` (path, path/index.html or path.html)."""
    rel = path.strip("/")
    for name in ([rel, f"{rel}/index.html", f"{rel}.html"] if rel else ["index.html"]):
        if (root / name).is_file():
            return root / name
    raise AssertionError(f"{root}: no file for {path}")


@pytest.mark.parametrize("site", SITES, ids=[s.name for s in SITES])
def test_extraction_finds_staff_and_no_outsiders(site: Path) -> None:
    truth = _truth(site)
    root = site / "site"
    pages: dict[Path, dict[str, str]] = {}
    for page in sorted(root.rglob("*.html")):
        people = extract_people(page.read_text(encoding="utf-8"), page.as_posix(), truth["company"])
        pages[page] = {name_key(p.name): p.title for p in people}
    everyone = {key for found in pages.values() for key in found}
    intruders = [n for n in truth["not_staff"] if name_key(n) in everyone]
    assert not intruders, f"{site.name}: not staff but extracted: {intruders}"
    wrong = []
    for staff in truth["staff"]:
        listed = pages[_page_file(root, staff["page"])]
        if listed.get(name_key(staff["name"])) != staff["title"]:
            wrong.append((staff["name"], staff["page"], listed.get(name_key(staff["name"]), "not found")))
    assert not wrong, f"{site.name}: staff not extracted as in truth.json (name, page, found): {wrong}"
