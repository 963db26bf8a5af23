"""`crm app ...`: job applications, their status history and the people on them."""

from __future__ import annotations

import click

from crm.cli.common import (company_from, json_option, new_company_option, say_created, today_from, today_option,
                             with_store)
from crm.cli.output import wide_option
from crm.cli.common import confirm_delete, yes_option
from crm.cli.output import email_label, emit_fields, emit_history, emit_json, emit_table, message
from crm.text import DATE_WORDS, plural

_STATUS_HELP = "saved, applied, interviewing, offer, accepted, rejected, withdrawn or ghosted"


@click.group()
def app() -> None:
    """Applications: add, list, show, edit, status, decision, link, rm.

    \b
    Example:
      crm app add https://jobs.example/acme/42 --company Acme --title "Backend Engineer" --status applied
    """


def _emit(a: object, as_json: bool, text: str) -> None:
    from crm import store

    message(text)
    if as_json:
        emit_json(store.application_record(a))  # type: ignore[arg-type]


def detail_options(f: object) -> object:
    """The options `app add` and `app edit` share for an application's details."""
    for option in reversed((
        click.option("--source", help="Where it came from: job-board, company-site, referral, recruiter or other."),
        click.option("--salary", metavar="RANGE", help='The pay: "90k-120k EUR", "$150k", "60,000-70,000 GBP".'),
        click.option("--remote", metavar="yes|hybrid|no", help="Whether the job is remote."),
        click.option("--description", help="What the job is, in your words or pasted."),
    )):
        f = option(f)  # type: ignore[operator]
    return f


def _details(source: str | None, salary: str | None, remote: str | None, description: str | None) -> dict:
    from crm.money import parse_salary

    found = {"source": source, "remote": remote, "description": description}
    if salary is not None:
        found["salary"] = parse_salary(salary)
    return {k: v for k, v in found.items() if v is not None}


@app.command("add")
@click.argument("url", required=False)
@click.option("--company", "company_ref", metavar="REF",
              help="Company id, name, domain or a unique word of its name (see --new-company).")
@new_company_option
@click.option("--title", default="", help="Job title (needed when there is no posting URL).")
@click.option("--status", help=f"One of {_STATUS_HELP} [default: saved, or applied with --applied-on].")
@click.option("--applied-on", metavar="DATE", help=f"{DATE_WORDS}.")
@click.option("--department", default="", help="Department or team.")
@click.option("--location", default="", help="Where the job is (city, remote ...).")
@click.option("--notes", "--note", "notes", default="", help="Free-text notes.")
@detail_options
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeat it, or separate with commas).")
@json_option
@with_store
def add(url: str | None, company_ref: str | None, new_company: bool, title: str, status: str | None,
        applied_on: str | None, department: str, location: str, notes: str, source: str | None,
        salary: str | None, remote: str | None, description: str | None, tags: tuple[str, ...],
        as_json: bool) -> None:
    """Add an application: by its posting URL (one application per URL), or without one (a referral,
    a recruiter's message, an emailed CV) by --title and --company.

    \b
    Examples:
      crm app add https://jobs.example/acme/42 --company Acme --title "Backend Engineer" --applied-on today
      crm app add --title "Platform Engineer" --company Globex --source referral --salary "90k-110k EUR"
    """
    from crm import store
    from crm.dates import parse_date

    day = parse_date(applied_on) if applied_on else None
    details = _details(source, salary, remote, description)
    with store.transaction():  # a new company is kept only if the application is saved too
        company, created = company_from(company_ref, new_company)
        a = store.add_application(url, company, title=title, status=status, applied_on=day,
                                  department=department, location=location, notes=notes, tags=list(tags),
                                  **details)
    say_created(company, created)
    _emit(a, as_json, f"Added application #{a.id} ({a.status})")


@app.command("list")
@click.option("--status", help=f"Only this status: {_STATUS_HELP}.")
@click.option("--company", "company_ref", metavar="REF", help="Only this company's applications.")
@click.option("--tag", help="Only applications with this tag.")
@click.option("--source", help="Only this source: job-board, company-site, referral, recruiter or other.")
@click.option("--sort", default="created", show_default=True,
              type=click.Choice(["created", "applied", "updated", "status", "company", "title", "salary"]),
              help="Order: newest first for dates, highest first for salary, A-Z otherwise.")
@wide_option
@json_option
@with_store
def list_(status: str | None, company_ref: str | None, tag: str | None, source: str | None, sort: str,
          as_json: bool) -> None:
    """List applications, newest first.

    \b
    Examples:
      crm app list --status applied
      crm app list --tag fintech --source referral --sort salary
    """
    from crm import store
    from crm.money import salary_label

    company = store.resolve_company(company_ref) if company_ref is not None else None
    rows = store.list_applications(status, company=company, tag=tag, source=source, sort=sort)
    if as_json:
        emit_json(rows)
        return
    table = [{"ID": r["id"], "STATUS": r["status"], "TITLE": r["title"], "COMPANY": r["company"],
              "APPLIED": r["applied_on"], "SALARY": salary_label(r["salary_min"], r["salary_max"], r["currency"]),
              "TAGS": ",".join(r["tags"]), "URL": r["url"] or r["source"] or ""} for r in rows]
    # Salary and tags only when some application has them; "URL / SOURCE" when one has no posting URL.
    headers = [h for h in ("ID", "STATUS", "TITLE", "COMPANY", "APPLIED", "SALARY", "TAGS", "URL")
               if h not in ("SALARY", "TAGS") or any(row[h] for row in table)]
    shown = [h if h != "URL" or all(r["url"] for r in rows) else "URL / SOURCE" for h in headers]
    emit_table([tuple(row[h] for h in headers) for row in table], shown,
               empty="No applications yet." if not (status or company_ref or tag or source)
               else "No applications match.")


@app.command("show")
@click.argument("ref")
@wide_option
@json_option
@with_store
def show(ref: str, as_json: bool) -> None:
    """Show an application with its contacts and history (REF: id, URL or title).

    \b
    Example:
      crm app show "Backend Engineer at Acme"
    """
    from crm import store

    data = store.show_application(store.resolve_application(ref))
    if as_json:
        emit_json(data)
        return
    from crm.money import salary_label

    emit_fields({**data, "salary": salary_label(data["salary_min"], data["salary_max"], data["currency"]),
                 "tags": ", ".join(data["tags"])},
                ["id", "title", "company", "url", "source", "department", "location", "remote", "salary", "tags",
                 "status", "applied_on", "decision_on", "notes", "description"])
    if data["contacts"]:
        click.echo()
        emit_table([(c["contact_id"], c["name"], c["role"], c["title"], email_label(c))
                    for c in data["contacts"]], ["ID", "CONTACT", "ROLE", "TITLE", "EMAIL"])
    click.echo()
    emit_history(data["history"])


@app.command("status")
@click.argument("ref")
@click.argument("status")
@click.option("--on", "on", metavar="DATE", help=f"When it changed: {DATE_WORDS} [default: today]; for a status it "
                                                  "already reached, the corrected date of that change.")
@today_option
@json_option
@with_store
def status(ref: str, status: str, on: str | None, today_text: str, as_json: bool) -> None:
    """Move an application to a new status on a date, or correct the date of an earlier change.

    The same status again with --on corrects the date it changed; a status reached earlier, dated
    before the current one began, corrects that earlier change; a skipped step (saved straight to
    interviewing) dated before the current status is added to the history in its place.

    \b
    Example:
      crm app status 3 interviewing --on 2026-11-20
      crm app status 3 applied --on 2026-11-02     # it was applied on the 2nd, not today
    """
    from crm import store
    from crm.dates import parse_date

    today = today_from(today_text)
    day = parse_date(on, today) if on is not None else None
    a = store.resolve_application(ref)
    done = store.change_status(a, status, day, today=today)
    on_day = done.on.isoformat()
    if done.action == "moved":
        text = f"Application #{a.id}: {done.before} -> {done.status} on {on_day}"
    elif done.action == "corrected":
        text = f"Application #{a.id}: {done.status} on {on_day} (corrected from {done.was.isoformat()})"
    else:
        text = f"Application #{a.id}: {done.status} on {on_day} added to its history (still {done.current})"
    if done.first_moved is not None:
        text += f" (saved moved back from {done.first_moved.isoformat()} to match)"
    _emit(a, as_json, text)


@app.command("decision")
@click.argument("ref")
@click.option("--on", "on", metavar="DATE", required=True, help=f"The expected decision date: {DATE_WORDS}.")
@json_option
@with_store
def decision(ref: str, on: str, as_json: bool) -> None:
    """Set the date you expect a decision by.

    \b
    Example:
      crm app decision 3 --on 2026-12-15
    """
    from crm import store
    from crm.dates import parse_date

    day = parse_date(on)
    a = store.set_decision(store.resolve_application(ref), day)
    _emit(a, as_json, f"Application #{a.id}: decision expected by {day.isoformat()}")


@app.command("edit")
@click.argument("ref")
@click.option("--title", help="New job title.")
@click.option("--company", "company_ref", metavar="REF",
              help='Company id, name, domain or a unique word of its name ("" unlinks; see --new-company).')
@new_company_option
@click.option("--department", help="New department.")
@click.option("--location", help="New location.")
@click.option("--notes", "--note", "notes", help="New free-text notes (replace the old).")
@click.option("--url", help='A new posting URL ("" takes it away).')
@detail_options
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Add a tag (repeat it, or separate with commas).")
@click.option("--untag", "untags", multiple=True, metavar="TAG", help="Remove a tag.")
@json_option
@with_store
def edit(ref: str, title: str | None, company_ref: str | None, new_company: bool, department: str | None,
         location: str | None, notes: str | None, url: str | None, source: str | None, salary: str | None,
         remote: str | None, description: str | None, tags: tuple[str, ...], untags: tuple[str, ...],
         as_json: bool) -> None:
    """Change an application's fields, its company included.

    \b
    Example:
      crm app edit 3 --location "Berlin (hybrid)"
      crm app edit 3 --company "Acme Robotics"
      crm app edit 3 --salary "95k-115k EUR" --remote hybrid --tag fintech --untag maybe
    """
    from crm import store

    details = _details(source, salary, remote, description)
    if all(v is None for v in (title, company_ref, department, location, notes, url)) and not (details or tags or untags):
        raise click.UsageError("Nothing to change: give at least one option")
    a = store.resolve_application(ref)
    with store.transaction():  # a new company is kept only if the application is saved too
        company, created = company_from(company_ref, new_company) if company_ref else (None, False)
        if company_ref is not None:
            # store.edit_application saves the whole row, so the new company goes with the other fields.
            a.company = company
        store.edit_application(a, title=title, department=department, location=location, notes=notes, url=url,
                               add_tags=list(tags), drop_tags=list(untags), **details)
    say_created(company, created)
    _emit(a, as_json, f"Updated application #{a.id}" + (f": company {_company_name(a)}" if company_ref is not None else ""))


def _company_name(a: object) -> str:
    company = getattr(a, "company", None)
    return company.name if company is not None else "none"


@app.command("link")
@click.argument("ref")
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--role", required=True, help="hiring_manager, recruiter, interviewer, referrer or other.")
@json_option
@with_store
def link(ref: str, contact_ref: str, role: str, as_json: bool) -> None:
    """Give a contact a role on an application.

    \b
    Example:
      crm app link 3 "Jane Doe" --role hiring_manager
    """
    from crm import store

    a = store.resolve_application(ref)
    p = store.resolve_contact(contact_ref)
    row = store.link(a, p, role)
    message(f"Linked {p.name} to application #{a.id} as {role}")
    if as_json:
        emit_json({"id": row.id, "application_id": a.id, "contact_id": p.id, "role": role})


@app.command("rm")
@click.argument("ref")
@yes_option
@with_store
def rm(ref: str, yes: bool) -> None:
    """Delete an application with its links, status history and interviews (logged interactions stay; asks first).

    \b
    Example:
      crm app rm 3 --yes
    """
    from crm import store

    a = store.resolve_application(ref)
    confirm_delete(store.label(a), store.removal_touches(a), yes)
    counts = store.remove_application(a)
    message(f"Removed application #{a.id} ({plural(counts['links'], 'link')}, "
            f"{plural(counts['status_changes'], 'status change')}, {plural(counts['interviews'], 'interview')}; "
            f"{plural(counts['interactions'], 'logged interaction')} kept)")


@app.command("unlink")
@click.argument("ref")
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--role", help="Only this role: hiring_manager, recruiter, interviewer, referrer or other "
                             "[default: every role they have on it].")
@yes_option
@with_store
def unlink(ref: str, contact_ref: str, role: str | None, yes: bool) -> None:
    """Take a contact off an application (undoes `crm app link`; the contact and the log stay).

    \b
    Example:
      crm app unlink 3 "Jane Doe" --role interviewer --yes
    """
    from crm import store

    a, p = store.resolve_application(ref), store.resolve_contact(contact_ref)
    touches = store.unlink_touches(a, p, role)
    if touches:  # nothing linked: store.unlink says so
        confirm_delete(f"the links of {p.name} to {store.label(a)}", touches, yes, verb="Remove")
    removed = store.unlink(a, p, role)
    message(f"Unlinked {p.name} from application #{a.id} ({role or plural(removed, 'role')})")
