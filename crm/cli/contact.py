"""`crm contact ...`: the people behind the postings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from crm.cli.common import company_from, json_option, new_company_option, say_created, with_store
from crm.cli.output import wide_option
from crm.cli.common import confirm_delete, yes_option
from crm.cli.output import email_label, emit_fields, emit_history, emit_json, emit_table, message
from crm.text import plural


@click.group()
def contact() -> None:
    """Contacts: add, list, show, edit, rm, export.

    \b
    Example:
      crm contact add "Jane Doe" --company Acme --title "Engineering Manager"
    """


@contact.command("add")
@click.argument("name")
@click.option("--company", "company_ref", metavar="REF",
              help="Company id, name, domain, or a unique word of its name (see --new-company).")
@new_company_option
@click.option("--title", default="", help="Job title.")
@click.option("--email", help="Email address (one you know, not a guess).")
@click.option("--linkedin", metavar="URL", help="LinkedIn profile URL.")
@click.option("--phone", help="Phone number, as you would dial it.")
@click.option("--notes", "--note", "note", default="", help="Free-text notes.")
@click.option("--allow-duplicate", is_flag=True,
              help="Add it even if a contact of that name is already at that company.")
@click.option("--every", metavar="RHYTHM", help="Keep in touch: `crm due` brings them up this long after the last "
                                                 "exchange (90d, 12w, 3m, 1y).")
@json_option
@with_store
def add(name: str, company_ref: str | None, new_company: bool, title: str, email: str | None, linkedin: str | None,
        phone: str | None, note: str, allow_duplicate: bool, every: str | None, as_json: bool) -> None:
    """Add a contact.

    \b
    Example:
      crm contact add "Jane Doe" --company Acme --email jane@acme.example
      crm contact add "Sam Lee" --company "Kestrel Labs" --new-company --every 90d
    """
    from crm import store
    from crm.dates import parse_every

    rhythm = parse_every(every) if every is not None else None
    with store.transaction():  # a new company is kept only if the contact is saved too
        company, created = company_from(company_ref, new_company)
        p = store.add_contact(name, company, title=title, email=email, linkedin=linkedin, phone=phone, note=note,
                              allow_duplicate=allow_duplicate, keep_in_touch_days=rhythm)
    say_created(company, created)
    message(f"Added contact #{p.id} {p.name}" + (f" at {company.name}" if company else ""))
    if as_json:
        emit_json(store.contact_record(p))


@contact.command("list")
@click.option("--company", "company_ref", metavar="REF", help="Only this company's contacts.")
@wide_option
@json_option
@with_store
def list_(company_ref: str | None, as_json: bool) -> None:
    """List contacts with when you last wrote to them and last heard back.

    \b
    Example:
      crm contact list --company Acme
    """
    from crm import store

    rows = store.list_contacts(store.resolve_company(company_ref) if company_ref else None)
    if as_json:
        emit_json(rows)
        return
    emit_table([(r["id"], r["name"], r["title"], r["company"],
                 f"{r['email']} (guessed)" if r["email"] and r["email_source"] == "guessed" else r["email"],
                 r["last_contacted"].date() if r["last_contacted"] else None,
                 r["last_heard_from"].date() if r["last_heard_from"] else None) for r in rows],
               ["ID", "NAME", "TITLE", "COMPANY", "EMAIL", "LAST OUT", "LAST IN"], empty="No contacts yet.")


@contact.command("show")
@click.argument("ref")
@wide_option
@json_option
@with_store
def show(ref: str, as_json: bool) -> None:
    """Show a contact, their roles and their history (REF: id, name or email).

    \b
    Example:
      crm contact show "Jane Doe"
    """
    from crm import store

    data = store.show_contact(store.resolve_contact(ref))
    bounced = store.bounces_of([data["id"]]).get(data["id"])  # crm mail sync saw a delivery failure
    if bounced:
        data["email_bounced_on"] = bounced[1]
    if as_json:
        emit_json(data)
        return
    every = data.get("keep_in_touch_days")
    label = email_label(data)
    if bounced:
        label = f"{label} (address bounced on {bounced[1].isoformat()}: find another)"
    emit_fields({**data, "email": label, "last_contacted": _minutes(data["last_contacted"]),
                 "last_heard_from": _minutes(data["last_heard_from"]),
                 "keep_in_touch": f"every {plural(every, 'day')}" if every else None},
                ["id", "name", "title", "company", "email", "linkedin_url", "phone", "notes",
                 "do_not_contact", "keep_in_touch", "last_contacted", "last_heard_from"])
    if data["roles"]:
        click.echo()
        emit_table([(r["application_id"], r["role"], r["title"], r["company"], r["status"]) for r in data["roles"]],
                   ["APP", "ROLE", "TITLE", "COMPANY", "STATUS"])
    click.echo()
    emit_history(data["history"])


def _minutes(when: dt.datetime | None) -> str | None:
    """A logged time as the log shows it: "2026-11-21 09:00" (no seconds)."""
    return f"{when:%Y-%m-%d %H:%M}" if when else None


@contact.command("edit")
@click.argument("ref")
@click.option("--name", help="New name.")
@click.option("--title", help="New job title.")
@click.option("--company", "company_ref", metavar="REF",
              help='Company id, name, domain or a unique word of its name ("" unlinks; see --new-company).')
@new_company_option
@click.option("--email", help='New address ("" clears it).')
@click.option("--linkedin", metavar="URL", help='New LinkedIn profile URL ("" clears it).')
@click.option("--phone", help='New phone number ("" clears it).')
@click.option("--notes", "--note", "notes", help="New free-text notes (replace the old).")
@click.option("--do-not-contact/--ok-to-contact", default=None, help="Never suggest a follow-up.")
@click.option("--every", metavar="RHYTHM", help="Keep in touch this often (90d, 12w, 3m, 1y; none ends it).")
@json_option
@with_store
def edit(ref: str, name: str | None, title: str | None, company_ref: str | None, new_company: bool,
         email: str | None, linkedin: str | None, phone: str | None, notes: str | None,
         do_not_contact: bool | None, every: str | None, as_json: bool) -> None:
    """Change a contact's fields.

    \b
    Example:
      crm contact edit "Jane Doe" --title "Director of Engineering" --do-not-contact
      crm contact edit "Sam Lee" --every 90d
    """
    from crm import store
    from crm.dates import parse_every

    if all(v is None for v in (name, title, company_ref, email, linkedin, phone, notes, do_not_contact, every)):
        raise click.UsageError("Nothing to change: give at least one option")
    rhythm = parse_every(every) if every is not None else False
    p = store.resolve_contact(ref)
    with store.transaction():
        # No --company leaves it alone (False); --company "" unlinks (None).
        company, created = (company_from(company_ref, new_company) if company_ref
                            else (None if company_ref == "" else False, False))
        store.edit_contact(p, company=company, name=name, title=title, email=email, linkedin_url=linkedin,
                           phone=phone, notes=notes, do_not_contact=do_not_contact, keep_in_touch_days=rhythm)
    say_created(company, created)
    message(f"Updated contact #{p.id} {p.name}")
    if as_json:
        emit_json(store.contact_record(p))


@contact.command("rm")
@click.argument("ref")
@yes_option
@with_store
def rm(ref: str, yes: bool) -> None:
    """Delete a contact with their interactions and links (asks first; `crm undo` takes it back).

    \b
    Example:
      crm contact rm "Jane Doe" --yes
    """
    from crm import store

    p = store.resolve_contact(ref)
    confirm_delete(store.label(p), store.removal_touches(p), yes)
    counts = store.remove_contact(p)
    message(f"Removed contact #{p.id} {p.name} ({plural(counts['interactions'], 'interaction')}, "
            f"{plural(counts['links'], 'link')})")


@contact.command("export")
@click.option("--vcf", required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              metavar="FILE", help="Write vCard 3.0 to FILE ('-' for stdout).")
@click.argument("refs", nargs=-1, metavar="[REF]...")
@with_store
def export(vcf: Path, refs: tuple[str, ...]) -> None:
    """Export contacts (all, or the REFs given) as vCard 3.0 for an address book.

    \b
    Example:
      crm contact export --vcf contacts.vcf
      crm contact export --vcf jane.vcf "Jane Doe"
    """
    from crm import store
    from crm.data.files import write_private
    from crm.data.vcard import vcards_text
    from crm.errors import CrmError

    people = store.contacts_for_cards([store.resolve_contact(r) for r in refs] if refs else None)
    text = vcards_text(people)
    if str(vcf) == "-":
        click.echo(text, nl=False)
        return
    try:  # owner-only and atomic: a full disk leaves the last good file, never half a vCard
        write_private(vcf, text.encode("utf-8"))  # bytes: vCard's CRLF kept as it is
    except OSError as e:
        raise CrmError(f"cannot write {vcf}: {e.strerror or e}") from None
    message(f"Wrote {plural(len(people), 'contact')} to {vcf}")


@contact.command("merge")
@click.argument("keep_ref", metavar="KEEP")
@click.argument("other_ref", metavar="OTHER")
@json_option
@with_store
def merge(keep_ref: str, other_ref: str, as_json: bool) -> None:
    """Fold contact OTHER into KEEP: its links, interactions and interview seats move; fields keep the richer value.

    \b
    Example:
      crm contact dupes
      crm contact merge 1 4
    """
    from crm import store

    result = store.merge_contacts(store.resolve_contact(keep_ref), store.resolve_contact(other_ref))
    message("\n".join(result.lines()) + "\n(crm undo takes it back)")
    if as_json:
        emit_json(result.record())


@contact.command("dupes")
@json_option
@with_store
def dupes(as_json: bool) -> None:
    """List contacts that look like one person: the same email, the same name, close names at one company.

    \b
    Example:
      crm contact dupes
      crm contact merge 1 4
    """
    from crm import store

    pairs = store.contact_dupes()
    if as_json:
        emit_json([d.record() for d in pairs])
        return
    emit_table([(d.keep["id"], d.keep["name"], d.other["id"], d.other["name"],
                 " / ".join(dict.fromkeys(c for c in (d.keep["company"], d.other["company"]) if c)), d.reason, f"crm contact merge {d.keep['id']} {d.other['id']}") for d in pairs],
               ["KEEP", "NAME", "OTHER", "NAME", "COMPANY", "WHY", "TO MERGE"], empty="No likely duplicates.")
