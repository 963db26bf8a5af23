"""Pure ranking: (posting, people) -> candidates for the hiring manager, each with a score and reasons.

The order the rules give: the person the posting names as manager; the holder of the title it says
the role reports to; then managers of the role's team or function one or two levels above it; in a
very small company the founder or executive who owns the function. Peers and recruiters rank low.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Sequence
from urllib.parse import urlencode

from scrapers.affinity import Weights, names_department, same_section, stems
from scrapers.extract.posting import role_title
from scrapers.lexicon.names import name_key
from scrapers.lexicon.titles import (DIRECTOR, EXECUTIVE, MANAGER, VP, TitleInfo, as_manager, classify, functions_of,
                                  is_outsider, parse_title, shared_words)
from scrapers.types import NamedPerson, Posting, PersonOnPage

SMALL_COMPANY = 12  # people listed; at or below this a founder or executive usually hires directly
LINKEDIN_SEARCH = "https://www.linkedin.com/search/results/people/"

_FUNCTION_NAMES = {
    "engineering": "Engineering", "product": "Product", "design": "Design", "marketing": "Marketing",
    "sales": "Sales", "support": "Customer Success", "people": "People", "finance": "Finance",
    "legal": "Legal", "operations": "Operations",
}
_CHIEFS = {"engineering": "CTO", "product": "CPO", "design": "CPO", "marketing": "CMO", "sales": "CRO",
           "finance": "CFO", "operations": "COO", "people": "Chief People Officer", "legal": "General Counsel"}
_STOP = {"of", "the", "and", "&", "our", "a", "an", "for", "to", "at", "in", "team"}
# Words every title has; what is left names the team ("Carrier Integrations", "Mid-Market", "Backend").
_GENERIC = _STOP | set("""
senior sr junior jr staff principal lead leader head vp vice president svp evp director manager managing
engineering engineer engineers software developer development intern internship summer winter chief officer
associate specialist assistant representative executive account i ii iii iv v group global regional
full time part contract remote hybrid m w d f x co founder cofounder founding new interim acting
sales marketing product design designer people finance legal operations customer business general
ceo cto cpo cfo coo cmo cro ciso chro revenue technology technical tech counsel officer
recruiter recruiters analyst scientist writer editor coordinator administrator admin consultant architect
advocate generalist technician marketer strategist researcher programmer owner board directors
accountant partner rep
""".split())


@dataclass(frozen=True)
class Candidate:
    """One person ranked for the hiring-manager role of a posting."""

    name: str
    title: str
    score: float  # in [0, 1]
    reasons: tuple[str, ...]
    profile_url: str | None = None
    source_url: str = ""
    role: str = "manager"  # "manager" (a possible hiring manager), "recruiter" or "peer"


@dataclass(frozen=True)
class Role:
    """What the posting's role is: its title read as data, and any stated reporting line."""

    info: TitleInfo
    function: str | None
    subteam: str | None
    target_level: float  # the level of the likely manager
    reports_to: NamedPerson | None
    named_managers: tuple[str, ...]  # name keys
    named_recruiters: tuple[str, ...]
    team_words: frozenset[str] = frozenset()  # what names the role's team, from its title and team
    context: frozenset[str] = frozenset()  # stems of its title, department and team (scrapers.affinity)
    department: str | None = None


def target_level(level: float) -> float:
    """The usual level of the manager of a role at `level` (an IC's manager, a manager's director ...)."""
    if level < MANAGER:
        return MANAGER
    if level < 6.0:
        return 6.0
    if level < 6.5:
        return 7.0
    if level < 7.0:
        return 7.5
    return EXECUTIVE


def _reports_to(posting: Posting) -> NamedPerson | None:
    if posting.reports_to is not None:
        return posting.reports_to
    try:  # the scrapers normally fill reports_to; read the text when a scraper did not
        from scrapers.extract.reporting import find_reports_to
    except ImportError:
        return None
    return find_reports_to(posting.description or "")


# "report to Emily, our CTO" / "reporting directly to Sam": a first name, maybe with a title.
_FIRST_NAME_LINE = re.compile(
    r"\breport(?:s|ing)?\s+(?:directly\s+)?(?:in)?to\s+([A-Z][^\W\d_]+)(?:,\s*(?:our|the)\s+([^,.;()]+))?",
    re.UNICODE)


def _first_name_manager(posting: Posting, people: Sequence[PersonOnPage]) -> PersonOnPage | None:
    """The one listed person whose first name the posting says the role reports to."""
    found = _FIRST_NAME_LINE.search(posting.description or "")
    if not found:
        return None
    first = name_key(found.group(1))
    matches = [p for p in people if name_key(p.name).split()[:1] == [first]]
    if len(matches) != 1:
        return None
    stated = found.group(2)
    if stated and parse_title(stated).function and parse_title(matches[0].title).function not in (
            None, parse_title(stated).function):
        return None  # "report to Emily, our CTO" but this Emily is a designer: not her
    return matches[0]


# Assistants and chiefs of staff work for an executive: "Chief of Staff to the CEO", "Executive
# Assistant to the VP of Product". With no principal named, the CEO is the usual one.
_ASSISTANT = re.compile(r"\b(executive (assistant|business partner)|chief of staff|executive partner)\b", re.I)
_PRINCIPAL = re.compile(r"\bto (?:the |our )?([^,;()|]+)", re.I)


def principal_title(title: str) -> str | None:
    """The title of the executive an assistant's title says they support ("Chief of Staff to CEO" -> "CEO")."""
    if not _ASSISTANT.search(title or ""):
        return None
    found = _PRINCIPAL.search(title)
    if found and parse_title(found.group(1)).level >= DIRECTOR:
        return found.group(1).strip()
    qualifier = re.split(r"\s*,\s*", title, maxsplit=1)[1:]
    if qualifier and (classify(qualifier[0])[0] or parse_title(qualifier[0]).level >= DIRECTOR):
        return None  # "Executive Business Partner, Sales and Marketing": the leader of those functions
    return "CEO"


def read_role(posting: Posting) -> Role:
    """The posting's function, sub-team, seniority, reporting line and named people."""
    info = parse_title(role_title(posting))
    function, subteam = info.function, info.subteam
    for hint in (posting.team, posting.department):
        f, s = classify(hint or "")
        if function is None:
            function, subteam = f, s
        elif f == function and subteam is None and s is not None:
            subteam = s
    reports = _reports_to(posting)
    principal = principal_title(info.title)
    if principal and (reports is None or not (reports.name or reports.title)):
        reports = NamedPerson(title=principal, role="manager")
    managers = [p.name for p in posting.people if p.role == "manager" and p.name]
    if reports is not None and reports.name:
        managers.insert(0, reports.name)
    recruiters = [p.name for p in posting.people if p.role == "recruiter" and p.name]
    words = team_words(info.title) | team_words(posting.team or "")
    level = VP if _ASSISTANT.search(info.title) else target_level(info.level)
    context = stems(role_title(posting)) | stems(posting.department or "") | stems(posting.team or "")
    return Role(info, function, subteam, level, reports,
                tuple(name_key(n) for n in managers), tuple(name_key(n) for n in recruiters), frozenset(words),
                context, posting.department)


def _named_managers(posting: Posting) -> list[NamedPerson]:
    reports = _reports_to(posting)
    named = [reports] if reports is not None and reports.name else []
    named += [p for p in posting.people if p.role == "manager" and p.name]
    unique: dict[str, NamedPerson] = {}
    for person in named:
        unique.setdefault(name_key(person.name or ""), person)
    return list(unique.values())


def _same_person(key: str, keys: Sequence[str]) -> bool:
    words = key.split()
    for other in keys:
        theirs = other.split()
        if key == other or (len(words) >= 2 and len(theirs) >= 2 and words[0] == theirs[0] and words[-1] == theirs[-1]):
            return True
    return False


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower().replace("vice president", "vp")) if w not in _STOP}


def _matches_stated(person: TitleInfo, stated: TitleInfo) -> tuple[float, str]:
    if _words(person.title) == _words(stated.title):
        return 0.95, "title matches the stated reporting line"
    if stated.owns and set(stated.owns) - {"*"} and set(person.owns) & set(stated.owns):
        if abs(person.level - stated.level) <= 0.5:
            return 0.92, f"title matches the stated reporting line ({stated.title})"
    same_function = person.function is not None and person.function == stated.function
    if same_function and abs(person.level - stated.level) <= 0.5 and person.manager:
        if stated.subteam in (None, person.subteam):
            return 0.9, f"title close to the stated reporting line ({stated.title})"
    if stated.owns == ("*",) and person.owns == ("*",) and person.level == stated.level:
        return 0.9, f"title matches the stated reporting line ({stated.title})"
    return 0.0, ""


_COMPASS = {"western": "west", "eastern": "east", "northern": "north", "southern": "south", "central": "central"}


@functools.lru_cache(maxsize=4096)
def team_words(text: str) -> frozenset[str]:
    """The words of a title or team name that say which team ("backend", "checkout", "mid", "market")."""
    words = (_COMPASS.get(w, w) for w in re.findall(r"[a-z]+", (text or "").lower()))
    return frozenset(w for w in words if w not in _GENERIC and len(w) > 1)


def _function_fit(role: Role, person: TitleInfo) -> tuple[float, str]:
    fit, why = _fit(role, person)
    f = role.function
    if f and person.function != f and f not in person.owns and f in functions_of(person.title):
        # "Engineering Manager, Product Platform" mentions product but runs engineers.
        return fit * 0.8, why
    return fit, why


def _fit(role: Role, person: TitleInfo) -> tuple[float, str]:
    f, s = role.function, role.subteam
    theirs = team_words(person.title)
    shared = role.team_words & theirs
    if f is None:
        # A title with no known function is usually an operational role: an engineering or design
        # manager of the same team manages specialists, not it.
        if shared and person.function in (None, "operations", "support"):
            return 1.0, "same team"
        if shared:
            return 0.6, f"same team, but {person.function}"
        return (0.5, "function unknown") if person.manager else (0.3, "function unknown")
    if person.function == f or f in functions_of(person.title):
        above = person.level >= role.target_level + 1
        if role.team_words and theirs:
            if shared:  # "Frontend Platform" is closer to "Frontend Platform" than to "Content Platform"
                return 0.9 + 0.1 * len(shared) / len(role.team_words), "same team"
            if s and person.subteam == s:
                return 0.8, f"related team ({s})"
            # A director or VP often owns several teams; a manager of another team does not.
            return (0.7, f"{f}, another team") if above else (0.35, f"{f}, but another team")
        if s and person.subteam == s:
            return 1.0, "same team"
        if not role.team_words and not s and theirs and person.subteam is None and person.level < role.target_level + 1:
            return 0.9, f"same function ({f}), leads a named team"
        if s and person.subteam is None:
            # A manager whose title names some other team is a little less likely than one naming none.
            return (0.75, f"same function ({f}), another named team") if theirs else (0.8, f"same function ({f})")
        if s is None and person.subteam is None:
            if role.team_words and not theirs and person.manager and not above:
                return 0.88, f"same function ({f}), team not named"  # the team's own manager names it
            return 1.0, f"same function ({f})"
        if s is None:
            # The first-line manager of a sub-team (recruiting, SDRs, platform) manages that sub-team only.
            return (0.7, f"same function ({f}), {person.subteam} team") if above else (
                0.35, f"same function ({f}), but the {person.subteam} team")
        return (0.7, f"{f}, another team") if above else (0.35, f"{f}, but the {person.subteam} team")
    if f in person.owns:
        return 0.75, f"owns {f}"
    if "*" in person.owns:
        return 0.45, "runs the company"
    return 0.05, f"different function ({person.function or 'unknown'})"


def _tier(level: float) -> int:
    return 3 if level >= EXECUTIVE else 2 if level >= VP else 1 if level >= DIRECTOR else 0


def is_above(level: float, own: float) -> bool:
    """Whether a title at `level` is above one at `own`: half a step is the same tier (a senior manager
    and a head), unless it crosses into director, VP or the C-suite (a head reports to a director)."""
    return level > own and not (level <= own + 0.5 and _tier(level) == _tier(own))


def _level_fit(role: Role, person: TitleInfo, small: bool) -> tuple[float, str]:
    own = role.info.level
    if own >= 7.0 and "*" in person.owns and person.level >= EXECUTIVE:
        return 1.0, "executives and VPs report to the CEO"
    if not is_above(person.level, own):
        return 0.08, "same level or below"
    distance = person.level - role.target_level
    if person.level < MANAGER:
        fit, words = 0.3, "more senior, not a manager"
    elif distance < -0.5:
        fit, words = 0.5, "above the role, below its usual manager"
    elif distance <= 0.25:
        fit, words = 1.0, "one level up"
    elif distance <= 0.5:
        fit, words = 0.92, "one level up"  # half a step more: a group manager over the unit managers
    elif distance <= 1.5:
        fit, words = 0.78, "two levels up"
    elif distance <= 2.5:
        fit, words = 0.6, "senior leadership"
    else:
        fit, words = 0.45, "top of the company"
    if small and person.level >= EXECUTIVE and fit < 0.8:
        fit, words = 0.8, "small company: executives hire directly"
    return fit, words


def first_line_level(role: Role, people: Sequence[TitleInfo]) -> float:
    """The lowest level of a manager above the role in its team, else its function: where its manager sits."""
    above = [(p, _function_fit(role, p)[0]) for p in people if p.manager and is_above(p.level, role.info.level)
             and role.function is not None and (p.function == role.function or role.function in p.owns)]
    same_team = [p.level for p, fit in above if fit >= 0.95 and (role.subteam or role.team_words)]
    return min(same_team or [p.level for p, fit in above if fit >= 0.7], default=role.target_level)


_SCOPES = (("global", "worldwide", "group", "national", "corporate"), ("regional", "region"),
           ("area", "district", "local", "country", "site"))


def _scope(title: str) -> int:
    """How wide a title's remit is: 0 global or national, 1 regional, 2 area or local, 3 unsaid (a title
    that names no remit is the company's own, so it is never compared by remit)."""
    words = set(re.findall(r"[a-z]+", title.lower()))
    return next((i for i, scope in enumerate(_SCOPES) if words & set(scope)), len(_SCOPES))


def _heads_the_unit(role_title: str, title: str) -> bool:
    """Whether a title of the role's own level heads the role's unit: the same title without the role's
    speciality ("Area Team Director" over "Area Team Nurse Director", "Regional Director London" over
    "Regional Director Operations & Delivery (London)"), or the same title over a wider remit
    ("Regional Director" over "Area Team Director"). A title naming a function heads no unit by this rule:
    its words are a team's, not a place's or a unit's."""
    if classify(title)[0] is not None:
        return False  # "Engineering Manager" beside "Engineering Manager, Search" is a sibling, not its head
    mine, theirs = stems(role_title), stems(title)
    if theirs and theirs < mine:
        return True
    return _scope(title) < _scope(role_title) < len(_SCOPES) and theirs - {"region", "regional", "national"} <= mine


@dataclass(frozen=True)
class PageContext:
    """What the whole page says around one person: how much each word weighs, and whether the role's
    department is one of its sections (then people listed under other sections are less likely)."""

    weights: Weights
    sectioned: bool = False


def _team_fit(role: Role, person: PersonOnPage, info: TitleInfo, context: PageContext | None) -> tuple[float, str]:
    """How surely the person works on the role's team or function (0 to 1), in words."""
    if abs(info.level - role.info.level) <= 0.5 and info.manager and _heads_the_unit(role.info.title, person.title):
        return 1.0, "heads the role's unit"
    fit, words = _function_fit(role, info)
    if context is None:
        return fit, words
    share, shared = context.weights.overlap(role.context, person)
    if role.function and info.function and info.function != role.function and role.function not in info.owns:
        share, shared = 0.0, []  # "Enterprise" in a marketer's title says nothing about a sales team
    listed_under = same_section(role.department, person)
    heads = info.manager and names_department(role.department, person.title) and not listed_under
    near = 1.0 if heads else max(0.9, 0.8 + 0.2 * share) if listed_under else 0.4 + 0.6 * share
    if (shared or listed_under or heads) and near > fit:
        fit, words = min(1.0, near), ("its title names the role's department" if heads
                                      else "listed under the role's department" if listed_under
                                      else f"shares {', '.join(shared)}")
    if context.sectioned and not listed_under and not heads:
        fit, words = fit * 0.75, f"{words}, listed under another department"
    return fit, words


def score_person(role: Role, person: PersonOnPage, small: bool, named: bool = False,
                 context: PageContext | None = None) -> Candidate | None:
    """One person's candidacy, or None for people who never rank (advisors, investors, board)."""
    if is_outsider(person.title):
        return None
    info = as_manager(person.title)
    key = name_key(person.name)
    label = person.title or "no title"

    def made(score: float, reasons: list[str], kind: str = "manager") -> Candidate:
        return Candidate(person.name, person.title, round(max(0.0, min(1.0, score)), 2), tuple(reasons),
                         person.profile_url, person.source_url, kind)

    if _same_person(key, role.named_managers):
        return made(0.99, ["named in the posting as the manager"])
    if named:
        return made(0.97, ["named in the posting (by first name) as the manager"])
    recruiter = info.recruiter or _same_person(key, role.named_recruiters)
    if recruiter and role.function != "people":
        return made(0.05, [f"{label}: a recruiter, a contact for the role rather than its manager"], "recruiter")
    stated = role.reports_to.title if role.reports_to is not None and role.reports_to.title else None
    if stated:
        score, why = _matches_stated(info, parse_title(stated))
        if score:
            return made(score, [why])
    if _words(person.title) == _words(role.info.title) or (
            info.function == role.function and info.subteam == role.subteam and info.level == role.info.level
            and not info.manager):
        return made(0.04, [f"{label}: a peer (the role's own title)"], "peer")
    fit, team_words = _team_fit(role, person, info, context)
    if team_words == "heads the role's unit":
        info = replace(info, level=max(info.level, role.target_level))  # "Area Team Director" over its nurse director
    level, level_words = _level_fit(role, info, small)
    kind = "manager" if info.level > role.info.level else "peer"
    # A manager's title that repeats the role's own job words ("Support Engineer" under "Head of Support
    # Engineering") is the stronger match among equals.
    return made((0.85 + 0.04 * shared_words(role.info.title, person.title)) * fit * level,
                [f"{label}: {team_words}, {level_words}"], kind)


def page_context(role: Role, people: Sequence[PersonOnPage]) -> PageContext:
    """The page around the role: word weights, and whether its department is among the sections."""
    return PageContext(Weights(people), any(same_section(role.department, p) for p in people))


def rank(posting: Posting, people: Sequence[PersonOnPage]) -> list[Candidate]:
    """Everyone who may rank, best first (ties keep page order); excluded people are left out."""
    role = read_role(posting)
    infos = [as_manager(p.title) for p in people]
    # A team the posting names that no manager's title carries says nothing about who manages it.
    if not any(role.team_words & team_words(i.title) for i in infos
               if i.manager and i.level > role.info.level and role.function in (None, i.function, *i.owns)):
        role = replace(role, team_words=frozenset())
    # With no manager at the usual level in the role's function, the lowest one above it is one level up.
    first_line = first_line_level(role, infos)
    if first_line > role.target_level + 0.5:
        role = replace(role, target_level=first_line)
    # Executives hire directly in a small company, unless the function already has its own manager.
    has_manager = any(i.manager and not i.executive and role.function is not None
                      and (i.function == role.function or role.function in functions_of(i.title))
                      and i.subteam in (None, role.subteam) for i in infos)
    small = len(people) <= SMALL_COMPANY and not has_manager
    first_named = None if role.named_managers else _first_name_manager(posting, people)
    context = page_context(role, people)
    scored = [c for c in (score_person(role, p, small, p is first_named, context) for p in people) if c is not None]
    # A manager the posting names but no page lists (new hires often are not there yet) still ranks.
    listed = [name_key(p.name) for p in people]
    for named in _named_managers(posting):
        if not _same_person(name_key(named.name or ""), listed):
            scored.append(Candidate(named.name or "", named.title or "", 0.99, ("named in the posting as the manager",
                                    "not listed on the company pages read"), None, posting.url))
    order = {id(c): i for i, c in enumerate(scored)}
    return sorted(scored, key=lambda c: (-c.score, order[id(c)]))


def likely_manager_title(posting: Posting) -> str:
    """The title the role's manager most likely holds ("Engineering Manager, Backend", "VP of Sales" ...)."""
    role = read_role(posting)
    if role.reports_to is not None and role.reports_to.title:
        return role.reports_to.title
    area = _FUNCTION_NAMES.get(role.function or "", "")
    if not area:
        return "Hiring Manager"
    if role.target_level >= EXECUTIVE:
        return _CHIEFS.get(role.function or "", "CEO")
    if role.target_level >= 7.0:
        return f"VP of {area}"
    if role.target_level >= 6.0:
        return f"Director of {area}"
    team = f", {role.subteam.title()}" if role.subteam and role.function == "engineering" else ""
    return f"{area} Manager{team}"


def linkedin_search_url(posting: Posting) -> str:
    """A LinkedIn people search for the likely manager title at the company (for the user; never fetched)."""
    keywords = " ".join(x for x in (likely_manager_title(posting), posting.company) if x)
    return f"{LINKEDIN_SEARCH}?{urlencode({'keywords': keywords})}"
