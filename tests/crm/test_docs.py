"""Every CRM command documents itself with an example; the daily commands start without web libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from crm.cli import cli

ROOT = Path(__file__).resolve().parents[2]
from crm.cli import command_names

MINE = tuple(command_names())
HEAVY = ("httpx", "bs4", "lxml", "tenacity", "icalendar", "faker")  # icalendar: only `crm calendar`; faker: a lookup


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    found = []
    for name in MINE:
        command = cli.get_command(ctx, name)
        found.append((name, command))
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command)
            found += [(f"{name} {sub}", command.get_command(sub_ctx, sub)) for sub in command.list_commands(sub_ctx)]
    return found


@pytest.mark.parametrize("name, command", _commands(), ids=[n for n, _ in _commands()])
def test_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    text = command.help or ""
    assert text.strip(), f"`crm {name}` needs a docstring"
    assert f"crm {name.split()[0]}" in text.split("Example:", 1)[-1], f"`crm {name}` help needs an Example"


@pytest.mark.parametrize("name", [n for n, _ in _commands()])
def test_readme_mentions_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"crm {name}" in readme, f"add `crm {name}` to the README's command tables"


@pytest.mark.parametrize("args", [["--help"], ["due"], ["contact", "list"]])
def test_daily_commands_do_not_import_web_libraries(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "CRM_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "crm", *args], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "click" in imported  # the -X importtime report was read
    assert not imported & set(HEAVY), f"`crm {' '.join(args)}` imported {sorted(imported & set(HEAVY))}: " \
                                      "import them inside the command that needs them"


_LOADED = """
import sys
from crm.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="crm")
except SystemExit as e:
    code = e.code
print(sorted(m for m in sys.modules if m.split(".")[0] in {"psycopg2", "psycopg", "playhouse", "pymysql"}))
sys.exit(code)
"""


def _loaded(args: list[str], tmp_path: Path) -> str:
    env = {**os.environ, "CRM_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("args", [["due"], ["contact", "list"], ["app", "list"]])
def test_sqlite_commands_load_no_database_driver(args: list[str], tmp_path: Path) -> None:
    _loaded(["company", "list"], tmp_path)  # the first command creates and migrates the database
    assert _loaded(args, tmp_path) == "[]"


@pytest.mark.postgres
def test_a_fresh_process_hands_peewee_its_postgresql_driver(tmp_path: Path) -> None:
    from tests.conftest import PG_URL, _reset_postgres

    if not PG_URL:
        pytest.skip("CRM_TEST_PG_URL not set")
    _reset_postgres(PG_URL)
    assert "psycopg2" in _loaded(["--db", PG_URL, "contact", "add", "Jane Doe", "--title", "CTO"], tmp_path)
    assert "psycopg2" in _loaded(["--db", PG_URL, "contact", "list"], tmp_path)


def test_a_commands_file_is_its_name() -> None:
    """`crm/cli/<name>.py` defines the command `<name>` (`import_.py`: `import`), and nothing else does."""
    ctx = click.Context(cli)
    for name, module in command_names().items():
        command = cli.get_command(ctx, name)
        assert command.name == name and (command.callback or command.invoke).__module__ == module
    assert cli.get_command(ctx, "nonsense") is None and cli.get_command(ctx, "output") is None


def test_help_does_not_load_the_database_layer(tmp_path: Path) -> None:
    """`crm --help` imports every command module for its summary line: none may pull in peewee."""
    env = {**os.environ, "CRM_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "crm", "--help"], capture_output=True,
                            text=True, env=env, timeout=60)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "crm.text" in imported and "peewee" not in imported, sorted(i for i in imported if "crm" in i)
