"""One record per real thing: namesake contacts, shared addresses, posting URL spellings, long URLs in errors."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from crm import store
from crm.cli import cli
from crm.cli.demo import DEMO_SITE, demo_posting_path
from crm.errors import Duplicate
from crm.store.keys import normalize_posting_url
from crm.store.models import Application, Person
from crm.store.refs import resolve_application
from crm.text import shorten
from scrapers.localserver import LocalServer

JOB = "https://jobs.example.com/1"


# ---- normalize_posting_url --------------------------------------------------------------------

@pytest.mark.parametrize("url, normal", [
    ("HTTPS://JOBS.EXAMPLE.COM/1", JOB),
    ("https://jobs.example.com/1/", JOB),
    ("https://jobs.example.com/1?utm_source=linkedin&utm_medium=jobs", JOB),
    ("https://jobs.example.com:443/1#apply", JOB),
    ("http://jobs.example.com:80/1", "http://jobs.example.com/1"),
    ("https://jobs.example.com:8443/1", "https://jobs.example.com:8443/1"),
    ("https://boards.greenhouse.io/acme/jobs/42?gh_jid=42&gh_src=abc1",
     "https://boards.greenhouse.io/acme/jobs/42?gh_jid=42"),
    ("https://jobs.lever.co/acme/abc?lever-source=LinkedIn&lever-origin=applied", "https://jobs.lever.co/acme/abc"),
    ("https://jobs.ashbyhq.com/acme?ashby_jid=9&utm_campaign=x&source=linkedin",
     "https://jobs.ashbyhq.com/acme?ashby_jid=9"),
    ("https://acme.example/careers?jobId=7&ref=hn&trk=a&fbclid=b&gclid=c&mc_cid=d&mc_eid=e&id=3",
     "https://acme.example/careers?jobId=7&id=3"),
    ("https://acme.example/careers?UTM_Source=x&b=2&a=1", "https://acme.example/careers?b=2&a=1"),  # order kept
    ("https://acme.example/Jobs/Backend", "https://acme.example/Jobs/Backend"),  # the path's case matters
    ("https://acme.example/careers/#/jobs/42", "https://acme.example/careers#/jobs/42"),  # a hash route is the job
    ("https://acme.example/?utm_source=x", "https://acme.example/"),
    ("https://acme.example", "https://acme.example/"),
])
def test_normal_form(url: str, normal: str) -> None:
    assert normalize_posting_url(url) == normal


HOSTS = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}(\.[A-Za-z]{2,6}){1,2}", fullmatch=True)
PATHS = st.from_regex(r"(/[A-Za-z0-9._~%-]{0,8}){0,4}/?", fullmatch=True)
PAIRS = st.lists(st.tuples(st.sampled_from(["id", "jobId", "gh_jid", "utm_source", "ref", "q", "gclid", "Page"]),
                           st.from_regex(r"[A-Za-z0-9%-]{0,6}", fullmatch=True)), max_size=5)
URLS = st.builds(lambda scheme, host, port, path, pairs, frag: (
    f"{scheme}://{host}{port}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "") + frag),
    st.sampled_from(["http", "https", "HTTPS"]), HOSTS, st.sampled_from(["", ":443", ":80", ":8080"]), PATHS, PAIRS,
    st.sampled_from(["", "#apply", "#/jobs/3"]))


@given(URLS)
def test_normalizing_twice_changes_nothing(url: str) -> None:
    once = normalize_posting_url(url)
    assert normalize_posting_url(once) == once


@given(URLS, st.randoms(use_true_random=False))
def test_the_case_of_the_host_never_makes_another_posting(url: str, rnd) -> None:
    scheme, host, rest = re.fullmatch(r"([^:]+)://([^/?#]*)(.*)", url, re.DOTALL).groups()  # type: ignore[union-attr]
    respell = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in scheme + "://" + host)
    assert normalize_posting_url(respell + rest) == normalize_posting_url(url)


@given(URLS)
def test_meaningful_parameters_are_kept_in_order(url: str) -> None:
    query = url.split("#")[0].partition("?")[2]
    wanted = [p for p in query.split("&") if p and p.split("=")[0] in ("id", "jobId", "gh_jid", "q", "Page")]
    kept = normalize_posting_url(url).split("#")[0].partition("?")[2]
    assert [p for p in kept.split("&") if p] == wanted


# ---- applications: one per posting ------------------------------------------------------------

@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("spelling", ["HTTPS://JOBS.EXAMPLE.COM/1", "https://jobs.example.com/1/",
                                      "https://jobs.example.com/1?utm_source=linkedin&utm_medium=jobs"])
def test_an_application_is_found_and_refused_whatever_the_spelling(spelling: str) -> None:
    app = store.add_application(spelling)
    assert app.url == JOB
    with pytest.raises(Duplicate) as e:
        store.add_application(JOB + "#top")
    assert str(e.value) == f"an application for {JOB} already exists (#{app.id})"
    assert resolve_application(spelling) == resolve_application(JOB) == app
    other = store.add_application("https://jobs.example.com/2")
    with pytest.raises(Duplicate, match=r"\(#1\)$"):
        store.edit_application(other, url=spelling)
    assert Application.select().count() == 2


@pytest.mark.usefixtures("db")
def test_shorten() -> None:
    long = "https://jobs.example.com/1/" + "a" * 2000 + "/end"
    cut = shorten(long)
    assert len(cut) == 100 and cut.startswith("https://jobs.example.com/1/aaa") and cut.endswith("a/end")
    assert cut.count("\u2026") == 1
    assert shorten("https://jobs.example.com/1") == "https://jobs.example.com/1"


@pytest.mark.usefixtures("db")
def test_errors_never_repeat_a_2000_character_url() -> None:
    long = "https://jobs.example.com/1/" + "a" * 2000
    store.add_application(long)
    with pytest.raises(Duplicate) as e:
        store.add_application(long)
    assert str(e.value) == f"an application for {shorten(long)} already exists (#1)"
    assert len(str(e.value)) < 140


# ---- contacts: one per person, one person per address -----------------------------------------

@pytest.mark.usefixtures("db")
def test_a_namesake_at_the_same_company_needs_allow_duplicate() -> None:
    acme = store.add_company("Acme Robotics", domain="acme.example")
    jane = store.add_contact("Jane Doe", acme, email="jane@acme.example")
    with pytest.raises(Duplicate) as e:
        store.add_contact(" jane DOE ", acme)
    assert str(e.value) == ("contact 'jane DOE' already exists as #1 Jane Doe at Acme Robotics; "
                            "use --allow-duplicate to add another")
    assert store.add_contact("Jane Doe", acme, allow_duplicate=True).id == 2
    assert store.add_contact("Jane Doe").id == 3  # no company: not the same person as Acme's
    with pytest.raises(Duplicate, match="^contact 'Jane Doe' already exists as #3 Jane Doe; use --allow"):
        store.add_contact("Jane Doe")
    assert store.add_contact("Jane Doe", store.add_company("Globex")).company.name == "Globex"
    assert Person.select().count() == 4 and jane.id == 1


@pytest.mark.usefixtures("db")
def test_an_address_belongs_to_one_contact() -> None:
    jane = store.add_contact("Jane Doe", email="jane@acme.example")
    with pytest.raises(Duplicate) as e:
        store.add_contact("Bob", email="JANE@ACME.example")
    assert str(e.value) == "JANE@acme.example already belongs to #1 Jane Doe"
    with pytest.raises(Duplicate, match="^jane@acme.example already belongs to #1 Jane Doe$"):
        store.add_contact("Jane Doe", email="jane@acme.example", allow_duplicate=True)  # a namesake, not an address
    bob = store.add_contact("Bob", email="bob@acme.example")
    with pytest.raises(Duplicate, match="^jane@acme.example already belongs to #1 Jane Doe$"):
        store.edit_contact(bob, email="jane@acme.example")
    assert Person.get_by_id(bob.id).email == "bob@acme.example"
    store.edit_contact(jane, email="Jane@acme.example", title="CTO")  # her own address, respelt
    assert Person.get_by_id(jane.id).email == "Jane@acme.example"


# ---- through the command line -----------------------------------------------------------------

def _crm(url: str, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def test_the_walk_through(store_url: str) -> None:
    _crm(store_url, "company", "add", "Acme Robotics", "--domain", "acme.example")
    _crm(store_url, "contact", "add", "Jane Doe", "--company", "acme.example", "--email", "jane@acme.example")
    _crm(store_url, "contact", "add", "Bob", "--email", "bob@acme.example")
    assert _crm(store_url, "contact", "add", "Jane Doe", "--company", "acme.example", code=1).stderr == (
        "Error: contact 'Jane Doe' already exists as #1 Jane Doe at Acme Robotics; "
        "use --allow-duplicate to add another\n")
    assert _crm(store_url, "contact", "add", "Rob", "--email", "jane@acme.example", code=1).stderr == (
        "Error: jane@acme.example already belongs to #1 Jane Doe\n")
    assert _crm(store_url, "contact", "edit", "Bob", "--email", "jane@acme.example", code=1).stderr == (
        "Error: jane@acme.example already belongs to #1 Jane Doe\n")
    assert _crm(store_url, "company", "add", "Other", "--domain", "acme.example", code=1).stderr == (
        "Error: domain acme.example already belongs to #1 Acme Robotics\n")
    _crm(store_url, "app", "add", JOB)
    for spelling in ("HTTPS://JOBS.EXAMPLE.COM/1", "https://jobs.example.com/1/",
                     "https://jobs.example.com/1?utm_source=linkedin&utm_medium=jobs"):
        assert _crm(store_url, "app", "add", spelling, code=1).stderr == (
            f"Error: an application for {JOB} already exists (#1)\n")
    long = "https://jobs.example.com/2/" + "b" * 2000
    _crm(store_url, "app", "add", long)
    error = _crm(store_url, "app", "add", long, code=1).stderr
    assert error == f"Error: an application for {shorten(long)} already exists (#2)\n" and len(error) < 150
    assert len(_crm(store_url, "app", "show", long + "x", code=1).stderr) < 150


@pytest.fixture
def site():
    with LocalServer(root=DEMO_SITE / "site") as server:
        yield server


def test_lookup_save_of_a_tracked_link_finds_the_application(site: LocalServer, store_url: str) -> None:
    url = site.url(demo_posting_path())
    _crm(store_url, "app", "add", url, "--status", "applied")
    saved = _crm(store_url, "lookup", url + "?utm_source=linkedin&utm_medium=jobs", "--save").stderr
    assert saved.startswith("Saved: application #1 already saved, ")
    apps = _crm(store_url, "app", "list", "--json").stdout
    assert apps.count('"id"') == 1 and '"status": "applied"' in apps
