"""vCard 3.0 export of contacts (via vobject), for address books.

A guessed email address is never passed off as verified: its EMAIL line carries
`X-CRM-SOURCE=guessed` and the NOTE says it was guessed and how confident we are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # vobject loads only when a card is written
    from vobject.base import Component
    from vobject.vcard import Name

SOURCE_PARAM = "X-CRM-SOURCE"


def _name_parts(name: str) -> Name:
    import vobject
    from nameparser import HumanName

    human = HumanName(name or "")
    return vobject.vcard.Name(
        family=human.last or "", given=human.first or "", additional=human.middle or "",
        prefix=human.title or "", suffix=human.suffix or "",
    )


Card = dict[str, Any]  # a contact record (crm.store's contact_record) with its email_confidence


def guessed_note(person: Card) -> str:
    """The sentence that marks a guessed address as a guess, or "" for any other address."""
    if not person["email"] or person["email_source"] != "guessed":
        return ""
    confidence = person.get("email_confidence")
    sure = f" (confidence {confidence:.2f})" if confidence is not None else ""
    return f"Email address {person['email']} is guessed from the company's address pattern{sure}; not verified."


def person_vcard(person: Card) -> Component:
    """One contact as a vobject vCard 3.0 component."""
    import vobject

    card = vobject.vCard()
    card.add("uid").value = f"crm-person-{person['id']}"
    card.add("fn").value = person["name"]
    card.add("n").value = _name_parts(person["name"])
    if person["company"]:
        card.add("org").value = [person["company"]]
    if person["title"]:
        card.add("title").value = person["title"]
    if person["email"]:
        email = card.add("email")
        email.value = person["email"]
        email.type_param = "INTERNET"
        if person["email_source"]:
            email.params[SOURCE_PARAM] = [person["email_source"]]
    if person["phone"]:
        card.add("tel").value = person["phone"]
    if person["linkedin_url"]:
        card.add("url").value = person["linkedin_url"]
    notes = [(person["notes"] or "").strip(), guessed_note(person), "Do not contact." if person["do_not_contact"] else ""]
    note = "\n\n".join(n for n in notes if n)
    if note:
        card.add("note").value = note
    return card


def vcards_text(people: Iterable[Card]) -> str:
    """Every contact as one vCard 3.0 text (CRLF line endings, UTF-8 when written)."""
    return "".join(person_vcard(p).serialize() for p in people)
