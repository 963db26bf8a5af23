"""Blog and newsroom pages in the markup families real ones use: every fixtures/blog/<case>.input.html
read by the pure parsers (a post, or an index when the case name says so) against its expected.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.sources.blog import blog_links, choose_posts
from scrapers.sources.posts import PostLink, parse_index, parse_post
from scrapers.sources.wording import is_stale, own_title

CASES = Path(__file__).resolve().parents[3] / "fixtures" / "blog"
INPUTS = sorted(CASES.glob("*.input.html"))


def _read(case: Path, meta: dict) -> dict:
    html = case.read_text(encoding="utf-8")
    if "index" in case.name:
        listing = parse_index(html, meta["url"], meta["url"], company=meta["company"])
    else:
        listing = parse_post(html, meta["url"], meta["company"])
    out = {"date": listing.date,
           "people": [{"name": p.name, "title": p.title, "kind": p.evidence[0].kind, "date": p.evidence[0].date}
                      for p in listing.people]}
    if "index" in case.name:
        out["posts"] = [{"url": p.url, "headline": p.headline, "date": p.date} for p in listing.posts]
    return out


@pytest.mark.parametrize("case", INPUTS, ids=[p.name.removesuffix(".input.html") for p in INPUTS])
def test_blog_fixture(case: Path, regen: bool) -> None:
    """The people a page names with the titles it gives them, and nobody else (guests, commenters, credits)."""
    expected_file = case.with_name(case.name.replace(".input.html", ".expected.json"))
    doc = json.loads(expected_file.read_text(encoding="utf-8"))
    meta = {"url": doc["url"], "company": doc["company"]}
    found = _read(case, meta)
    if regen:
        expected_file.write_text(json.dumps({**meta, **found}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        doc = {**meta, **found}
    hint = (f"{case.name}: reading differs; if the new output is right, run "
            "pytest tests/scrapers/sources/test_blog_pages.py --regen-fixtures and review the diff")
    assert found["people"] == doc["people"], hint
    assert found["date"] == doc["date"], hint
    assert found.get("posts") == doc.get("posts"), hint


def test_guests_and_other_companies_never_count() -> None:
    assert own_title("Principal Consultant at Hexacore Partners", "Tidewell") is None
    assert own_title("Engineering Manager, Platform at Tidewell", "Tidewell") == "Engineering Manager, Platform"
    assert own_title("Guest author", "Tidewell") is None
    assert own_title("Former VP of Sales", "Tidewell") is None


def test_old_evidence_is_marked_and_undated_is_not() -> None:
    today = dt.date(2026, 12, 5)
    assert is_stale("2023-06-01", today) and not is_stale("2025-06-01", today)
    assert not is_stale(None, today) and not is_stale("2019-01-01", None)


def test_blog_links_on_a_home_page() -> None:
    html = ('<nav><a href="/product">Product</a><a href="/blog/">Blog</a><a href="https://other.example/news">News</a>'
            '</nav><footer><a href="/press">Press</a><a href="/careers">Careers</a></footer>')
    assert blog_links([("https://acme.example/", html)], "https://acme.example/") == [
        "https://acme.example/blog/", "https://acme.example/press"]


def test_posts_worth_reading_come_first() -> None:
    posts = [PostLink("u/1", "Our Kafka setup", "2026-10-01"), PostLink("u/2", "Acme hires Jo Park as VP Sales", "2025-01-01"),
             PostLink("u/3", "Design tokens at Acme", "2026-01-01"), PostLink("u/4", "Acme names Al Vu CTO", "2024-01-01",
                                                                          has_title=True)]
    assert [p.url for p in choose_posts(posts, frozenset({"design"}), 3)] == ["u/2", "u/3", "u/1"]
    assert choose_posts(posts, frozenset(), 0) == []


def test_a_blog_on_a_sub_domain_or_a_blog_host_counts() -> None:
    from scrapers.sources.blog import blog_host

    assert blog_host("https://blog.acme.example/", "https://www.acme.example/")
    assert blog_host("https://medium.com/acme-engineering", "https://acme.example/")
    assert blog_host("https://acme.substack.com/", "https://acme.example/")
    assert not blog_host("https://medium.com/", "https://acme.example/")
    assert not blog_host("https://news.ycombinator.com/", "https://acme.example/")


FIRST = ["Jane", "Tomás", "Łucja", "Ngozi", "Anh", "Søren", "Priya", "Mateus"]
LAST = ["Doe", "Álvarez", "Kowalska", "Okafor", "Nguyen", "Madsen", "Raman", "Ferreira"]
TITLES = ["VP of Sales", "Head of Design", "Chief Technology Officer", "Director of Engineering",
          "Engineering Manager, Payments", "General Counsel"]
FORMS = ["Acme appoints {n} as {t}.", "{n} joins Acme as {t}.", "Acme has hired {n} as its new {t}, effective today.",
         "\u201cWe are growing,\u201d said {n}, Acme\u2019s {t}.", "Meet {n}, our new {t}."]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FIRST), st.sampled_from(LAST), st.sampled_from(TITLES), st.sampled_from(FORMS))
def test_announcements_give_back_the_name_and_title(first: str, last: str, title: str, form: str) -> None:
    from scrapers.sources.wording import announced

    sentence = form.format(n=f"{first} {last}", t=title)
    assert [(n, t) for n, t, _, _ in announced(sentence, "Acme")] == [(f"{first} {last}", title)]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.sampled_from(["<p>{}</p>", "<div class='author-box'><h4>{}</h4></div>", "<span class='byline'>By {}</span>",
                        "<script type='application/ld+json'>{}</script>"]))
def test_any_page_reads_without_error_and_only_as_people(text: str, shape: str) -> None:
    from scrapers.sources.wording import own_title, person_ok

    listing = parse_post(f"<html><body><article>{shape.format(text)}</article></body></html>",
                         "https://acme.example/blog/x", "Acme")
    for person in listing.people:
        assert person_ok(person.name, "Acme") and own_title(person.title, "Acme") is not None
