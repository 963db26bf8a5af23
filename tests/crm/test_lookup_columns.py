"""What a lookup's addresses become in the store: a guess is never stored as published or typed."""

from __future__ import annotations

from crm.store.lookups import email_columns
from scrapers.team.emails import guesses_for
from scrapers.types import PersonOnPage

PAGE = "https://acme.com/team"


def test_email_columns_never_store_a_guess_as_published() -> None:
    people = [PersonOnPage("Jane Doe"), PersonOnPage("Bob Smith")]
    guesses = guesses_for(people, [(PAGE, '<a href="mailto:jdoe@acme.com">Jane</a>')], "acme.com")
    assert email_columns(guesses["Jane Doe"]) == {
        "email": "jdoe@acme.com", "email_source": "page", "email_confidence": None}
    assert email_columns(guesses["Bob Smith"]) == {
        "email": "bsmith@acme.com", "email_source": "guessed", "email_confidence": 0.6}
