"""The lookup fixture suite is well-formed: truth files, postings, pages and staff agree with the sites."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "fixtures" / "lookup"
PEOPLE = ROOT / "fixtures" / "people"
DEMO = ROOT / "crm" / "demo_site"
SITES = sorted(p for p in SUITE.iterdir() if p.is_dir()) if SUITE.is_dir() else []
FUNCTIONS = {
    "backend", "frontend", "platform", "mobile", "data", "ml", "product", "design", "marketing", "growth",
    "sales", "sdr", "cs", "support", "recruiting", "people", "finance", "legal", "operations", "engineering",
}
MARKUP_STYLES = {
    "jsonld_org", "microdata_person", "cards_name_first", "cards_role_above", "table", "list_separator", "dl",
    "figure_caption", "img_alt", "linkedin_links", "bio_modal", "accordion_departments", "hashed_classes",
    "carousel", "prose", "name_br_title",
}


def serve_path(root: Path, url_path: str) -> Path | None:
    """The file LocalServer(root=...) would answer for a URL path, or None (mirrors its lookup order)."""
    rel = url_path.split("?")[0].lstrip("/")
    names = [rel, rel.rstrip("/") + "/index.html", rel + ".html"] if rel else ["index.html"]
    for name in names:
        file = (root / name).resolve()
        if file.is_file() and root.resolve() in file.parents:
            return file
    return None


class _Text(HTMLParser):
    """Text content (script bodies included) and attribute values, kept apart (names can hide in either)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attrs: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.extend(v for _, v in attrs if v)
        if tag == "br":
            self.text.append(" ")  # a line break is a space to a reader ("Given<br/>Family")

    handle_startendtag = handle_starttag


def page_text(file: Path) -> str:
    """Every string a reader or an extractor could see on the page, whitespace collapsed."""
    parser = _Text()
    parser.feed(file.read_text(encoding="utf-8"))
    # text nodes join with nothing so a name split over inline spans stays whole
    return re.sub(r"\s+", " ", "".join(parser.text) + " | " + " | ".join(parser.attrs))


class _Links(HTMLParser):
    """Root-relative hrefs of <a> tags, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            self.hrefs.append(href.split("#")[0])


def links(file: Path) -> list[str]:
    """The site-internal links a crawler could follow from this page."""
    parser = _Links()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.hrefs


def sitemap_paths(root: Path) -> list[str]:
    """The <loc> entries of site/sitemap.xml (root-relative in this suite), or none."""
    file = root / "sitemap.xml"
    return re.findall(r"<loc>([^<]+)</loc>", file.read_text(encoding="utf-8")) if file.is_file() else []


def load_truth(site: Path) -> dict:
    """The site's truth.json, parsed."""
    return json.loads((site / "truth.json").read_text(encoding="utf-8"))


def test_suite_is_big_and_varied_enough() -> None:
    """At least 25 sites, 55 postings, and 8 markup styles each used by two or more sites."""
    assert len(SITES) >= 25, f"only {len(SITES)} sites in {SUITE}"
    postings = sum(len(load_truth(s)["postings"]) for s in SITES)
    assert postings >= 55, f"only {postings} postings"
    uses: dict[str, int] = {}
    for site in SITES:
        for style in load_truth(site)["styles"]:
            uses[style] = uses.get(style, 0) + 1
    shared = {s for s, n in uses.items() if n >= 2}
    assert len(shared) >= 8, f"styles used by 2+ sites: {sorted(shared)}"


@pytest.mark.parametrize("site", SITES + ([DEMO] if DEMO.is_dir() else []), ids=lambda p: p.name)
def test_site_truth_matches_its_pages(site: Path) -> None:
    """Staff, distractors and postings in truth.json are all really on the named pages."""
    truth = load_truth(site)
    root = site / "site"
    assert set(truth) >= {"company", "styles", "staff", "not_staff", "postings"}, "truth.json is missing keys"
    assert isinstance(truth["company"], str) and truth["company"]
    assert set(truth["styles"]) <= MARKUP_STYLES, f"unknown styles {set(truth['styles']) - MARKUP_STYLES}"
    assert serve_path(root, "/") is not None, "no home page (site/index.html)"
    assert truth["staff"], "a site must show staff on some page"

    names = [p["name"] for p in truth["staff"]]
    assert len(names) == len(set(names)), "a staff member is listed twice in truth.json"
    for person in truth["staff"]:
        assert set(person) == {"name", "title", "page"}, person
        file = serve_path(root, person["page"])
        assert file is not None, f"{person['name']}: page {person['page']} does not exist"
        text = page_text(file)
        assert person["name"] in text, f"{person['name']} is not on {person['page']}"
        assert person["title"] in text, f"{person['name']}'s title {person['title']!r} is not on {person['page']}"

    all_text = " ".join(page_text(f) for f in root.rglob("*.html"))
    for name in truth["not_staff"]:
        assert name not in names, f"{name} is both staff and not staff"
        assert name in all_text, f"distractor {name} appears on no page: remove it from not_staff"

    paths = [p["path"] for p in truth["postings"]]
    assert len(paths) == len(set(paths))
    for posting in truth["postings"]:
        assert set(posting) >= {"path", "title", "function", "manager", "acceptable", "why"}, posting
        file = serve_path(root, posting["path"])
        assert file is not None, f"posting {posting['path']} does not exist"
        assert posting["function"] in FUNCTIONS, posting["function"]
        assert posting["title"] in page_text(file), f"{posting['path']}: title not on the page"
        # the manager is on the site, or is named in the posting itself (not on the site at all)
        in_posting = posting["manager"] in page_text(file)
        assert posting["manager"] in names or in_posting, f"{posting['manager']} is neither staff nor named in {posting['path']}"
        for other in posting["acceptable"]:
            assert other in names and other != posting["manager"], f"acceptable {other!r} must be other staff"
        assert posting["why"].strip()


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_every_page_is_a_realistic_size(site: Path) -> None:
    """Pages stay between 1 and 20 KB, like real hand-built or CMS pages."""
    for file in (site / "site").rglob("*.html"):
        size = file.stat().st_size
        assert 1_000 <= size <= 20_000, f"{file.relative_to(SUITE)} is {size} bytes"


@pytest.mark.parametrize("site", SITES + ([DEMO] if DEMO.is_dir() else []), ids=lambda p: p.name)
def test_people_pages_are_discoverable(site: Path) -> None:
    """Every page with staff is two link hops from the home page, or listed in sitemap.xml."""
    root = site / "site"
    home = links(serve_path(root, "/"))
    reachable = {"/"} | set(home)
    for href in home:
        file = serve_path(root, href)
        if file is not None and file.suffix == ".html":
            reachable.update(links(file))
    reachable.update(sitemap_paths(root))
    for path in sitemap_paths(root):
        assert serve_path(root, path) is not None, f"sitemap.xml lists {path}, which does not exist"
    for page in {p["page"] for p in load_truth(site)["staff"]}:
        assert page in reachable, f"{site.name}: {page} is neither linked within two hops nor in the sitemap"


CASES = sorted(PEOPLE.glob("*.input.html")) if PEOPLE.is_dir() else []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_people_case_is_well_formed(case: Path) -> None:
    """Every expected person is on the input page (or in the page data beside it) with their title's words;
    a title split over lines is written joined with ", "."""
    expected = json.loads(case.with_name(case.name.replace(".input.html", ".expected.json")).read_text(encoding="utf-8"))
    assert set(expected) <= {"people", "not_staff"} and "people" in expected
    data = case.with_name(case.name.replace(".input.html", ".page-data.json"))
    text = " ".join(page_text(case).split()) + (data.read_text(encoding="utf-8") if data.is_file() else "")
    raw = case.read_text(encoding="utf-8")
    for person in expected["people"]:
        assert {"name", "title"} <= set(person) <= {"name", "title", "section", "profile_url", "reports_to"}, person
        words = person["name"].split()  # a roster may write "Family, Given": the reader's order is expected
        assert person["name"] in text or f"{' '.join(words[1:])}, {words[0]}" in text, person
        assert all(piece.strip() in text for piece in person["title"].split(", ")), person
    for name in expected.get("not_staff", []):
        assert name.split()[-1] in raw, f"{case.name}: not_staff {name!r} is not on the page"
