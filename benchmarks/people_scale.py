"""How the people extractor grows with page size: 50 KB to 5 MB of cards (60,000 people at 5 MB), and deep nesting.

    .venv/bin/python benchmarks/people_scale.py

Each page is a grid of compact cards (`<li><h4>Name</h4><span>Title</span></li>`, unique names) under
one heading, generated here. Printed per size: people read, seconds, microseconds per person, and
the growth factor against the smallest page (linear growth keeps µs per person flat). The baseline
in the same run is lxml parsing the same page and counting its <li> elements, the floor any reader
pays. Then pages nested 1,000 to 100,000 elements deep: libxml2 alone drops whatever lies below 2,048
levels, so those pages are read by the standard library tokenizer into a tree that keeps 1,024 levels.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import html  # noqa: E402

from scrapers.team.people import extract_people  # noqa: E402

_SYLLABLES = ["ka", "lo", "mi", "re", "sa", "ti", "nu", "vo", "da", "el", "ri", "an", "be", "to", "ma", "ne"]
TITLES = ["Engineer", "Designer", "Product Manager", "Data Analyst", "Recruiter", "Head of Sales", "CTO"]


def _words(count: int) -> list[str]:
    found = []
    for size in (2, 3):
        for parts in itertools.product(_SYLLABLES, repeat=size):
            found.append("".join(parts).capitalize())
            if len(found) == count:
                return found
    return found


FIRST, LAST = _words(260), _words(260)[::-1]


def page(people: int) -> str:
    """A card grid of `people` unique names (about 83 bytes a person)."""
    names = itertools.product(FIRST, LAST)
    cards = "".join(f"<li><h4>{a} {b}</h4><span>{TITLES[i % len(TITLES)]}</span></li>"
                    for i, (a, b) in zip(range(people), names))
    return f"<html><body><main><h1>Our team</h1><ul class=grid>{cards}</ul></main></body></html>"


def cold_caches() -> None:
    """Empty the name and title caches, so a repeat measures reading the page, not a cache lookup."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("scrapers."):
            for value in vars(module).values():
                if hasattr(value, "cache_clear") and value.__name__ not in ("first_names", "_parser_words"):
                    value.cache_clear()


def timed(run, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        cold_caches()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    print("Card pages (best of 3 runs)")
    print(f"  {'size':>8} {'people':>7} {'found':>7} {'seconds':>8} {'µs/person':>10} {'growth':>7} {'lxml floor':>11}")
    extract_people("<h3>Jane Doe</h3><p>CTO</p>")  # load the name lists once, outside the timings
    first = None
    for people in (600, 3000, 12000, 30000, 60000):
        markup = page(people)
        seconds, found = timed(lambda: extract_people(markup, "https://example.com/team"), 1 if people > 12000 else 3)
        floor, _ = timed(lambda: len(html.document_fromstring(markup).findall(".//li")))
        first = first or seconds / people
        print(f"  {len(markup) / 1e6:>6.2f}MB {people:>7} {len(found):>7} {seconds:>8.2f} {1e6 * seconds / people:>10.1f} "
              f"{seconds / people / first:>6.2f}x {floor:>10.3f}s")
    print("Deep nesting (two people at the bottom)")
    for depth in (1000, 10000, 100000):
        markup = ("<html><body><h2>Team</h2>" + "<div>" * depth + "<h3>Jane Doe</h3><p>CTO</p>"
                  "<div><h3>Bob Stone</h3><p>CFO</p></div>" + "</div>" * depth + "</body></html>")
        seconds, found = timed(lambda: extract_people(markup), 1)
        print(f"  depth {depth:>6}: {len(found)} people in {seconds:.2f} s")


if __name__ == "__main__":
    main()
