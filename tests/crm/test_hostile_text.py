"""Hostile pages and hostile data: terminal sequences never reach the store or the screen, and one lookup
saves a bounded number of people however many a page lists."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from crm.text import clean, json_visible, visible
from scrapers.localserver import LocalServer
from tests.pinned import TODAY

# What must never reach a terminal: C0 controls but the newline, DEL, C1 controls, bidi formatting, the
# Unicode line separators. (Independent of crm.text's own patterns on purpose.)
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

# (name, sequence, what is left of it): each goes into "Head of {sequence}Platform".
HOSTILE = [
    ("clear-screen", "\x1b[2J", ""),
    ("cursor-home-and-erase", "\x1b[H\x1b[2J\x1b[3J", ""),
    ("window-title", "\x1b]0;pwned\x07", ""),
    ("window-title-st", "\x1b]2;pwned\x1b\\", ""),
    ("hyperlink", "\x1b]8;;https://evil.example/\x1b\\", ""),
    ("colour", "\x1b[31m", ""),
    ("colour-256", "\x1b[38;5;196m", ""),
    ("unterminated-title", "\x1b]0;pwned", "]0;pwned"),
    ("reset-terminal", "\x1bc", "c"),  # a lone ESC goes; the letter after it is inert text
    ("lone-esc", "\x1b", ""),
    ("8-bit-csi", "\x9b", ""),
    ("8-bit-csi-colour", "\x9b31m", "31m"),
    ("8-bit-osc", "\x9d0;pwned\x9c", "0;pwned"),
    ("lre", "\u202a", ""), ("rle", "\u202b", ""), ("pdf", "\u202c", ""), ("lro", "\u202d", ""),
    ("rlo", "\u202e", ""), ("lri", "\u2066", ""), ("rli", "\u2067", ""), ("fsi", "\u2068", ""),
    ("pdi", "\u2069", ""), ("lrm", "\u200e", ""), ("rlm", "\u200f", ""), ("alm", "\u061c", ""),
    ("carriage-return", "\r", ""),
    ("crlf", "\r\n", ""),
    ("backspace", "\x08\x08\x08", ""),
    ("nul", "\x00", ""),
    ("bell", "\x07", ""),
    ("delete", "\x7f", ""),
    ("shift-out", "\x0e", ""),
    ("vertical-tab", "\x0b", ""),
    ("form-feed", "\x0c", ""),
    ("c1-next-line", "\x85", ""),
    ("c1-dcs", "\x90", ""),
    ("line-separator", "\u2028", ""),
    ("tab", "\t", ""),
    ("newline", "\n", ""),
]
HOSTILE_IDS = [name for name, _, _ in HOSTILE]

# Ordinary text that must come through untouched (one-line and multi-line).
BENIGN = [
    ("accents", "José Müller-Lüdenscheidt, Directrice générale", False, None),
    ("cjk", "山田 太郎 (エンジニアリング部長)", False, None),
    ("hangul", "김민준 팀장", False, None),
    ("arabic-letters", "مدير الهندسة", False, None),
    ("hebrew-letters", "מנהלת מוצר", False, None),
    ("devanagari-zwj-zwnj", "क्\u200dष क्\u200cष प्रबंधक", False, None),
    ("emoji-zwj", "👩🏽\u200d💻 Head of Platform 🧑\u200d🤝\u200d🧑", False, None),
    ("flag-and-keycap", "🇬🇧 team #1\ufe0f\u20e3", False, None),
    ("nbsp", "Acme\u00a0Ltd", False, None),
    ("notes-multiline", "Met at the meetup.\n\n- ask about the team\n\tindented", True, None),
    ("notes-crlf", "First line\r\nSecond line", True, "First line\nSecond line"),
    ("one-line-flattened", "Met at the meetup.\n\nFollow up\tin May.", False, "Met at the meetup. Follow up in May."),
]


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


def unsafe_in(text: str) -> list[str]:
    """The unsafe characters in `text`, as escapes: an empty list is what every assertion wants."""
    return [f"U+{ord(c):04X}" for c in UNSAFE.findall(text)]


# -- the cleaning function and the terminal escape, unit by unit --------------------------------------

@pytest.mark.parametrize("name, sequence, left", HOSTILE, ids=HOSTILE_IDS)
def test_clean_removes_the_sequence(name: str, sequence: str, left: str) -> None:
    assert clean(f"Head of {sequence}Platform") == f"Head of {left}Platform"
    kept = clean(f"Notes:\n{sequence}second line", multiline=True)
    assert unsafe_in(kept.replace("\t", "")) == [], kept  # a multi-line field keeps its tabs and newlines
    assert kept.endswith("second line") and kept.startswith("Notes:\n")


@pytest.mark.parametrize("name, sequence, left", HOSTILE, ids=HOSTILE_IDS)
def test_visible_shows_the_sequence_inertly(name: str, sequence: str, left: str) -> None:
    shown = visible(f"Head of {sequence}Platform")
    assert unsafe_in(shown) == [] and "\n" not in shown and shown.isprintable()
    assert shown.startswith("Head of \\") and shown.endswith("Platform")
    dumped = json_visible(json.dumps({"title": sequence}, ensure_ascii=False))
    assert unsafe_in(dumped) == [] and json.loads(dumped) == {"title": sequence}  # inert, and lossless


@pytest.mark.parametrize("name, text, multiline, expected", BENIGN, ids=[b[0] for b in BENIGN])
def test_ordinary_text_is_kept(name: str, text: str, multiline: bool, expected: str | None) -> None:
    assert clean(text, multiline=multiline) == (text if expected is None else expected)
    if "\n" not in text and "\t" not in text:
        assert visible(text) == text


# -- end to end: a hostile page, `crm lookup --save`, then the listings ----------------------------------

def hostile_site(sequence: str) -> dict[str, str]:
    """A posting whose title, company and place carry `sequence` (through JSON-LD, so exactly) and a team
    page whose people's titles carry it raw in the markup."""
    posting = {"@context": "https://schema.org/", "@type": "JobPosting", "title": f"Platform {sequence}Engineer",
               "datePosted": "2026-11-02",
               "description": "<p>Join our Platform team.</p><p>You'll report to our Head of Platform.</p>",
               "hiringOrganization": {"@type": "Organization", "name": f"Quillon {sequence}Labs", "url": "/"},
               "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                                                             "addressLocality": f"Bris{sequence}tol"}}}
    return {
        "careers/platform-engineer.html": f"""<!DOCTYPE html><html><head><title>Platform Engineer</title>
<script type="application/ld+json">{json.dumps(posting)}</script></head>
<body><h1>Platform Engineer</h1><p>You'll report to our Head of Platform.</p></body></html>""",
        "index.html": """<!DOCTYPE html><html><head><title>Quillon Labs</title></head><body>
<nav><a href="/team">Team</a></nav><h1>Quillon Labs</h1></body></html>""",
        "team.html": f"""<!DOCTYPE html><html><head><title>Team</title></head><body><h1>Our team</h1>
<div class="grid">
<div class="c"><h3>Tomás Rivera</h3><p>CEO {sequence}&amp; founder</p></div>
<div class="c"><h3>Maya Fischer</h3><p>Head of {sequence}Platform</p></div>
<div class="c"><h3>Priya Nair</h3><p>Platform {sequence}Engineer</p></div>
<div class="c"><h3>Lena Park</h3><p>{sequence}Recruiter</p></div></div></body></html>""",
    }


def serve(tmp_path: Path, files: dict[str, str]) -> LocalServer:
    root = tmp_path / "site"
    for name, html in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return LocalServer(root=root)


def stored_text(store_url: str) -> dict[str, list[str]]:
    """Every text column of the rows a lookup writes, by table, and each person's title by name."""
    from crm.store.db import close_db, init_db
    from crm.store.models import Application, Company, Person

    init_db(store_url)
    try:
        return {
            "company": [v for c in Company.select() for v in (c.name, c.domain, c.website) if v],
            "application": [v for a in Application.select() for v in (a.url, a.title, a.department, a.location)],
            "person": [v for p in Person.select() for v in (p.name, p.title, p.email, p.linkedin_url, p.source_url)
                       if v],
            "titles": {p.name: p.title for p in Person.select()},
        }
    finally:
        close_db()


@pytest.mark.parametrize("name, sequence, left", HOSTILE, ids=HOSTILE_IDS)
def test_hostile_page_is_stored_clean_and_listed_clean(name: str, sequence: str, left: str, store_url: str,
                                                       tmp_path: Path) -> None:
    with serve(tmp_path, hostile_site(sequence)) as site:
        saved = invoke("lookup", site.url("/careers/platform-engineer.html"), "--save", "--json", db=store_url)
        human = invoke("lookup", site.url("/careers/platform-engineer.html"), db=store_url)
    assert saved.exit_code == 0 and human.exit_code == 0, saved.output + human.output
    shown = {"lookup --save --json": saved.stdout + saved.stderr, "lookup": human.stdout + human.stderr}
    for args in (["contact", "list"], ["app", "list"], ["app", "show", "1"]):  # the rest: test_old_rows_...
        result = invoke(*args, db=store_url)
        assert result.exit_code == 0, (args, result.output)
        shown[" ".join(args)] = result.stdout + result.stderr
    assert {command: unsafe_in(out) for command, out in shown.items() if unsafe_in(out)} == {}
    rows = stored_text(store_url)
    assert {table: [v for v in values if unsafe_in(v)] for table, values in rows.items()
            if table != "titles" and any(unsafe_in(v) for v in values)} == {}
    # What was stored is what the page said, cleaned: --json shows what it said, losslessly.
    found = json.loads(saved.stdout)
    posting = found["posting"]
    # The page's text did reach the lookup as it was (the posting reader turns whitespace into spaces itself).
    assert posting["title"] == f"Platform {sequence}Engineer" or sequence.isspace()
    assert rows["application"][1:] == [clean(posting["title"]), "", clean(posting["location"])]
    assert rows["company"][0] == clean(posting["company"])
    assert rows["titles"] == {clean(c["name"]): clean(c["title"]) for c in found["candidates"]}
    assert saved.stderr.startswith("Saved: application #1 saved, 4 new contacts")


# -- old rows, typed or imported text: shown escaped -------------------------------------------------------

def insert_raw(store_url: str, sequence: str) -> None:
    """Rows holding `sequence` as data written before the cleaning (or typed, or imported) would be."""
    from crm.store.db import close_db, init_db
    from crm.store.models import Application, ApplicationContact, Company, Interaction, Person, StatusChange

    init_db(store_url)
    try:
        company = Company.create(name=f"Acme {sequence}Corp", name_key="acme corp", website="https://acme.example/")
        person = Person.create(name=f"Eve {sequence}Mallory", title=f"Head of {sequence}Platform", company=company,
                               email="eve@acme.example", notes=f"met {sequence}at the meetup", source="manual")
        app = Application.create(url="https://acme.example/jobs/1", title=f"Backend {sequence}Engineer",
                                 company=company, location=f"Bris{sequence}tol", notes=f"ask {sequence}about it",
                                 status="applied", applied_on=TODAY - dt.timedelta(days=20))
        StatusChange.create(application=app, from_status=None, to_status="applied",
                            changed_on=TODAY - dt.timedelta(days=20))
        ApplicationContact.create(application=app, person=person, role="hiring_manager", score=0.9)
        Interaction.create(person=person, application=app, kind="email", channel="email", direction="out",
                           occurred_at=dt.datetime.combine(TODAY - dt.timedelta(days=20), dt.time(9)),
                           note=f"sent {sequence}the CV")
    finally:
        close_db()


@pytest.mark.parametrize("name, sequence, left", HOSTILE, ids=HOSTILE_IDS)
def test_old_rows_print_escaped(name: str, sequence: str, left: str, store_url: str) -> None:
    if "\x00" in sequence and not store_url.startswith("sqlite"):
        pytest.skip("PostgreSQL text cannot hold a NUL: no old row can have one")
    insert_raw(store_url, sequence)
    shown = {}
    for args in (["contact", "list"], ["contact", "show", "1"], ["app", "list"], ["app", "show", "1"],
                 ["company", "list"], ["company", "show", "1"], ["due"], ["history", "--contact", "1"],
                 ["history", "--app", "1"]):
        result = invoke(*args, db=store_url)
        assert result.exit_code == 0, (args, result.output)
        shown[" ".join(args)] = result.stdout + result.stderr
    assert {command: unsafe_in(out) for command, out in shown.items() if unsafe_in(out)} == {}
    escaped = visible(sequence.replace("\n", " "))  # a table shows a newline as a space
    assert f"Eve {escaped}Mallory" in shown["contact list"] and f"Head of {escaped}Platform" in shown["contact list"]
    assert f"Backend {escaped}Engineer" in shown["app list"] and f"Acme {escaped}Corp" in shown["company list"]
    assert f"Eve {escaped}Mallory" in shown["due"]
    # JSON stays lossless: a program gets the row back exactly, and the text itself is inert on a screen.
    listed = invoke("contact", "list", "--json", db=store_url).stdout
    assert unsafe_in(listed) == [] and json.loads(listed)[0]["name"] == f"Eve {sequence}Mallory"


# -- a page listing thousands: --save keeps the best-ranked few -----------------------------------------------

FIRST = ("Ada Alan Amara Anna Arjun Ben Carla Chen Dana David Elena Emma Erik Fatima Felix Grace Hana Hugo "
         "Ines Ivan Jack Jana Kai Kofi Lara Leo Lina Luca Maya Mei Nadia Noah Omar Olga Paul Priya Rosa Sam Sara Tom"
         ).split()
LAST = ("Abbott Baker Costa Dubois Evans Fischer Garcia Hansen Ito Jensen Kaur Larsen Moreau Novak Okafor Patel Quinn "
        "Rossi Silva Tanaka Ueda Vargas Walsh Xu Young Zhang Berg Cruz Diaz Ekström Frost Grant Haas Iqbal Jones Kim "
        "Lopez Meyer Nair Ortiz Park Reyes Sato Stone Torres Voss Weber Yilmaz Ziegler Adams").split()
TITLES = ["Software Engineer", "Account Executive", "Product Designer", "Data Analyst", "Support Specialist",
          "Platform Engineer", "Customer Success Manager"]
CROWD = 2000
HEAD = 1234  # the one card that says "Head of Platform": the posting's manager, deep in the grid


def crowd_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST)]}"


def crowd_site() -> dict[str, str]:
    """A company whose team page is a card grid of 2,000 people (markup as in fixtures/people/cards_*)."""
    cards = []
    for i in range(CROWD):
        name = crowd_name(i)
        title = "Head of Platform" if i == HEAD else TITLES[i % len(TITLES)]
        cards.append(f'<div class="sc-b8e664-1 css-3db0a0"><div class="css-c01ea9"><div class="css-c6488c"><div>'
                     f'<span class="css-32f9ee">{name}</span></div><div class="css-f06ad2">{title}</div>'
                     f'</div></div></div>')
    site = hostile_site("")
    site["team.html"] = ('<!DOCTYPE html><html><head><title>Team</title></head><body><main>'
                         '<h1 class="css-7h3k2p">The team</h1><div class="sc-d05ef1-0 css-3a778b">'
                         + "\n".join(cards) + "</div></main></body></html>")
    return site


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory):
    with serve(tmp_path_factory.mktemp("crowd"), crowd_site()) as site:
        yield site


def people_saved(store_url: str) -> tuple[int, list[tuple[str, str]]]:
    from crm.store.db import close_db, init_db
    from crm.store.models import ApplicationContact, Person

    init_db(store_url)
    try:
        return Person.select().count(), [(link.person.name, link.role) for link in ApplicationContact.select()]
    finally:
        close_db()


@pytest.mark.parametrize("args, kept", [
    ([], 25),  # the default
    (["--save-top", "1"], 1),
    (["--save-top", "40"], 40),
], ids=["default", "top-1", "top-40"])
def test_save_keeps_the_best_ranked(crowd: LocalServer, store_url: str, args: list[str], kept: int) -> None:
    result = invoke("lookup", crowd.url("/careers/platform-engineer.html"), "--save", *args, db=store_url)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    manager = crowd_name(HEAD)
    assert lines == [(f"Saved: application #1 saved, {kept} new contact{'s' * (kept != 1)}, "
                      f"hiring manager: {manager} (0.95)."),
                     f"Note: saved {kept} of 2,000 people found (the best ranked); --save-top to change."]
    count, links = people_saved(store_url)
    assert count == kept and (manager, "hiring_manager") in links


def test_a_cap_above_the_crowd_saves_everyone_without_a_note(store_url: str, tmp_path: Path) -> None:
    with serve(tmp_path, hostile_site("")) as site:
        result = invoke("lookup", site.url("/careers/platform-engineer.html"), "--save", "--save-top", "4",
                        db=store_url)
    assert result.exit_code == 0, result.output
    assert result.stderr == "Saved: application #1 saved, 4 new contacts, hiring manager: Maya Fischer (0.95).\n"


def test_save_top_must_be_positive() -> None:
    result = invoke("lookup", "https://acme.example/jobs/1", "--save", "--save-top", "0")
    assert result.exit_code == 2 and "--save-top" in result.stderr


# -- the last raw outputs: errors quoting stored text, posting descriptions, drafts, LinkedIn rows ----------

def test_linkedin_rows_are_cleaned_before_they_are_stored() -> None:
    from crm.data.linkedin import read_connections

    text = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Ana\x1b[2J,Ruiz\u202e,https://www.linkedin.com/in/ana,,Acme\x07,CTO\x08,01 Jan 2024\n")
    [row] = read_connections(text).rows
    assert (row.name, row.company, row.position) == ("Ana Ruiz", "Acme", "CTO")


def test_an_error_quoting_stored_text_is_escaped() -> None:
    from crm.cli import one_line

    assert one_line(ValueError("ambiguous: 'Ana\x1b[2J Ruiz' or 'Ana Ruiz'")) == "ambiguous: 'Ana\\x1b[2J Ruiz' or 'Ana Ruiz'"
