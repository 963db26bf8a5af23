"""Postings parsed per second for each scraper on its fixtures, and the HTML path on lxml vs html.parser.

    .venv/bin/python benchmarks/parse.py [--seconds 0.5]

`parse` is pure, so this times parsing alone (no network): each scraper parses each of its fixture
inputs in a loop for about --seconds. The second table parses the same HTML pages (the generic
scraper's fixtures, schema.org and plain pages, plus the 63 KB real-world team page when
../shared/realworld is present) once with BeautifulSoup on lxml and once on Python's built-in
html.parser, in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.base import Document  # noqa: E402
from scrapers.generic import parse_html  # noqa: E402
from scrapers.registry import all_scrapers  # noqa: E402

FIXTURES = ROOT / "fixtures"
REAL_PAGE = ROOT.parent / "shared" / "realworld" / "team" / "uptime" / "team.html"


def documents(name: str) -> list[Document]:
    """One Document per fixture case of a scraper, built as tests/scrapers/test_parsers.py builds it."""
    docs = []
    for path in sorted((FIXTURES / name).glob("*.input.*")):
        case = path.name.split(".", 1)[0]
        url = json.loads((path.parent / f"{case}.expected.json").read_text(encoding="utf-8"))["url"]
        load: Callable[[Path], Any] = lambda p: json.loads(p.read_text("utf-8")) if p.suffix == ".json" else p.read_text("utf-8")
        extra = {p.name.split(".")[1]: load(p) for p in path.parent.glob(f"{case}.*.*") if p.name.split(".")[1] not in ("input", "expected")}
        docs.append(Document(url=url, data=load(path), extra=extra))
    return docs


def rate(func: Callable[[], object], seconds: float) -> float:
    """Calls per second of `func`, over about `seconds` (after one warm-up call)."""
    func()
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        func()
        calls += 1
    return calls / elapsed


def paired_rates(a: Callable[[], object], b: Callable[[], object], seconds: float, rounds: int = 9) -> tuple[float, float]:
    """Median calls/s of `a` and of `b`, measured in alternating short rounds so both see the same machine load."""
    rates_a, rates_b = [], []
    for _ in range(rounds):
        rates_a.append(rate(a, seconds / rounds))
        rates_b.append(rate(b, seconds / rounds))
    return sorted(rates_a)[rounds // 2], sorted(rates_b)[rounds // 2]


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time spent on each measurement")
    seconds = parser.parse_args().seconds

    print(f"{'scraper':<16} {'cases':>5} {'postings/s':>11}")
    for scraper_cls in all_scrapers():
        docs = documents(scraper_cls.NAME)
        if not docs:
            continue
        scraper = scraper_cls()
        per_round = rate(lambda: [scraper.parse(d) for d in docs], seconds)
        print(f"{scraper_cls.NAME:<16} {len(docs):>5} {per_round * len(docs):>11,.0f}")

    pages = [(f"generic/{i}", d.data, d.url) for i, d in enumerate(documents("generic"))]
    if REAL_PAGE.is_file():
        pages.append(("realworld/uptime-team (63 KB)", REAL_PAGE.read_text("utf-8"), "https://uptime.com/team"))
    print()
    print(f"{'HTML page':<32} {'KB':>5} {'lxml/s':>8} {'html.parser/s':>14} {'speed-up':>9}")
    for label, html, url in pages:
        fast, slow = paired_rates(lambda: parse_html(html, url, "lxml"), lambda: parse_html(html, url, "html.parser"),
                                  2 * seconds)
        print(f"{label:<32} {len(html) / 1024:>5.1f} {fast:>8,.0f} {slow:>14,.0f} {fast / slow:>8.1f}x")


if __name__ == "__main__":
    main()
