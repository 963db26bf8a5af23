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
from crm.cli import COMMANDS

MINE = tuple(COMMANDS)
HEAVY = ("httpx", "bs4", "lxml", "tenacity")


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


def test_contact_group_finds_subcommands_defined_elsewhere() -> None:
    from crm.cli.contact import ELSEWHERE, contact

    ctx = click.Context(contact)
    for name, target in ELSEWHERE.items():
        assert name in contact.list_commands(ctx)
        assert contact.get_command(ctx, name).callback.__module__ == target.split(":")[0]
    assert contact.get_command(ctx, "nonsense") is None


def test_help_does_not_load_the_database_layer(tmp_path: Path) -> None:
    """`crm --help` imports every command module for its summary line: none may pull in peewee."""
    env = {**os.environ, "CRM_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "crm", "--help"], capture_output=True,
                            text=True, env=env, timeout=60)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "crm.text" in imported and "peewee" not in imported, sorted(i for i in imported if "crm" in i)
