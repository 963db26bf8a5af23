"""How well the hiring-manager ranking finds a person's real manager on seven published org charts.

    .venv/bin/python benchmarks/orgchart_eval.py [--variant sections|flat|both] [--org NAME] [--misses FILE]

Orgs: the six UK public-sector senior-staff organograms in ../shared/realworld/orgs/*.json (see
SOURCES.md, "Published org charts") and the Sourcegraph 2022 directory (team.yml, its product team as
the department where product_teams.yml names one). Each org is rendered as a team page
(tests/scrapers/orgchart.py, render_org) in two variants: "sections", one <h2> per department with its
people's cards below; "flat", the same cards in file order without headings. The page is extracted
once (extract_people): recall / precision of names and exact-title accuracy against the file.

Postings: everyone whose reports_to is another person in the file (both found on the page) is a
posting with their own title and department; the true manager is that other person. It is ranked
(scrapers.hiring_manager.rank) among everyone extracted except the person; top-1 / top-3 count the
true manager by name key. Baselines, as exact expectations rather than samples, over the same people:
  B1  a uniformly random pick among manager-titled people (parse_title: manager, or level >= 5);
  B2  the same among those whose title or page section shares a content word with the posting's title
      or department (level words like director/head/deputy dropped); B1's set when none does.
In the flat variant the page has no sections, so B2 can match on titles only. "all" is micro-averaged
over postings. --misses writes one JSON line per posting whose true manager is not ranked first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.hiring_manager import Candidate, rank  # noqa: E402
from scrapers.lexicon.names import name_key  # noqa: E402
from scrapers.team.people import extract_people  # noqa: E402
from scrapers.lexicon.titles import parse_title  # noqa: E402
from scrapers.types import Posting  # noqa: E402
from tests.scrapers.orgchart import Org, OrgPerson, load_orgs, render_org  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld"
PAGE_URL = "https://example.org/team"
VARIANTS = ("sections", "flat")
# Words that say nothing about which team: stop words and level words.
_STOP = frozenset("""
a an and the of for to in on at by with director directors directorate general head deputy assistant
manager managers managing senior chief officer executive vice president vp lead leader principal interim
acting team group
""".split())


@dataclass
class OrgResult:
    """One org on one variant: extraction and ranking counts (sums, so rows add up to the "all" row)."""

    org: str
    variant: str
    people: int = 0
    extracted: int = 0
    found: int = 0  # people in the file whose name was extracted
    titles_exact: int = 0  # of those, with exactly the file's title
    postings: int = 0
    top1: int = 0
    top3: int = 0
    b1_top1: float = 0.0  # expected hits of the baselines (sums of probabilities)
    b1_top3: float = 0.0
    b2_top1: float = 0.0
    b2_top3: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / max(1, self.people)

    @property
    def precision(self) -> float:
        return self.found / max(1, self.extracted)

    def rate(self, hits: float) -> float:
        """Hits over postings."""
        return hits / max(1, self.postings)


@dataclass
class Report:
    """Every org's figures per variant, and the seconds the run took."""

    results: list[OrgResult]
    seconds: float

    def total(self, variant: str) -> OrgResult:
        """The "all" row of a variant: every count summed over its orgs (micro-averaged rates)."""
        total = OrgResult("all", variant)
        for r in self.results:
            if r.variant == variant:
                for name in ("people", "extracted", "found", "titles_exact", "postings", "top1", "top3",
                             "b1_top1", "b1_top3", "b2_top1", "b2_top3"):
                    setattr(total, name, getattr(total, name) + getattr(r, name))
        return total


def words(text: str | None) -> set[str]:
    """The content words of a title or department: lower-cased, stop and level words removed."""
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _STOP}


def is_manager_titled(title: str) -> bool:
    info = parse_title(title)
    return info.manager or info.level >= 5


def expected_hits(pool: Sequence[str], want: str) -> tuple[float, float]:
    """Top-1 and top-3 hit probabilities of a uniformly random ordering of `pool` (name keys)."""
    if want not in pool:
        return 0.0, 0.0
    return 1 / len(pool), min(3, len(pool)) / len(pool)


def measure_org(org: Org, variant: str) -> OrgResult:
    """Render, extract once, then rank every posting of `org` among the extracted people."""
    result = OrgResult(org.name, variant, people=len(org.people))
    found = extract_people(render_org(org, variant), PAGE_URL, org.company)
    got = {name_key(p.name): p for p in found}
    result.extracted = len(got)
    for person in org.people:
        if name_key(person.name) in got:
            result.found += 1
            result.titles_exact += got[name_key(person.name)].title == person.title
    by_id = org.by_id()
    managerish = {name_key(p.name) for p in found if is_manager_titled(p.title)}
    for person in org.people:
        boss = by_id.get(person.reports_to or "")
        me, want = name_key(person.name), name_key(boss.name) if boss else ""
        if boss is None or boss is person or me not in got or want not in got:
            continue
        others = [p for p in found if name_key(p.name) != me]
        posting = Posting(url=f"https://example.org/jobs/{person.id}", source="orgchart", title=person.title,
                          company=org.company, department=person.department)
        candidates = rank(posting, others)
        ranked = [name_key(c.name) for c in candidates]
        result.postings += 1
        result.top1 += ranked[:1] == [want]
        result.top3 += want in ranked[:3]
        s1 = [name_key(p.name) for p in others if name_key(p.name) in managerish]
        b1 = expected_hits(s1, want)
        topic = words(person.title) | words(person.department)
        s2 = [name_key(p.name) for p in others if name_key(p.name) in managerish
              and topic & (words(p.title) | words(p.section))] or s1
        b2 = expected_hits(s2, want)
        result.b1_top1 += b1[0]
        result.b1_top3 += b1[1]
        result.b2_top1 += b2[0]
        result.b2_top3 += b2[1]
        if ranked[:1] != [want]:
            result.misses.append(_miss(org, variant, person.title, person.department, boss, candidates, ranked, want))
    return result


def _miss(org: Org, variant: str, title: str, department: str | None, boss: OrgPerson,
          candidates: Sequence[Candidate], ranked: list[str], want: str) -> dict[str, Any]:
    at = ranked.index(want) if want in ranked else None
    mine = candidates[at] if at is not None else None
    return {"org": org.name, "variant": variant, "posting": {"title": title, "department": department},
            "manager": {"name": boss.name, "title": boss.title, "department": boss.department,
                        "rank": None if at is None else at + 1, "score": mine.score if mine else None,
                        "reasons": list(mine.reasons) if mine else []},
            "top3": [{"name": c.name, "title": c.title, "score": c.score, "reasons": list(c.reasons)}
                     for c in candidates[:3]]}


def run(orgs: Sequence[Org], variants: Sequence[str]) -> Report:
    """Every org on every variant, timed."""
    start = time.perf_counter()
    results = [measure_org(org, variant) for variant in variants for org in orgs]
    return Report(results, time.perf_counter() - start)


def print_report(report: Report, variants: Sequence[str]) -> None:
    for variant in variants:
        rows = [r for r in report.results if r.variant == variant]
        print(f"Variant {variant}: top-1 / top-3 of the true manager; B1 random manager-titled, B2 random "
              "manager-titled sharing a word")
        print(f"  {'org':<12} {'people':>6} {'found':>5} {'prec':>5} {'title=':>6} {'posts':>5} "
              f"{'top-1':>6} {'top-3':>6}  {'B1 t1':>6} {'B1 t3':>6}  {'B2 t1':>6} {'B2 t3':>6}")
        for r in [*rows, report.total(variant)]:
            print(f"  {r.org:<12} {r.people:>6} {r.recall:>5.2f} {r.precision:>5.2f} "
                  f"{r.titles_exact / max(1, r.found):>6.2f} {r.postings:>5} "
                  f"{r.rate(r.top1):>6.3f} {r.rate(r.top3):>6.3f}  {r.rate(r.b1_top1):>6.3f} {r.rate(r.b1_top3):>6.3f}"
                  f"  {r.rate(r.b2_top1):>6.3f} {r.rate(r.b2_top3):>6.3f}")
        print()
    print(f"({report.seconds:.1f} s: rendering, extraction and ranking; found = extraction recall, "
          "prec = precision, title= = exact titles)")


def main(argv: Sequence[str] | None = None) -> Report | None:
    """Parse the options, measure, print; the figures are returned (None when the data is absent)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=[*VARIANTS, "both"], default="both")
    parser.add_argument("--org", help="only this org (dfid, dft, hee, mhra, mod, nhs-england, sourcegraph)")
    parser.add_argument("--misses", type=Path, help="write one JSON line per posting whose manager is not first")
    parser.add_argument("--data", type=Path, default=REALWORLD, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (args.data / "orgs").is_dir():
        print(f"(org charts not found at {args.data / 'orgs'}: skipped)")
        return None
    orgs = load_orgs(args.data)
    if args.org:
        orgs = [o for o in orgs if o.name == args.org]
        if not orgs:
            parser.error(f"no org named {args.org!r}")
    variants = VARIANTS if args.variant == "both" else (args.variant,)
    report = run(orgs, variants)
    print_report(report, variants)
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as out:
            for r in report.results:
                for miss in r.misses:
                    out.write(json.dumps(miss, ensure_ascii=False) + "\n")
    return report


if __name__ == "__main__":
    main()
