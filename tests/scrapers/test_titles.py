"""Titles as data: function, sub-team, level, manager-ness, outsiders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.lexicon.titles import (EXECUTIVE, INTERN, SENIOR_MANAGER, as_manager, classify, functions_of, is_outsider,
                                  looks_like_title, parse_title, shared_words)

CASES = [
    # title, function, sub-team, level name, manager
    ("Engineering Manager, Backend", "engineering", "backend", "manager", True),
    ("Senior Backend Engineer", "engineering", "backend", "senior", False),
    ("Staff Software Engineer", "engineering", None, "staff/lead", False),
    ("Software Engineering Intern (Summer 2027)", "engineering", None, "intern", False),
    ("VP of Engineering", "engineering", None, "VP", True),
    ("Director of Software Engineering", "engineering", None, "director", True),
    ("Head of Platform Engineering", "engineering", "platform", "head", True),
    ("Co-Founder & CTO", "engineering", None, "executive", True),
    ("Chief Executive Officer", None, None, "executive", True),
    ("Engineering Manager, Payroll", "engineering", None, "manager", True),
    ("Senior Machine Learning Engineer, AI Assist", "engineering", "ml", "senior", False),
    ("Android Engineer", "engineering", "mobile", "mid-level", False),
    ("Site Reliability Engineer, Inference", "engineering", "infra", "mid-level", False),
    ("Product Manager, Inbox", "product", None, "mid-level", False),
    ("VP of Product", "product", None, "VP", True),
    ("Senior Product Designer", "design", None, "senior", False),
    ("Head of Design", "design", None, "head", True),
    ("Growth Marketer", "marketing", "growth", "mid-level", False),
    ("Product Marketing Manager", "marketing", "product marketing", "manager", True),
    ("Sales Development Representative", "sales", "sdr", "mid-level", False),
    ("Account Executive, Mid-Market", "sales", None, "mid-level", False),
    ("Sales Manager, SMB", "sales", None, "manager", True),
    ("Customer Success Manager (EMEA)", "support", "success", "mid-level", False),
    ("Customer Care Lead", "support", None, "manager", True),
    ("Technical Recruiter", "people", "recruiting", "mid-level", False),
    ("Head of People", "people", None, "head", True),
    ("Financial Analyst", "finance", None, "mid-level", False),
    ("General Counsel", "legal", None, "executive", True),
    ("Paralegal", "legal", None, "junior", False),
    ("Operations Manager", "operations", None, "manager", True),
    # the head of a title says what the job is; a lead duty after the comma keeps an IC an IC
    ("Senior Support Engineer, Team Lead", "support", None, "staff/lead", False),
    ("Software Engineer, Engineering Education Lead", "engineering", None, "staff/lead", False),
    ("Manager, Enterprise EMEA", None, None, "manager", True),
    ("Executive Business Partner to VP of Product", "product", None, "mid-level", False),
    ("Senior Salesforce Administrator", "operations", None, "senior", False),  # a product name, not sales
    ("Application Engineer", "support", None, "mid-level", False),
    ("Customer Training Engineer", "support", None, "mid-level", False),
    ("Sales Dev Rep", "sales", "sdr", "mid-level", False),
    ("Financial Controller", "finance", None, "director", True),
    ("Sales Enablement Lead", "sales", "enablement", "manager", True),
    ("Team Lead, Senior Sales Recruiter", "people", "recruiting", "staff/lead", False),
    ("Program Manager, Demand Generation Campaigns", "marketing", "growth", "mid-level", False),
    ("Technical Program Manager", "engineering", None, "mid-level", False),
    ("Program Manager", "product", None, "mid-level", False),
    ("Chief of Staff to CEO, Sales Ops & Strategy", "operations", None, "director", True),
]


@pytest.mark.parametrize("title, function, subteam, level, manager", CASES)
def test_parse_title(title: str, function: str | None, subteam: str | None, level: str, manager: bool) -> None:
    info = parse_title(title)
    assert (info.function, info.subteam, info.level_name, info.manager) == (function, subteam, level, manager)


def test_executives_own_functions() -> None:
    assert parse_title("CTO").owns == ("engineering",)
    assert parse_title("Co-founder & CEO").owns == ("*",)
    assert "finance" in parse_title("Chief Operating Officer").owns
    assert parse_title("Founder").founder and parse_title("Founder").level == EXECUTIVE


def test_operations_and_product_leaders_own_neighbouring_functions() -> None:
    assert parse_title("VP Operations").owns == ("operations", "finance", "legal")
    assert parse_title("Head of Product").owns == ("product", "design")
    assert parse_title("Director of Product").owns == () and parse_title("Operations Manager").owns == ()


def test_recruiters_are_marked() -> None:
    assert parse_title("Senior Recruiter").recruiter
    assert not parse_title("Head of Talent").recruiter  # runs recruiting: may hire a recruiter


def test_functions_of_blanks_what_a_rule_took() -> None:
    assert functions_of("Product Marketing Manager") == {"marketing"}
    assert functions_of("Operations & Finance Manager") == {"operations", "finance"}


def test_department_names_classify() -> None:
    assert classify("Engineering") == ("engineering", None)
    assert classify("Customer Support") == ("support", None)
    assert classify("") == (None, None)


@pytest.mark.parametrize("title, outsider", [
    ("Advisor", True), ("Board Member", True), ("Angel Investor", True), ("Non-executive Director", True),
    ("Former VP Sales", True), ("CEO, Cofounder, Board of Directors", False), ("Chairman & CEO", False),
    ("VP Sales", False), ("Technical Advisor", True),
])
def test_outsiders(title: str, outsider: bool) -> None:
    assert is_outsider(title) is outsider


@pytest.mark.parametrize("text, expected", [
    ("Head of Sales", True), ("Agronomist", True), ("Read more", False), ("Jane Doe", False),
    ("We are hiring across every team and would love to hear from you today.", False),
])
def test_looks_like_title(text: str, expected: bool) -> None:
    assert looks_like_title(text) is expected


@given(st.text(max_size=120))
def test_any_text_parses_to_a_level_on_the_scale(text: str) -> None:
    info = parse_title(text)
    assert INTERN <= info.level <= EXECUTIVE
    assert info.manager == (info.level >= 5.0)


def test_shared_words_ignore_levels_and_stem_job_words() -> None:
    assert shared_words("Senior Support Engineer", "Head of Support Engineering") == 1.0
    assert shared_words("Software Engineer", "Engineering Manager, Search") == 0.5
    assert shared_words("Account Executive", "VP of Sales") == 0.0


def test_regional_leaders_read_as_front_line_managers() -> None:
    assert as_manager("Regional Director of Sales, East").level == SENIOR_MANAGER
    assert as_manager("VP Sales, Western Region").level_name == "director"
    assert as_manager("VP of Sales").level_name == "VP"
    assert parse_title("Regional Director of Sales, East").level_name == "director"  # as a role, unchanged
