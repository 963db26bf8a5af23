"""The house's seams, checked on the import graph: layers point down and each fact has one home.

Every import counts, at the top of a module or inside a function: a deferred import is still a
dependency. Tests are not part of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORE_FACE = "crm.store"
STORE_MODULES = {p.stem for p in (ROOT / "crm" / "store").glob("*.py") if p.stem != "__init__"} | {"migrations"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports (`from a import b` counts as a and as a.b: b may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


SOURCES = {module_name(p): p for package in ("crm", "scrapers") for p in (ROOT / package).rglob("*.py")}
GRAPH = {name: imports_of(path) for name, path in SOURCES.items()}


def within(prefix: str) -> list[str]:
    return sorted(m for m in GRAPH if m == prefix or m.startswith(prefix + "."))


def offenders(modules: list[str], forbidden) -> list[str]:  # noqa: ANN001 - a predicate on module names
    return [f"{m} imports {i}" for m in modules for i in sorted(GRAPH[m]) if forbidden(i)]


def under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_graph_is_read() -> None:
    assert "crm.cli.app" in GRAPH and "scrapers.http" in GRAPH and "crm.store" in GRAPH["crm.cli.app"]


def test_scrapers_never_import_crm() -> None:
    assert not offenders(within("scrapers"), lambda i: under(i, "crm"))


def test_the_command_line_reaches_the_database_only_through_the_store() -> None:
    """`crm/cli/` imports `crm.store` (its face), never its models, its database or its other modules."""
    inner = {f"{STORE_FACE}.{m}" for m in STORE_MODULES}
    assert not offenders(within("crm.cli"), lambda i: any(under(i, m) for m in inner) or under(i, "peewee", "playhouse"))


def test_nothing_outside_the_store_opens_the_database() -> None:
    outside = [m for m in GRAPH if not under(m, "crm.store")]
    assert not offenders(outside, lambda i: under(i, "crm.store.models", "crm.store.db", "crm.store.migrations",
                                                  "peewee", "playhouse"))


def test_no_command_module_imports_another() -> None:
    shared = {"crm.cli", "crm.cli.output", "crm.cli.common"}
    commands = [m for m in within("crm.cli") if m not in shared]
    assert not offenders(commands, lambda i: under(i, "crm.cli") and i not in shared
                         and not any(i.startswith(f"{s}.") for s in shared))


def test_one_lazy_loading_mechanism() -> None:
    groups = [m for m in within("crm.cli") if "click.Group)" in SOURCES[m].read_text(encoding="utf-8")]
    assert groups == ["crm.cli"], "commands load through crm.cli.LazyGroup only"


def test_the_store_never_ranks_prints_or_parses_the_command_line() -> None:
    assert not offenders(within("crm.store"), lambda i: under(i, "scrapers.hiring_manager", "crm.cli", "crm.lookup",
                                                            "click"))


def test_rules_and_formats_are_pure() -> None:
    """The follow-up rules and the file formats read no database, and nothing below the CLI uses click."""
    pure = within("crm.followup") + within("crm.data")
    assert not offenders(pure, lambda i: under(i, "crm.store", "peewee", "crm.cli"))
    below = [m for m in GRAPH if not under(m, "crm.cli")]
    assert not offenders(below, lambda i: under(i, "click"))


@pytest.mark.parametrize("library", ["httpx", "tenacity"])
def test_one_place_for_http(library: str) -> None:
    users = sorted(m for m in GRAPH if any(under(i, library) for i in GRAPH[m]))
    assert users == ["scrapers.http"]


def test_ranking_is_pure() -> None:
    assert not offenders(["scrapers.hiring_manager"], lambda i: under(i, "scrapers.http", "scrapers.team.lookup",
                                                                      "scrapers.registry"))


def test_one_list_of_job_board_hosts() -> None:
    """Each scraper names its own hosts; no module keeps a second list of them."""
    from scrapers.registry import all_scrapers, board_hosts

    assert {"greenhouse.io", "myworkdaysite.com", "icims.com", "wellfound.com"} <= board_hosts()
    assert all(s.HOSTS for s in all_scrapers())
    listed = [m for m, p in SOURCES.items() if m not in ("scrapers.generic",) and not m.startswith("scrapers.ats")
              and '"greenhouse.io"' in p.read_text(encoding="utf-8")]
    assert listed == []
