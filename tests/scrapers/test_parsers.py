"""Every fixture pair on disk: parse the input and compare with the expected posting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.base import Document
from scrapers.errors import ParseError
from scrapers.registry import all_scrapers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCRAPERS = {s.NAME: s for s in all_scrapers()}
CASES = sorted(
    path
    for name in SCRAPERS
    for path in (FIXTURES / name).glob("*.input.*")
    if path.is_file() and not path.with_name(path.name.split(".", 1)[0] + ".meta.json").exists()  # a board: test_boards.py
)
REGEN = "pytest tests/scrapers/test_parsers.py --regen-fixtures -k {case}  # then review the diff"


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else text


def case_name(path: Path) -> str:
    """"fixtures/lever/rich.input.json" -> "lever/rich"."""
    return f"{path.parent.name}/{path.name.split('.', 1)[0]}"


def document_for(input_path: Path) -> Document:
    """The Document a fetch would give: the input body, the case's URL, and `<case>.<key>.<ext>` extras."""
    case = input_path.name.split(".", 1)[0]
    expected = json.loads((input_path.parent / f"{case}.expected.json").read_text(encoding="utf-8"))
    extra = {
        p.name.split(".")[1]: _load(p)
        for p in input_path.parent.glob(f"{case}.*.*")
        if p.name.split(".")[1] not in ("input", "expected")
    }
    return Document(url=expected["url"], data=_load(input_path), extra=extra)


def test_every_scraper_has_two_fixture_cases() -> None:
    counts = {name: sum(1 for c in CASES if c.parent.name == name) for name in SCRAPERS}
    assert all(n >= 2 for n in counts.values()), f"add fixtures/<name>/<case>.input.* for: {counts}"


@pytest.mark.parametrize("input_path", CASES, ids=case_name)
def test_fixture(input_path: Path, regen: bool) -> None:
    scraper = SCRAPERS[input_path.parent.name]()
    expected_path = input_path.parent / f"{input_path.name.split('.', 1)[0]}.expected.json"
    got = json.loads(json.dumps(scraper.parse(document_for(input_path)).to_dict()))  # tuples -> lists
    if regen:
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected, f"{case_name(input_path)} changed; if intended: {REGEN.format(case=input_path.parent.name)}"


def _without(data: Any, *path: str) -> Any:
    """A deep copy of `data` with the key at `path` removed (the parse-error cases)."""
    copy = json.loads(json.dumps(data))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)
    return copy


TITLE_PATHS = {
    "greenhouse": ("title",),
    "lever": ("text",),
    "workable": ("title",),
    "smartrecruiters": ("name",),
    "recruitee": ("offer", "title"),
    "workday": ("jobPostingInfo", "title"),
}


@pytest.mark.parametrize("name", sorted(TITLE_PATHS))
def test_missing_title_is_a_parse_error(name: str) -> None:
    case = next(c for c in CASES if c.parent.name == name)
    document = document_for(case)
    broken = Document(url=document.url, data=_without(document.data, *TITLE_PATHS[name]), extra=document.extra)
    with pytest.raises(ParseError) as info:
        SCRAPERS[name]().parse(broken)
    assert info.value.field == "title"


def test_ashby_job_without_title_is_a_parse_error() -> None:
    document = document_for(FIXTURES / "ashby" / "rich.input.json")
    data = json.loads(json.dumps(document.data))
    for job in data["jobs"]:
        job["title"] = "  "
    with pytest.raises(ParseError) as info:
        SCRAPERS["ashby"]().parse(Document(url=document.url, data=data))
    assert info.value.field == "title"


def test_ashby_job_missing_from_board_is_a_parse_error() -> None:
    document = document_for(FIXTURES / "ashby" / "rich.input.json")
    url = document.url.replace("3f1c2a9e", "00000000")
    with pytest.raises(ParseError):
        SCRAPERS["ashby"]().parse(Document(url=url, data=document.data))


def test_greenhouse_without_company_name_or_board_is_a_parse_error() -> None:
    document = document_for(FIXTURES / "greenhouse" / "gh-jid-remote.input.json")
    with pytest.raises(ParseError) as info:
        SCRAPERS["greenhouse"]().parse(Document(url=document.url, data=document.data))
    assert info.value.field == "company"


def test_page_without_any_title_is_a_parse_error() -> None:
    html = "<html><head></head><body><p>Nothing to see.</p></body></html>"
    with pytest.raises(ParseError) as info:
        SCRAPERS["generic"]().parse(Document(url="https://example.org/jobs/1", data=html))
    assert info.value.field == "title"


def test_schemaorg_job_without_organization_names_the_site() -> None:
    html = '<script type="application/ld+json">{"@type": "JobPosting", "title": "Cook"}</script>'
    posting = SCRAPERS["generic"]().parse(Document(url="https://jobs.example.org/cook", data=html))
    assert (posting.source, posting.title, posting.company) == ("generic", "Cook", "Example")
    assert posting.extra["structured"] == "schema.org JobPosting"


def test_page_without_job_posting_falls_back_to_plain_page_reading() -> None:
    html = "<html><head><title>Gardener</title></head><body><main><p>Mow lawns.</p></main></body></html>"
    posting = SCRAPERS["generic"]().parse(Document(url="https://www.greenthumb.nl/vacatures/gardener", data=html))
    assert (posting.source, posting.title, posting.company, posting.description) == (
        "generic", "Gardener", "Greenthumb", "Mow lawns."
    )


# Letters, digits, punctuation and spaces of any script; entities are tested in the fixtures.
PLAIN = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs"), blacklist_characters="<>&\\"), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(title=PLAIN, company=PLAIN, escaped=st.booleans(), in_graph=st.booleans())
def test_generic_reads_any_schemaorg_title_and_company(title: str, company: str, escaped: bool, in_graph: bool) -> None:
    import html as html_lib

    if not title.strip() or not company.strip():
        return
    posting = {"@type": "JobPosting", "title": title, "hiringOrganization": {"@type": "Organization", "name": company},
               "description": "<p>Body &amp; more</p>"}
    if escaped:
        posting["description"] = html_lib.escape(posting["description"])
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, posting]} if in_graph else posting
    page = f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body></body></html>'
    got = SCRAPERS["generic"]().parse(Document(url="https://example.org/job", data=page))
    assert (got.title, got.company) == (" ".join(title.split()), " ".join(company.split()))
    assert got.description == "Body & more"
