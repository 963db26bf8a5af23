"""Which lines of a page name a person (pure).

A line names someone when it reads as a name ("Jane Doe", "Dr. Jane Doe, PhD", "Doe, Jane" in a roster
that writes names that way, "B. Menge", "Jane Doe — CTO", "Sven Rahmann V183, R1.10"), and when the
page's own structure agrees: a place (tag, classes, parent, the inline element the text starts in)
whose "names" seldom carry a known given name while the place above them mostly does holds titles
or fields ("Orientadora Institucional" under "Gerardine Koffi", a research topic under each name);
headings ranked above the names with no known given name are group headings; a page that calls its
people by given name alone ("<h2>Michaela</h2>") is read as such. Known given names are a hint,
never a requirement.
"""

from __future__ import annotations

import re
from collections import Counter

from scrapers.lexicon.first_names import is_first_name
from scrapers.lexicon.names import (clean_name, core_span, inverted_name, is_person_name, name_in_sentence, name_key,
                                    split_name_title, without_post_nominals)
from scrapers.lexicon.titles import looks_like_title
from scrapers.team.dom import INLINE, Element, Line


def signature(element: Element) -> tuple[object, ...]:
    """Where an element sits: its tag and classes, its parent's, and its column in a table row."""
    parent = element.getparent()
    column = sum(1 for s in element.itersiblings(preceding=True) if s.tag in ("td", "th")) \
        if element.tag in ("td", "th") else 0
    return (element.tag, element.get("class") or "", parent.tag if parent is not None else "",
            (parent.get("class") or "") if parent is not None else "", column)


def _place(line: Line) -> tuple[object, ...]:
    """Where a line sits: its element's place and the inline element it starts in (`<b>` name, `<i>` title)."""
    return signature(line.element) + (line.style,)


def _same_block(a: Line, b: Line) -> bool:
    return a.element is b.element or a.element.getparent() is b.element.getparent() or \
        a.element.getparent() is b.element or b.element.getparent() is a.element


def _under_a_name(line: Line, lines: list[Line]) -> bool:
    """Whether a "Name — Title" line sits right below a plain name in the same block."""
    for back in (1, 2):
        before = lines[line.index - back] if line.index >= back else None
        if before is not None and before.name and not before.title and before.kind == "text":
            if before.element is not line.element and signature(before.element) == signature(line.element):
                return False  # the next item of a list of people, shown the same way
            return before.element.getparent() is line.element.getparent() or before.element is line.element
    return False


_DATED = re.compile(r"\s*\([^()]*\d{4}[^()]*\)\s*$")


def mark_names(lines: list[Line], company: str | None = None) -> list[Line]:
    """Set `name` (and `title`, for "Name — Title" lines) on every line that reads as a person; return those."""
    names: list[Line] = []
    broken = _broken_names(lines, company)  # "<h2>Sonver<br/>Arslan</h2>": one name over two lines
    for line in lines:
        if id(line) in broken:
            if broken[id(line)]:
                line.name = broken[id(line)]
                names.append(line)
            else:
                line.kind = "part"
            continue
        if line.kind == "link" or len(line.text) > 160 or line.text.endswith(":"):
            continue  # "Research Interests:" labels what follows
        text = _DATED.sub("", line.text)  # "Teoman Akgönül (février-mai 2024)": when, not who
        plain = without_post_nominals(text)
        if is_person_name(plain, company=company):
            line.name = clean_name(plain)
        elif inverted := inverted_name(plain):
            line.name = inverted
        elif (pair := split_name_title(text) or _split_inline(line, company)) is not None:
            line.name, line.title = pair
        elif line.heading and (found := name_in_sentence(text)):
            line.name, line.title = found
        elif found := _name_before_codes(text):
            line.name = found
        if line.name:
            names.append(line)
    # In a roster that writes "Family, Given", a family name that is also a given name ("Brandt, Ole")
    # is read the same way as its neighbours.
    rosters = Counter(_place(ln) for ln in names if ln.text.startswith(ln.name.split()[-1] + ","))
    if any(n >= 2 for n in rosters.values()):
        for line in lines:
            if line.name or line.kind != "text" or rosters.get(_place(line), 0) < 2:
                continue
            found = inverted_name(line.text, True) or split_name_title(line.text, True)
            if isinstance(found, str):
                line.name = found
            elif found is not None:
                line.name, line.title = found
            if line.name:
                names.append(line)
        names.sort(key=lambda ln: ln.index)
    names = _given_name_headings(lines, names)
    title_places = _title_places(names) | _attribute_places(names) | _mostly_titles(names, lines)
    for line in names:
        if _place(line) in title_places:
            line.name, line.title = "", ""
    names = [ln for ln in names if ln.name]
    # A one-word name ("Wen") counts where full names sit in exactly the same place (card, row, dt).
    places = Counter(_place(ln) for ln in names if ln.kind == "text")
    if places:
        for line in lines:
            if (not line.name and line.kind == "text" and " " not in line.text and id(line) not in broken
                    and places.get(_place(line), 0) >= 2 and is_person_name(line.text, single=True)
                    and not looks_like_title(line.text)):  # "Vice-Presidente" is a title, not "Wen"
                line.name = clean_name(line.text)
                names.append(line)
        names.sort(key=lambda ln: ln.index)
    # Two "names" one above the other in one block are a name and its title ("Roberto Paredes /
    # Catedrático de Universidad"): the one without a known given name is the title.
    for above, below in zip(names, names[1:]):
        if below.index - above.index > 2 or not _same_block(above, below):
            continue
        known_above, known_below = given_known(above.name), given_known(below.name)
        shaped_apart = _place(above) != _place(below)
        if known_above and not known_below and not below.title and (shaped_apart or looks_like_title(below.text)):
            below.name = ""
        elif known_below and not known_above and not above.title and looks_like_title(above.text):
            above.name = ""
    names = [ln for ln in names if ln.name]
    names = _without_group_headings(names)
    names = [ln for ln in names if ln.name and not _under_a_label(ln, lines)]
    # "Full Stack Engineer - Batch Changes" right under a real name line is its title, not "Batch Changes".
    names = [ln for ln in names if not ln.title or ln.kind == "alt" or not _under_a_name(ln, lines)]
    # An image's alt text repeats the caption beside it; only names shown nowhere else count.
    shown = {name_key(n.name) for n in names if n.kind == "text"}
    kept = [n for n in names if n.kind == "text" or name_key(n.name) not in shown]
    # Hidden names count only in a hidden panel of people (a collapsed accordion or tab), never one alone:
    # a lone hidden name is a pop-up repeating a card (its links are read by `popup_profiles`).
    panels = Counter(id(n.hidden) for n in kept if n.hidden is not None)
    kept = [n for n in kept if n.hidden is None or panels[id(n.hidden)] >= 2]
    keep = {id(ln) for ln in kept}
    for line in lines:
        if line.name and id(line) not in keep:
            line.name, line.title = "", ""
    return [ln for ln in kept if ln.name]


def _broken_names(lines: list[Line], company: str | None) -> dict[int, str]:
    """Names a page breaks over two lines of one element, given name then family name ("<h2>Sonver<br/>
    Arslan</h2>"): line id -> the whole name on the first line, "" on the second (never a name itself)."""
    found: dict[int, str] = {}
    for first, second in zip(lines, lines[1:]):
        if (first.element is second.element and first.kind == second.kind == "text" and id(first) not in found
                and " " not in first.text and " " not in second.text and given_known(first.text)):
            whole = f"{first.text} {second.text}"
            if is_person_name(whole, company=company):
                found[id(first)], found[id(second)] = clean_name(whole), ""
    return found


def _split_inline(line: Line, company: str | None) -> tuple[str, str] | None:
    """A line made of two inline elements, a name then something else ("<strong>Jane Doe</strong>
    <small>CEO</small>"): the name and its title, split where the markup splits them."""
    if len(line.element) < 2 or " " not in line.text:
        return None  # fewer than two child elements: nothing to split on
    parts = [" ".join(child.text_content().split()) for child in line.element
             if isinstance(child.tag, str) and child.tag in INLINE]
    parts = [part for part in parts if part]
    if len(parts) < 2 or line.text != f"{parts[0]} {parts[1]}" or len(parts[1]) > 100:
        return None
    name = without_post_nominals(parts[0])
    if not is_person_name(name, company=company) or is_person_name(parts[1], company=company):
        return None
    return clean_name(name), parts[1]


_CODE = re.compile(r"^(?=[\w.+\-/]*\d)[\w.+\-/]+,?$")


def _name_before_codes(text: str) -> str:
    """"Sven Rahmann V183, R1.10, Essen -4046": a name, then room numbers and extensions on one line."""
    words = text.split()
    for cut in range(2, min(5, len(words))):
        if _CODE.match(words[cut]) and is_person_name(" ".join(words[:cut])):
            return clean_name(" ".join(words[:cut]))
    return ""


def _under_a_label(line: Line, lines: list[Line]) -> bool:
    """A list item under a label ("Zusatzqualifikationen:", "Research interests:"): a value of that field.
    A "Role: Name" item is a person whatever introduces the list ("Het bestuur:")."""
    if line.element.tag != "li" or line.title:
        return False
    for back in range(1, 7):
        before = lines[line.index - back] if line.index >= back else None
        if before is None or before.element.tag != "li":
            return before is not None and before.text.endswith(":") and len(before.text.split()) <= 3
    return False


def _given_name_headings(lines: list[Line], names: list[Line]) -> list[Line]:
    """A page that calls its people by given name only ("<h2>Michaela</h2>", a kindergarten's or a
    small team's page): headings of one known given name each, three or more shown the same way and
    most of the headings shown that way, are people."""
    single = [ln for ln in lines if ln.heading and not ln.name and ln.kind == "text" and " " not in ln.text
              and is_person_name(ln.text, single=True) and is_first_name(ln.text)]
    places = Counter(_place(ln) for ln in single)
    if not places or max(places.values()) < 3:
        return names
    headings = Counter(_place(ln) for ln in lines if ln.heading and ln.kind == "text")
    chosen = {place for place, count in places.items() if count >= 3 and count * 5 >= headings[place] * 3}
    added = [ln for ln in single if _place(ln) in chosen]
    for line in added:
        line.name = clean_name(line.text)
    return sorted(names + added, key=lambda ln: ln.index)


def _title_places(names: list[Line]) -> set[tuple]:
    """Places that hold titles though their text reads as names: in cards that show a name and right
    below it, shaped differently, a second "name" ("<h3>Gerardine Koffi</h3><h4>Orientadora
    Institucional</h4>"), the lower place is the title's when its words are seldom given names while
    the upper place's mostly are, or when its texts repeat from card to card as titles do."""
    pairs: dict[tuple, list[tuple[Line, Line]]] = {}
    for above, below in zip(names, names[1:]):
        if below.index - above.index <= 2 and _same_block(above, below) and not above.title and not below.title:
            key = (_place(above), _place(below))
            if key[0] != key[1]:
                pairs.setdefault(key, []).append((above, below))
    places = set()
    for (_, lower), found in pairs.items():
        if len(found) < 2:
            continue
        known_above = sum(given_known(a.name) for a, _ in found) / len(found)
        known_below = sum(given_known(b.name) for _, b in found) / len(found)
        texts = Counter(name_key(b.text) for _, b in found)
        if known_above - known_below >= 0.5 or (texts.most_common(1)[0][1] >= 2 and known_above > known_below):
            places.add(lower)
    return places


def _mostly_titles(names: list[Line], lines: list[Line]) -> set[tuple]:
    """Places right under a name that hold titles in most cards: where one of their lines also reads as
    a name ("Auxiliar de Ação Educativa" below "Wang Fang Sousa", where the other cards show "Cozinheira"),
    it is that card's title too."""
    under: Counter = Counter()
    named: Counter = Counter()
    for line in lines:
        above = lines[max(0, line.index - 3):line.index]  # the name, maybe a button or two between
        before = next((ln for ln in reversed(above) if ln.name), None)
        if line.kind == "text" and before is not None and _place(before) != _place(line):
            under[_place(line)] += 1
            named[_place(line)] += bool(line.name)
    return {place for place, count in under.items() if count >= 3 and 0 < named[place] * 3 <= count}


def _attribute_places(names: list[Line]) -> set[tuple]:
    """Places whose "names" all follow, a few lines below, a name in a place where given names are
    known (a third of them at least: Chinese given names are seldom on the lists), and hold no known
    given name themselves: a field of each card (a research topic, "Code Comprehension";
    a unit), not people."""
    by_place: dict[tuple, list[Line]] = {}
    for line in names:
        by_place.setdefault(_place(line), []).append(line)
    known = {place: sum(given_known(ln.name) for ln in found) / len(found) for place, found in by_place.items()}
    places = set()
    for place, found in by_place.items():
        if len(found) < 2 or known[place] > 0:
            continue
        position = {id(ln): i for i, ln in enumerate(names)}

        def follows_a_person(line: Line) -> bool:  # the nearest name above in another place, a few lines up
            i = position[id(line)] - 1
            while i >= 0 and _place(names[i]) == place:
                i -= 1
            before = names[i] if i >= 0 else None
            return before is not None and line.index - before.index <= 8 and \
                known[_place(before)] >= 0.3 and not before.title
        if all(follows_a_person(ln) for ln in found):
            places.add(place)
    return places


def _without_group_headings(names: list[Line]) -> list[Line]:
    """Names in headings ranked above the level most names use, with no known given name, are the
    headings of groups ("<h2>Educadores Sociais</h2>" over "<h3>Name</h3>" cards), not people."""
    levels = Counter(n.heading for n in names if n.heading and given_known(n.name))
    if not levels:
        return names
    level, count = levels.most_common(1)[0]
    if count < 3:
        return names
    kept = []
    for line in names:
        if line.heading and line.heading < level and not line.title and not given_known(line.name):
            line.name = ""
            continue
        kept.append(line)
    return kept



def first_word(name: str) -> str:
    """The given name of a name: after any honorifics and ranks."""
    words = name.replace(",", " ").split()
    start, _ = core_span(words)
    return words[start] if start < len(words) else ""


_INITIAL_GIVEN = re.compile(r"[^\W\d_]\.(?:-[^\W\d_]\.)?")


def given_known(name: str) -> bool:
    """Whether a name starts with a known given name, or with an initial ("B. Menge"), as people's names do."""
    first = first_word(name)
    return bool(_INITIAL_GIVEN.fullmatch(first)) or is_first_name(first)


