"""Likely email addresses: collecting published ones, inferring a domain's pattern, guessing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.team.emails import (
    NO_PATTERN_CONFIDENCE,
    TEMPLATES,
    EmailPattern,
    find_addresses,
    guesses_for,
    infer_pattern,
    is_generic,
    likely_email,
)
from scrapers.types import PersonOnPage

PAGE = "https://acme.com/team"

# (case, html, personal addresses expected on acme.com, generic ones)
COLLECT_CASES = [
    ("mailto", '<a href="mailto:Jane.Doe@Acme.com?subject=Hi">Jane</a>', ["jane.doe@acme.com"], []),
    ("mailto-encoded", '<a href="mailto:jane%2Edoe%40acme.com">x</a>', ["jane.doe@acme.com"], []),
    ("text", "<p>Reach me at bob@acme.com.</p>", ["bob@acme.com"], []),
    ("bracket-obfuscated", "<p>bob [at] acme [dot] com</p>", ["bob@acme.com"], []),
    ("paren-obfuscated", "<p>bob(at)acme(dot)com</p>", ["bob@acme.com"], []),
    ("entity", "<p>ann&#64;acme&#46;com</p>", ["ann@acme.com"], []),
    ("cloudflare", '<a href="/cdn-cgi/l/email-protection#0e7d6f634e6f6d636b206d6163">[email]</a>',
     ["sam@acme.com"], []),
    ("cloudflare-span", '<span class="__cf_email__" data-cfemail="0e7d6f634e6f6d636b206d6163">x</span>',
     ["sam@acme.com"], []),
    ("generic-apart", "<p>info@acme.com jobs@acme.com hello@acme.com eve@acme.com</p>",
     ["eve@acme.com"], ["info@acme.com", "jobs@acme.com", "hello@acme.com"]),
    ("other-domains-dropped", "<p>a@gmail.com b@acme.co c@mail.acme.com.evil.io d@acme.com</p>", ["d@acme.com"], []),
    ("duplicates-once", '<a href="mailto:d@acme.com">d@acme.com</a> D@ACME.COM', ["d@acme.com"], []),
    ("no-addresses", "<p>Nothing here @ all</p>", [], []),
    ("www-domain", "<p>x@acme.com</p>", ["x@acme.com"], []),
]


@pytest.mark.parametrize("case,html,personal,generic", COLLECT_CASES, ids=[c[0] for c in COLLECT_CASES])
def test_find_addresses(case: str, html: str, personal: list[str], generic: list[str]) -> None:
    domain = "www.acme.com" if case == "www-domain" else "acme.com"
    found = find_addresses(html, PAGE, domain)
    assert list(found.personal) == personal
    assert list(found.generic) == generic


@pytest.mark.parametrize("address,generic", [("info@x.io", True), ("Jobs@x.io", True), ("jobs+eng@x.io", True),
                                             ("jane@x.io", False), ("j.doe@x.io", False)])
def test_is_generic(address: str, generic: bool) -> None:
    assert is_generic(address) is generic


# (name, address, template the sample must be read as)
PATTERN_CASES = [
    ("Jane Doe", "jane.doe@acme.com", "{first}.{last}"),
    ("Jane Doe", "jdoe@acme.com", "{f}{last}"),
    ("Jane Doe", "jane@acme.com", "{first}"),
    ("Jane Doe", "janed@acme.com", "{first}{l}"),
    ("Jane Doe", "jane_doe@acme.com", "{first}_{last}"),
    ("Jane Doe", "janedoe@acme.com", "{first}{last}"),
    ("Jane Doe", "doe.jane@acme.com", "{last}.{first}"),
    ("Jane Doe", "j.doe@acme.com", "{f}.{last}"),
    ("Jane Doe", "doej@acme.com", "{last}{f}"),
    ("Jane Doe", "jane-doe@acme.com", "{first}-{last}"),
    ("Zoë O'Brien", "zoe.obrien@acme.com", "{first}.{last}"),
    ("Ludwig van Beethoven", "ludwig.vanbeethoven@acme.com", "{first}.{last}"),
    ("Ludwig van Beethoven", "ludwig.beethoven@acme.com", "{first}.{last}"),
    ("Anne-Marie Dupont-Smith", "anne-marie.dupont-smith@acme.com", "{first}.{last}"),
    ("Anne-Marie Dupont-Smith", "annemarie.dupontsmith@acme.com", "{first}.{last}"),
    ("Dr. Björn Ørsted PhD", "borsted@acme.com", "{f}{last}"),
    ("Łukasz Żółć", "lukasz.zolc@acme.com", "{first}.{last}"),
]


@pytest.mark.parametrize("name,address,template", PATTERN_CASES)
def test_infer_pattern_reads_one_sample(name: str, address: str, template: str) -> None:
    pattern = infer_pattern([(name, address)])
    assert pattern is not None
    assert (pattern.template, pattern.evidence, pattern.total, pattern.examples) == (template, 1, 1, (address,))


def test_infer_pattern_majority_and_evidence() -> None:
    samples = [
        ("Jane Doe", "jane.doe@acme.com"),
        ("Bob Smith", "bob.smith@acme.com"),
        ("Ann Lee", "alee@acme.com"),
        ("Nobody Known", "xyz123@acme.com"),  # fits nothing: not counted
    ]
    assert infer_pattern(samples) == EmailPattern(
        "{first}.{last}", 2, 3, ("jane.doe@acme.com", "bob.smith@acme.com")
    )


def test_infer_pattern_none_without_evidence() -> None:
    assert infer_pattern([]) is None
    assert infer_pattern([("Jane Doe", "qq@acme.com")]) is None


@pytest.mark.parametrize("evidence,total,confidence", [(1, 1, 0.6), (2, 2, 0.75), (3, 3, 0.9), (9, 9, 0.9),
                                                       (2, 4, 0.38)])
def test_confidence_grows_with_evidence(evidence: int, total: int, confidence: float) -> None:
    pattern = EmailPattern("{f}{last}", evidence, total, ())
    guess = likely_email("Jane Doe", "acme.com", pattern)
    assert guess is not None
    assert (guess.address, guess.confidence, guess.evidence, guess.guessed) == ("jdoe@acme.com", confidence, evidence, True)


@pytest.mark.parametrize("name,address", [
    ("José García", "jose.garcia@acme.com"),
    ("Søren Kierkegaard", "soren.kierkegaard@acme.com"),
    ("Jean de la Fontaine", "jean.delafontaine@acme.com"),
    ("Mary-Kate O'Neil", "marykate.oneil@acme.com"),
    ("Ms. Grace Hopper, PhD", "grace.hopper@acme.com"),
    ("Straße Weiß", "strasse.weiss@acme.com"),
    ("Bishop Lee", "bishop.lee@acme.com"),  # nameparser reads "Bishop" as a title
])
def test_likely_email_without_pattern(name: str, address: str) -> None:
    guess = likely_email(name, "www.Acme.com", None)
    assert guess is not None
    assert (guess.address, guess.confidence, guess.pattern, guess.evidence, guess.guessed) == (
        address, NO_PATTERN_CONFIDENCE, "{first}.{last}", 0, True)


def test_likely_email_single_name_falls_back_to_first() -> None:
    guess = likely_email("Cher", "acme.com", EmailPattern("{f}{last}", 3, 3, ()))
    assert guess is not None
    assert (guess.address, guess.pattern, guess.confidence) == ("cher@acme.com", "{first}", 0.45)


@pytest.mark.parametrize("name", ["", "   ", "张伟", "!!!"])
def test_likely_email_unspellable(name: str) -> None:
    assert likely_email(name, "acme.com", None) is None


_LETTERS = "abcdefghijklmnopqrstuvwxyzéèüöäåøßçñłÉÖ"
_word = st.text(alphabet=_LETTERS, min_size=2, max_size=10).map(str.capitalize)
_names = st.tuples(_word, st.lists(_word, min_size=1, max_size=2), st.sampled_from(["", "van ", "de la ", "O'"]))


@settings(max_examples=200, deadline=None)
@given(_names, st.sampled_from(TEMPLATES))
def test_guess_then_infer_round_trip(parts: tuple[str, list[str], str], template: str) -> None:
    first, rest, particle = parts
    name = f"{first} {' '.join(rest[:-1])} {particle}{rest[-1]}".replace("  ", " ")
    guess = likely_email(name, "acme.com", EmailPattern(template, 1, 1, ()))
    assert guess is not None and guess.guessed
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*@acme\.com", guess.address), guess.address
    # Learning from that address must predict the same address for that person.
    learned = infer_pattern([(name, guess.address)])
    assert learned is not None
    again = likely_email(name, "acme.com", learned)
    assert again is not None and again.address == guess.address


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_likely_email_never_crashes(name: str) -> None:
    guess = likely_email(name, "acme.com", None)
    if guess is not None:
        assert guess.address.endswith("@acme.com") and guess.guessed and 0 < guess.confidence < 1
        assert guess.address.isascii()


def test_guesses_for_published_beats_guess() -> None:
    team = """<h2>Jane Doe</h2><a href="mailto:jane.doe@acme.com">mail</a>
              <h2>Bob Smith</h2><p>bob.smith [at] acme [dot] com</p>
              <p>Press: press@acme.com, ex-intern: tom.jones@gmail.com</p>"""
    about = "<p>Write to chloe@acme.com for anything</p>"
    people = [
        PersonOnPage("Jane Doe", source_url=f"{PAGE}"),
        PersonOnPage("Bob Smith"),
        PersonOnPage("Chloé Dubois-Martin"),
        PersonOnPage("Tom Jones"),
        PersonOnPage("Eve Adams", email="eve@acme.com", source_url="https://acme.com/eve"),
    ]
    guesses = guesses_for(people, [(PAGE, team), ("https://acme.com/about", about)], "acme.com")
    got = {n: (g.address, g.guessed, g.confidence, g.pattern, g.sources) for n, g in guesses.items()}
    assert got == {
        "Jane Doe": ("jane.doe@acme.com", False, 1.0, "{first}.{last}", (PAGE,)),
        "Bob Smith": ("bob.smith@acme.com", False, 1.0, "{first}.{last}", (PAGE,)),
        "Chloé Dubois-Martin": ("chloe@acme.com", False, 1.0, "{first}", ("https://acme.com/about",)),
        "Tom Jones": ("tom.jones@acme.com", True, 0.38, "{first}.{last}", (PAGE,)),
        "Eve Adams": ("eve@acme.com", False, 1.0, "{first}", ("https://acme.com/eve",)),
    }


def test_guesses_for_ambiguous_address_proves_nothing() -> None:
    people = [PersonOnPage("John Smith"), PersonOnPage("Jane Smith")]
    guesses = guesses_for(people, [(PAGE, "<p>jsmith@acme.com</p>")], "acme.com")
    assert {n: (g.address, g.guessed, g.confidence) for n, g in guesses.items()} == {
        "John Smith": ("john.smith@acme.com", True, NO_PATTERN_CONFIDENCE),
        "Jane Smith": ("jane.smith@acme.com", True, NO_PATTERN_CONFIDENCE),
    }


UPTIME_LEADERS = ["Mike Welsh", "Daniel Gershuni", "Barak Shohat", "Elias Laham", "Oleksii Solianik", "Ben Byrne",
                  "Michael Esposito"]


@pytest.mark.realworld
def test_real_leadership_page_publishes_only_a_role_inbox(realworld: Path) -> None:
    html = (realworld / "team" / "uptime" / "team.html").read_text(encoding="utf-8")
    url = "https://uptime.com/go/team"
    found = find_addresses(html, url, "uptime.com")
    assert (found.personal, found.generic) == ((), ("support@uptime.com",))
    guesses = guesses_for([PersonOnPage(n, source_url=url) for n in UPTIME_LEADERS], [(url, html)], "uptime.com")
    # support@ proves nothing about people's addresses: every leader gets the low-confidence default.
    assert {n: (g.address, g.confidence, g.guessed) for n, g in guesses.items()} == {
        n: (n.lower().replace(" ", ".") + "@uptime.com", NO_PATTERN_CONFIDENCE, True) for n in UPTIME_LEADERS}
