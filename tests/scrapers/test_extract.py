"""The pure extract helpers: paths, HTML to text, structured data, normal forms, reporting lines."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, remote_from, site_root
from scrapers.extract.paths import get_path
from scrapers.extract.reporting import find_people, find_reports_to
from scrapers.extract.structured import has_type, json_ld, meta_tags, microdata
from scrapers.extract.text import escaped_html_to_text, html_to_text, soup_of
from scrapers.types import NamedPerson

# -- get_path ----------------------------------------------------------------------------------------

DATA = {"a": [{"b": 1}, {"b": None, "c": "x"}], "d": {"e": {"f": [0, 1, 2]}}}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("a", 0, "b"), 1),
        (("a", 1, "c"), "x"),
        (("a", -1, "c"), "x"),
        (("a", 1, "b"), "dflt"),  # None counts as missing
        (("a", 5, "b"), "dflt"),
        (("d", "e", "f", 2), 2),
        (("d", "e", "f", "x"), "dflt"),  # a string key into a list
        (("a", "0"), "dflt"),  # an index into a dict
        ((), DATA),
    ],
)
def test_get_path(path: tuple, expected: object) -> None:
    assert get_path(DATA, *path, default="dflt") == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=15,
)


@given(JSON, st.lists(st.integers(-4, 4) | st.text(max_size=3), max_size=5))
def test_get_path_never_raises_and_matches_plain_indexing(obj: object, path: list) -> None:
    got = get_path(obj, *path, default=KeyError)
    node = obj
    try:
        for key in path:
            if isinstance(key, int) and not isinstance(node, list) or isinstance(key, str) and not isinstance(node, dict):
                raise KeyError
            node = node[key]
        expected = KeyError if node is None else node
    except (KeyError, IndexError):
        expected = KeyError
    assert got == expected


# -- html_to_text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<ul><li><p>a</p></li><li><p>b</p></li></ul>", "- a\n- b"),
        ("<p>Intro</p><ul><li>a</li></ul><p>End</p>", "Intro\n\n- a\n\nEnd"),
        ("<div>Line<br>break</div>", "Line\nbreak"),
        ("<p>Fish &amp; chips&nbsp;&mdash; &#8220;yes&#8221;</p>", "Fish & chips — “yes”"),
        ("<script>var x = '<p>no</p>';</script><style>p{}</style><p>yes</p>", "yes"),
        ("<nav><a>Home</a></nav><p>Body</p><!-- a comment -->", "Body"),
        ("<p>  spread\n   over\tlines  </p>", "spread over lines"),
        ("<ul><li></li><li>x</li></ul>", "- x"),
        ("plain &amp; simple\n\nsecond", "plain & simple\n\nsecond"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text
    assert html_to_text(html, parser="html.parser") == text


def test_escaped_html_is_unescaped_once() -> None:
    assert escaped_html_to_text("&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;") == "Tom & Jerry"


WORDS = st.text(alphabet=string.ascii_letters + "0123456789 &<>'\"é—", min_size=0, max_size=30)
TAGS = st.sampled_from(["p", "div", "li", "span", "b", "h2", "script", "style", "nav", "td", "br"])


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        tag, words = draw(TAGS), draw(WORDS)
        parts.append(f"<{tag}>{words.replace('<', '&lt;').replace('>', '&gt;')}</{tag}>")
    return "".join(parts)


@settings(max_examples=150)
@given(html_fragments())
def test_html_to_text_is_tidy_for_any_markup(html: str) -> None:
    text = html_to_text(html)
    assert text == text.strip()
    assert "\n\n\n" not in text and "  " not in text and "\xa0" not in text
    assert "<script" not in text and "</" not in text
    assert all(line == line.strip() for line in text.split("\n"))


@given(st.text(alphabet=string.ascii_letters + " .,", max_size=60))
def test_plain_words_survive_html_to_text(words: str) -> None:
    assert html_to_text(f"<p>{words}</p>") == " ".join(words.split())


# -- structured data ---------------------------------------------------------------------------------


def test_json_ld_in_graph_lists_and_with_bad_blocks() -> None:
    html = """
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": ["Thing", "JobPosting"], "title": "A"}]}</script>
    <script type="application/ld+json">[{"@type": "http://schema.org/JobPosting", "title": "B",}]</script>
    <script type="application/ld+json">{not json</script>
    <script type="application/ld+json">{"@type": "JobPosting", "title": "C
    with a raw newline"}</script>"""
    postings = [o["title"] for o in json_ld(soup_of(html)) if has_type(o, "JobPosting")]
    assert postings == ["A", "B", "C\n    with a raw newline"]


def test_microdata_nested_items_and_repeated_properties() -> None:
    html = """<div itemscope itemtype="http://schema.org/JobPosting">
      <h1 itemprop="title">Cook</h1>
      <span itemprop="employmentType">FULL_TIME</span><span itemprop="employmentType">TEMPORARY</span>
      <div itemprop="hiringOrganization" itemscope itemtype="http://schema.org/Organization">
        <span itemprop="name">Bistro</span><a itemprop="sameAs" href="https://bistro.example">site</a></div>
      <time itemprop="datePosted" datetime="2025-01-02">2 Jan</time></div>"""
    [item] = microdata(soup_of(html), "JobPosting")
    assert item["title"] == "Cook"
    assert item["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert item["hiringOrganization"] == {"@type": "Organization", "name": "Bistro", "sameAs": "https://bistro.example"}
    assert item["datePosted"] == "2025-01-02"
    assert "name" not in item  # the organization's name stays inside it


def test_meta_tags_first_wins_and_title() -> None:
    html = '<head><title> Jobs  at X </title><meta property="og:title" content="A &amp; B"><meta name="og:title" content="later"></head>'
    assert meta_tags(soup_of(html)) == {"og:title": "A & B", "title": "Jobs at X"}


# -- normal forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("FullTime", "full-time"), ("FULL_TIME", "full-time"), ("Full-time", "full-time"), ("Full time", "full-time"),
     ("full", "full-time"), ("PART_TIME", "part-time"), ("Contractor", "contract"), ("INTERN", "internship"),
     ("fulltime", "full-time"), (["", "TEMPORARY"], "temporary"), ("Zero hours", "Zero hours"), (None, None)],
)
def test_employment_type(raw: object, normal: str | None) -> None:
    assert employment_type(raw) == normal


@pytest.mark.parametrize(
    ("raw", "day"),
    [("2025-02-27T16:05:44-05:00", "2025-02-27"), ("2025-02-10 08:30:12 UTC", "2025-02-10"), (1736937600000, "2025-01-15"),
     (1736937600, "2025-01-15"), ("Posted 3 Days Ago", None), ("2025-13-01", None), (None, None), (True, None)],
)
def test_iso_date(raw: object, day: str | None) -> None:
    assert iso_date(raw) == day


@pytest.mark.parametrize(
    ("raw", "remote"),
    [("remote", True), ("Fully Remote", True), ("Hybrid", False), ("onsite", False), ("On-site", False),
     ("unspecified", None), ("", None), ("Berlin", None)],
)
def test_remote_from(raw: str, remote: bool | None) -> None:
    assert remote_from(raw) is remote


def test_company_site_is_never_an_ats_or_social_host() -> None:
    assert site_root("https://jobs.lever.co/acme/1") is None
    assert site_root("https://www.acme.com/careers?x=1") == "https://www.acme.com"
    links = ["https://www.linkedin.com/company/acme", "https://github.com/acme", "https://docs.python.org", "https://acme.io/about"]
    assert company_site_from_links(links, "Acme") == "https://acme.io"
    assert company_site_from_links(["https://docs.python.org"], "Acme") is None


# -- reporting lines and named people ----------------------------------------------------------------

REPORTING = [
    ("You will report to Jane Doe, our VP of Engineering.", NamedPerson(name="Jane Doe", title="VP of Engineering", role="manager")),
    ("Reporting to the Head of Design, you will own the design system.", NamedPerson(title="Head of Design", role="manager")),
    ("The role reports directly to our CTO.", NamedPerson(title="CTO", role="manager")),
    ("You'll report into the Engineering Manager, Platform.", NamedPerson(title="Engineering Manager, Platform", role="manager")),
    ("This role reports to the Sr. Director of Strategic Finance and may manage analysts.", NamedPerson(title="Sr. Director of Strategic Finance", role="manager")),
    ("You will report to our Technical Program Manager, based in the UK.", NamedPerson(title="Technical Program Manager", role="manager")),
    ("You will report to the Home Assistant Lead, who is based in the Netherlands.", NamedPerson(title="Home Assistant Lead", role="manager")),
    ("You’ll be reporting to the VP of Sales and working with marketing.", NamedPerson(title="VP of Sales", role="manager")),
    ("You will report to our CEO, Jane Doe.", NamedPerson(name="Jane Doe", title="CEO", role="manager")),
    ("The position reports to Maria Garcia (Head of Data).", NamedPerson(name="Maria Garcia", title="Head of Data", role="manager")),
    ("Reports to: VP Product", NamedPerson(title="VP Product", role="manager")),
    ("Hiring manager: Sam Okafor", NamedPerson(name="Sam Okafor", role="manager")),
    ("This position reports to the Director, Data Engineering.", NamedPerson(title="Director, Data Engineering", role="manager")),
    ("About the role\n- Reports to: Head of Growth\n- Based in Leeds", NamedPerson(title="Head of Growth", role="manager")),
    ("Key facts. Reports directly to the Chief Operating Officer.", NamedPerson(title="Chief Operating Officer", role="manager")),
    ("Prepare monthly reports to the executive team.", None),
    ("Please report bugs to the Engineering Manager on call.", None),
    ("Send weekly reports to the CFO.", None),
    ("Provide reporting to the Head of Sales.", None),
    ("You will report to work at 9am.", None),
    ("Collaborate with the community to address reported issues.", None),
    ("Our annual report to shareholders is public.", None),
]


@pytest.mark.parametrize(("sentence", "person"), REPORTING, ids=[s for s, _ in REPORTING])
def test_reporting_line(sentence: str, person: NamedPerson | None) -> None:
    assert find_reports_to(sentence) == person


FIRST = st.sampled_from(["Jane", "Tomás", "Amara", "Li", "Noor", "Pieter", "Siobhan"])
LAST = st.sampled_from(["Doe", "Okafor", "van Dijk", "Nakamura", "O'Neil", "Silva", "Kowalska"])
TITLES = st.sampled_from(["VP of Engineering", "Head of Design", "CTO", "Director of Marketing", "Engineering Manager",
                          "Chief Product Officer", "Team Lead", "Head of People"])
OPENERS = st.sampled_from(["You will report to", "You'll report to", "This role reports to", "You will be reporting to",
                           "The successful candidate reports directly to", "You will report into"])


@given(OPENERS, FIRST, LAST, TITLES, st.sampled_from([".", ", who is based in Berlin.", " and work with the team.", ";", "!"]))
def test_any_name_and_title_are_read_back(opener: str, first: str, last: str, title: str, end: str) -> None:
    name = f"{first} {last}"
    assert find_reports_to(f"Intro text. {opener} {name}, our {title}{end} More.") == NamedPerson(name=name, title=title, role="manager")
    assert find_reports_to(f"{opener} the {title}{end}") == NamedPerson(title=title, role="manager")


@given(st.text(max_size=200))
def test_reporting_never_raises_and_finds_only_real_values(text: str) -> None:
    person = find_reports_to(text)
    assert person is None or (person.name or person.title)
    for found in find_people(text):
        assert found.email and found.email in text


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Questions? Contact Jane Doe at jane@acme.com.", [NamedPerson(name="Jane Doe", email="jane@acme.com")]),
        ("Reach out to our Talent Partner, Sam Lee (sam.lee@acme.io).",
         [NamedPerson(name="Sam Lee", title="Talent Partner", email="sam.lee@acme.io", role="recruiter")]),
        ("Please contact Maria Lopez, Head of Talent, at maria@acme.io.",
         [NamedPerson(name="Maria Lopez", title="Head of Talent", email="maria@acme.io", role="recruiter")]),
        ("Send your CV to careers@acme.io.", []),  # a mailbox, not a person
        ("Our office is at hq@acme.io", []),  # no contact verb
        ("Email priya@acme.io with questions.", [NamedPerson(email="priya@acme.io")]),
    ],
)
def test_named_people(text: str, people: list[NamedPerson]) -> None:
    assert list(find_people(text)) == people


@pytest.mark.parametrize("line, title, person", [
    ("Line manager: Lead Data Scientist, Climate Risk", "Data Scientist, Climate Risk",
     NamedPerson(title="Lead Data Scientist, Climate Risk", role="manager")),  # the posting's own team
    ("Reports to: Head of Payments, Core Banking", "Backend Engineer, Core Banking",
     NamedPerson(title="Head of Payments, Core Banking", role="manager")),
    ("Reports to: VP of Engineering, Nikos Pappas", "Backend Engineer, Core Banking",
     NamedPerson(name="Nikos Pappas", title="VP of Engineering", role="manager")),
])
def test_a_team_the_posting_names_is_never_read_as_its_managers_name(line: str, title: str, person: NamedPerson) -> None:
    assert find_reports_to(f"About the role.\n{line}\nMore text.", title) == person
