"""A real org chart (Sourcegraph's team.yml) as a team page and as postings with a known manager.

Shared by tests/scrapers/test_realworld_team.py and benchmarks/lookup_eval.py. The rules are honest:
the page shows what the handbook's public team page showed (name and title); a posting is made from
a person's own title, plus their product team only where product_teams.yml lists that person.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scrapers.hiring_manager import rank
from scrapers.team.names import name_key
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
