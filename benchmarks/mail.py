"""`crm mail sync` against a bare imapclient FETCH of the same headers, on a loopback Dovecot, in one run.

    python benchmarks/mail.py [--size 50000] [--db URL] [--keep]

Seeds a throwaway Dovecot (tests/crm/mail/dovecot.py) with SIZE messages in INBOX, built with the
standard `email` package: 1 in 20 to or from one of 200 contacts (plain, multipart/alternative,
some with a 200 KB attachment), the rest newsletters and notifications. Then, in the same run:

1. the floor: a bare imapclient session that EXAMINEs INBOX, SEARCHes ALL and FETCHes the same
   header fields crm reads, 500 UIDs at a time (messages per second);
2. a first `crm mail sync` (a separate process, as a user runs it): messages per second, its
   ratio to the floor, and its peak memory (ru_maxrss from wait4);
3. the same first sync on a mailbox a fifth the size, for peak memory against mailbox size;
4. a daily sync after 20 new messages arrive: wall time of the whole command (interpreter start,
   opening the store, login, EXAMINE of both folders), beside a bare imapclient session doing the
   server's share of it (login, EXAMINE, SEARCH, FETCH of the new headers) in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from tests.crm.mail import corpus as c  # noqa: E402
from tests.crm.mail.dovecot import PASSWORD, USER, Dovecot  # noqa: E402

CONTACTS = 200
LOREM = ("We are writing about the role and the next steps in the process. " * 30).strip()


def build(n: int, rng: random.Random, start: int = 0) -> list[bytes]:
    """n messages: 1 in 20 to or from a contact, the rest bulk mail."""
    out = []
    pdf = b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(200_000))
    for i in range(start, start + n):
        day = f"2026-{(i % 11) + 1:02d}-{(i % 27) + 1:02d}"
        if i % 20 == 0:
            k = rng.randrange(CONTACTS)
            contact = f"Person {k} <person{k}@company{k % 40}.example>"
            if i % 40 == 0:
                raw = c.plain(f"Me <{c.ME}>", contact, f"Following up {i}", f"Hi, following up on my application. {LOREM}",
                              day, msgid=f"<m{i}@example.org>")
            elif i % 200 == 20:
                raw = c.alternative(contact, c.ME, f"Deck {i}", f"Here it is. {LOREM}", day, msgid=f"<m{i}@x.example>",
                                    attachment=pdf)
            else:
                raw = c.alternative(contact, c.ME, f"Re: application {i}", f"Thanks for writing. {LOREM}", day,
                                    msgid=f"<m{i}@x.example>")
        else:
            raw = c.plain(f"News {i % 97} <news@shop{i % 97}.example>", c.ME, f"Offer {i}", LOREM * 2, day,
                          msgid=f"<n{i}@shop.example>")
        out.append(raw)
    return out


def floor(server: Dovecot) -> tuple[float, int]:
    """Seconds for a bare imapclient EXAMINE + SEARCH + FETCH of the header fields, and the message count."""
    import imapclient

    from crm.mail.imap import _HEADER_ITEM

    t0 = time.perf_counter()
    client = imapclient.IMAPClient("127.0.0.1", port=server.plain_port, ssl=False)
    client.login(USER, PASSWORD)
    client.select_folder("INBOX", readonly=True)
    uids = client.search(["ALL"])
    for i in range(0, len(uids), 500):
        client.fetch(uids[i:i + 500], [_HEADER_ITEM, "INTERNALDATE"])
    client.logout()
    return time.perf_counter() - t0, len(uids)


def new_mail(server: Dovecot, after: int) -> float:
    """Seconds for a bare imapclient session to log in, EXAMINE both folders and FETCH the headers above UID `after`
    (the server's own share of a daily sync: Dovecot rescans a large Maildir on EXAMINE after new mail)."""
    import imapclient

    from crm.mail.imap import _HEADER_ITEM

    t0 = time.perf_counter()
    client = imapclient.IMAPClient("127.0.0.1", port=server.plain_port, ssl=False)
    client.login(USER, PASSWORD)
    for folder in ("INBOX", "Sent"):
        client.select_folder(folder, readonly=True)
        uids = [u for u in client.search(["UID", f"{after + 1}:*"]) if u > after] if folder == "INBOX" else []
        if uids:
            client.fetch(uids, [_HEADER_ITEM, "INTERNALDATE"])
    client.logout()
    return time.perf_counter() - t0


def peak(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run `crm ARGS` in its own process: (wall seconds, its peak RSS in MB, its stderr).

    Started with posix_spawn, not fork: a forked child's high-water mark would count this process's
    own memory (the seeded mailbox) until it execs.
    """
    t0 = time.perf_counter()
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, env["BENCH_ERR"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "crm", *args], env, file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    text = Path(env["BENCH_ERR"]).read_text().strip()
    if status:
        raise SystemExit(f"crm {' '.join(args)} failed: {text}")
    return wall, usage.ru_maxrss / 1024, text


def seed_store(env: dict[str, str]) -> None:
    """The 200 contacts, 40 companies with an application each, in the bench's store."""
    code = f"""
import datetime as dt
from crm import store
from crm.store.db import init_db
init_db({env['CRM_DATABASE_URL']!r})
with store.transaction():
    for j in range(40):
        co = store.add_company(f"Company {{j}}", domain=f"company{{j}}.example")
        app = store.add_application(f"https://company{{j}}.example/jobs/1", co, title=f"Engineer {{j}}",
                                    applied_on=dt.date(2026, 1, 5), today=dt.date(2026, 11, 29))
        for k in range(j, {CONTACTS}, 40):
            p = store.add_contact(f"Person {{k}}", co, email=f"person{{k}}@company{{j}}.example")
            store.link(app, p, "recruiter" if k == j else "other")
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def run(size: int, db: str | None, rng: random.Random) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix="crm-dovecot-bench-"))
    home = Path(tempfile.mkdtemp(prefix="crm-bench-home-"))
    server = Dovecot(root)
    try:
        server.start()
        t0 = time.perf_counter()
        # Built and written by another process: this one stays small, so its children's memory is their own.
        subprocess.run([sys.executable, __file__, "--write-maildir", str(root), str(size), str(rng.randrange(10**6))],
                       check=True)
        server.append("Sent", [])
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        floor(server)  # Dovecot indexes the Maildir on first sight: not part of either figure
        indexed = time.perf_counter() - t0
        floor_s, count = floor(server)
        env = {**os.environ, "CRM_HOME": str(home), "CRM_MAIL_PASSWORD": PASSWORD,
               "CRM_DATABASE_URL": db or f"sqlite:///{home / 'crm.sqlite3'}", "BENCH_ERR": str(home / "err.txt")}
        if db and db.startswith("postgres"):
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, '.'); from tests.conftest import "
                            f"_reset_postgres; _reset_postgres({db!r})"], env=env, check=True, cwd=HERE.parent)
        seed_store(env)
        peak(["mail", "setup", "--host", "127.0.0.1", "--port", str(server.plain_port), "--security", "plain",
              "--user", USER], env)
        sync_s, rss, said = peak(["mail", "sync"], env)
        server.append("INBOX", build(20, rng, start=size + 1))
        daily_s, daily_rss, daily_said = peak(["mail", "sync"], env)
        server.append("INBOX", build(20, rng, start=size + 21))  # fresh mail for the floor too: it pays the rescan
        daily_floor = new_mail(server, count + 20)
        return {"count": count, "floor": floor_s, "sync": sync_s, "rss": rss, "daily": daily_s, "built": built,
                "daily_floor": daily_floor,
                "indexed": indexed, "said": said, "daily_said": daily_said}
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    """Seed, time the floor and crm, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="messages in INBOX [default: 50000]")
    parser.add_argument("--db", help="a database URL for crm's store (PostgreSQL: its schema is reset) "
                                     "[default: a SQLite file]")
    parser.add_argument("--write-maildir", nargs=3, metavar=("ROOT", "N", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_maildir:
        root, n, seed = args.write_maildir
        server = Dovecot(Path(root))
        server.owner = (Path(root, "mail").stat().st_uid, Path(root, "mail").stat().st_gid)
        server.write_maildir("INBOX", build(int(n), random.Random(int(seed))))
        return
    rng = random.Random(12)
    small = run(max(1000, args.size // 5), args.db, rng)
    big = run(args.size, args.db, rng)
    print(f"Dovecot on loopback, {args.db.split(':')[0] if args.db else 'sqlite'} store, "
          f"{CONTACTS} contacts, 1 message in 20 theirs\n")
    print(f"{'MESSAGES':>9} {'FLOOR s':>8} {'FLOOR msg/s':>12} {'SYNC s':>7} {'SYNC msg/s':>11} {'RATIO':>6} "
          f"{'PEAK MB':>8} {'DAILY(+20) s':>13} {'ITS FLOOR s':>12}")
    for r in (small, big):
        print(f"{r['count']:9d} {r['floor']:8.2f} {r['count'] / r['floor']:12.0f} {r['sync']:7.2f} "
              f"{r['count'] / r['sync']:11.0f} {r['sync'] / r['floor']:6.2f} {r['rss']:8.1f} {r['daily']:13.2f} "
              f"{r['daily_floor']:12.2f}")
    print(f"\nseeding {big['built']:.1f} s, Dovecot's first indexing {big['indexed']:.1f} s (in neither figure)")
    print(f"first sync said: {big['said'].splitlines()[-1]}")
    print(f"daily sync said: {big['daily_said'].splitlines()[-1]}")


if __name__ == "__main__":
    main()
