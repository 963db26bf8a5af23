"""Duplicates: merging two contacts or two companies into one, and finding contacts that look alike.

A merge keeps one record (KEEP) and folds the other (OTHER) into it, in one transaction: every row
that points at OTHER (links, logged interactions, interview seats, applications, people ...) is
moved to KEEP, found from the models' foreign keys so a table another part of crm adds moves too; a
row KEEP already has (the same role on the same application, the same interview seat) is dropped
rather than doubled. Each field keeps the richer value: KEEP's when it has one, else OTHER's; notes
are joined; a flag set on either stays set. Two different values are a conflict: KEEP's stays and
the conflict is listed. OTHER is deleted before KEEP takes its values, so a domain moves over
without breaking "one company per domain". `crm undo` takes a merge back like any change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import peewee as pw

from crm.errors import InvalidValue
from crm.store.models import DERIVED, MODELS, Company, Person, database, now

# Fields never merged: the key, stamps (created_at takes the earlier, updated_at is now) and keys
# computed from the name (a company's name_key follows the name it keeps).
_NOT_MERGED = {"id", "created_at", "updated_at", "name_key"}
# Flags that stay set when either record has them set (never contact someone one of them said not to).
_EITHER = {"do_not_contact", "is_connection"}
# Values that depend on another field: taken only along with it.
_FOLLOWS = {"email_source": "email", "email_confidence": "email"}
_JOINED = {"notes"}  # free text: both kept, KEEP's first
_LATER = {"snoozed_until"}  # the later date wins
_EARLIER = {"connected_on"}  # the earlier date wins: when the connection began


@dataclass(frozen=True)
class Conflict:
    """A field both records filled differently: KEEP's value stays, OTHER's is dropped (and shown)."""

    field: str
    kept: Any
    dropped: Any


@dataclass(frozen=True)
class MergeResult:
    """What a merge did: the rows moved and dropped (by table), the fields taken from OTHER, the conflicts."""

    kind: str  # "contact" or "company"
    keep_id: int
    keep_name: str
    other_id: int
    other_name: str
    moved: dict[str, int]
    dropped: dict[str, int]  # rows KEEP already had: not doubled
    taken: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    address: str | None = None  # OTHER's email, kept as another address of KEEP's (mail to or from it is theirs)

    def lines(self) -> list[str]:
        """What the merge did, in words: the first line, then one per row dropped and per conflict."""
        from crm.store.journal import noun

        moved = ", ".join(noun(t, n) for t, n in self.moved.items()) or "nothing"
        taken = f"; took {', '.join(self.taken)} from #{self.other_id}" if self.taken else ""
        out = [f"Merged {self.kind} #{self.other_id} {self.other_name} into #{self.keep_id} {self.keep_name}: "
               f"moved {moved}{taken}"]
        for table, n in self.dropped.items():
            out.append(f"  {noun(table, n)} #{self.keep_id} already had: not doubled")
        for c in self.conflicts:
            also = (" (kept as another address: mail to or from it is theirs)"
                    if self.address and str(c.dropped).lower() == self.address else "")
            out.append(f"  {c.field}: kept {c.kept!r}, dropped {c.dropped!r}{also}")
        return out

    def record(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return {"kind": self.kind, "kept": {"id": self.keep_id, "name": self.keep_name},
                "merged": {"id": self.other_id, "name": self.other_name}, "moved": self.moved,
                "already_there": self.dropped, "fields_taken": list(self.taken), "address_kept": self.address,
                "conflicts": [{"field": c.field, "kept": c.kept, "dropped": c.dropped} for c in self.conflicts]}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value is False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def _merge_fields(keep: pw.Model, other: pw.Model) -> tuple[dict[str, Any], list[str], list[Conflict]]:
    """The new values of KEEP's fields (by field name), the fields taken from OTHER, and the conflicts."""
    model = type(keep)
    derived = set(DERIVED.get(model, {}))
    changes: dict[str, Any] = {}
    taken: list[str] = []
    conflicts: list[Conflict] = []
    fields = [f for f in model._meta.sorted_fields if f.name not in _NOT_MERGED and f.column_name not in derived]
    for field in fields:
        name = field.name
        if name in _FOLLOWS:
            continue
        attr = field.column_name if isinstance(field, pw.ForeignKeyField) else name  # an id, not a query
        mine, theirs = getattr(keep, attr), getattr(other, attr)
        if _empty(theirs) or _same(mine, theirs):
            continue
        if name in _EITHER:
            changes[name] = True
            taken.append(name)
        elif name in _JOINED:
            changes[name] = f"{mine}\n\n{theirs}" if mine else theirs
            taken.append(name)
        elif name in _LATER | _EARLIER and not _empty(mine):
            pick = max(mine, theirs) if name in _LATER else min(mine, theirs)
            if pick != mine:
                changes[name] = pick
                taken.append(name)
        elif _empty(mine) or (name == "email" and getattr(keep, "email_source", None) == "guessed"
                              and getattr(other, "email_source", None) != "guessed"):
            if not _empty(mine):  # a guess gives way to an address someone wrote or published
                conflicts.append(Conflict(name, theirs, mine))
            changes[name] = theirs
            taken.append(name)
            for follower, leader in _FOLLOWS.items():
                if leader == name and follower in model._meta.fields:
                    changes[follower] = getattr(other, follower)
        else:
            conflicts.append(Conflict(name, _shown(field, mine), _shown(field, theirs)))
    if other.created_at and keep.created_at and other.created_at < keep.created_at:
        changes["created_at"] = other.created_at
    return changes, taken, conflicts


def _shown(field: pw.Field, value: Any) -> Any:
    """A value as a conflict shows it: a linked record by its name, a date as ISO text."""
    if isinstance(field, pw.ForeignKeyField):
        row = field.rel_model.get_or_none(field.rel_model.id == value)
        name = getattr(row, "name", None) or getattr(row, "title", None) or ""
        return f"#{value} {name}".rstrip()
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _unique_groups(model: type[pw.Model], column: str) -> list[list[str]]:
    """The other columns of each unique index that holds `column` (rows equal on them would collide)."""
    groups = []
    for fields, unique in model._meta.indexes:
        names = [f if isinstance(f, str) else f.name for f in fields]
        columns = [model._meta.fields[n].column_name if n in model._meta.fields else n for n in names]
        if unique and column in columns:
            groups.append([c for c in columns if c != column])
    return groups


def _move_rows(target: type[pw.Model], keep_id: int, other_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """Point every row that references OTHER at KEEP; drop those KEEP already has. (moved, dropped) by table."""
    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for model in MODELS:
        for fk in model._meta.refs:
            if fk.rel_model is not target:
                continue
            table, column = model._meta.table_name, fk.column_name
            for others in _unique_groups(model, column):
                mine = model.select(*[model._meta.columns[c] for c in others]).where(fk == keep_id)
                cols = [model._meta.columns[c] for c in others]
                clash = model.select(model.id).where((fk == other_id) & (pw.Tuple(*cols).in_(mine)))
                ids = [row_id for (row_id,) in clash.tuples()]
                n = model.delete().where(model.id.in_(ids)).execute() if ids else 0
                if n:
                    dropped[table] = dropped.get(table, 0) + n
            n = model.update({fk: keep_id}).where(fk == other_id).execute()
            if n:
                moved[table] = moved.get(table, 0) + n
    return moved, dropped


def _merge(keep: pw.Model, other: pw.Model, kind: str) -> MergeResult:
    model = type(keep)
    if keep.id == other.id:
        raise InvalidValue(f"cannot merge {kind} #{keep.id} into itself")
    keep_name, other_name = keep.name, other.name
    changes, taken, conflicts = _merge_fields(keep, other)
    with database.atomic():
        moved, dropped = _move_rows(model, keep.id, other.id)
        model.delete().where(model.id == other.id).execute()
        address = _keep_address(keep, other, changes)
        if changes:
            if model is Company and "name" in changes:
                from crm.store.keys import company_key

                changes["name_key"] = company_key(changes["name"])
            for column, (source, rule) in DERIVED.get(model, {}).items():
                if source in changes:
                    changes[column] = rule(changes[source])
            model.update(**changes, updated_at=now()).where(model.id == keep.id).execute()
    return MergeResult(kind, keep.id, keep_name, other.id, other_name, moved, dropped, tuple(taken), tuple(conflicts),
                       address)


def _keep_address(keep: pw.Model, other: pw.Model, changes: dict[str, Any]) -> str | None:
    """OTHER's address, when KEEP keeps another, stays theirs as an alias (mail to or from it is KEEP's)."""
    from crm.store import models

    alias = getattr(models, "ContactAlias", None)
    email = getattr(other, "email", None)
    if alias is None or not isinstance(keep, Person) or not email or "email" in changes:
        return None
    address = email.strip().lower()
    if address == (keep.email or "").strip().lower() or alias.select().where(alias.address == address).exists():
        return None
    alias.create(person=keep.id, address=address)
    return address


def merge_contacts(keep: Person, other: Person) -> MergeResult:
    """Fold contact OTHER into KEEP (roles, interactions, interview seats ...; richer fields), in one transaction."""
    return _merge(keep, other, "contact")


def merge_companies(keep: Company, other: Company) -> MergeResult:
    """Fold company OTHER into KEEP (contacts, applications ...; richer fields), in one transaction."""
    return _merge(keep, other, "company")


# ---- Finding likely duplicates -------------------------------------------------------------------

CLOSE = 88  # rapidfuzz token_sort_ratio from which two names at one company look like one person


@dataclass(frozen=True)
class Dupe:
    """Two contacts that look like one person, and why."""

    keep: dict[str, Any]
    other: dict[str, Any]
    reason: str
    score: int  # 100 for the same email or name

    def record(self) -> dict[str, Any]:
        """The pair as JSON-ready data."""
        return {"keep": self.keep, "other": self.other, "reason": self.reason, "score": self.score}


def contact_dupes() -> list[Dupe]:
    """Likely duplicate contacts: the same email, the same name, or close names at the same company.

    Each pair once, the older contact first (the one `crm contact merge` would keep), strongest first.
    """
    from rapidfuzz import fuzz, process, utils

    rows = list(Person.select(Person.id, Person.name, Person.name_lower, Person.email, Person.email_lower,
                              Person.company, Company.name.alias("company_name"))
                .join(Company, pw.JOIN.LEFT_OUTER).order_by(Person.id).dicts())
    people = {r["id"]: {"id": r["id"], "name": r["name"], "email": r["email"], "company": r["company_name"]}
              for r in rows}
    found: dict[tuple[int, int], tuple[str, int]] = {}

    def add(a: int, b: int, reason: str, score: int) -> None:
        pair = (min(a, b), max(a, b))
        if pair not in found or found[pair][1] < score:
            found[pair] = (reason, score)

    by_email: dict[str, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    by_company: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        if r["email_lower"]:
            by_email[r["email_lower"]].append(r["id"])
        by_name[" ".join(r["name_lower"].split())].append(r["id"])
        if r["company"] is not None:
            by_company[r["company"]].append(r)
    company_of = {r["id"]: r["company"] for r in rows}
    for name, ids in by_name.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                where = "" if company_of[a] == company_of[b] else " at another company"
                add(a, b, "same name" + where, 100)
    for email, ids in by_email.items():  # after names: the same address says more
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                add(a, b, f"same email {email}", 101)
    for company_rows in by_company.values():
        if len(company_rows) < 2:
            continue
        names = [utils.default_process(r["name"]) for r in company_rows]
        for i, name in enumerate(names[:-1]):  # each name against those after it, in rapidfuzz's C loop
            for _match, score, j in process.extract(name, names[i + 1:], scorer=fuzz.token_sort_ratio,
                                                    score_cutoff=CLOSE, limit=None):
                a, b = company_rows[i], company_rows[i + 1 + j]
                if (a["id"], b["id"]) not in found:
                    add(a["id"], b["id"], f"close names at {a['company_name']}", int(score))
    pairs = sorted(found.items(), key=lambda kv: (-kv[1][1], kv[0]))
    return [Dupe(people[a], people[b], reason, min(score, 100)) for (a, b), (reason, score) in pairs]
