"""People extraction over every fixtures/people/<case>.input.html beside its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.lexicon.names import name_key
from scrapers.team.people import data_people, extract_people, gatsby_data_url, merge_people
from scrapers.types import PersonOnPage

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "people"
INPUTS = sorted(CASES.glob("*.input.html"))


BASE = "https://example.com/team"


def _records(people: list[PersonOnPage]) -> list[dict[str, str]]:
    """What a fixture's expected.json holds per person: name and title always, the rest when there is one."""
    records = []
    for p in people:
        record = {"name": p.name, "title": p.title}
        record.update({k: v for k, v in (("section", p.section), ("profile_url", p.profile_url),
                                         ("reports_to", p.reports_to)) if v})
        records.append(record)
    return records


def _read(case: Path) -> list[PersonOnPage]:
    """The people a lookup reads from the page, with the Gatsby page data beside it where it lists nobody."""
    html = case.read_text(encoding="utf-8")
    found = extract_people(html, BASE)
    data = case.with_name(case.name.replace(".input.html", ".page-data.json"))
    if not found and data.is_file() and gatsby_data_url(html, BASE):
        found = data_people(json.loads(data.read_text(encoding="utf-8")), BASE)
    return found


@pytest.mark.parametrize("case", INPUTS, ids=[p.name.removesuffix(".input.html") for p in INPUTS])
def test_people_fixture(case: Path, regen: bool) -> None:
    """Every staff member with the title shown; section, profile link and reporting line where the
    expected file names them; nobody it lists as not staff."""
    expected_file = case.with_name(case.name.replace(".input.html", ".expected.json"))
    found = _records(_read(case))
    if regen:
        old = json.loads(expected_file.read_text(encoding="utf-8")) if expected_file.is_file() else {}
        doc = {"people": found, **({"not_staff": old["not_staff"]} if old.get("not_staff") else {})}
        expected_file.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    doc = json.loads(expected_file.read_text(encoding="utf-8"))
    expected = doc["people"]
    by_name = {name_key(p["name"]): p for p in found}
    wanted = {name_key(p["name"]): p for p in expected}
    hint = (f"{case.name}: extraction differs; if the new output is right, run "
            "pytest tests/scrapers/test_people.py --regen-fixtures and review the diff")
    assert sorted(by_name) == sorted(wanted), hint
    for key, want in wanted.items():
        got = by_name[key]
        assert {k: got.get(k) for k in want} == want, hint
    assert not {name_key(n) for n in doc.get("not_staff", [])} & set(by_name), hint


def test_there_are_people_fixtures() -> None:
    assert len(INPUTS) >= 5


def test_merge_keeps_the_richer_record_of_one_person() -> None:
    bare = PersonOnPage("José Álvarez", "", None, "https://a.example/about")
    rich = PersonOnPage("Jose Alvarez", "CTO", "https://www.linkedin.com/in/ja", "https://a.example/team")
    (merged,) = merge_people([[bare], [rich]])
    assert (merged.title, merged.profile_url) == ("CTO", "https://www.linkedin.com/in/ja")


CARD = "<div class='{cls}'><h3>{name}</h3><p>{title}</p></div>"


@pytest.mark.parametrize("template", [
    "<div class='{cls}'><h3>{name}</h3><p>{title}</p></div>",
    "<div class='{cls}'><span>{title}</span><h4>{name}</h4></div>",
    "<li class='{cls}'>{name} — {title}</li>",
    "<figure class='{cls}'><img src='x.jpg' alt=''><figcaption>{name}, {title}</figcaption></figure>",
    "<div class='{cls}'><img src='x.jpg' alt='Photo of {name}, {title}'></div>",
])
def test_card_shapes_with_meaningless_classes(template: str) -> None:
    staff = [("Ada Lovelace", "Head of Engineering"), ("Grace Hopper", "VP of Product"), ("Alan Turing", "Data Scientist")]
    cards = "".join(template.format(cls=f"x{i}-q9", name=n, title=t) for i, (n, t) in enumerate(staff))
    html = f"<html><body><main><h2>Our team</h2><section>{cards}</section></main></body></html>"
    assert [(p.name, p.title) for p in extract_people(html)] == staff


def test_noise_never_becomes_staff() -> None:
    html = """<html><body><nav><a href='/team'>Jane Menu</a></nav><main>
      <h2>Team</h2><div><div><h3>Ada Lovelace</h3><p>CTO</p></div><div><h3>Alan Turing</h3><p>Engineer</p></div></div>
      <h2>Advisors</h2><div><div><h3>Bob Advice</h3><p>Former CFO</p></div><div><h3>Carl Board</h3><p>Partner</p></div></div>
      <div><p>“It changed how we work.”</p><p>— Sarah Lee, CTO at Globex</p></div>
      <article><h3>Shipping faster</h3><p>By Tim Writer · March 3, 2026</p></article>
      </main><footer><p>Site by Dana Credit, Designer</p></footer></body></html>"""
    assert [p.name for p in extract_people(html)] == ["Ada Lovelace", "Alan Turing"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_safe(text: str) -> None:
    for person in extract_people(f"<html><body><div><h3>{text}</h3><p>{text}</p></div></body></html>"):
        assert person.name and len(person.name) <= 60


FIRST = st.sampled_from(["Ada", "José", "Zoë", "Jean-Luc", "Siobhán", "Kwame", "Hye-jin", "Mary", "Łukasz", "Priya"])
LAST = st.sampled_from(["Lovelace", "Álvarez", "O'Neil", "van Dijk", "Müller", "de la Cruz", "Obi", "McAllister"])
ROLE = st.sampled_from(["Head of Engineering", "VP of Sales", "Product Designer", "Engineering Manager, Backend",
                        "Co-founder & CEO", "Senior Recruiter", "Customer Success Lead", "Data Scientist"])
SHAPE = st.sampled_from([
    "<div class='{c}'><h3>{n}</h3><p>{t}</p></div>",
    "<div class='{c}'><p>{t}</p><h4>{n}</h4></div>",
    "<li class='{c}'><strong>{n}</strong> — {t}</li>",
    "<div class='{c}'><div><span>{n}</span></div><div>{t}</div></div>",
])


@settings(max_examples=40, deadline=None)
@given(SHAPE, st.lists(st.tuples(FIRST, LAST, ROLE), min_size=2, max_size=8, unique_by=lambda x: (x[0], x[1])))
def test_generated_team_pages_round_trip(shape: str, staff: list[tuple[str, str, str]]) -> None:
    wrap = "ul" if shape.startswith("<li") else "div"
    cards = "".join(shape.format(c=f"k{i}x", n=f"{a} {b}", t=t) for i, (a, b, t) in enumerate(staff))
    html = f"<html><body><main><h2>Meet the team</h2><{wrap}>{cards}</{wrap}></main></body></html>"
    assert [(p.name, p.title) for p in extract_people(html)] == [(f"{a} {b}", t) for a, b, t in staff]
