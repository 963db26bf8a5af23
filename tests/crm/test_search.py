"""`crm search` end to end through CliRunner, on SQLite and PostgreSQL: ranking, prefixes, accents, kinds,
output, an index kept current by every write path (commands, restore, LinkedIn import, the migration),
and input that must never reach the database as search syntax."""

from __future__ import annotations

import importlib
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import peewee as pw
import pytest
from click.testing import CliRunner, Result

from crm.cli import cli

LINKEDIN = Path(__file__).resolve().parents[2] / "fixtures" / "linkedin"
Run = Callable[..., Result]


@pytest.fixture
def crm(store_url: str) -> Run:
    """`crm --db URL ARGS...`, checked: exit code 0 (or `code=`), and never a traceback."""

    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", store_url, *args])
        ended = (result.exit_code, type(result.exception))
        assert ended in ((0, type(None)), (code, SystemExit)), (result.stdout, result.stderr, result.exception)
        return result

    return run


def found(crm: Run, *args: str) -> list[tuple[str, int]]:
    """(kind, id) of each `crm search ARGS --json` result, in order."""
    return [(h["kind"], h["id"]) for h in json.loads(crm("search", "--json", *args).stdout)]


@pytest.fixture
def world(crm: Run) -> Run:
    crm("company", "add", "Globex Corporation", "--domain", "globex.example")
    crm("company", "edit", "Globex Corporation", "--notes", "Volcano lair; Hank runs it")
    crm("company", "add", "Initech", "--domain", "initech.example")
    crm("contact", "add", "Léna Martin", "--company", "Globex", "--title", "Head of Product",
        "--email", "lena.martin@globex.example", "--note", "Met at PyCon Lisbon")
    crm("contact", "add", "Peter Gibbons", "--company", "Initech", "--title", "Staff Engineer",
        "--note", "Knows Léna from university")
    crm("contact", "add", "Zoë Ångström", "--title", "Recruiter", "--email", "zoe@talent.example")
    crm("app", "add", "https://jobs.example/globex/1", "--company", "Globex", "--title", "Senior Backend Engineer",
        "--department", "Platform", "--location", "Cypress Creek", "--notes", "Referral from Léna")
    crm("app", "add", "https://jobs.example/initech/2", "--company", "Initech", "--title", "Data Analyst",
        "--department", "Finance", "--location", "Austin")
    crm("log", "Léna Martin", "--kind", "after-apply", "--app", "1", "--on", "2026-11-20 09:30",
        "--note", "Sent the portfolio link")
    crm("log", "Peter Gibbons", "--kind", "note", "--on", "2026-11-21 12:00", "--direction", "in",
        "--note", "Lunch: he mentioned Lena's new team")
    return crm


# ---- finding ----------------------------------------------------------------------------------------

def test_a_name_match_ranks_above_detail_and_notes_matches(world: Run) -> None:
    hits = found(world, "lena")
    assert hits[0] == ("contact", 1)  # her name (and her address)
    assert set(hits[1:]) == {("contact", 2), ("application", 1), ("interaction", 2)}  # notes that name her
    assert found(world, "glob")[0] == ("company", 1)  # then the application (its company) and Léna (her address)
    assert set(found(world, "glob")) == {("company", 1), ("application", 1), ("contact", 1)}


def test_the_field_decides_before_the_length_or_the_order_of_adding(crm: Run) -> None:
    crm("contact", "add", "Someone Else", "--note", "Priya")  # the shortest documents, and the lowest ids
    crm("log", "Someone Else", "--kind", "note", "--on", "2026-11-20 09:00", "--note", "Priya")
    crm("contact", "add", "Ana Other", "--title", "Priya")
    crm("contact", "add", "Priya Raman", "--note", " ".join(["A long note that names nobody."] * 200))
    hits = found(crm, "priya")
    assert hits[:2] == [("contact", 3), ("contact", 2)]  # name, then detail (a title), then notes
    assert set(hits[2:]) == {("contact", 1), ("interaction", 1)}
    assert found(crm, "priya", "--limit", "1") == [("contact", 3)]


@pytest.mark.parametrize("query, hits", [
    ("glob", [("company", 1), ("application", 1), ("contact", 1)]),
    ("Gl", [("company", 1), ("application", 1), ("contact", 1)]),
    ("gibb", [("contact", 2)]),
    ("sen back", [("application", 1)]),  # every word must match the start of a word
    ("back sen", [("application", 1)]),
    ("backend austin", []),
    ("ack", []),  # the start of a word, not any part of it
    ("portfolio", [("interaction", 1)]),
])
def test_prefixes(world: Run, query: str, hits: list[tuple[str, int]]) -> None:
    assert sorted(found(world, query)) == sorted(hits)


@pytest.mark.parametrize("stored, typed", [
    ("Léna", "lena"), ("Lena", "léna"), ("Müller", "MULLER"), ("Muller", "müller"), ("Zoë", "zoe"),
    ("Ångström", "angstrom"), ("François", "francois"), ("Núñez", "nunez"), ("Çelik", "celik"),
    ("Horváth", "HORVATH"), ("Petrović", "petrovic"), ("Dvořák", "dvorak"), ("Ștefan", "stefan"),
    ("Gonçalves", "GONÇ"), ("Renée", "RENÉE"), ("Jönsson", "jo"),
])
def test_accents_and_case_do_not_matter_either_way(crm: Run, stored: str, typed: str) -> None:
    crm("contact", "add", f"{stored} Example")
    crm("contact", "add", "Someone Else", "--note", f"met {stored} once")
    assert found(crm, typed) == [("contact", 1), ("contact", 2)]


@pytest.mark.parametrize("query, kind, ref, field", [
    ("head product", "contact", 1, "title"),
    ("talent", "contact", 3, "email"),
    ("pycon lisbon", "contact", 1, "notes"),
    ("initech.example", "company", 2, "domain"),
    ("volcano", "company", 1, "notes"),
    ("cypress", "application", 1, "location"),
    ("finance", "application", 2, "department"),
    ("initech data", "application", 2, "title"),
    ("referral", "application", 1, "notes"),
    ("lunch", "interaction", 2, "note"),
])
def test_each_kind_by_each_field(world: Run, query: str, kind: str, ref: int, field: str) -> None:
    [hit] = json.loads(world("search", query, "--json").stdout)
    assert (hit["kind"], hit["id"], hit["field"]) == (kind, ref, field)


def test_kind_restricts(world: Run) -> None:
    assert found(world, "lena", "--kind", "interaction") == [("interaction", 2)]
    assert sorted(found(world, "lena", "--kind", "contact", "--kind", "application")) == [
        ("application", 1), ("contact", 1), ("contact", 2)]
    assert found(world, "glob", "--kind", "company") == [("company", 1)]
    assert world("search", "lena", "--kind", "person", code=1).stderr == (
        "Error: bad kind 'person': use one of contact, company, application, interaction\n")


def test_limit(crm: Run) -> None:
    for n in range(25):
        crm("contact", "add", f"Alex Sample{n:02}")
    assert len(found(crm, "alex")) == 20
    assert len(found(crm, "alex", "--limit", "3")) == 3
    assert len(found(crm, "alex", "--limit", "100")) == 25
    for bad in ("0", "-1", "x"):
        assert "Invalid value for '--limit'" in crm("search", "alex", "--limit", bad, code=2).stderr


def test_the_ids_are_the_refs_other_commands_take(world: Run) -> None:
    commands = {"contact": ("contact", "show"), "company": ("company", "show"), "application": ("app", "show"),
                "interaction": ("unlog", "--yes")}
    for kind, ref in found(world, "lena") + found(world, "glob"):
        assert json.loads(world(*commands[kind], str(ref), "--json").stdout)["id"] == ref


# ---- output -----------------------------------------------------------------------------------------

def test_json_shape(world: Run) -> None:
    assert json.loads(world("search", "lisbon", "--json").stdout) == [
        {"kind": "contact", "id": 1, "label": "Léna Martin, Head of Product at Globex Corporation",
         "field": "notes", "snippet": "Met at PyCon [Lisbon]"}]
    assert json.loads(world("search", "portf", "--json").stdout) == [
        {"kind": "interaction", "id": 1, "label": "after-apply (email) to Léna Martin on 2026-11-20 09:30",
         "field": "note", "snippet": "Sent the [portfolio] link"}]
    assert json.loads(world("search", "cypress", "--json").stdout) == [
        {"kind": "application", "id": 1, "label": "Senior Backend Engineer at Globex Corporation",
         "field": "location", "snippet": "[Cypress] Creek"}]
    assert world("search", "nobody", "--json").stdout == "[]\n"


def test_table(world: Run) -> None:
    assert world("search", "zoe").stdout == (
        "KIND     ID  WHAT                     MATCH\n"
        "-------  --  -----------------------  --------------------\n"
        "contact  3   Zoë Ångström, Recruiter  name: [Zoë] Ångström\n")
    assert world("search", "initech", "--kind", "company", "--kind", "application").stdout == (
        "KIND         ID  WHAT                       MATCH\n"
        "-----------  --  -------------------------  ------------------\n"
        "company      2   Initech (initech.example)  name: [Initech]\n"
        "application  2   Data Analyst at Initech    company: [Initech]\n")
    result = world("search", "nobody")
    assert (result.stdout, result.stderr) == ("", "No matches.\n")


def test_a_long_note_is_cut_around_the_match(crm: Run) -> None:
    note = " ".join(["filler"] * 30) + " the Kubernetes migration " + " ".join(["padding"] * 30)
    crm("contact", "add", "Ana Long", "--note", note)
    [hit] = json.loads(crm("search", "kube", "--json").stdout)
    assert hit["snippet"].startswith("…filler ") and hit["snippet"].endswith(" padding…")
    assert "the [Kubernetes] migration" in hit["snippet"] and len(hit["snippet"]) < 100


# ---- the index follows every write -------------------------------------------------------------------

def test_adds_edits_and_deletes(world: Run) -> None:
    crm = world
    crm("contact", "edit", "Léna Martin", "--name", "Léna Dupont", "--notes", "moved to Lyon", "--email", "")
    assert found(crm, "martin") == [] and found(crm, "dupont") == [("contact", 1)]
    assert found(crm, "pycon") == [] and found(crm, "lyon") == [("contact", 1)]
    crm("company", "edit", "Globex Corporation", "--name", "Hammock District")  # its applications name it
    assert found(crm, "globex corporation") == []
    assert sorted(found(crm, "hammock")) == [("application", 1), ("company", 1)]
    crm("app", "edit", "1", "--title", "Platform Lead", "--location", "Remote")
    assert found(crm, "cypress") == [] and found(crm, "platform lead") == [("application", 1)]
    crm("contact", "add", "Bill Lumbergh", "--company", "Initech", "--note", "TPS reports")
    assert found(crm, "lumb") == [("contact", 4)] and found(crm, "tps") == [("contact", 4)]

    crm("unlog", "2", "--yes")
    assert found(crm, "lunch") == []
    crm("company", "rm", "Hammock District", "--yes")  # its application stays, without it
    assert found(crm, "hammock") == []
    assert found(crm, "platform lead") == [("application", 1)]
    crm("app", "rm", "1", "--yes")
    assert found(crm, "platform") == []
    crm("contact", "rm", "Léna Dupont", "--yes")  # with her logged interaction
    assert found(crm, "dupont") == [] and found(crm, "portfolio") == []
    assert sorted(found(crm, "initech")) == [("application", 2), ("company", 2)]  # a contact's company is not theirs


def test_a_restore_is_indexed_and_exports_stay_the_same(world: Run, tmp_path: Path) -> None:
    crm = world
    backup = tmp_path / "backup.json"
    crm("export", "--out", str(backup))
    before = set(found(crm, "lena"))
    crm("contact", "rm", "Léna Martin", "--yes")
    crm("contact", "rm", "Peter Gibbons", "--yes")
    crm("app", "rm", "1", "--yes")
    assert found(crm, "lena") == []
    crm("import", str(backup))
    assert set(found(crm, "lena")) == before
    assert found(crm, "gibbons") == [("contact", 2)] and found(crm, "portfolio") == [("interaction", 1)]
    assert crm("export").stdout == backup.read_text(encoding="utf-8")  # the index never reaches an export
    assert "search" not in json.loads(backup.read_text(encoding="utf-8"))["tables"]
    crm("import", str(backup))  # again: nothing new, nothing found twice
    assert sorted(found(crm, "lena")) == sorted(before)


def test_a_restore_into_a_new_store_is_indexed(world: Run, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    world("export", "--out", str(backup))
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert CliRunner().invoke(cli, ["--db", other, "import", str(backup)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", other, "search", "lena", "--json"])
    assert sorted((h["kind"], h["id"]) for h in json.loads(result.stdout)) == sorted(found(world, "lena"))


def test_a_linkedin_import_is_indexed(crm: Run) -> None:
    def contact(name: str) -> list[tuple[str, int]]:
        return [("contact", c["id"]) for c in json.loads(crm("contact", "list", "--json").stdout) if c["name"] == name]

    crm("import", str(LINKEDIN / "connections_2025.csv"))
    jose, jane = contact("José García López"), contact("Jane Doe")
    assert found(crm, "jose garcia") == jose and found(crm, "directeur") == jose  # the position is the title
    assert found(crm, "łukasz") == contact("Łukasz Żółć") and found(crm, "ZOŁC") == contact("Łukasz Żółć")
    assert found(crm, "coco") == contact('Chloé Dubois "Coco" Martin')
    assert [kind for kind, _ in found(crm, "muller sohne")] == ["company"]  # the import made it
    assert found(crm, "engineering manager") == jane
    crm("import", str(LINKEDIN / "connections_2026_update.csv"))  # Jane's new title (an UPDATE), Nadia added
    nadia = contact("Nadia Haddad")
    assert found(crm, "director engineering") == jane and found(crm, "nadia") == nadia
    assert found(crm, "engineering manager") == nadia  # Jane's old title is gone


def test_the_migration_indexes_rows_that_were_there_before_it(store_url: str, monkeypatch: pytest.MonkeyPatch,
                                                                crm: Run) -> None:
    from crm.store import db as store_db
    from crm.store.models import Company, Interaction, Person

    every = store_db.migration_modules()
    monkeypatch.setattr(store_db, "migration_modules", lambda: [m for m in every if m[0] < 5])
    database = store_db.init_db(store_url)  # the schema before 0005: no index, no triggers
    acme = Company.create(name="Acme Rockets", name_key="acme rockets", domain="acme.example")
    wile = Person.create(name="Wile E. Coyote", name_lower="wile e. coyote", company=acme, notes="Genius")
    Interaction.create(person=wile, kind="note", occurred_at="2026-11-01 10:00:00", note="Ordered a rocket sled")
    assert not {"search_index"} & set(database.get_tables())
    store_db.close_db()
    monkeypatch.setattr(store_db, "migration_modules", lambda: every)
    assert sorted(found(crm, "rocket")) == [("company", 1), ("interaction", 1)]
    assert found(crm, "coyote genius") == [("contact", 1)] and found(crm, "acme.example") == [("company", 1)]
    crm("contact", "edit", "1", "--name", "Road Runner")  # and it is kept current from then on
    assert found(crm, "coyote") == [] and found(crm, "road") == [("contact", 1)]


def test_without_fts5_search_says_so(sqlite_url: str) -> None:
    from crm.store.db import close_db, init_db

    db = init_db(sqlite_url)  # as a Python built without FTS5 leaves it: no index, no triggers
    for (trigger,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute_sql(f'DROP TRIGGER "{trigger}"')
    db.execute_sql("DROP TABLE search_index")
    close_db()
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", sqlite_url, "contact", "add", "Jane Doe"]).exit_code == 0
    result = runner.invoke(cli, ["--db", sqlite_url, "search", "jane"])
    assert (result.exit_code, result.stderr) == (
        1, "Error: crm search needs SQLite's full-text search (FTS5), which this Python's sqlite3 lacks\n")


# ---- input that is not a plain word ----------------------------------------------------------------

NOTHING = "Error: nothing to search for in "


@pytest.mark.parametrize("typed, plain", [
    ("", None), ("   ", None), ('"', None), ("*", None), (":", None), ("-", None), ("--", None), ("()", None),
    ("%", None), ("_", None), ("\\", None), ("'", None), ("🙂", None), ("\u202e", None), ("\x00", None),
    ("NEAR(", "near"), ("NEAR(glob corp)", "near glob corp"), ("NEAR(glob, 2)", "near glob 2"),
    ("-glob", "glob"), ("glob -corp", "glob corp"), ('glob"', "glob"), ('"glob', "glob"), ("'glob", "glob"),
    ('"globex corporation"', "globex corporation"), ("glob*", "glob"), ("*glob", "glob"), ("name:glob", "name glob"),
    ("{name detail}: glob", "name detail glob"), ("glob AND corp", "glob and corp"), ("glob OR lena", "glob or lena"),
    ("NOT lena", "not lena"), ("^glob", "glob"), ("glob + corp", "glob corp"), ("(glob", "glob"), ("glob)", "glob"),
    ("%glob%", "glob"), ("gl_ob", "gl ob"), ("' OR 1=1 --", "or 1 1"), ("glob\x00", "glob"),
    ("lena.martin@", "lena martin"),
    ("Le\u0301na", "léna"), ("glob:*", "glob"), ("glob & lena | !x", "glob lena x"), ("<->glob", "glob"),
])
def test_search_syntax_is_only_separators(world: Run, typed: str, plain: str | None) -> None:
    if plain is None:
        result = world("search", "--", typed, code=1)
        assert result.stderr.startswith(NOTHING) and result.stderr.count("\n") == 1, result.stderr
        assert result.stdout == ""
    else:
        assert world("search", "--json", "--", typed).stdout == world("search", "--json", plain).stdout


def test_too_many_words_is_one_error_line(world: Run) -> None:
    assert world("search", " ".join(["w"] * 17), code=1).stderr == (
        "Error: too many words to search for (17); at most 16\n")
    world("search", " ".join(["w"] * 16))


def test_no_words_at_all_is_a_usage_error(world: Run) -> None:
    assert "Missing argument 'TEXT...'" in world("search", code=2).stderr


def test_several_arguments_are_one_query(world: Run) -> None:
    assert found(world, "senior", "glob") == found(world, "senior glob") == [("application", 1)]


@pytest.mark.parametrize("typed", ["a", "e", "1", "ä"])
def test_one_letter_finds_without_error(world: Run, typed: str) -> None:
    world("search", typed, "--limit", "5")


OWN_LETTERS = {"ł": "l", "œ": "oe", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"}  # not a letter with an accent


def test_both_backends_fold_the_letters_names_use(db: pw.Database) -> None:
    """PostgreSQL's search_fold (0005) folds as SQLite's unicode61 does: accents off Latin letters, in any
    case; letters of their own (ł, ß, ø ...) stay themselves."""
    from crm import store

    letters = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćčďēęěğīńňőřśşšţťūůűźżžǎǐǒǔșț" + "".join(OWN_LETTERS)
    for n, letter in enumerate(letters, 1):
        store.add_contact(f"Name{n} X{letter}y")
    for n, letter in enumerate(letters, 1):
        bare = OWN_LETTERS.get(letter) or unicodedata.normalize("NFD", letter)[0]
        assert n in [h.id for h in store.search(f"x{letter}y", limit=100)], letter
        if len(letter.upper()) == 1:  # not ß
            assert n in [h.id for h in store.search(f"X{letter.upper()}Y", limit=100)], letter
        assert (n in [h.id for h in store.search(f"x{bare}y", limit=100)]) == (letter not in OWN_LETTERS), letter


def test_each_way_postgresql_folds_gives_the_same_words(db: pw.Database) -> None:
    """search_fold as 0005 writes it for PostgreSQL 13+ (any collation) and for older or non-UTF-8 servers."""
    if not isinstance(db, pw.PostgresqlDatabase):
        pytest.skip("search_fold is PostgreSQL's")
    fold_select = importlib.import_module("crm.store.migrations.0005_search_index").fold_select
    samples = ["Léna MÜLLER-Łukasz", "jane.doe@ACME.example; O'Brien (CTO)", "ÆGIR Ǽ ǡ ǣ", "Ωμέγα Жанна ЙОД",
               "한국어 日本語", "ŞTEFAN Dvořák — “quoted” 50%", "ß STRAẞE İstanbul", "e\u0301t\u00e9 ﬁn", "tab\there"]
    folded = []
    for modern, lower_all in ((True, True), (True, False), (False, True)):
        body = fold_select(modern=modern, lower_all=lower_all).replace("%", "%%")
        db.execute_sql(f"CREATE FUNCTION pg_temp.fold(text) RETURNS text LANGUAGE sql AS $f$ {body} $f$")
        folded.append([db.execute_sql("SELECT pg_temp.fold(%s)", (text,)).fetchone()[0] for text in samples])
        db.execute_sql("DROP FUNCTION pg_temp.fold(text)")
    assert folded[0][0] == "lena muller łukasz"
    assert folded[0] == folded[1] == folded[2]


# ---- a REF that is a word or the start of a name -----------------------------------------------------

@pytest.mark.parametrize("command, ref, shown", [
    (("contact", "show"), "lena", "Léna Martin"),  # a unique first name, accents folded
    (("contact", "show"), "gibb", "Peter Gibbons"),  # the start of a family name
    (("contact", "show"), "zoe ang", "Zoë Ångström"),  # the starts of both names
    (("company", "show"), "globex", "Globex Corporation"),  # one word of the name
    (("company", "show"), "init", "Initech"),
    (("app", "show"), "backend", "Senior Backend Engineer"),  # a word of the title
])
def test_a_ref_matches_a_unique_word_or_the_start_of_one(world: Run, command: tuple[str, str], ref: str,
                                                         shown: str) -> None:
    assert shown in world(*command, ref).stdout


def test_a_ref_matching_several_names_lists_them(world: Run) -> None:
    world("contact", "add", "Léna Dubois")
    result = world("contact", "show", "lena", code=1)
    assert result.stderr.startswith("Error: contact 'lena' is ambiguous: #1 Léna Martin (Globex Corporation), #4 Léna Dubois")
    assert result.stderr.endswith("; use the id\n")


@pytest.mark.parametrize("command, ref, suggested", [
    (("contact", "show"), "Lnea Martin", "'Léna Martin' (#1)"),
    (("contact", "show"), "Peter Gibons", "'Peter Gibbons' (#2)"),
    (("company", "show"), "Globx", "'Globex Corporation' (#1)"),
    (("app", "show"), "Senior Bakend Engineer", "'Senior Backend Engineer' (#1)"),
])
def test_a_miss_says_did_you_mean_with_the_closest_names(world: Run, command: tuple[str, str], ref: str,
                                                         suggested: str) -> None:
    result = world(*command, ref, code=1)
    assert result.stderr.startswith(f"Error: no {'application' if command[0] == 'app' else command[0]} matches {ref!r}; did you mean ")
    assert suggested in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("command, ref", [
    (("contact", "show"), "Nobody Atall"), (("company", "show"), "Umbrella"),
    (("app", "show"), "https://jobs.example/globex/999"), (("contact", "show"), "'.-"),
])
def test_a_miss_with_nothing_close_says_only_that(world: Run, command: tuple[str, str], ref: str) -> None:
    result = world(*command, ref, code=1)
    assert "did you mean" not in result.stderr and result.stderr.startswith("Error: no ")
