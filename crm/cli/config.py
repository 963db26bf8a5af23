"""`crm config`: the effective follow-up settings and the file they come from; `set`, `get`, `unset` one."""

from __future__ import annotations

import click

from crm.cli.common import json_option
from crm.cli.output import emit_json, message


@click.group(invoke_without_command=True)
@click.option("--init", "init", is_flag=True, help="Write a commented default config file (if none exists).")
@json_option
@click.pass_context
def config(ctx: click.Context, init: bool, as_json: bool) -> None:
    """Show the effective follow-up settings and the config file they come from; set, get or unset one.

    \b
    Example:
      crm config
      crm config --init
      crm config set drafts.signature "Jane Doe"
      crm config get checkin_days
    """
    if ctx.invoked_subcommand is not None:
        return
    from crm.followup import settings as config_module

    path = config_module.config_path()
    if init:
        from crm.data.files import create_private
        from crm.errors import InvalidValue

        try:  # owner-only like the database beside it, and never over the user's own file
            create_private(path, config_module.default_toml().encode("utf-8"))
        except FileExistsError:
            raise InvalidValue(f"{path} already exists: edit it, or delete it first") from None
        message(f"Wrote {path}")
    exists = path.is_file()
    effective = config_module.as_dict(config_module.load_settings(path))
    if as_json:
        emit_json({"path": str(path), "exists": exists, "settings": effective})
        return
    click.echo(f"# {path}" + ("" if exists else " (not found: built-in defaults)"))
    for section, values in effective.items():
        click.echo(f"\n[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {config_module.toml_value(value)}")


def _write(name: str, text: str | None) -> None:
    """Set (or with None, remove) one setting in config.toml, keeping the rest of the file as it was."""
    from crm.data.files import write_private
    from crm.errors import InvalidValue
    from crm.followup import settings as config_module

    section, key = config_module.find_setting(name)
    value = config_module.parse_value(key, text) if text is not None else None
    path = config_module.config_path()
    try:
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
    except UnicodeDecodeError as e:
        raise InvalidValue(f"cannot read {path}: {e}") from e
    try:
        new = config_module.with_setting(source, section, key, value)
    except InvalidValue as e:
        raise InvalidValue(f"{path}: {e} (fix it, or delete it to use the defaults)") from None
    if new == source:
        message(f"{section}.{key} is already " + ("the default" if value is None else config_module.toml_value(value)))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, new.encode("utf-8"))  # owner-only and atomic: never half-written
    shown = "removed (the default again: " + config_module.toml_value(getattr(config_module.Settings(), key)) + ")" \
        if value is None else f"= {config_module.toml_value(value)}"
    message(f"{section}.{key} {shown} in {path}")


@config.command("set")
@click.argument("name", metavar="KEY")
@click.argument("value")
def set_(name: str, value: str) -> None:
    """Set one setting in config.toml (KEY: "section.key" or the key alone); comments and other keys stay.

    \b
    Example:
      crm config set drafts.signature "Jane Doe"
      crm config set checkin_days 10
      crm config set rejection_note false
    """
    _write(name, value)


@config.command("unset")
@click.argument("name", metavar="KEY")
def unset(name: str) -> None:
    """Remove one setting from config.toml, so its built-in default applies again.

    \b
    Example:
      crm config unset checkin_days
    """
    _write(name, None)


@config.command("get")
@click.argument("name", metavar="KEY")
@json_option
def get(name: str, as_json: bool) -> None:
    """Print one effective setting (from config.toml, else its default); strings print bare.

    \b
    Example:
      crm config get drafts.signature
      crm config get checkin_days --json
    """
    from crm.followup import settings as config_module

    section, key = config_module.find_setting(name)
    value = getattr(config_module.load_settings(), key)
    if as_json:
        emit_json({"key": f"{section}.{key}", "value": value})
    elif isinstance(value, bool):
        click.echo("true" if value else "false")
    else:
        from crm.text import visible

        click.echo(visible(str(value)))
