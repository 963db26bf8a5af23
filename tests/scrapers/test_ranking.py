"""The pure ranking rules: (posting, people) -> candidates, scores in [0, 1], reasons in words."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.extract.posting import role_title
from scrapers.hiring_manager import likely_manager_title, linkedin_search_url, rank, read_role
from scrapers.types import NamedPerson, PersonOnPage, Posting

STAFF = [
    ("Maya Lindqvist", "Co-founder & CEO"), ("Daniel Okoro", "Co-founder & CTO"), ("Priya Raman", "VP of Sales"),
    ("Grace Holloway", "Head of Design"), ("Rob Stone", "VP of Engineering"),
    ("Hannah Becker", "Engineering Manager, Backend"), ("Kwame Mensah", "Engineering Manager, Web"),
    ("Ivan Petrov", "Senior Backend Engineer"), ("Sam Whitaker", "Staff Software Engineer"),
    ("Olivia Grant", "Account Executive"), ("Rachel Kim", "Senior Recruiter"), ("Ana Ruiz", "Product Designer"),
    ("Leo Park", "Product Manager"), ("Tess Long", "Customer Support Lead"), ("Omar Aziz", "Marketing Manager"),
    ("Nina Berg", "Head of Finance"), ("Eve Moss", "Sales Manager, Mid-Market"), ("Jo Hart", "Head of Talent"),
]


def people(rows: list[tuple[str, str]] = STAFF) -> list[PersonOnPage]:
    return [PersonOnPage(name, title, None, "https://acme.example/team") for name, title in rows]


def posting(title: str, **extra) -> Posting:
    return Posting(url="https://acme.example/jobs/1", source="test", title=title, company="Acme", **extra)


def top(title: str, rows: list[tuple[str, str]] = STAFF, **extra) -> str:
    return rank(posting(title, **extra), people(rows))[0].name


@pytest.mark.parametrize("title, manager", [
    ("Senior Backend Engineer", "Hannah Becker"),
    ("Frontend Engineer, Web", "Kwame Mensah"),
    ("Account Executive, Mid-Market", "Eve Moss"),
    ("Senior Product Designer", "Grace Holloway"),
    ("Engineering Manager, Payments", "Rob Stone"),
    ("Support Engineer", "Tess Long"),
    ("Financial Analyst", "Nina Berg"),
    ("Technical Recruiter", "Jo Hart"),  # recruiting roles are the one place a recruiter's boss ranks
    ("VP of Marketing", "Maya Lindqvist"),
])
def test_the_usual_manager_ranks_first(title: str, manager: str) -> None:
    assert top(title) == manager


def test_team_manager_before_the_vp_for_an_engineer() -> None:
    names = [c.name for c in rank(posting("Backend Engineer"), people())]
    assert names.index("Hannah Becker") < names.index("Rob Stone") < names.index("Ivan Petrov")


def test_named_manager_comes_first_even_off_the_page() -> None:
    named = posting("Backend Engineer", reports_to=NamedPerson(name="Ivan Petrov", role="manager"))
    first = rank(named, people())[0]
    assert (first.name, first.score, first.reasons) == ("Ivan Petrov", 0.99, ("named in the posting as the manager",))
    absent = posting("Backend Engineer", reports_to=NamedPerson(name="Jordan Alvarez", title="Head of Platform"))
    assert rank(absent, people())[0].name == "Jordan Alvarez"


def test_first_name_in_the_text_names_the_manager() -> None:
    text = "You'll work with Leo, our PM, and report to Daniel, our CTO, who looks after design."
    assert top("Senior Product Designer", description=text) == "Daniel Okoro"


def test_stated_reporting_title_wins() -> None:
    stated = posting("Backend Engineer", reports_to=NamedPerson(title="VP of Engineering", role="manager"))
    first = rank(stated, people())[0]
    assert first.name == "Rob Stone" and first.reasons == ("title matches the stated reporting line",)


def test_peers_and_recruiters_rank_low_and_say_so() -> None:
    ranked = {c.name: c for c in rank(posting("Senior Backend Engineer"), people())}
    assert ranked["Ivan Petrov"].role == "peer" and ranked["Ivan Petrov"].score < 0.1
    assert ranked["Rachel Kim"].role == "recruiter" and "recruiter" in ranked["Rachel Kim"].reasons[0]


def test_outsiders_never_rank() -> None:
    rows = STAFF + [("Bob Board", "Board Member"), ("Ann Angel", "Angel Investor"), ("Ada Vise", "Advisor")]
    names = {c.name for c in rank(posting("Backend Engineer"), people(rows))}
    assert not names & {"Bob Board", "Ann Angel", "Ada Vise"}


def test_in_a_small_company_the_founder_who_owns_the_function_hires() -> None:
    tiny = [("Noah Feld", "Founder & CEO"), ("Aiko Tanaka", "Founding Engineer"), ("Mira Shah", "Designer")]
    assert top("Backend Engineer (Elixir)", tiny) == "Noah Feld"
    assert top("Developer Advocate", tiny) == "Noah Feld"
    with_cto = tiny + [("Lea Ross", "CTO")]
    assert top("Backend Engineer", with_cto) == "Lea Ross"


def test_the_lowest_manager_of_the_team_is_one_level_up() -> None:
    rows = [("Ada Chen", "CEO"), ("Ben Ode", "Engineering Manager"), ("Cy Roe", "Director of Data & Analytics"),
            ("Di Moss", "VP Engineering")]
    assert top("Data Engineer", rows) == "Cy Roe"  # no data manager: the data director is the first line
    assert top("Backend Engineer", rows) == "Ben Ode"


def test_a_team_no_manager_names_says_nothing() -> None:
    rows = [("Ada Chen", "CEO"), ("Bo Lin", "VP Product"), ("Cy Roe", "Director of Product, Cloud"),
            ("Di Moss", "Product Manager, Search")]
    assert top("Product Manager, Billing", rows) == "Cy Roe"
    with_billing = rows + [("Ed Yu", "Director of Product, Billing")]
    assert top("Product Manager, Billing", with_billing) == "Ed Yu"


@pytest.mark.parametrize("title, manager", [
    ("Chief of Staff to the CEO", "Ada Chen"),
    ("Executive Assistant", "Ada Chen"),
    ("Executive Business Partner to VP of Product", "Bo Lin"),
])
def test_assistants_work_for_their_principal(title: str, manager: str) -> None:
    rows = [("Ada Chen", "Co-founder & CEO"), ("Bo Lin", "VP Product"), ("Cy Roe", "VP Engineering"),
            ("Kim Fox", "Executive Business Partner to the CEO"), ("Lu Park", "Operations Manager")]
    assert top(title, rows) == manager


def test_without_a_cfo_finance_and_legal_report_to_the_operations_leader() -> None:
    rows = [("Ada Chen", "CEO"), ("Dan Ash", "VP Operations"), ("Eve Lam", "Payroll Manager"), ("Cy Roe", "CTO")]
    assert top("Financial Controller", rows) == "Dan Ash"
    assert top("Commercial Counsel", rows) == "Dan Ash"
    assert top("Financial Controller", rows + [("Flo Reyes", "CFO")]) == "Flo Reyes"


def test_a_sub_team_manager_does_not_manage_the_rest_of_the_function() -> None:
    rows = [("Ada Chen", "CEO"), ("Meg Fitz", "Chief People Officer"), ("Femi Ola", "Talent Acquisition Manager")]
    assert top("People Partner", rows) == "Meg Fitz"
    assert top("Technical Recruiter", rows) == "Femi Ola"


def test_a_regional_sales_director_is_a_front_line_manager() -> None:
    rows = [("Ada Chen", "CEO"), ("Vic Sol", "VP of Sales"), ("Rae Tam", "Regional Director of Sales, West"),
            ("Jan Ek", "Sales Enablement Lead"), ("Ola Berg", "Regional Sales Director, Eastern Region")]
    assert top("Account Executive", rows) == "Rae Tam"  # the enablement lead trains reps, does not manage them
    assert top("Account Executive, East", rows) == "Ola Berg"
    assert top("Regional Director of Sales, Central", rows) == "Vic Sol"


def test_a_manager_title_repeating_the_job_words_wins_a_tie() -> None:
    rows = [("Ada Chen", "CEO"), ("Bo Lin", "Manager, Technical Advisory"), ("Cy Roe", "Engineering Manager, Search")]
    assert top("Software Engineer", rows) == "Cy Roe"
    assert top("Technical Advisor", rows) == "Bo Lin"


def test_a_head_of_a_sub_team_reports_to_the_vp() -> None:
    rows = [("Ada Chen", "CEO"), ("Vic Sol", "VP of Sales"), ("Rosa Day", "Head of Sales Development")]
    assert top("Head of Sales Development", rows[:2]) == "Vic Sol"
    assert top("Director of Sales Development", rows) == "Vic Sol"  # a head and a director are one tier


def in_sections(rows: list[tuple[str, str, str]]) -> list[PersonOnPage]:
    return [PersonOnPage(name, title, None, "https://gov.example/people", section) for name, title, section in rows]


def test_a_head_reports_to_the_director_of_its_section_not_the_chief_above() -> None:
    # A head is half a step below a director, but a director is the next tier: the first line above it.
    rows = in_sections([("Ann Lee", "Chief Operating Officer", "Operations"),
                        ("Ben Cole", "Director of Finance", "Finance"),
                        ("Cy Ward", "Head of Financial Systems", "Finance")])
    ranked = rank(posting("Head of Financial Strategy", department="Finance"), rows)
    assert ranked[0].name == "Ben Cole"
    assert ranked[0].reasons == ("Director of Finance: same function (finance), one level up",)


def test_a_title_naming_the_whole_department_heads_it_wherever_it_is_listed() -> None:
    rows = in_sections([("Dee Park", "Director General, Finance and Corporate Performance", "Top management"),
                        ("Eli Moss", "Director General, Policy and Programmes", "Top management"),
                        ("Fay Lund", "Director, Value for Money", "Corporate Performance")])
    ranked = rank(posting("Director, People and Change", department="Corporate Performance"), rows)
    assert ranked[0].name == "Dee Park"
    assert "its title names the role's department" in ranked[0].reasons[0]
    # A one-word department is in too many titles to say who heads it.
    rows = in_sections([("Gus Hale", "Area Director of Finance", "North"), ("Ida Bell", "Director of Finance", "Finance")])
    assert rank(posting("Head of Audit", department="Finance"), rows)[0].name == "Ida Bell"


def test_reasons_are_words() -> None:
    first = rank(posting("Senior Backend Engineer"), people())[0]
    assert first.reasons == ("Engineering Manager, Backend: same team, one level up",)


def test_posting_title_loses_a_company_suffix() -> None:
    assert role_title(posting("Sales Development Representative | Acme")) == "Sales Development Representative"
    assert read_role(posting("Sales Development Representative | Acme")).function == "sales"


def test_linkedin_search_is_a_link_never_a_fetch() -> None:
    url = linkedin_search_url(posting("Senior Backend Engineer"))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/search/results/people/")
    assert parse_qs(parts.query) == {"keywords": ["Engineering Manager, Backend Acme"]}
    assert likely_manager_title(posting("Director of Finance")) == "VP of Finance"


TITLES = st.sampled_from([t for _, t in STAFF] + ["Intern", "Office Manager", "Chief of Staff", "Bid Writer", ""])


@given(TITLES, st.lists(st.tuples(st.sampled_from([n for n, _ in STAFF]), TITLES), max_size=12))
def test_scores_stay_in_range_and_sorted(title: str, rows: list[tuple[str, str]]) -> None:
    ranked = rank(posting(title), people(rows))
    scores = [c.score for c in ranked]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)
    assert all(c.reasons and all(isinstance(r, str) and r for r in c.reasons) for c in ranked)
