"""What a heading above a list of people says about them: outside the company, its governance, or staff.

In English, German, French, Spanish, Dutch and Portuguese. "Advisory board", "Investors",
"Alumni", "Former ...", "In memoriam", testimonials and press are never staff. A board of directors
or trustees governs the organisation: its members are not the people who hire, unless the page
lists nobody else (a foundation's or an association's page of its board is its page of people).
Everything else ("Leadership", "Engineering", "Our team", "Vertrieb") lists staff, and the heading
is their department.
"""

from __future__ import annotations

import functools
import re

_OUTSIDE = re.compile(
    r"\b(?:advis\w*|adviser\w*|advisory|investors?|backers?|backed by|funded by|testimonials?|"
    r"what (?:our )?(?:customers|clients|people|users) say|customers say|clients say|kind words|in the news|"
    r"(?:^|\b)press(?: coverage| releases?)?$|^press\b|blog|latest (?:posts|articles|news)|articles|stories from|"
    r"our clients|portfolio|reviews|love from|trusted by|case stud\w*|podcasts?|webinars?|events?|meetups?|"
    r"speakers?|talks|conferences?|friends of|collaborators|freelancers|guests?|visitors?|visiting|affiliat\w*|alumni|alumnae|alumnus|former|"
    r"past (?:members|staff|employees|team)|emerit\w*|in memoriam|mentors?|ambassadors?|supporters|donors|"
    r"sponsors|external|honorary|partners|patrons?|history|chronik\w*|historie|historique|historia|"
    r"beirat|berater\w*|investoren|ehemalige\w*|nachruf|gedenken|referenzen|kundenstimmen|"
    r"conseil consultatif|comité consultatif|conseillers|investisseurs|anciens?|anciennes?|témoignages|"
    r"consejo asesor|asesores|inversores|antiguos|antiguas|exalumnos|testimonios|"
    r"raad van advies|adviseurs|investeerders|oud-\w*|oud|getuigenissen|"
    r"conselho consultivo|conselheiros|investidores|antigos|ex-\w*|depoimentos|"
    r"comitato consultivo|consulenti|investitori|precedenti|passati|ex membri|testimonianze)\b",
    re.IGNORECASE)
_GOVERNANCE = re.compile(
    r"board of (directors|trustees|governors)|(?<!executive )(?<!management )\bboard\b(?! of management)|"
    r"trustees|governors|supervisory|non-executive|"
    r"aufsichtsrat|kuratorium|verwaltungsrat|stiftungsrat|conseil d'administration|conseil de surveillance|"
    r"consejo de administración|patronato|junta directiva|raad van toezicht|raad van commissarissen|"
    r"conselho de administração|conselho fiscal|conselho deliberativo|"
    r"steering (?:committee|group)|scientific committee|comité de pilotage|comité scientifique|lenkungs(?:ausschuss|kreis)|"
    r"comité (?:directivo|científico)|stuurgroep|comitato (?:direttivo|scientifico)|comissão científica",
    re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_outside_section(heading: str) -> bool:
    """Advisors, investors, alumni, former staff, testimonials, press, events: never the company's staff."""
    return bool(_OUTSIDE.search((heading or "").replace("’", "'")))


@functools.lru_cache(maxsize=4096)
def is_governance_section(heading: str) -> bool:
    """A board of directors or trustees: staff only where the page lists nobody else."""
    return bool(_GOVERNANCE.search((heading or "").replace("’", "'")))
