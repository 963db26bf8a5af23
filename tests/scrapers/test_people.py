"""People extraction over every fixtures/people/<case>.input.html beside its expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.team.people import extract_people, merge_people
from scrapers.types import PersonOnPage

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "people"
INPUTS = sorted(CASES.glob("*.input.html"))


def _pairs(people: list[PersonOnPage]) -> list[dict[str, str]]:
    return [{"name": p.name, "title": p.title} for p in people]


@pytest.mark.parametrize("case", INPUTS, ids=[p.name.removesuffix(".input.html") for p in INPUTS])
def test_people_fixture(case: Path, regen: bool) -> None:
    expected_file = case.with_name(case.name.replace(".input.html", ".expected.json"))
    found = _pairs(extract_people(case.read_text(encoding="utf-8"), "https://example.com/team"))
    if regen:
        expected_file.write_text(json.dumps({"people": found}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))["people"]
    key = lambda p: p["name"]  # noqa: E731 - page order is not part of the contract
    assert sorted(found, key=key) == sorted(expected, key=key), (
        f"{case.name}: extraction differs; if the new output is right, run "
        f"pytest tests/scrapers/test_people.py --regen-fixtures and review the diff")


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
