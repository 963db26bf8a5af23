"""A real org chart (Sourcegraph's team.yml) as a team page and as postings with a known manager.

Shared by tests/scrapers/test_realworld_team.py and benchmarks/lookup_eval.py. The rules are honest:
the page shows what the handbook's public team page showed (name and title); a posting is made from
a person's own title, plus their product team only where product_teams.yml lists that person.
The published org charts (orgs/*.json) are loaded and rendered by the functions at the end, for
benchmarks/orgchart_eval.py.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scrapers.hiring_manager import rank
from scrapers.lexicon.names import name_key
from scrapers.team.people import extract_people
from scrapers.types import Posting

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Member:
    """One person in the directory: who they are, their title, their manager's name, their team."""

    name: str
    title: str
    manager: str | None
    team: str | None


def plain(text: str) -> str:
    """Markdown links reduced to their text; whitespace collapsed."""
    return " ".join(_LINK.sub(r"\1", str(text or "")).split())


def _clean_name(name: str) -> str:
    return re.sub(r"\s*\((interim|acting)\)\s*$", "", plain(name), flags=re.IGNORECASE)


def load_members(team_yml: Path, product_teams_yml: Path | None = None) -> list[Member]:
    """Every person on the team page, with their manager resolved through manager_role_slug."""
    data = yaml.safe_load(team_yml.read_text(encoding="utf-8"))
    owner = {v["manager_role_slug"]: _clean_name(v["name"]) for v in data.values() if v.get("manager_role_slug")}
    teams: dict[str, str] = {}
    if product_teams_yml is not None and product_teams_yml.exists():
        for team in (yaml.safe_load(product_teams_yml.read_text(encoding="utf-8")) or {}).values():
            for role in ("pm", "em", "design", "pmm"):
                key = team.get(role)
                if isinstance(key, str) and key in data:
                    teams.setdefault(key, team.get("title", ""))
    members: dict[str, Member] = {}
    for key, entry in data.items():
        if entry.get("hide_on_team_page") or "(interim)" in str(entry.get("name", "")).lower():
            continue  # pseudo-entries for interim roles: the person is listed under their own entry
        name = _clean_name(entry["name"])
        if name_key(name) in members:
            continue
        manager = owner.get(entry.get("reports_to") or "")
        members[name_key(name)] = Member(name, plain(entry.get("role", "")), manager if manager != name else None,
                                         teams.get(key))
    return list(members.values())


def render_page(members: list[Member]) -> str:
    """A realistic team page: one card per person, name heading and title line, hashed classes."""
    cards = "\n".join(
        f'<div class="css-{i % 7}x"><img src="/img/{i}.jpg" alt=""><h3 class="n-{i % 3}">{html.escape(m.name)}</h3>'
        f'<p class="t-{i % 5}">{html.escape(m.title)}</p></div>' for i, m in enumerate(members))
    return ("<!doctype html><html><head><title>Team | Sourcegraph</title></head><body>"
            "<nav><a href='/'>Home</a><a href='/handbook'>Handbook</a></nav><main><h1>Our team</h1>"
            f"<div class='grid'>\n{cards}\n</div></main><footer>© Sourcegraph</footer></body></html>")


@dataclass(frozen=True)
class OrgFigures:
    """What the real org measured: extraction recall/precision and manager ranking accuracy."""

    people: int
    extracted: int
    recall: float
    precision: float
    titles_exact: float
    postings: int
    top1: float
    top3: float
    top1_fitting: float  # the pick manages someone with the posting's exact title and team (see fitting_managers)


def fitting_managers(members: list[Member]) -> dict[tuple[str, str | None], set[str]]:
    """(title, team) -> name keys of everyone who manages a person with that title and team.

    A posting carries only a title and maybe a team: when five engineering managers each manage a
    "Software Engineer", the title alone cannot tell them apart, and any of them is a fitting answer.
    """
    fitting: dict[tuple[str, str | None], set[str]] = {}
    for member in members:
        if member.manager:
            fitting.setdefault((member.title.lower(), member.team), set()).add(name_key(member.manager))
    return fitting


def measure(members: list[Member]) -> OrgFigures:
    """Extract the rendered page, then rank each person's manager among everyone else found."""
    found = extract_people(render_page(members), "https://about.sourcegraph.com/team")
    truth = {name_key(m.name): m for m in members}
    got = {name_key(p.name): p for p in found}
    hits = [k for k in got if k in truth]
    exact = sum(1 for k in hits if got[k].title == truth[k].title)
    postings = top1 = top3 = fitting_top1 = 0
    fitting = fitting_managers(members)
    for member in members:
        if not member.manager or name_key(member.manager) not in got or name_key(member.name) not in got:
            continue
        others = [p for p in found if name_key(p.name) != name_key(member.name)]
        posting = Posting(url=f"https://example.com/jobs/{postings}", source="orgchart", title=member.title,
                          company="Sourcegraph", team=member.team)
        ranked = [name_key(c.name) for c in rank(posting, others)]
        postings += 1
        top1 += ranked[:1] == [name_key(member.manager)]
        top3 += name_key(member.manager) in ranked[:3]
        fitting_top1 += bool(ranked) and ranked[0] in fitting[(member.title.lower(), member.team)]
    return OrgFigures(len(members), len(found), len(hits) / max(1, len(truth)), len(hits) / max(1, len(got)),
                      exact / max(1, len(hits)), postings, top1 / max(1, postings), top3 / max(1, postings),
                      fitting_top1 / max(1, postings))


# Published org charts (../shared/realworld/orgs/*.json, see SOURCES.md) share one shape with the
# Sourcegraph directory below: a person has an id, a title, a department and the id they report to.
# Used by benchmarks/orgchart_eval.py and tests/scrapers/test_orgchart_eval.py.


@dataclass(frozen=True)
class OrgPerson:
    """One post in an org chart: who holds it, its title and department, and the post it reports to."""

    id: str
    name: str
    title: str
    department: str | None
    reports_to: str | None  # another person's id in the same org, or None


@dataclass(frozen=True)
class Org:
    """A whole org chart: a short name ("dfid"), the company's name, and its people in file order."""

    name: str
    company: str
    people: tuple[OrgPerson, ...]

    def by_id(self) -> dict[str, OrgPerson]:
        """Every person by id."""
        return {p.id: p for p in self.people}


def load_org(path: Path) -> Org:
    """One orgs/*.json file: {"org", "company", "people": [{"id", "name", "title", "department", "reports_to"}]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    people = tuple(OrgPerson(str(p["id"]), " ".join(p["name"].split()), " ".join((p.get("title") or "").split()),
                             p.get("department") or None,
                             None if p.get("reports_to") is None else str(p["reports_to"])) for p in data["people"])
    return Org(data["org"], data["company"], people)


def sourcegraph_org(team_yml: Path, product_teams_yml: Path | None = None, name: str = "sourcegraph") -> Org:
    """The Sourcegraph directory as an org: ids are name keys; the product team, where known, is the department."""
    people = tuple(OrgPerson(name_key(m.name), m.name, m.title, m.team, name_key(m.manager) if m.manager else None)
                   for m in load_members(team_yml, product_teams_yml))
    return Org(name, "Sourcegraph", people)


def load_orgs(realworld: Path) -> list[Org]:
    """The six published org charts (orgs/*.json, by file name) and the Sourcegraph 2022 directory."""
    orgs = [load_org(path) for path in sorted((realworld / "orgs").glob("*.json"))]
    folder = realworld / "team" / "sourcegraph"
    if (folder / "team_2022-05-18.yml").is_file():
        orgs.append(sourcegraph_org(folder / "team_2022-05-18.yml", folder / "product_teams_2022-05-18.yml"))
    return orgs


def _hashed(kind: str, i: int) -> str:
    """A class name like a CSS-in-JS build emits: meaningless, a few variants per kind."""
    return f"{kind}-" + hashlib.sha1(f"{kind}{i % 7}".encode()).hexdigest()[:6]


def _card(i: int, person: OrgPerson) -> str:
    return (f'<div class="{_hashed("css", i)}"><img src="/img/{i}.jpg" alt="">'
            f'<h3 class="{_hashed("n", i)}">{html.escape(person.name)}</h3>'
            f'<p class="{_hashed("t", i)}">{html.escape(person.title)}</p></div>')


def render_org(org: Org, variant: str = "sections") -> str:
    """A realistic team page for `org`, cards with hashed classes.

    "sections": one <h2> per department in the order first seen, its people's cards below it (people
    with no department, e.g. most of Sourcegraph, come first under no heading); "flat": every card in
    file order, no department headings.
    """
    if variant not in ("sections", "flat"):
        raise ValueError(f"unknown variant {variant!r}")
    numbered = list(enumerate(org.people))
    if variant == "flat":
        body = f"<div class='{_hashed('grid', 0)}'>\n" + "\n".join(_card(i, p) for i, p in numbered) + "\n</div>"
    else:
        groups: dict[str | None, list[tuple[int, OrgPerson]]] = {None: []}
        for i, person in numbered:
            groups.setdefault(person.department, []).append((i, person))
        parts = []
        for department, members in groups.items():
            if not members:
                continue
            heading = f"<h2>{html.escape(department)}</h2>" if department is not None else ""
            cards = "\n".join(_card(i, p) for i, p in members)
            parts.append(f"<section class='{_hashed('sec', len(parts))}'>{heading}"
                         f"<div class='{_hashed('grid', len(parts))}'>\n{cards}\n</div></section>")
        body = "\n".join(parts)
    company = html.escape(org.company)
    return (f"<!doctype html><html><head><title>Our people | {company}</title></head><body>"
            "<nav><a href='/'>Home</a><a href='/about'>About us</a><a href='/jobs'>Jobs</a></nav>"
            f"<main><h1>Our people</h1>\n{body}\n</main><footer>© {company}</footer></body></html>")
