"""`crm config`: the effective follow-up settings and the file they come from."""

from __future__ import annotations

import click

from crm.cli.common import json_option
from crm.cli.output import emit_json, message


@click.command()
@click.option("--init", "init", is_flag=True, help="Write a commented default config file (if none exists).")
@json_option
def config(init: bool, as_json: bool) -> None:
    """Show the effective follow-up settings and the config file they come from.

    \b
    Example:
      crm config
      crm config --init
    """
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
