"""People a page carries as data rather than as text (pure).

- schema.org `Person` in JSON-LD (an organisation's employee, member or founder; a Person that
  worksFor an organisation) and in microdata; authors, reviewers and the like are never staff;
- the state a JavaScript site ships with its HTML: Next.js `__NEXT_DATA__`, Nuxt `__NUXT__` where
  it is plain JSON, any `<script type="application/json">`, and Gatsby's `page-data.json` (which the
  lookup reads beside the page when the page itself lists nobody).

In application state any list of two or more objects that each carry a person's name (`name`,
`fullName`, `firstName` + `lastName`, ...) and a role (`jobTitle`, `title`, `role`, `position` ...)
is a list of people: the same shape rule as the markup, on data.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from scrapers.lexicon.names import clean_name, is_person_name, normalize_space, without_post_nominals
from scrapers.team.dom import Element
from scrapers.types import PersonOnPage

# Keys under which an organisation lists its own people; anything else (author, review) is not staff.
_STAFF_KEYS = ("employee", "employees", "member", "members", "founder", "founders")
_NOT_STAFF_PROPS = {"author", "creator", "review", "reviewedby", "contributor", "editor", "publisher",
                    "funder", "sponsor", "investor", "advisor", "alumni"}
_NAME_KEYS = ("name", "fullName", "full_name", "displayName", "display_name", "personName", "title_name")
_FIRST_KEYS = ("firstName", "first_name", "givenName", "given_name", "firstname", "vorname", "prenom")
_LAST_KEYS = ("lastName", "last_name", "familyName", "family_name", "lastname", "surname", "nachname", "nom")
_ROLE_KEYS = ("jobTitle", "job_title", "jobtitle", "position", "role", "title", "job", "designation", "function",
              "occupation", "funktion", "fonction", "cargo", "poste", "subtitle", "roleName")
_PROFILE_KEYS = ("linkedin", "linkedIn", "linkedin_url", "linkedinUrl", "sameAs", "url", "profile", "twitter")
_DEPARTMENT_KEYS = ("department", "team", "group", "section", "category")


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), value[0] if value else "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return normalize_space(str(value or "")) if not isinstance(value, (dict, list)) else ""


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", "")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _profile(person: dict[str, Any]) -> str | None:
    links = []
    for key in _PROFILE_KEYS:
        value = person.get(key)
        links += value if isinstance(value, list) else [value]
    links = [v for v in links if isinstance(v, str) and v.startswith(("http", "/"))]
    return next((v for v in links if "linkedin.com/" in v), links[0] if links else None)


# ---- JSON-LD --------------------------------------------------------------------------------------

def _people_in(node: Any, staff: bool, role: str = "") -> Iterator[tuple[dict[str, Any], str]]:
    """Yield (Person object, role name) reachable from `node` through staff keys only."""
    if isinstance(node, list):
        for item in node:
            yield from _people_in(item, staff, role)
        return
    if not isinstance(node, dict):
        return
    kinds = _types(node)
    if kinds & {"organizationrole", "role", "employeerole"}:
        inner = node.get("member") or node.get("employee") or node.get("founder")
        yield from _people_in(inner, staff, _text(node.get("roleName")) or role)
        return
    if "person" in kinds:
        if staff:
            yield node, role
        return
    for key, value in node.items():
        lowered = key.lower()
        if lowered == "@graph" or lowered in _STAFF_KEYS:
            yield from _people_in(value, staff=True)
        elif isinstance(value, (dict, list)) and lowered not in _NOT_STAFF_PROPS:
            yield from _people_in(value, staff=False)


def jsonld_people(root: Element, source_url: str) -> list[PersonOnPage]:
    """People listed as employee/member/founder, or as top-level Person objects, in JSON-LD blocks."""
    found = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common on real sites; the markup may still list people
        for person, role in _people_in(data, staff=True):
            name = clean_name(_text(person.get("name")) or " ".join(
                _text(person.get(k)) for k in ("givenName", "familyName")))
            name = without_post_nominals(name)
            if not is_person_name(name, single=True):  # listed as staff in data: "Sasha" is enough
                continue
            title = _text(person.get("jobTitle")) or role
            email = _text(person.get("email")).removeprefix("mailto:") or None
            found.append(PersonOnPage(name=name, title=title, profile_url=_profile(person), source_url=source_url,
                                      email=email))
    return found


# ---- microdata ------------------------------------------------------------------------------------

def _prop(scope: Element, name: str) -> Element | None:
    for tag in scope.iter():
        if name in (tag.get("itemprop") or "").split():
            owner = next((a for a in tag.iterancestors() if a.get("itemscope") is not None), None)
            if owner is scope or (tag is not scope and owner is None):
                return tag
    return None


def _prop_value(tag: Element | None) -> str:
    if tag is None:
        return ""
    for attr in ("content", "href", "src"):
        if tag.get(attr) and tag.tag in ("meta", "link", "a", "img"):
            return normalize_space(tag.get(attr)) if attr == "content" or tag.tag != "a" else tag.get(attr)
    return normalize_space(tag.text_content())


def microdata_people(root: Element, source_url: str) -> list[PersonOnPage]:
    """People marked up with itemtype schema.org/Person, except authors, reviewers and the like."""
    found = []
    for scope in root.iter():
        if not (scope.get("itemtype") or "").rstrip("/").lower().endswith("/person"):
            continue
        props = {p.lower() for p in (scope.get("itemprop") or "").split()}
        if props & _NOT_STAFF_PROPS:
            continue
        parent = next((a for a in scope.iterancestors() if a.get("itemprop")), None)
        if parent is not None and {p.lower() for p in parent.get("itemprop").split()} & _NOT_STAFF_PROPS:
            continue
        name_tag = _prop(scope, "name")
        name = clean_name(name_tag.text_content() if name_tag is not None and name_tag.tag != "meta"
                          else _prop_value(name_tag))
        if not name:
            name = clean_name(f"{_prop_value(_prop(scope, 'givenName'))} {_prop_value(_prop(scope, 'familyName'))}")
        name = without_post_nominals(name)
        if not is_person_name(name):
            continue
        title = _prop_value(_prop(scope, "jobTitle")) or _prop_value(_prop(scope, "roleName"))
        profile = next((a.get("href") for a in scope.iter("a") if "linkedin.com/" in (a.get("href") or "")), None)
        if profile is None:
            same = _prop(scope, "sameAs") or _prop(scope, "url")
            profile = (_prop_value(same) or None) if same is not None else None
        email = _prop_value(_prop(scope, "email")).removeprefix("mailto:") or None
        if title or profile:
            found.append(PersonOnPage(name=name, title=title, profile_url=profile, source_url=source_url, email=email))
    return found


# ---- application state ----------------------------------------------------------------------------

def _person_from(obj: dict[str, Any]) -> tuple[str, str, str | None, str] | None:
    """(name, title, profile, department) when a dict of application state describes a person."""
    name = next((_text(obj[k]) for k in _NAME_KEYS if isinstance(obj.get(k), str)), "")
    if not name:
        first = next((_text(obj[k]) for k in _FIRST_KEYS if isinstance(obj.get(k), str)), "")
        last = next((_text(obj[k]) for k in _LAST_KEYS if isinstance(obj.get(k), str)), "")
        name = f"{first} {last}".strip()
    name = without_post_nominals(clean_name(name))
    if not name or not is_person_name(name):
        return None
    title = next((_text(obj[k]) for k in _ROLE_KEYS if isinstance(obj.get(k), str) and _text(obj[k]) != name), "")
    if len(title) > 120:
        title = ""
    department = next((_text(obj[k]) for k in _DEPARTMENT_KEYS if isinstance(obj.get(k), str)), "")
    return name, title, _profile(obj), department


def _lists(node: Any, depth: int = 0) -> Iterator[list[Any]]:
    """Every list inside a JSON value (iteratively deep enough for real state trees)."""
    stack = [(node, 0)]
    while stack:
        value, level = stack.pop()
        if level > 40:
            continue
        if isinstance(value, list):
            yield value
            stack.extend((v, level + 1) for v in value if isinstance(v, (list, dict)))
        elif isinstance(value, dict):
            stack.extend((v, level + 1) for v in value.values() if isinstance(v, (list, dict)))


def _unwrap(item: Any) -> Any:
    """A list item as the person itself: GraphQL edges ({"node": {...}}) and front matter are looked into."""
    for key in ("node", "frontmatter", "fields", "data", "attributes", "person"):
        if isinstance(item, dict) and isinstance(item.get(key), dict) and len(item) <= 3:
            item = item[key]
    if isinstance(item, dict) and isinstance(item.get("frontmatter"), dict):
        item = {**item, **item["frontmatter"]}
    return item


def state_people(data: Any, source_url: str) -> list[PersonOnPage]:
    """People in application state: lists of two or more person objects (see the module docstring)."""
    found: list[PersonOnPage] = []
    seen: set[str] = set()
    for items in _lists(data):
        people = [p for p in (_person_from(i) for i in map(_unwrap, items) if isinstance(i, dict)) if p]
        if len(people) < 2 or len(people) < len(items) / 2:
            continue
        for name, title, profile, department in people:
            if name in seen:
                continue
            seen.add(name)
            found.append(PersonOnPage(name=name, title=title, profile_url=profile, source_url=source_url,
                                      section=department))
    return found


_NUXT = re.compile(r"window\.__NUXT__\s*=\s*")


def app_state(root: Element) -> list[Any]:
    """The JSON documents a JavaScript site ships in its page (Next.js, Nuxt, JSON script tags)."""
    found = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text or ""
        if script.get("id") == "__NEXT_DATA__" or kind == "application/json":
            try:
                found.append(json.loads(text))
            except ValueError:
                continue
        elif "__NUXT__" in text:
            start = _NUXT.search(text)
            if start:
                try:
                    found.append(json.JSONDecoder().raw_decode(text, start.end())[0])
                except ValueError:
                    continue  # a Nuxt 2 state is a JavaScript function call, not JSON
    return found
