"""Assembling a Posting: mandatory-field checks, the text's reporting line and people, schema.org mapping."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from scrapers.errors import ParseError
from scrapers.extract.normalize import employment_type, iso_date, place, site_root
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.reporting import find_people, find_reports_to
from scrapers.extract.text import escaped_html_to_text, one_line
from scrapers.lexicon.names import name_key
from scrapers.types import NamedPerson, Posting


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def build_posting(*, url: str, source: str, title: Any, company: Any, company_required: bool = True,
                  **fields: Any) -> Posting:
    """A Posting with url/title/company checked (ParseError names the missing one), people from the text.
    A plain page may name no company (`company_required=False`): the lookup then takes the name the
    company's own site gives."""
    if not url:
        raise ParseError(f"{source}: no posting URL", field="url")
    clean_title, clean_company = one_line(first_text(title)), one_line(first_text(company))
    if not clean_title:
        raise ParseError(f"{source}: no job title found at {url}", url=url, field="title")
    if not clean_company and company_required:
        raise ParseError(f"{source}: no company name found at {url}", url=url, field="company")
    description = fields.pop("description", "") or ""
    people = list(fields.pop("people", ()) or ())
    for found in find_people(description):
        same = next((i for i, p in enumerate(people) if (p.email or "").lower() == (found.email or "").lower()
                     or (p.name and p.name == found.name)), None)
        if same is None:
            people.append(found)
        else:  # the structured entry keeps its role; the text adds what it lacked
            known = people[same]
            people[same] = replace(known, email=known.email or found.email, title=known.title or found.title)
    reports_to = fields.pop("reports_to", None) or find_reports_to(description, clean_title or "")
    extra = {k: v for k, v in (fields.pop("extra", None) or {}).items() if not _empty(v)}
    for key in ("department", "team", "location", "employment_type"):
        if key in fields:
            fields[key] = one_line(fields[key]) if isinstance(fields[key], str) else None
    return Posting(
        url=url, source=source, title=clean_title, company=clean_company or "", description=description,
        people=tuple(people), reports_to=reports_to, extra=extra, **fields,
    )


def _salary(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return {"text": value} if isinstance(value, (str, int, float)) and value != "" else None
    amount = value.get("value")
    if isinstance(amount, dict):
        found = {
            "currency": value.get("currency") or amount.get("currency"),
            "min": amount.get("minValue"),
            "max": amount.get("maxValue"),
            "value": amount.get("value"),
            "unit": amount.get("unitText"),
        }
    else:
        found = {"currency": value.get("currency"), "value": amount, "unit": value.get("unitText")}
    return {k: v for k, v in found.items() if not _empty(v)} or None


def _contacts(value: Any) -> list[NamedPerson]:
    people = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and (item.get("name") or item.get("email")):
            people.append(
                NamedPerson(
                    name=first_text(item.get("name")),
                    title=first_text(item.get("jobTitle"), item.get("contactType")),
                    email=first_text(item.get("email")),
                    role="contact",
                )
            )
    return people


def organization(value: Any) -> tuple[str | None, str | None]:
    """(name, website) of a schema.org hiringOrganization (a dict, a list or a bare name)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, str):
        return first_text(value), None
    if not isinstance(value, dict):
        return None, None
    same_as = value.get("sameAs")
    links = (same_as if isinstance(same_as, list) else [same_as]) + [value.get("url")]
    website = next((site_root(link) for link in links if isinstance(link, str) and site_root(link)), None)
    return first_text(value.get("name"), value.get("legalName")), website


def from_jobposting(obj: dict[str, Any], parser: str = "lxml") -> dict[str, Any]:
    """The Posting fields a schema.org JobPosting gives (JSON-LD or microdata, already a dict)."""
    company, website = organization(obj.get("hiringOrganization"))
    kinds = obj.get("jobLocationType")
    remote = None
    if kinds:
        remote = "TELECOMMUTE" in str(kinds).upper()
    location = place(obj.get("jobLocation"))
    required = place(obj.get("applicantLocationRequirements"))
    if location is None and required:
        location = f"Remote ({required})" if remote else required
    description = obj.get("description")
    return {
        "title": first_text(obj.get("title"), obj.get("name")),
        "company": company,
        "company_url": website,
        "location": location,
        "remote": remote,
        "employment_type": employment_type(obj.get("employmentType")),
        "date_posted": iso_date(obj.get("datePosted")),
        "description": escaped_html_to_text(description, parser) if isinstance(description, str) else "",
        "people": _contacts(obj.get("applicationContact")),
        "extra": {
            "compensation": _salary(obj.get("baseSalary") or obj.get("estimatedSalary")),
            "identifier": first_text(get_path(obj, "identifier", "value"), obj.get("identifier")),
            "valid_through": iso_date(obj.get("validThrough")),
            "applicant_locations": required,
            "industry": first_text(obj.get("industry")),
            "direct_apply": obj.get("directApply"),
        },
    }


def role_title(posting: Posting) -> str:
    """The posting's title without a trailing " | Company" or " - Company" some pages add."""
    title = " ".join((posting.title or "").split())
    company = name_key(posting.company or "")
    parts = re.split(r"\s+[|·–—-]\s+|\s+at\s+", title)
    if company and len(parts) > 1 and name_key(parts[-1]) == company:
        return title[: title.rfind(parts[-1])].rstrip(" |·–—-").removesuffix(" at").strip()
    return title
