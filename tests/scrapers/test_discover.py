"""Finding people pages: link ranking (pure) and the bounded crawl against a loopback server."""

from __future__ import annotations

import pytest

from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.team.discover import (ABOUT, PEOPLE, classify_link, rank_links, rank_urls, robots_sitemaps,
                                    sitemap_urls)
from scrapers.team.crawl import find_people
from scrapers.team.lookup import company_site, lookup
from scrapers.types import Posting

BASE = "https://acme.example/"


def page(body: str) -> str:
    return f"<html><body>{body}</body></html>"


TEAM = page("<main><h1>Team</h1><div><div><h3>Ada Lovelace</h3><p>CTO</p></div>"
            "<div><h3>Alan Turing</h3><p>Engineering Manager</p></div></div></main>")
LEADERS = page("<main><h1>Leadership</h1><div><div><h3>Grace Hopper</h3><p>CEO</p></div>"
               "<div><h3>Edsger Dijkstra</h3><p>VP of Engineering</p></div></div></main>")


def test_links_ranked_by_text_and_path_same_site_only() -> None:
    html = page("<nav><a href='/pricing'>Pricing</a><a href='/about'>About us</a></nav>"
                "<p><a href='https://other.example/team'>Their team</a><a href='/careers'>Join our team</a>"
                "<a href='#team'>Team</a><a href='mailto:x@acme.example'>Mail</a></p>"
                "<footer><a href='/company/people'>Meet the team</a><a href='/logo.png'>Team photo</a></footer>")
    links = rank_links(html, BASE)
    assert [(link.url, link.kind) for link in links] == [
        ("https://acme.example/company/people", PEOPLE), ("https://acme.example/about", ABOUT)]


@pytest.mark.parametrize("text, path, kind", [
    ("Our team", "/x", PEOPLE), ("", "/leadership", PEOPLE), ("Who we are", "/w", PEOPLE),
    ("About", "/about-us", ABOUT), ("Our story", "/story", ABOUT), ("Careers", "/careers", None),
    ("Blog", "/blog/our-team-offsite", None), ("Investors", "/investors", None), ("Pricing", "/pricing", None),
])
def test_classify_link(text: str, path: str, kind: str | None) -> None:
    verdict = classify_link(text, path)
    assert (verdict[0] if verdict else None) == kind


def test_sitemaps_and_robots_lines() -> None:
    xml = "<urlset><url><loc>/our-people</loc></url><url><loc>https://acme.example/blog/a/team</loc></url></urlset>"
    assert sitemap_urls(xml, "https://acme.example/sitemap.xml") == [
        "https://acme.example/our-people", "https://acme.example/blog/a/team"]
    assert robots_sitemaps("User-agent: *\nSitemap: /map.xml\n", "https://acme.example/robots.txt") == [
        "https://acme.example/map.xml"]
    ranked = rank_urls(["https://acme.example/a/b/team", "https://acme.example/team", "https://x.example/team"], BASE)
    assert [link.url for link in ranked] == ["https://acme.example/team", "https://acme.example/a/b/team"]


def crawl(routes: dict, budget: int = 8) -> tuple[list[str], list[str], list[str]]:
    with LocalServer(routes) as server, HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda s: None) as client:
        found, state = find_people(client, server.url("/"), budget=budget)
        return [p.name for p in found], [r for r in server.requests if r != "/robots.txt"], state.notes


def test_footer_link_and_split_leadership_and_team() -> None:
    home = page("<footer><a href='/leadership'>Leadership</a><a href='/team'>Team</a></footer>")
    names, requests, _ = crawl({"/": Reply(home), "/leadership": Reply(LEADERS), "/team": Reply(TEAM)})
    assert set(names) == {"Grace Hopper", "Edsger Dijkstra", "Ada Lovelace", "Alan Turing"}
    assert requests == ["/", "/leadership", "/team"]


def test_about_page_links_one_level_deeper() -> None:
    about = page("<main><p>We make things.</p><a href='/about/crew'>Meet the crew</a></main>")
    names, requests, _ = crawl({"/": Reply(page("<a href='/about'>About</a>")), "/about": Reply(about),
                                "/about/crew": Reply(TEAM)})
    assert names == ["Ada Lovelace", "Alan Turing"] and requests == ["/", "/about", "/about/crew"]


def test_sitemap_when_no_link_leads_there() -> None:
    sitemap = "<urlset><url><loc>/contact</loc></url><url><loc>/our-people</loc></url></urlset>"
    routes = {"/": Reply(page("<p>Hello</p>")), "/sitemap.xml": Reply(sitemap, content_type="application/xml"),
              "/our-people": Reply(TEAM)}
    names, requests, _ = crawl(routes)
    assert names == ["Ada Lovelace", "Alan Turing"] and requests == ["/", "/sitemap.xml", "/our-people"]


def test_robots_sitemap_lines_come_from_the_robots_txt_already_read() -> None:
    sitemap = "<urlset><url><loc>/our-people</loc></url></urlset>"
    routes = {"/": Reply(page("<p>Hello</p>")), "/robots.txt": Reply("Sitemap: /map.xml\n", content_type="text/plain"),
              "/map.xml": Reply(sitemap, content_type="application/xml"), "/our-people": Reply(TEAM)}
    with LocalServer(routes) as server, HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda s: None) as client:
        found, _ = find_people(client, server.url("/"), budget=8)
        assert [p.name for p in found] == ["Ada Lovelace", "Alan Turing"]
        assert server.requests == ["/robots.txt", "/", "/sitemap.xml", "/map.xml", "/our-people"]


def test_common_paths_only_as_a_last_resort() -> None:
    names, requests, _ = crawl({"/": Reply(page("<p>Hello</p>")), "/about": Reply(TEAM)})
    assert names == ["Ada Lovelace", "Alan Turing"]
    # robots.txt (read for Sitemap: lines) is left out of `requests`; after a hit no more paths are guessed.
    assert requests == ["/", "/sitemap.xml", "/team", "/about"]


def test_the_request_budget_holds_and_is_reported() -> None:
    home = page("".join(f"<a href='/about-{i}'>About {i}</a>" for i in range(20)))
    routes = {"/": Reply(home), "/jobs/1": Reply(page("<h1>Engineer</h1>")), **{f"/about-{i}": Reply(page("<p>Nothing here</p>")) for i in range(20)}}
    with LocalServer(routes) as server, HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda s: None) as client:
        def fake_scrape(url: str, c: HttpClient) -> Posting:
            c.get(url)
            return Posting(url=url, source="test", title="Engineer", company="Acme", company_url=server.url("/"))
        result = lookup(server.url("/jobs/1"), client, max_pages=5, scrape=fake_scrape)
    # robots.txt of the posting's host is read beyond the budget of 5, so the posting always fits.
    assert result.requests <= 5 + 1 and len(server.requests) <= 5 + 1
    assert "stopped at the request budget (--max-pages 5)" in result.notes
    assert any("request budget" in note for note in result.notes)
    assert result.candidates == () and result.pages[0].endswith("/jobs/1")


def test_company_site_never_an_ats_host() -> None:
    ats = Posting(url="https://jobs.lever.co/acme/1", source="lever", title="x", company="Acme")
    assert company_site(ats) is None
    assert company_site(ats, "https://acme.example") == "https://acme.example"
    own = Posting(url="https://acme.example/careers/1", source="generic", title="x", company="Acme", company_url="/")
    assert company_site(own) == "https://acme.example/"
