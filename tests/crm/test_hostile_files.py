"""Hostile data and hostile places to write, each stopped at its boundary, one table test per kind.

1. A CSV cell a spreadsheet would run as a formula is neutralised; the JSON export stays lossless.
2. Every file crm writes for the user (export, vCard, calendar, draft, config.toml) is 0600, whatever the umask.
3. A line break in a draft's subject, name or address never becomes a mail header of its own.
4. A write that cannot happen (read-only database, unwritable target, full disk) is one `Error:` line and a
   non-zero exit, with nothing half-written and the database unchanged.

Kind 4 runs crm as a real process where the failure needs one: a file size limit (a disk that fills
mid-write) or, when the tests run as root, a root without the capability to override file permissions.
"""

from __future__ import annotations

import csv
import email
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Sequence
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crm.cli import cli
from crm.data.export import write_csv

ROOT = Path(__file__).resolve().parents[2]
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def one_error(stderr: str) -> None:
    """The failure contract: exactly one `Error:` line on stderr, never a traceback."""
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1 and "Traceback" not in stderr, stderr


def crm(url: str, *args: str, code: int = 0) -> Result:
    """`crm --db URL ARGS...` in this process; a failure must be `one_error`."""
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == code, (args, result.output, result.exception)
    if code:
        one_error(result.stderr)
    return result


def seed(url: str, company: str = "Acme") -> None:
    """Jane Doe at `company`, hiring manager of one application with an interview ahead: every writer has content."""
    crm(url, "contact", "add", "Jane Doe", "--company", company, "--new-company", "--email", "jane@acme.example")
    crm(url, "app", "add", "https://acme.example/jobs/1", "--company", company, "--title", "Engineer",
        "--applied-on", "2026-11-20")
    crm(url, "app", "link", "1", "Jane Doe", "--role", "hiring_manager")
    crm(url, "interview", "add", "1", "--on", "2026-12-10 14:00", "--with", "Jane Doe")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- 1. CSV formulas -------------------------------------------------------------------------------

FORMULAS = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("=1+1", "'=1+1"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-5", "-5"),  # a plain number: a spreadsheet reads the number, runs nothing
    ("+3.5", "+3.5"),
    ("a=1+1", "a=1+1"),  # only the first character can start a formula
    ("'=1+1", "'=1+1"),  # a spreadsheet already shows it as text
]


@pytest.mark.parametrize("text, cell", FORMULAS)
def test_csv_cells_never_run_as_formulas_and_json_keeps_them(store_url: str, tmp_path: Path, text: str,
                                                              cell: str) -> None:
    crm(store_url, "contact", "add", "Probe", "--title", text, "--note", text)
    crm(store_url, "export", "--format", "csv", "--out", str(tmp_path / "csv"))
    with (tmp_path / "csv" / "person.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["id"], row["title"], row["notes"]) == ("1", cell, cell)
    crm(store_url, "export", "--out", str(tmp_path / "backup.json"))
    [person] = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))["tables"]["person"]
    assert (person["title"], person["notes"]) == (text, text), "the JSON export must keep every value as stored"


def test_numbers_flags_and_dates_crm_writes_are_never_quoted(tmp_path: Path) -> None:
    columns = ["id", "count", "score", "flag", "on", "text_number", "text"]
    row = {"id": -5, "count": -2, "score": -0.5, "flag": False, "on": "2026-03-02", "text_number": "-5",
           "text": "-5+1"}
    write_csv(tmp_path / "out", [("t", columns, [row])])
    with (tmp_path / "out" / "t.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [columns, ["-5", "-2", "-0.5", "false", "2026-03-02", "-5", "'-5+1"]]


# --- 2. Owner-only files ---------------------------------------------------------------------------

def _csv_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


# name -> (the command's arguments given the folder to write in, the files it writes there)
WRITERS: dict[str, tuple[Callable[[Path], list[str]], Callable[[Path], list[Path]]]] = {
    "export json": (lambda d: ["export", "--out", str(d / "backup.json")], lambda d: [d / "backup.json"]),
    "export csv": (lambda d: ["export", "--format", "csv", "--out", str(d / "csv")], lambda d: _csv_files(d / "csv")),
    "calendar ics": (lambda d: ["calendar", "--out", str(d / "followups.ics")], lambda d: [d / "followups.ics"]),
    "draft eml": (lambda d: ["draft", "Jane Doe", "--kind", "after-apply", "--eml", str(d / "note.eml")],
                  lambda d: [d / "note.eml"]),
    "config toml": (lambda d: ["config", "--init"], lambda d: [d / "config.toml"]),
    "contact vcf": (lambda d: ["contact", "export", "--vcf", str(d / "contacts.vcf")], lambda d: [d / "contacts.vcf"]),
}
OWNER_ONLY = list(WRITERS)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is also CRM_HOME (where `crm config --init` writes)."""
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setenv("CRM_HOME", str(folder))
    return folder


@pytest.mark.parametrize("umask", [0o022, 0o000])
@pytest.mark.parametrize("writer", OWNER_ONLY)
def test_every_file_written_for_the_user_is_owner_only(sqlite_url: str, home: Path, writer: str, umask: int) -> None:
    seed(sqlite_url)
    args, files = WRITERS[writer]
    old = os.umask(umask)
    try:
        crm(sqlite_url, *args(home))
    finally:
        os.umask(old)
    assert files(home) and {f.name: mode(f) for f in files(home)} == {f.name: 0o600 for f in files(home)}


@pytest.mark.parametrize("writer", [w for w in OWNER_ONLY if w not in ("export csv", "config toml")])
def test_a_world_readable_file_written_over_becomes_owner_only(sqlite_url: str, home: Path, writer: str) -> None:
    seed(sqlite_url)
    args, files = WRITERS[writer]
    [target] = files(home)
    target.write_text("old")
    target.chmod(0o644)
    crm(sqlite_url, *args(home))
    assert mode(target) == 0o600 and target.read_text(encoding="utf-8") != "old"


# --- 3. Line breaks in mail headers ---------------------------------------------------------------

BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
EVIL = "Bcc: evil@x.example"
HEADERS = ["To", "Subject", "X-Unsent", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]


def _linkedin_csv(path: Path, address: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(LINKEDIN_HEADER + "\r\n")
        csv.writer(handle).writerow(["Jane", "Doe", "", address, "Acme", "Engineer", "07 Dec 2025"])
    return path


@pytest.mark.parametrize("where", ["subject", "name", "email"])
@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_a_line_break_never_starts_a_mail_header(sqlite_url: str, tmp_path: Path, brk: str, where: str) -> None:
    company = f"Acme{brk}{EVIL}" if where == "subject" else "Acme"
    title = f"Engineer{brk}{EVIL}" if where == "subject" else "Engineer"
    if where == "email":  # an address the LinkedIn export carries as is
        crm(sqlite_url, "import", str(_linkedin_csv(tmp_path / "Connections.csv", f"jane@acme.example{brk}{EVIL}")))
    else:
        name = f"Jane{brk}{EVIL}" if where == "name" else "Jane Doe"
        crm(sqlite_url, "contact", "add", name, "--email", "jane@acme.example")
    crm(sqlite_url, "app", "add", "https://acme.example/jobs/1", "--company", company, "--new-company", "--title", title)
    crm(sqlite_url, "app", "link", "1", "1", "--role", "hiring_manager")
    eml = tmp_path / "note.eml"
    if where == "email":  # no usable address: refused in one line, nothing written
        result = crm(sqlite_url, "draft", "1", "--app", "1", "--kind", "after-apply", "--eml", str(eml), code=1)
        assert result.stderr.startswith("Error: cannot write the draft: ") and not eml.exists()
        return
    crm(sqlite_url, "draft", "1", "--app", "1", "--kind", "after-apply", "--eml", str(eml))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg.keys() == HEADERS and not msg.defects
    assert [a.addr_spec for a in msg["To"].addresses] == ["jane@acme.example"]
    assert not any(c in str(msg["To"]) + msg["Subject"] for c in BREAKS)
    assert (EVIL in msg["Subject"]) == (where == "subject") and (EVIL in str(msg["To"])) == (where == "name")


# --- 4. Writes that cannot happen -------------------------------------------------------------------

# Root passes every permission check; without these capabilities it is held to the owner's mode bits.
NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"


def _as_unprivileged() -> list[str]:
    """The prefix that makes a file's mode bind this user too: nothing, or setpriv when running as root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a file's mode cannot stop root's writes")
    return ["setpriv", f"--inh-caps={NO_OVERRIDE}", f"--bounding-set={NO_OVERRIDE}"]


def _cannot_write(path: Path) -> None:
    """Skip unless `path` is really unwritable for the crm process (some containers keep root's override)."""
    probe = [*_as_unprivileged(), sys.executable, "-c", "import sys; open(sys.argv[1], 'ab')", str(path)]
    if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        pytest.skip(f"{path} stays writable for this user here, whatever its mode")


def crm_process(url: str, *args: str, prefix: Sequence[str] = (), stdout: int | None = subprocess.PIPE,
                max_file: int | None = None) -> subprocess.CompletedProcess[str]:
    """`crm --db URL ARGS...` as its own process (a file size limit or fewer privileges apply to it alone)."""
    limit = None if max_file is None else lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                                      (max_file, resource.RLIM_INFINITY))
    return subprocess.run([*prefix, sys.executable, "-m", "crm", "--db", url, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, preexec_fn=limit, timeout=60, check=False)


def failed_once(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0, result.stdout
    one_error(result.stderr)


def _untouched(db: Path, before: bytes) -> None:
    assert db.read_bytes() == before, "the database file changed"
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "a write reached the database's log"


# Commands that write to the database, given a folder holding an export and a LinkedIn file to import.
DB_WRITES: dict[str, Callable[[Path], list[str]]] = {
    "contact add": lambda d: ["contact", "add", "Bob Smith"],
    "app add": lambda d: ["app", "add", "https://acme.example/jobs/2"],
    "log": lambda d: ["log", "Jane Doe", "--kind", "note", "--note", "hi"],
    "import linkedin": lambda d: ["import", str(d / "Connections.csv")],
    "import export": lambda d: ["import", str(d / "other.json")],
}
READ_ONLY = [(how, cmd) for how in ("file", "folder") for cmd in DB_WRITES]


@pytest.mark.parametrize("how, command", READ_ONLY)
def test_a_read_only_database_is_one_error_and_stays_unchanged(tmp_path: Path, how: str, command: str) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    _linkedin_csv(inputs / "Connections.csv", "bob@acme.example")
    other = f"sqlite:///{inputs / 'other.sqlite3'}"
    crm(other, "company", "add", "Zeta")
    crm(other, "export", "--out", str(inputs / "other.json"))
    folder = tmp_path / "db"
    db = folder / "crm.sqlite3"
    seed(f"sqlite:///{db}")
    before = db.read_bytes()
    locked = db if how == "file" else folder
    locked.chmod(0o400 if how == "file" else 0o500)
    try:
        _cannot_write(db if how == "file" else folder / "probe")
        failed_once(crm_process(f"sqlite:///{db}", *DB_WRITES[command](inputs), prefix=_as_unprivileged()))
    finally:
        locked.chmod(0o600 if how == "file" else 0o700)
    _untouched(db, before)


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    seed(url)
    return url


@pytest.mark.parametrize("how", ["read-only folder", "parent is a file"])
@pytest.mark.parametrize("writer", WRITERS)
def test_an_unwritable_target_is_one_error_and_leaves_nothing(seeded: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, how: str,
                                                             writer: str) -> None:
    args, _ = WRITERS[writer]
    if how == "parent is a file":  # ENOTDIR, whoever runs the test
        blocker = tmp_path / "plain-file"
        blocker.write_text("x")
        monkeypatch.setenv("CRM_HOME", str(blocker / "sub"))
        crm(seeded, *args(blocker / "sub"), code=1)
        assert blocker.read_text() == "x"
        return
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    folder.chmod(0o500)
    monkeypatch.setenv("CRM_HOME", str(folder))
    try:
        _cannot_write(folder / "probe")
        failed_once(crm_process(seeded, *args(folder), prefix=_as_unprivileged()))
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
TO_DEV_FULL = {
    "export json": ["export", "--out", str(FULL)],
    "export csv": ["export", "--format", "csv", "--out", str(FULL)],
    "calendar ics": ["calendar", "--out", str(FULL)],
    "draft eml": ["draft", "Jane Doe", "--kind", "after-apply", "--eml", str(FULL)],
    "contact vcf": ["contact", "export", "--vcf", str(FULL)],
}
STDOUT_TO_DEV_FULL = {"export json": ["export"], "contact vcf": ["contact", "export", "--vcf", "-"]}


@needs_dev_full
@pytest.mark.parametrize("writer", TO_DEV_FULL)
def test_dev_full_as_the_target_is_one_error(seeded: str, writer: str) -> None:
    crm(seeded, *TO_DEV_FULL[writer], code=1)
    assert stat.S_ISCHR(FULL.stat().st_mode), "the device must never be replaced by a file"


@needs_dev_full
@pytest.mark.parametrize("writer", STDOUT_TO_DEV_FULL)
def test_a_full_stdout_is_one_error(seeded: str, writer: str) -> None:
    with FULL.open("w") as full:
        failed_once(crm_process(seeded, *STDOUT_TO_DEV_FULL[writer], stdout=full.fileno()))


# The disk fills at 64 KiB (a file size limit on the crm process, which binds root too); a company
# name of 100 KB makes every file larger than that, while the database's own files stay below it.
LIMIT = 64 * 1024
BIG_NAME = "Acme " + "x" * 100_000
MID_WRITE = [w for w in WRITERS if w != "config toml"]


@pytest.mark.parametrize("writer", MID_WRITE)
def test_a_disk_that_fills_mid_write_keeps_the_last_good_file(tmp_path: Path, writer: str) -> None:
    url = f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    seed(url, BIG_NAME)
    args, files = WRITERS[writer]
    out = tmp_path / "out"
    out.mkdir()
    crm(url, *args(out))
    good = {f.name: f.read_bytes() for f in files(out)}
    crm(url, "contact", "add", "Bob Smith", "--company", BIG_NAME, "--new-company")  # the next export would differ
    failed_once(crm_process(url, *args(out), max_file=LIMIT))
    assert {f.name: f.read_bytes() for f in out.rglob("*") if f.is_file()} == good
