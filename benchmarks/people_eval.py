"""How well the people on a page are read: the fixtures under fixtures/people, and real pages kept elsewhere.

    .venv/bin/python benchmarks/people_eval.py [--pages DIR] [--misses] [--case NAME]

Each case is an HTML page and the people a reader sees on it as staff (name, title; section and
profile link where the page has them). Printed per case and in all: recall (staff found), precision
(found people who are staff, not advisors or page furniture), title accuracy (found staff whose
title is the one shown, compared without case and extra spaces), and the pages that list people
where nobody at all was found. Names are compared as crm compares them (accents, case, honorifics
and post-nominals aside), in any word order ("Becker, Georg" on a roster is Georg Becker).

--pages DIR reads real pages in the same form, kept outside the repository (never commit them):
DIR/<case>/page.html beside DIR/<case>/truth.json = {"people": [{"name", "title", ...}], ...}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.lexicon.names import name_key  # noqa: E402


def _key(name: str) -> str:
    """A name for comparing: as crm compares names, in any word order ("Becker, Georg" is Georg Becker)."""
    return " ".join(sorted(name_key(name.replace(",", " ")).split()))
from scrapers.team.people import data_people, extract_people, gatsby_data_url  # noqa: E402

FIXTURES = ROOT / "fixtures" / "people"
BASE_URL = "https://example.com/team"


@dataclass
class Score:
    """Counts over one case or many."""

    cases: int = 0
    staff: int = 0
    found: int = 0
    found_staff: int = 0
    titles_right: int = 0
    empty_pages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Score) -> None:
        self.cases += other.cases
        self.staff += other.staff
        self.found += other.found
        self.found_staff += other.found_staff
        self.titles_right += other.titles_right
        self.empty_pages += other.empty_pages
        self.seconds += other.seconds

    def line(self) -> str:
        recall = self.found_staff / max(1, self.staff)
        precision = self.found_staff / max(1, self.found)
        titles = self.titles_right / max(1, self.found_staff)
        return (f"recall {recall:.3f}  precision {precision:.3f}  title accuracy {titles:.3f}  "
                f"({self.found_staff}/{self.staff} staff, {self.found - self.found_staff} extra)")


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def score_case(name: str, html: str, truth: list[dict], misses: bool, data: object = None) -> Score:
    """Extract one page (and, as a lookup does, its Gatsby page data when it lists nobody) and compare."""
    start = time.perf_counter()
    found = extract_people(html, BASE_URL)
    if not found and data is not None and gatsby_data_url(html, BASE_URL):
        found = data_people(data, BASE_URL)
    took = time.perf_counter() - start
    want = {_key(p["name"]): p for p in truth}
    got = {_key(p.name): p for p in found}
    hits = [k for k in got if k in want]
    right = [k for k in hits if _fold(got[k].title) == _fold(want[k].get("title", ""))]
    score = Score(1, len(want), len(got), len(hits), len(right), [name] if want and not got else [], took)
    if misses:
        for k, p in want.items():
            if k not in got:
                print(f"  {name}: MISSED {p['name']!r} ({p.get('title', '')!r})")
            elif k not in right:
                print(f"  {name}: TITLE {p['name']!r}: got {got[k].title!r}, want {p.get('title', '')!r}")
        for k, p in got.items():
            if k not in want:
                print(f"  {name}: EXTRA {p.name!r} ({p.title!r})")
    return score


Case = tuple[str, str, list[dict], object]  # name, html, truth, the page data a lookup would read beside it


def fixture_cases() -> list[Case]:
    cases = []
    for page in sorted(FIXTURES.glob("*.input.html")):
        expected = json.loads(page.with_name(page.name.replace(".input.html", ".expected.json")).read_text("utf-8"))
        data = page.with_name(page.name.replace(".input.html", ".page-data.json"))
        cases.append((page.name.removesuffix(".input.html"), page.read_text("utf-8"), expected["people"],
                      json.loads(data.read_text("utf-8")) if data.is_file() else None))
    return cases


def page_cases(folder: Path) -> list[Case]:
    cases = []
    for truth_file in sorted(folder.glob("*/truth.json")):
        page = truth_file.with_name("page.html")
        if page.is_file():
            truth = json.loads(truth_file.read_text("utf-8"))
            data = truth_file.with_name("page-data.json")
            cases.append((truth_file.parent.name, page.read_text("utf-8", errors="replace"), truth["people"],
                          json.loads(data.read_text("utf-8")) if data.is_file() else None))
    return cases


def report(title: str, cases: list[Case], misses: bool, only: str | None) -> Score:
    total = Score()
    print(title)
    for name, html, truth, data in cases:
        if only and only not in name:
            continue
        score = score_case(name, html, truth, misses, data)
        total.add(score)
        print(f"  {name:<48} {score.line()}  {1000 * score.seconds:.0f} ms")
    print(f"  ALL {total.cases} pages: {total.line()}")
    print(f"  pages that list people where nobody was found: {len(total.empty_pages)}"
          + (f" ({', '.join(total.empty_pages)})" if total.empty_pages else ""))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="a folder of real pages: <case>/page.html + truth.json")
    parser.add_argument("--misses", action="store_true", help="print every missed, extra or mistitled person")
    parser.add_argument("--case", help="only cases whose name contains this")
    args = parser.parse_args(argv)
    report("Fixture pages (fixtures/people)", fixture_cases(), args.misses, args.case)
    if args.pages:
        print()
        report(f"Real pages ({args.pages})", page_cases(args.pages), args.misses, args.case)


if __name__ == "__main__":
    main()
