"""One candidate per person across sources, and the registry that says which sources run and why."""

from __future__ import annotations

import datetime as dt

import pytest

from scrapers.errors import ScraperError
from scrapers.hiring_manager import rank
from scrapers.sources import registry
from scrapers.sources.base import Evidence, Found, PeopleSource, SourcePerson
from scrapers.sources.merge import adjust, merge, to_people
from scrapers.types import PersonOnPage, Posting

TODAY = dt.date(2026, 12, 5)
POSTING = Posting(url="https://acme.example/jobs/1", source="generic", title="Backend Engineer", company="Acme")


def ev(source: str, title: str = "", date: str | None = None, kind: str = "", own: bool = False) -> Evidence:
    return Evidence(source, f"https://acme.example/{source}", f"{source} says {title or 'they work here'}", date, title,
                    kind, own)


def person(name: str, source: str, title: str = "", date: str | None = None, own: bool = False,
           page: bool = False) -> SourcePerson:
    on_page = PersonOnPage(name, title, source_url="https://acme.example/team") if page else None
    return SourcePerson(name, title, (ev(source, title, date, own=own),), page_person=on_page)


def test_names_match_across_accents_initials_and_honorifics() -> None:
    merged = merge([("team", 0, [person("José Núñez", "team", "Engineering Manager", page=True)]),
                    ("blog", 2, [person("Jose Nunez", "blog"), person("J. Nunez", "blog"), person("Dr. Ada Obi", "blog")]),
                    ("github", 4, [person("Ada Obi", "github"), person("Jo Nunez", "github")])])
    assert [(m.name, m.sources) for m in merged] == [("José Núñez", ["team", "blog"]), ("Dr. Ada Obi", ["blog", "github"]),
                                                     ("Jo Nunez", ["github"])]


def test_an_initial_that_fits_two_people_joins_neither() -> None:
    merged = merge([("team", 0, [person("Jane Doe", "team", page=True), person("John Doe", "team", page=True)]),
                    ("blog", 2, [person("J. Doe", "blog")])])
    assert [m.name for m in merged] == ["Jane Doe", "John Doe", "J. Doe"]


def test_company_titles_outrank_self_written_bios() -> None:
    merged = merge([("blog", 2, [person("Ada Obi", "blog", "Engineering Manager", "2026-10-01")]),
                    ("github", 4, [person("Ada Obi", "github", "Chief Robot Wrangler", own=True)])])
    assert merged[0].best()[0] == "Engineering Manager"
    alone = merge([("github", 4, [person("Ada Obi", "github", "Engineering Manager", own=True)])])
    assert alone[0].best()[0] == "Engineering Manager" and alone[0].best()[1].self_written


def test_posting_only_people_inform_but_are_not_ranked_twice() -> None:
    merged = merge([("posting", 1, [person("Sam Reed", "posting", "Recruiter")])])
    assert to_people(merged) == []


def test_agreeing_sources_raise_the_score_and_old_evidence_lowers_it() -> None:
    found = [("blog", 2, [person("Ada Obi", "blog", "Engineering Manager", "2026-09-01"),
                          person("Bo Lin", "blog", "Engineering Manager", "2026-09-01"),
                          person("Cy Ott", "blog", "Engineering Manager", "2021-03-01")]),
             ("github", 4, [person("Ada Obi", "github")])]
    merged = merge(found)
    ranked = rank(POSTING, to_people(merged))
    assert len({c.score for c in ranked}) == 1  # one title, one score before the evidence is weighed
    adjusted = adjust(ranked, merged, TODAY)
    assert [c.name for c in adjusted] == ["Ada Obi", "Bo Lin", "Cy Ott"]
    assert adjusted[0].score > adjusted[1].score > adjusted[2].score
    assert "found by 2 sources: blog, github" in adjusted[0].reasons
    assert any("years old: may have moved on" in r for r in adjusted[2].reasons)


def test_people_only_the_team_pages_list_rank_exactly_as_before() -> None:
    people = [PersonOnPage("Ada Obi", "Engineering Manager", source_url="https://acme.example/team")]
    merged = merge([("team", 0, [SourcePerson("Ada Obi", "Engineering Manager", (ev("team", "Engineering Manager"),),
                                              page_person=people[0])])])
    assert to_people(merged) == people
    assert adjust(rank(POSTING, people), merged, TODAY) == rank(POSTING, people)


# -- the registry ------------------------------------------------------------------------------------

def test_builtins_in_run_order_and_the_default_choice() -> None:
    assert registry.names() == ["team", "posting", "blog", "github", "hunter"]
    verdicts = {c.source.NAME: (c.on, c.why) for c in registry.choose(None, env={})}
    assert verdicts["team"] == (True, "on by default")
    assert verdicts["github"][0] is False and verdicts["github"][1].startswith("off by default")
    assert verdicts["hunter"] == (False, "no HUNTER_API_KEY set")
    with_key = {c.source.NAME: c.on for c in registry.choose(("team", "hunter"), env={"HUNTER_API_KEY": "k"})}
    assert with_key == {"team": True, "posting": False, "blog": False, "github": False, "hunter": True}
    config = {c.source.NAME: c.why for c in registry.choose(None, config=("blog",), env={})}
    assert config["blog"] == "chosen by config.toml [lookup] sources" and config["team"] == "not in config.toml [lookup] sources"


@pytest.mark.parametrize(("text", "error"), [
    ("team,nope", "--sources: unknown source 'nope': use team, posting, blog, github, hunter"),
    (" , ", "--sources: name at least one source (team, posting, blog, github, hunter)"),
])
def test_unknown_names_are_one_line(text: str, error: str) -> None:
    with pytest.raises(ScraperError) as raised:
        registry.parse_names(text)
    assert str(raised.value) == error
    assert registry.parse_names(" Team , blog,team") == ("team", "blog")


def test_a_duplicate_name_fails_loudly() -> None:
    class Again(PeopleSource):
        NAME = "blog"

    with pytest.raises(ValueError, match="duplicate people source NAME 'blog'"):
        registry.register(Again)


class Directory(PeopleSource):
    """A third-party source: one file, one registration."""

    NAME = "directory"

    def find(self, ctx):  # noqa: ANN001, ANN201
        return Found(people=[SourcePerson("Ada Obi", "CTO", (ev("directory", "CTO"),))])


def test_plugins_come_from_the_entry_point_group(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    good = EntryPoint("directory", f"{__name__}:Directory", registry.ENTRY_POINT_GROUP)
    bad = EntryPoint("broken", "no_such_module_xyz:Source", registry.ENTRY_POINT_GROUP)
    import scrapers.plugins

    monkeypatch.setattr(registry.PLUGINS, "classes", dict(registry.PLUGINS.classes))
    monkeypatch.setattr(registry.PLUGINS, "loaded", False)
    monkeypatch.setattr(scrapers.plugins, "entry_points",
                        lambda group: [good] if group == registry.ENTRY_POINT_GROUP else [])
    assert registry.names()[-1] == "directory"
    monkeypatch.setattr(registry.PLUGINS, "loaded", False)
    monkeypatch.setattr(scrapers.plugins, "entry_points", lambda group: [bad])
    with pytest.raises(ScraperError, match="people source plugin 'broken' .* failed to load"):
        registry.all_sources()
