"""People declared as data: schema.org Person in JSON-LD (employee, member, founder) and microdata."""

from __future__ import annotations

import json
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag

from scrapers.lexicon.names import clean_name, is_person_name, normalize_space
from scrapers.types import PersonOnPage

# Keys under which an organisation lists its own people; anything else (author, review) is not staff.
_STAFF_KEYS = ("employee", "employees", "member", "members", "founder", "founders", "alumni_never")
_NOT_STAFF_PROPS = {"author", "creator", "review", "reviewedby", "contributor", "editor", "publisher",
                    "funder", "sponsor", "investor", "advisor", "alumni"}


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", "")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), value[0] if value else "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return normalize_space(str(value or ""))


def _profile(person: dict[str, Any]) -> str | None:
    links = person.get("sameAs") or []
    links = links if isinstance(links, list) else [links]
    for link in links:
        if isinstance(link, str) and "linkedin.com/" in link:
            return link
    url = person.get("url")
    return url if isinstance(url, str) and url.startswith("http") else (links[0] if links and isinstance(links[0], str) else None)


def _people_in(node: Any, staff: bool, role: str = "") -> Iterator[tuple[dict[str, Any], str]]:
    """Yield (Person object, role name) reachable from `node` through staff keys only."""
    if isinstance(node, list):
        for item in node:
            yield from _people_in(item, staff, role)
        return
    if not isinstance(node, dict):
        return
    kinds = _types(node)
    if "organizationrole" in kinds or "role" in kinds or "employeerole" in kinds:
        inner = node.get("member") or node.get("employee") or node.get("founder")
        yield from _people_in(inner, staff, _text(node.get("roleName")) or role)
        return
    if "person" in kinds:
        if staff:
            yield node, role
        return
    for key, value in node.items():
        lowered = key.lower()
        if lowered == "@graph":
            yield from _people_in(value, staff=True)
        elif lowered in _STAFF_KEYS:
            yield from _people_in(value, staff=True)
        elif isinstance(value, (dict, list)) and lowered not in _NOT_STAFF_PROPS:
            yield from _people_in(value, staff=False)


def jsonld_people(soup: BeautifulSoup, source_url: str) -> list[PersonOnPage]:
    """People listed as employee/member/founder (or as top-level Person objects) in JSON-LD blocks."""
    found = []
    for script in soup.find_all("script", attrs={"type": lambda v: v and "ld+json" in v.lower()}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except ValueError:
            continue  # broken JSON-LD is common on real sites; the markup may still list people
        for person, role in _people_in(data, staff=True):
            name = clean_name(_text(person.get("name")) or " ".join(
                _text(person.get(k)) for k in ("givenName", "familyName")))
            if not is_person_name(name, single=True):  # listed as staff in data: "Sasha" is enough
                continue
            title = _text(person.get("jobTitle")) or role
            email = _text(person.get("email")).removeprefix("mailto:") or None
            found.append(PersonOnPage(name=name, title=title, profile_url=_profile(person),
                                      source_url=source_url, section="", email=email))
    return found


def _prop(scope: Tag, name: str) -> Tag | None:
    for tag in scope.find_all(attrs={"itemprop": True}):
        if name in tag.get("itemprop", "").split():
            # Skip properties of a nested item (an Organization inside the Person).
            owner = tag.find_parent(attrs={"itemscope": True})
            if owner is scope or (tag is not scope and owner is None):
                return tag
    return None


def _prop_value(tag: Tag | None) -> str:
    if tag is None:
        return ""
    for attr in ("content", "href", "src"):
        if tag.get(attr) and tag.name in ("meta", "link", "a", "img"):
            return normalize_space(tag[attr]) if attr == "content" or tag.name != "a" else tag[attr]
    return normalize_space(tag.get_text(" "))


def microdata_people(soup: BeautifulSoup, source_url: str) -> list[PersonOnPage]:
    """People marked up with itemtype schema.org/Person, except authors, reviewers and the like."""
    found = []
    for scope in soup.find_all(attrs={"itemtype": lambda v: v and v.rstrip("/").lower().endswith("/person")}):
        props = {p.lower() for p in (scope.get("itemprop") or "").split()}
        if props & _NOT_STAFF_PROPS:
            continue
        parent = scope.find_parent(attrs={"itemprop": True})
        if parent is not None and {p.lower() for p in parent.get("itemprop", "").split()} & _NOT_STAFF_PROPS:
            continue
        name_tag = _prop(scope, "name")
        name = clean_name(name_tag.get_text(" ") if name_tag is not None and name_tag.name not in ("meta",)
                          else _prop_value(name_tag))
        if not name:
            name = clean_name(f"{_prop_value(_prop(scope, 'givenName'))} {_prop_value(_prop(scope, 'familyName'))}")
        if not is_person_name(name):
            continue
        title = _prop_value(_prop(scope, "jobTitle")) or _prop_value(_prop(scope, "roleName"))
        profile = None
        for link in scope.find_all("a", href=True):
            if "linkedin.com/" in link["href"]:
                profile = link["href"]
                break
        if profile is None:
            same = _prop(scope, "sameAs") or _prop(scope, "url")
            profile = _prop_value(same) or None if same is not None else None
        email = _prop_value(_prop(scope, "email")).removeprefix("mailto:") or None
        found.append(PersonOnPage(name=name, title=title, profile_url=profile, source_url=source_url, email=email))
    return found
