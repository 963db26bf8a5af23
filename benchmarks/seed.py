"""A deterministic store of a given size for the benchmarks, bulk-inserted with bare sqlite3.

At size N thousand: N thousand applications, 5 N thousand contacts, 20 N thousand interactions
(10k: 10,000 / 50,000 / 200,000), plus N/5 thousand companies, the applications' status history,
contacts linked as hiring manager, recruiter or interviewer, interviews on about a quarter of them.
Names carry accents and mixed case, emails some upper case, so case-folding has real work to do.

The schema is made by the crm under test itself (its own `crm contact list` on an empty file), and
the file is cached per size and per migration list: each size is seeded once and reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SEED_VERSION = 1  # bump when the generated rows change
TODAY = dt.date(2026, 6, 1)
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}  # applications

FIRST = ["Jane", "John", "Zoë", "Łukasz", "Aisha", "Mateus", "Greta", "Arun", "Eleanor", "Søren", "Chloé",
         "Björn", "Ines", "Kenji", "Olu", "María", "Ana", "Ivan", "Nadia", "Tomás", "Émile", "Priya", "Wei",
         "Fatima", "Oskar", "Leila", "Jonas", "Sofia", "Mehmet", "Yuki"]
MIDDLE = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
LAST = ["Doe", "García", "Müller", "Khan", "Oliveira", "Vogel", "Prakash", "Whitby", "Østergaard", "Nowak",
        "Dubois", "Rossi", "Tanaka", "Okafor", "Smith", "Fernández", "Kowalski", "Novák", "Ißler", "Larsen",
        "O'Brien", "MacLeod", "van der Berg", "Çelik", "Popescu", "Jensen", "Horváth", "Nguyen", "Kim", "Lee",
        "Schäfer", "Petrović", "Andersson", "Silva", "Costa", "Moreau", "Bianchi", "Yilmaz", "Ivanova", "Park"]
TITLES = ["Engineering Manager", "Recruiter", "Head of Product", "CTO", "Senior Backend Engineer",
          "Talent Partner", "Director of Engineering", "Staff Engineer", "VP Engineering", "Designer"]
STATUSES = {"saved": 15, "applied": 35, "interviewing": 15, "offer": 3, "accepted": 2, "rejected": 15,
            "withdrawn": 5, "ghosted": 10}
NOTES = ["Short note after applying", "Asked about the team's on-call rota", "They said next week, probably",
         "Sent the portfolio link again — with the case study", "Quick call, friendly; wants references",
         "Thanked them for the chat about the platform team", "", "", ""]


def person_name(i: int) -> str:
    """A unique name for contact `i` (unique below 31,200,000)."""
    return f"{FIRST[i % 30]} {MIDDLE[(i // 30) % 26]}. {LAST[(i // 780) % 40]}{'' if i < 31_200 else f' {i // 31_200}'}"


def _stamp(day: dt.date, minutes: int = 600) -> str:
    return str(dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes))


def _rows(apps: int, columns: dict[str, list[str]]) -> Iterator[tuple[str, list[str], Iterator[tuple]]]:
    """(table, columns, rows) for every table, parents first, generated lazily from one seeded RNG each."""
    n_companies, n_people, n_interactions = apps // 5, apps * 5, apps * 20
    created = _stamp(TODAY - dt.timedelta(days=200))

    def companies() -> Iterator[tuple]:
        for c in range(1, n_companies + 1):
            yield (c, f"Company {c} GmbH" if c % 7 == 0 else f"Company {c}", f"company {c}", f"c{c}.example",
                   f"https://c{c}.example", None, "", created, created)

    def people() -> Iterator[tuple]:
        rnd = random.Random(1)
        for p in range(1, n_people + 1):
            name = person_name(p)
            company = rnd.randint(1, n_companies) if rnd.random() < 0.9 else None
            email = source = confidence = None
            if rnd.random() < 0.7:
                local = f"{FIRST[p % 30][0]}{p}" if rnd.random() < 0.1 else f"person{p}"
                email = f"{local}@c{company or 0}.example"
                source = rnd.choice(["user", "page", "guessed", "import"])
                confidence = 0.75 if source == "guessed" else None
            connected = rnd.random() < 0.2
            row = {"id": p, "name": name, "title": rnd.choice(TITLES), "company_id": company, "email": email,
                   "email_source": source, "email_confidence": confidence,
                   "linkedin_url": f"https://www.linkedin.com/in/p{p}" if rnd.random() < 0.5 else None,
                   "phone": "+44 20 7946 0000" if rnd.random() < 0.1 else None, "notes": rnd.choice(NOTES),
                   "do_not_contact": int(rnd.random() < 0.01), "source": rnd.choice(["manual", "lookup", "linkedin"]),
                   "source_url": None, "is_connection": int(connected),
                   "connected_on": str(TODAY - dt.timedelta(days=rnd.randint(1, 2000))) if connected else None,
                   "snoozed_until": str(TODAY + dt.timedelta(days=rnd.randint(-10, 10))) if rnd.random() < 0.02
                   else None, "created_at": created, "updated_at": created,
                   # derived columns, where the schema under test has them
                   "name_lower": name.lower(), "email_lower": email.lower() if email else None,
                   "keep_in_touch_days": 90 if p % 100 == 0 else None}
            yield tuple(row[c] for c in columns["person"])

    # Each application's facts, drawn once and shared by the tables that follow from them.
    rnd = random.Random(2)
    status_names, weights = list(STATUSES), list(STATUSES.values())
    apps_facts = []
    for a in range(1, apps + 1):
        status = rnd.choices(status_names, weights)[0]
        applied = TODAY - dt.timedelta(days=rnd.randint(3, 120)) if status != "saved" else None
        apps_facts.append((a, status, applied, rnd.randint(1, n_companies)))

    def applications() -> Iterator[tuple]:
        for a, status, applied, company in apps_facts:
            made = (applied or TODAY - dt.timedelta(days=a % 60)) - dt.timedelta(days=a % 3)
            decision = str(applied + dt.timedelta(days=30)) if applied and a % 5 == 0 else None
            row = {"id": a, "url": f"https://jobs.example/{company}/{a}", "title": f"{TITLES[a % 10]} {a}",
                   "company_id": company, "department": "Engineering", "location": "Berlin (hybrid)" if a % 2 else "",
                   "status": status, "applied_on": str(applied) if applied else None, "decision_on": decision,
                   "notes": "", "created_at": _stamp(made, a % 1440), "updated_at": _stamp(made, a % 1440),
                   # the details of migration 0007, where the schema under test has them
                   "source": ("job-board", "company-site", "referral", "")[a % 4],
                   "salary_min": 60_000 + 1_000 * (a % 40) if a % 3 == 0 else None,
                   "salary_max": 80_000 + 1_000 * (a % 40) if a % 3 == 0 else None,
                   "currency": "EUR" if a % 3 == 0 else "", "remote": ("yes", "hybrid", "no", "")[a % 4],
                   "tags": "remote-ok" if a % 5 == 0 else "", "description": ""}
            yield tuple(row[c] for c in columns["application"])

    def status_changes() -> Iterator[tuple]:
        n = 0
        for a, status, applied, _ in apps_facts:
            made = (applied or TODAY - dt.timedelta(days=a % 60)) - dt.timedelta(days=a % 3)
            steps = [(None, "saved", made)]
            if applied:
                steps.append(("saved", "applied", applied))
                if status != "applied":
                    steps.append(("applied", status, min(applied + dt.timedelta(days=3 + a % 20),
                                                         TODAY - dt.timedelta(days=1))))
            for old, new, day in steps:
                n += 1
                yield (n, a, old, new, str(day), _stamp(day))

    link_rnd = random.Random(3)
    links: list[tuple[int, int, str]] = []  # (application, person, role)
    for a, status, _, _ in apps_facts:
        if link_rnd.random() < 0.85:
            links.append((a, link_rnd.randint(1, n_people), "hiring_manager"))
        if link_rnd.random() < 0.6:
            links.append((a, link_rnd.randint(1, n_people), "recruiter"))
        if status in ("interviewing", "offer", "accepted") and link_rnd.random() < 0.5:
            links.append((a, link_rnd.randint(1, n_people), "interviewer"))

    def application_contacts() -> Iterator[tuple]:
        seen = set()
        for n, (a, p, role) in enumerate(links, 1):
            if (a, p, role) not in seen:
                seen.add((a, p, role))
                yield (n, a, p, role, 0.8 if role == "hiring_manager" and n % 3 == 0 else None, created)

    interviewed = [(a, applied) for a, status, applied, _ in apps_facts
                   if status in ("interviewing", "offer", "accepted") or (status == "rejected" and a % 2)]
    people_of: dict[int, list[int]] = {}
    for a, p, _ in links:
        people_of.setdefault(a, []).append(p)

    def interviews() -> Iterator[tuple]:
        for n, (a, applied) in enumerate(interviewed, 1):
            day = min(applied + dt.timedelta(days=5 + a % 30), TODAY + dt.timedelta(days=a % 9 - 2))
            yield (n, a, _stamp(day, 14 * 60), ["video call", "onsite", "phone screen", ""][a % 4], "", "", created)

    def participants() -> Iterator[tuple]:
        n = 0
        for i, (a, _) in enumerate(interviewed, 1):
            for p in sorted(set(people_of.get(a, [])[:2] or [a * 5 % n_people + 1])):
                n += 1
                yield (n, i, p)

    def interactions() -> Iterator[tuple]:
        rnd = random.Random(4)
        applied_on = {a: applied for a, _, applied, _ in apps_facts}
        out_kinds = ["after-apply", "check-in", "check-in", "thank-you", "note", "call", "other"]
        in_kinds = ["reply", "reply", "call", "meeting", "interview"]
        for n in range(1, n_interactions + 1):
            if rnd.random() < 0.6 and links:
                a, p, _ = links[rnd.randrange(len(links))]
                app = a if rnd.random() < 0.9 else None
                since = applied_on[a] or TODAY - dt.timedelta(days=60)
            else:
                p, app, since = rnd.randint(1, n_people), None, TODAY - dt.timedelta(days=365)
            span = max(1, (TODAY - since).days)
            at = dt.datetime.combine(since, dt.time(8)) + dt.timedelta(minutes=rnd.randrange(span * 1440))
            out = rnd.random() < 0.7
            kind = rnd.choice(out_kinds if out else in_kinds)
            yield (n, p, app, kind, rnd.choice(["email", "email", "linkedin", "phone"]), "out" if out else "in",
                   str(at.replace(microsecond=0)), rnd.choice(NOTES), _stamp(at.date(), 23 * 60))

    yield "company", columns["company"], companies()
    yield "person", columns["person"], people()
    yield "application", columns["application"], applications()
    yield "application_contact", columns["application_contact"], application_contacts()
    yield "interaction", columns["interaction"], interactions()
    yield "status_change", columns["status_change"], status_changes()
    yield "interview", columns["interview"], interviews()
    yield "interview_participant", columns["interview_participant"], participants()


def migrations_of(code: Path) -> list[str]:
    """The migration files of the crm at `code` (the schema a seed is made with)."""
    for folder in (code / "crm" / "store" / "migrations", code / "crm" / "migrations"):
        if folder.is_dir():
            return sorted(p.name for p in folder.glob("[0-9]*.py"))
    raise SystemExit(f"no crm migrations under {code}")


def crm_env(code: Path, home: Path) -> dict[str, str]:
    """The environment a `crm` subprocess of the code under test runs in."""
    return {**os.environ, "PYTHONPATH": str(code), "CRM_HOME": str(home), "CRM_TODAY": TODAY.isoformat(),
            "PYTHONDONTWRITEBYTECODE": "1"}


def empty_store(path: Path, code: Path) -> None:
    """An empty, migrated store made by the crm at `code` itself."""
    subprocess.run([sys.executable, "-m", "crm", "--db", f"sqlite:///{path}", "contact", "list"],
                   env=crm_env(code, path.parent / "home"), check=True, capture_output=True, cwd=path.parent)


def seeded(size: str, code: Path, cache: Path) -> Path:
    """The seed database of `size` for the crm at `code`: made once, then reused from `cache`."""
    key = hashlib.sha256(f"{SEED_VERSION} {migrations_of(code)}".encode()).hexdigest()[:10]
    path = cache / f"seed-{size}-{key}.sqlite3"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in cache.glob(partial.name + "*"):
        stale.unlink()
    empty_store(partial, code)
    con = sqlite3.connect(partial)
    columns = {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
               for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    with con:
        for table, names, rows in _rows(SIZES[size], columns):
            marks = ", ".join("?" * len(names))
            con.executemany(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})', rows)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    partial.rename(path)
    return path


def counts(path: Path) -> dict[str, int]:
    """Rows per table of a store."""
    con = sqlite3.connect(path)
    tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if t != "schema_migrations" and not t.startswith("search_index")]  # the index is no data
    found = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    con.close()
    return found
