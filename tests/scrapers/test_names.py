"""Name validation: real names survive (honorifics, initials, hyphens, particles, accents); labels do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.lexicon.names import is_person_name, name_key, split_name_title

NAMES = [
    "Jane Doe", "Dr. Jane Doe", "J. R. R. Tolkien", "Jean-Luc Picard", "Ludwig van Beethoven", "José Álvarez",
    "Loïc Guychard", "María Craig", "Mary O'Neil", "Anne-Marie d'Arcy", "Owen ap Rhys", "Luis de la Cruz",
    "Sarah Lee, PhD", "Tariq bin Rashid", "Robert “Bobby” Lam", "Zoë Adeyemi", "Katarzyna Wiśniewska",
    "Ben Carter", "Prof. Ada Lovelace",
]
NOT_NAMES = [
    "Our Team", "Read more", "Meet the Team", "Head of Sales", "Chief Executive Officer", "Acme Labs",
    "View Profile", "Jane", "Lagos, NG", "Growth Marketer", "Working Student", "Graduate Surveyor",
    "Privacy Policy", "Join us", "Board of Directors", "Series A", "", "Jane Doe 2", "jane doe", "ACME INC",
]


@pytest.mark.parametrize("name", NAMES)
def test_real_names_survive(name: str) -> None:
    assert is_person_name(name)


@pytest.mark.parametrize("text", NOT_NAMES)
def test_labels_titles_and_companies_are_rejected(text: str) -> None:
    assert not is_person_name(text)


def test_the_company_itself_is_not_a_name() -> None:
    assert is_person_name("Harper Collins")
    assert not is_person_name("Harper Collins", company="Harper Collins")


def test_one_word_names_only_when_asked() -> None:
    assert not is_person_name("Sasha")
    assert is_person_name("Sasha", single=True)
    assert not is_person_name("Designer", single=True)


@pytest.mark.parametrize("text, expected", [
    ("Jane Doe — CTO", ("Jane Doe", "CTO")),
    ("Jane Doe, Head of Sales", ("Jane Doe", "Head of Sales")),
    ("CTO: Jane Doe", ("Jane Doe", "CTO")),
    ("Jane Doe (VP Marketing)", ("Jane Doe", "VP Marketing")),
    ("Jane Doe | Engineering Manager", ("Jane Doe", "Engineering Manager")),
    ("Jane Doe likes hiking", None),
    ("Head of Sales", None),
])
def test_name_and_title_on_one_line(text: str, expected: tuple[str, str] | None) -> None:
    assert split_name_title(text) == expected


def test_name_key_folds_accents_and_honorifics() -> None:
    assert name_key("Dr. José Álvarez") == name_key("Jose ALVAREZ") == "jose alvarez"


GIVEN = st.sampled_from(["Ada", "José", "Zoë", "Jean-Luc", "Anne-Marie", "Łukasz", "Siobhán", "Mary", "Kwame", "Hye-jin"])
FAMILY = st.sampled_from(["Lovelace", "Álvarez", "O'Neil", "Nkrumah-Acheampong", "Müller", "Dvořák", "McAllister", "Obi"])
PARTICLE = st.sampled_from(["", "van ", "de ", "von ", "bin ", "da ", "de la "])
PREFIX = st.sampled_from(["", "Dr. ", "Prof. ", "Ms. "])
INITIAL = st.sampled_from(["", "J. ", "R. "])


@given(PREFIX, GIVEN, INITIAL, PARTICLE, FAMILY)
def test_composed_names_survive(prefix: str, given_name: str, initial: str, particle: str, family: str) -> None:
    assert is_person_name(f"{prefix}{given_name} {initial}{particle}{family}")


TITLE_WORDS = st.sampled_from(["Head", "of", "Engineering", "Senior", "Manager", "Director", "Sales", "VP",
                               "Product", "Chief", "Officer", "Team", "Our", "Lead", "Designer", "Recruiter"])


@given(st.lists(TITLE_WORDS, min_size=2, max_size=5))
def test_titles_made_of_role_words_are_never_names(words: list[str]) -> None:
    assert not is_person_name(" ".join(words))


@given(st.text(max_size=80))
def test_any_text_is_safe(text: str) -> None:
    assert is_person_name(text) in (True, False)
    assert isinstance(name_key(text), str)
