"""What a delete will touch, said before it happens: the rows that go with a record and those left unlinked.

Read from the models' foreign keys, so a table another part of crm adds (with its ON DELETE rule) is
counted without a list kept here: CASCADE rows are deleted (and their own CASCADE rows with them),
SET NULL rows stay, without the link.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from crm.store.models import MODELS, Application, ApplicationContact, Company, Person

NAMED = {"person": (Person, Person.name), "application": (Application, Application.title),
         "company": (Company, Company.name)}
_SHOWN = 5  # names listed per line


@dataclass(frozen=True)
class Touch:
    """`count` rows of `table` that a delete removes (`deleted`) or leaves without the link."""

    table: str
    count: int
    deleted: bool
    names: tuple[str, ...] = ()

    def describe(self) -> str:
        """"2 contacts (#1 Jane Doe, #2 Bob Roe)"."""
        from crm.store.journal import noun

        text = noun(self.table, self.count)
        if self.names:
            more = f", and {self.count - len(self.names)} more" if self.count > len(self.names) else ""
            text += f" ({', '.join(self.names)}{more})"
        return text


def label(record: pw.Model) -> str:
    """"contact #1 Jane Doe", "application #3 Backend Engineer", "interview #2"."""
    table = record._meta.table_name
    noun = {"person": "contact", "interaction": "logged interaction"}.get(table, table.replace("_", " "))
    name = getattr(record, "name", None) or getattr(record, "title", None) or ""
    return f"{noun} #{record.id} {name}".rstrip()


def _names(table: str, ids: pw.Query) -> tuple[str, ...]:
    if table == "application_contact":
        rows = (ApplicationContact.select(ApplicationContact.role, Person.name, Application.id, Application.title)
                .join(Person).switch(ApplicationContact).join(Application)
                .where(ApplicationContact.id.in_(ids)).order_by(ApplicationContact.id).limit(_SHOWN).tuples())
        return tuple(f"{who} as {role} on #{app} {title}".rstrip() for role, who, app, title in rows)
    if table not in NAMED:
        return ()
    model, name = NAMED[table]
    rows = model.select(model.id, name).where(model.id.in_(ids)).order_by(model.id).limit(_SHOWN).tuples()
    return tuple(f"#{rid} {text}".rstrip() for rid, text in rows)


def _children(model: type[pw.Model], ids: pw.Query, out: list[Touch], depth: int = 0) -> None:
    for child in MODELS:
        for fk in child._meta.refs:
            if fk.rel_model is not model or depth > 4:
                continue
            rows = child.select(child.id).where(fk.in_(ids))
            count = rows.count()
            if not count:
                continue
            table = child._meta.table_name
            cascade = (fk.on_delete or "").upper() == "CASCADE"
            out.append(Touch(table, count, cascade, _names(table, rows)))
            if cascade:
                _children(child, rows, out, depth + 1)


def removal_touches(record: pw.Model) -> list[Touch]:
    """What deleting `record` takes with it (deleted) and leaves without the link (kept), in model order."""
    model = type(record)
    out: list[Touch] = []
    _children(model, model.select(model.id).where(model.id == record.id), out)
    merged: dict[tuple[str, bool], Touch] = {}
    for touch in out:  # a table reached twice (interview seats via the person and via an interview)
        key = (touch.table, touch.deleted)
        old = merged.get(key)
        merged[key] = touch if old is None else Touch(touch.table, old.count + touch.count, touch.deleted,
                                                     (old.names + touch.names)[:_SHOWN])
    return list(merged.values())


def unlink_touches(a: Application, p: Person, role: str | None = None) -> list[Touch]:
    """The links `crm app unlink` would remove."""
    cond = (ApplicationContact.application == a) & (ApplicationContact.person == p)
    if role is not None:
        cond &= ApplicationContact.role == role
    rows = ApplicationContact.select(ApplicationContact.id).where(cond)
    count = rows.count()
    return [Touch("application_contact", count, True, _names("application_contact", rows))] if count else []
