"""`crm company ...`: the companies applications and contacts belong to."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import wide_option
from crm.cli.common import confirm_delete, yes_option
from crm.cli.output import email_label, emit_fields, emit_json, emit_table, message, you_know_line


@click.group()
def company() -> None:
    """Companies: add, list, show, edit, rm.

    \b
    Example:
      crm company add "Acme Robotics" --domain acme.example
    """


@company.command("add")
@click.argument("name")
@click.option("--domain", help="The company's domain, e.g. acme.example (one company per domain).")
@click.option("--website", help="Home page URL (also gives the domain when --domain is absent).")
@click.option("--careers", "careers_url", help="Careers page URL.")
@json_option
@with_store
def add(name: str, domain: str | None, website: str | None, careers_url: str | None, as_json: bool) -> None:
    """Add a company; one per name (Inc, GmbH ... ignored) and per domain.

    \b
    Example:
      crm company add "Acme Robotics" --domain acme.example
    """
    from crm import store

    c = store.add_company(name, domain=domain, website=website, careers_url=careers_url)
    message(f"Added company #{c.id} {c.name}")
    if as_json:
        emit_json(store.company_record(c))


@company.command("list")
@wide_option
@json_option
@with_store
def list_(as_json: bool) -> None:
    """List companies with their number of contacts and applications.

    \b
    Example:
      crm company list --json
    """
    from crm import store

    rows = store.list_companies()
    if as_json:
        emit_json(rows)
        return
    emit_table([(r["id"], r["name"], r["domain"], r["contacts"], r["applications"]) for r in rows],
               ["ID", "NAME", "DOMAIN", "CONTACTS", "APPS"], empty="No companies yet.")


@company.command("show")
@click.argument("ref")
@wide_option
@json_option
@with_store
def show(ref: str, as_json: bool) -> None:
    """Show a company with its contacts, applications and your LinkedIn connections there (REF: id, name or domain).

    \b
    Example:
      crm company show acme.example
    """
    from crm import store

    found = store.resolve_company(ref)
    data = store.show_company(found)
    data["connections"] = store.connections_at(found)
    if as_json:
        emit_json(data)
        return
    emit_fields(data, ["id", "name", "domain", "website", "careers_url", "notes"])
    if data["connections"]:
        click.echo()
        click.echo(you_know_line(found.name, data["connections"]))
    click.echo()
    emit_table([(p["id"], p["name"], p["title"], email_label(p)) for p in data["contacts"]],
               ["ID", "CONTACT", "TITLE", "EMAIL"], empty="No contacts.")
    click.echo()
    emit_table([(a["id"], a["status"], a["title"], a["url"]) for a in data["applications"]],
               ["ID", "STATUS", "APPLICATION", "URL"], empty="No applications.")


@company.command("edit")
@click.argument("ref")
@click.option("--name", help="New name.")
@click.option("--domain", help='New domain ("" clears it).')
@click.option("--website", help='New home page URL ("" clears it).')
@click.option("--careers", "careers_url", help='New careers page URL ("" clears it).')
@click.option("--notes", "--note", "notes", help="New free-text notes (replace the old).")
@json_option
@with_store
def edit(ref: str, name: str | None, domain: str | None, website: str | None, careers_url: str | None,
         notes: str | None, as_json: bool) -> None:
    """Change a company's fields.

    \b
    Example:
      crm company edit Acme --website https://acme.example
    """
    from crm import store

    if all(v is None for v in (name, domain, website, careers_url, notes)):
        raise click.UsageError("Nothing to change: give at least one option")
    c = store.edit_company(store.resolve_company(ref), name=name, domain=domain, website=website,
                           careers_url=careers_url, notes=notes)
    message(f"Updated company #{c.id} {c.name}")
    if as_json:
        emit_json(store.company_record(c))


@company.command("rm")
@click.argument("ref")
@yes_option
@with_store
def rm(ref: str, yes: bool) -> None:
    """Delete a company; its contacts and applications stay, without a company (asks first; `crm undo` brings it back).

    \b
    Example:
      crm company rm "Acme Robotics" --yes
    """
    from crm import store

    c = store.resolve_company(ref)
    confirm_delete(store.label(c), store.removal_touches(c), yes)
    store.remove_company(c)
    message(f"Removed company #{c.id} {c.name}")


@company.command("merge")
@click.argument("keep_ref", metavar="KEEP")
@click.argument("other_ref", metavar="OTHER")
@json_option
@with_store
def merge(keep_ref: str, other_ref: str, as_json: bool) -> None:
    """Fold company OTHER into KEEP: its contacts and applications move; fields keep the richer value.

    \b
    Example:
      crm company merge "Acme Robotics" "ACME Robotics GmbH"
    """
    from crm import store

    result = store.merge_companies(store.resolve_company(keep_ref), store.resolve_company(other_ref))
    message("\n".join(result.lines()) + "\n(crm undo takes it back)")
    if as_json:
        emit_json(result.record())
