"""vCard 3.0 export: parse the written text back and check every field, accents included."""

from __future__ import annotations

import pytest
import vobject

from crm.data.vcard import SOURCE_PARAM
from crm.data.vcard import vcards_text as cards_of
from crm.store import contacts_for_cards
from crm.store.models import Company, Person


def vcards_text(people: list[Person]) -> str:
    """Cards as `crm contact export --vcf` writes them for these contacts."""
    return cards_of(contacts_for_cards(people))


def _people() -> list[Person]:
    acme = Company.create(name="Müller & Söhne, GmbH", name_key="muller and sohne")
    full = Person.create(
        name="Dr. José María García-López Jr.", title="Directeur Général; R&D", company=acme,
        email="jose.garcia-lopez@muller.de", email_source="guessed", email_confidence=0.75,
        phone="+49 30 123 456", linkedin_url="https://www.linkedin.com/in/jose", notes="Met at PyCon, Berlin\nLikes ☕",
        do_not_contact=True,
    )
    bare = Person.create(name="Zoë")
    published = Person.create(name="Chloé Dubois", email="chloe@initech.fr", email_source="page")
    return [full, bare, published]


def _read(text: str) -> list:
    return list(vobject.readComponents(text))


def test_every_field_round_trips(db) -> None:
    text = vcards_text(_people())
    assert "\r\n" in text and text.count("BEGIN:VCARD") == 3
    full, bare, published = _read(text)
    assert full.version.value == "3.0"
    assert full.uid.value.startswith("crm-person-")
    assert full.fn.value == "Dr. José María García-López Jr."
    n = full.n.value
    assert (n.prefix, n.given, n.additional, n.family, n.suffix) == ("Dr.", "José", "María", "García-López", "Jr.")
    assert full.org.value == ["Müller & Söhne, GmbH"]
    assert full.title.value == "Directeur Général; R&D"
    assert full.email.value == "jose.garcia-lopez@muller.de"
    assert full.email.params == {"TYPE": ["INTERNET"], SOURCE_PARAM: ["guessed"]}
    assert full.tel.value == "+49 30 123 456"
    assert full.url.value == "https://www.linkedin.com/in/jose"
    assert full.note.value == (
        "Met at PyCon, Berlin\nLikes ☕\n\n"
        "Email address jose.garcia-lopez@muller.de is guessed from the company's address pattern "
        "(confidence 0.75); not verified.\n\nDo not contact.")


def test_minimal_contact_has_only_what_is_known(db) -> None:
    _, bare, published = _read(vcards_text(_people()))
    assert sorted(c.name for c in bare.getChildren()) == ["FN", "N", "UID", "VERSION"]
    assert (bare.fn.value, bare.n.value.given, bare.n.value.family) == ("Zoë", "Zoë", "")
    assert published.email.params[SOURCE_PARAM] == ["page"]
    assert "note" not in published.contents  # a published address needs no warning


@pytest.mark.parametrize("name", ["Łukasz Żółć", "Ångström, Anders", "Nguyễn Văn An", "O'Brien; Sean, \"Jr\""])
def test_awkward_names_survive(db, name: str) -> None:
    person = Person.create(name=name, title=name, notes=name)
    (card,) = _read(vcards_text([person]))
    assert (card.fn.value, card.title.value, card.note.value) == (name, name, name)
