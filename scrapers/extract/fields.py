"""Labelled fields a posting page shows beside its text (pure).

Career pages that carry no structured data still label the facts a reader looks for: "Department:
Engineering" lines, `<dl>` lists, two-column tables, "<strong>Team:</strong> Payments" list items, a
label in one element and its value in the next. `labelled_fields` reads them in English, German,
French, Spanish, Dutch, Portuguese and Italian into department, team, location, reports_to and
hiring_manager. Page chrome (header, footer, navigation) is never read.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

from bs4 import NavigableString, Tag

from scrapers.lexicon.names import normalize_space

FIELDS: dict[str, tuple[str, ...]] = {
    "department": (
        "department", "dept", "division", "business unit", "business area", "function", "job function", "area",
        "practice", "organisational unit", "organizational unit", "org", "organisation", "organization",
        "abteilung", "bereich", "fachbereich", "geschaftsbereich", "organisationseinheit", "unternehmensbereich",
        "departement", "service", "pole", "direction", "departamento", "division", "area funcional",
        "afdeling", "divisie", "vakgebied", "setor", "area de atuacao", "dipartimento", "funzione", "reparto",
    ),
    "team": ("team", "squad", "group", "tribe", "equipe", "equipo", "equipa", "gruppe", "groep", "team / group"),
    "location": (
        "location", "locations", "office", "offices", "based in", "work location", "job location", "city",
        "standort", "arbeitsort", "einsatzort", "dienstort", "lieu", "lieu de travail", "localisation",
        "ubicacion", "localizacion", "lugar de trabajo", "locatie", "standplaats", "werklocatie", "localizacao",
        "local de trabalho", "sede", "sede di lavoro",
    ),
    "reports_to": (
        "reports to", "reporting to", "reporting line", "reports into", "report to", "line manager", "manager",
        "direct manager", "your manager", "supervisor", "berichtet an", "berichtslinie", "vorgesetzte",
        "vorgesetzter", "fuhrungskraft", "disziplinarische fuhrung", "rattache a", "rattachee a", "rattachement",
        "rattachement hierarchique", "responsable hierarchique", "manager direct", "n+1", "reporta a",
        "depende de", "jefe directo", "responsable directo", "rapporteert aan", "leidinggevende", "reporta-se a",
        "gestor direto", "gestora direta", "superior imediato", "riporta a", "responsabile diretto",
    ),
    "hiring_manager": (
        "hiring manager", "hiring lead", "einstellende fuhrungskraft", "manager recruteur", "gerente de contratacion",
        "responsavel pela contratacao", "hiring-manager",
    ),
}
_BY_LABEL = {label: field for field, labels in FIELDS.items() for label in labels}
_LONGEST = max(len(label) for label in _BY_LABEL)
_CHROME = frozenset(("header", "footer", "nav", "aside", "script", "style", "noscript", "template", "form"))
_LINE = re.compile(r"^\s*(?:[-•*·▪]\s*)?(?P<label>[^:：\n]{2,40}?)\s*[:：]\s*(?P<value>\S[^\n]{0,150})$", re.MULTILINE)


def _folded(text: str) -> str:
    """Lower case without accents or a trailing colon, for comparing labels across languages."""
    text = unicodedata.normalize("NFKD", normalize_space(text).rstrip(" :：").lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def field_of(label: str) -> str | None:
    """The field a label names ("Abteilung:" -> "department"), or None."""
    label = label.strip()
    if not label or len(label) > _LONGEST + 2:
        return None
    return _BY_LABEL.get(_folded(label))


def _value(text: str) -> str:
    value = normalize_space(text).strip(" :：-–—|·•")
    return value if 0 < len(value) <= 150 and not value.endswith(":") else ""


def _in_chrome(tag: Tag) -> bool:
    return any(parent.name in _CHROME for parent in tag.parents if isinstance(parent, Tag))


def _after(label: Tag) -> str:
    """The value beside a label element: the text after it in its parent ("<b>Team:</b> Payments"), else
    the next element ("<dt>Team</dt><dd>Payments</dd>", "<th>Team</th><td>Payments</td>")."""
    text = []
    for node in label.next_siblings:
        if isinstance(node, Tag):
            if field_of(node.get_text(" ")) or node.name in ("br", "hr"):
                break
            text.append(node.get_text(" "))
        elif isinstance(node, NavigableString):
            text.append(str(node))
    inline = _value(" ".join(text))
    if inline:
        return inline
    following = label.find_next_sibling()
    if following is None and label.parent is not None and label.parent.name in ("span", "strong", "b", "p", "div"):
        following = label.parent.find_next_sibling()  # <p><strong>Team</strong></p><p>Payments</p>
    return _value(following.get_text(" ")) if following is not None and not field_of(following.get_text(" ")) else ""


_LABEL_TAGS = ("dt", "th", "td", "strong", "b", "em", "span", "label", "div", "p", "li", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "div", "span", "td", "dd")
_HAS_COLON = re.compile("[:：]")


def _small(tag: Tag) -> bool:
    """At most a few nodes inside: a label, not a section (checked without walking big subtrees)."""
    return next(islice(tag.descendants, 4, None), None) is None


def labelled_fields(root: Tag | None) -> dict[str, str]:
    """{field: value} for every labelled field under `root` (the first value of each field wins)."""
    found: dict[str, str] = {}
    if root is None:
        return found
    for tag in root.find_all(_LABEL_TAGS):
        if not _small(tag):
            continue
        field = field_of(tag.get_text(" "))
        if field is None or field in found or _in_chrome(tag):
            continue
        value = _after(tag)
        if value:
            found[field] = value
    # "Department: Engineering" written as plain text in one paragraph or list item.
    seen: set[int] = set()
    for text in root.find_all(string=_HAS_COLON):  # only blocks with a colon in them can hold one
        block = text.find_parent(_BLOCKS)
        if len(found) == len(FIELDS):
            break
        if block is None or id(block) in seen or block.find(_BLOCKS) is not None or _in_chrome(block):
            continue
        seen.add(id(block))
        for label, value in label_lines(block.get_text("\n")):
            field = field_of(label)
            if field and field not in found:
                found[field] = value
    return found


def label_lines(text: str) -> list[tuple[str, str]]:
    """(label, value) for every "Label: value" line of a text (bullets allowed)."""
    return [(m.group("label"), value) for m in _LINE.finditer(text or "") if (value := _value(m.group("value")))]
