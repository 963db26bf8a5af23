"""The lookup's email step: which domain the addresses are on, and who gets a likely address."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.hiring_manager import rank
from crm.lookup import email_json as email_dict
from scrapers.team.lookup import likely_emails, mail_domain
from scrapers.types import NamedPerson, PersonOnPage, Posting

PAGES = [
    ("http://127.0.0.1:9/team", '<a href="mailto:ann.lee@acme.example">Ann</a> <p>bo.kim@acme.example</p>'),
    ("http://127.0.0.1:9/", '<footer>jobs@acme.example <a href="mailto:x@partner.example">x</a></footer>'
                            '<input placeholder="you@company.com">'),
]

DOMAIN_CASES = [
    ("real-host", "https://www.acme.com/", PAGES, "acme.com"),  # the site's own host wins over its pages
    ("subdomain-kept", "https://about.acme.com/", [], "about.acme.com"),
    ("subdomain-publishes-parent", "https://about.acme.com/", [("https://about.acme.com/", "<p>jo@acme.com</p>")],
     "acme.com"),
    ("public-suffix-never", "https://acme.co.uk/", [("https://acme.co.uk/", "<p>jo@acme.co.uk</p>")], "acme.co.uk"),
    ("ip-host-reads-pages", "http://127.0.0.1:9/", PAGES, "acme.example"),
    ("localhost-reads-pages", "http://localhost:9/", PAGES, "acme.example"),
    ("ip-host-no-addresses", "http://127.0.0.1:9/", [("http://127.0.0.1:9/", "<p>no mail here</p>")], None),
    ("placeholder-is-not-published", "http://[::1]:9/", [PAGES[1]], "acme.example"),
    ("no-site", None, PAGES, "acme.example"),
]


@pytest.mark.parametrize("case, site, pages, expected", DOMAIN_CASES, ids=[c[0] for c in DOMAIN_CASES])
def test_mail_domain(case: str, site: str | None, pages: list, expected: str | None) -> None:
    assert mail_domain(site, pages) == expected


@given(st.from_regex(r"[a-z][a-z0-9-]{0,12}\.(com|io|co\.uk|example)", fullmatch=True))
def test_a_real_host_is_its_own_mail_domain(host: str) -> None:
    assert mail_domain(f"https://www.{host}/careers", []) == host
    assert mail_domain(f"https://{host}:8443/", []) == host


def test_likely_emails_covers_people_on_pages_and_named_in_the_posting() -> None:
    posting = Posting(url="http://127.0.0.1:9/jobs/1", source="generic", title="Data Engineer", company="Acme",
                      description="Questions? Write to our recruiter at cara.diaz@acme.example.",
                      people=(NamedPerson("Cara Diaz", "Recruiter", "cara.diaz@acme.example", "recruiter"),),
                      reports_to=NamedPerson(name="Dev Patel", title="Head of Data"))
    people = [PersonOnPage("Ann Lee", "CEO", None, "http://127.0.0.1:9/team"),
              PersonOnPage("Bo Kim", "Engineer", None, "http://127.0.0.1:9/team"),
              PersonOnPage("Eve Stone", "Head of Design", None, "http://127.0.0.1:9/team")]
    candidates = tuple(rank(posting, people))
    domain, emails = likely_emails(posting, "http://127.0.0.1:9/", people, candidates, PAGES)
    assert domain == "acme.example"
    assert {n: (g.address, g.guessed) for n, g in emails.items()} == {
        "Ann Lee": ("ann.lee@acme.example", False),
        "Bo Kim": ("bo.kim@acme.example", False),
        "Eve Stone": ("eve.stone@acme.example", True),
        "Cara Diaz": ("cara.diaz@acme.example", False),  # published in the posting itself
        "Dev Patel": ("dev.patel@acme.example", True),  # the named manager, on no page
    }
    assert emails["Dev Patel"].evidence == 3 and emails["Dev Patel"].pattern == "{first}.{last}"
    assert emails["Cara Diaz"].sources == ("http://127.0.0.1:9/jobs/1",)


def test_no_domain_no_guesses() -> None:
    posting = Posting(url="http://127.0.0.1:9/jobs/1", source="generic", title="Data Engineer", company="Acme")
    people = [PersonOnPage("Ann Lee", "CEO", None, "http://127.0.0.1:9/team")]
    assert likely_emails(posting, "http://127.0.0.1:9/", people, tuple(rank(posting, people)), []) == (None, {})
    assert email_dict(None) is None


def test_a_guess_on_a_real_domain_with_nothing_published_is_weak_and_marked() -> None:
    posting = Posting(url="https://acme.com/jobs/1", source="generic", title="Data Engineer", company="Acme")
    people = [PersonOnPage("Ann Lee", "CEO", None, "https://acme.com/team")]
    _, emails = likely_emails(posting, "https://acme.com/", people, (), [("https://acme.com/team", "<p>Ann</p>")])
    assert email_dict(emails["Ann Lee"]) == {"address": "ann.lee@acme.com", "guessed": True, "confidence": 0.2,
                                             "pattern": "{first}.{last}", "evidence": 0, "sources": []}
