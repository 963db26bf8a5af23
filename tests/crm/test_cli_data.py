"""`crm export`, `crm import` and `crm contact export` end to end through CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable

import pytest
import vobject
from click.testing import CliRunner, Result

from crm.cli import cli

LINKEDIN = Path(__file__).resolve().parents[2] / "fixtures" / "linkedin"
Run = Callable[..., Result]

EMPTY_EXPORT = """{
  "format": "crm-export",
  "version": 1,
  "tables": {
    "company": [],
    "person": [],
    "application": [],
    "application_contact": [],
    "interaction": [],
    "status_change": [],
    "interview": [],
    "interview_participant": [],
    "contact_alias": [],
    "mail_folder": [],
    "mail_message": [],
    "mail_proposal": [],
    "mail_bounce": []
  }
}
"""


def _runner(url: str) -> Run:
    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--db", url, *args])
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        return result

    return run


@pytest.fixture
def crm(store_url: str) -> Run:
    """Run `crm --db URL ARGS...` on each backend and check the exit code."""
    return _runner(store_url)


def test_export_empty_store(crm: Run) -> None:
    assert crm("export").stdout == EMPTY_EXPORT


def test_linkedin_import_summary(crm: Run) -> None:
    result = crm("import", str(LINKEDIN / "connections_old_no_url.csv"))
    assert result.stdout == ""
    assert result.stderr == (
        "LinkedIn connections: 3 added, 0 updated, 0 unchanged, 2 skipped; 2 new companies\n"
        "  skipped line 5: duplicate of an earlier row\n"
        "  skipped line 6: 4 fields where the header has 6\n")
    again = crm("import", str(LINKEDIN / "connections_old_no_url.csv"), "--json")
    assert json.loads(again.stdout) == {
        "format": "linkedin", "added": 0, "updated": 0, "unchanged": 3, "companies_added": 0,
        "skipped": [{"line": 5, "reason": "duplicate of an earlier row"},
                    {"line": 6, "reason": "4 fields where the header has 6"}],
        "kept_with_problems": [], "merged": []}


def test_export_import_round_trip(crm: Run, tmp_path: Path) -> None:
    crm("import", str(LINKEDIN / "connections_2025.csv"))
    out = tmp_path / "backup.json"
    assert crm("export", "--out", str(out)).stderr == f"Exported 11 rows to {out}\n"
    other = _runner(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    assert other("import", str(out)).stderr == (
        "crm export restored: 11 rows added, 0 already present, 0 conflicts (existing rows kept)\n")
    assert other("import", str(out), "--format", "crm").stderr == (
        "crm export restored: 0 rows added, 11 already present, 0 conflicts (existing rows kept)\n")
    assert other("export").stdout == out.read_text(encoding="utf-8")


def test_export_timestamp_is_opt_in(crm: Run) -> None:
    doc = json.loads(crm("export", "--timestamp").stdout)
    assert list(doc) == ["format", "version", "exported_at", "tables"]


def test_export_csv(crm: Run, tmp_path: Path) -> None:
    crm("import", str(LINKEDIN / "connections_2025.csv"))
    assert crm("export", "--format", "csv", "--out", str(tmp_path / "csv")).stderr == (
        f"Wrote 13 CSV files to {tmp_path / 'csv'}\n")
    with (tmp_path / "csv" / "company.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == "id,name,name_key,domain,website,careers_url,notes,created_at,updated_at".split(",")
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        ("Acme, Inc.", "acme", ""), ("Müller & Söhne GmbH", "muller and sohne", ""), ("Widgets, Ltd", "widgets", ""),
        ("Initech", "initech", "")]
    assert "--format csv needs --out FOLDER" in crm("export", "--format", "csv", code=2).stderr


@pytest.mark.parametrize("name,content,args,error", [
    ("missing.json", None, [], "Error: cannot read {path}: No such file or directory\n"),
    ("notes.txt", b"just some notes\n", [], "Error: not a crm export or a LinkedIn Connections.csv "
                                           "(use --format to say which)\n"),
    ("cut.json", b'{"format": "crm-export", "version": 1, "tables": {"company": [', [],
     "Error: not a complete JSON document (truncated?): Expecting value (line 1)\n"),
    ("new.json", b'{"format": "crm-export", "version": 7, "tables": {}}', [],
     "Error: this export has format version 7; this crm reads up to 1: upgrade crm\n"),
    ("export.json", EMPTY_EXPORT.encode(), ["--format", "linkedin"],
     "Error: not a LinkedIn Connections.csv: no 'First Name,Last Name,...' header\n"),
])
def test_import_errors_write_nothing(crm: Run, tmp_path: Path, name: str, content: bytes | None, args: list[str],
                                     error: str) -> None:
    crm("import", str(LINKEDIN / "connections_2025.csv"))
    before = crm("export").stdout
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = crm("import", str(path), *args, code=1)
    assert (result.stdout, result.stderr) == ("", error.format(path=path))
    assert crm("export").stdout == before


@pytest.fixture
def contacts(crm: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`crm contact export ...` over imported contacts."""
    crm("import", str(LINKEDIN / "connections_2025.csv"))
    return lambda *args, code=0: crm("contact", "export", *args, code=code)


def test_contact_export_all(contacts: Run, tmp_path: Path) -> None:
    path = tmp_path / "all.vcf"
    assert contacts("--vcf", str(path)).stderr == f"Wrote 7 contacts to {path}\n"
    data = path.read_bytes()
    assert data.count(b"\r\n") > 7 and data.decode("utf-8").count("BEGIN:VCARD") == 7
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [c.fn.value for c in cards][:3] == ["Jane Doe", "Bob Smith", "José García López"]
    assert cards[2].org.value == ["Müller & Söhne GmbH"]
    assert cards[1].email.params == {"TYPE": ["INTERNET"], "X-CRM-SOURCE": ["import"]}


def test_contact_export_refs_to_stdout(contacts: Run) -> None:
    result = contacts("--vcf", "-", "Jane Doe", "1", "bob smith")
    cards = list(vobject.readComponents(result.stdout))
    assert [(c.fn.value, c.url.value, c.title.value) for c in cards] == [
        ("Jane Doe", "https://www.linkedin.com/in/jane-doe-4a1b2c", "Engineering Manager"),
        ("Bob Smith", "https://www.linkedin.com/in/bobsmith", "Senior Recruiter")]


def test_contact_export_unknown_ref(contacts: Run, tmp_path: Path) -> None:
    result = contacts("--vcf", str(tmp_path / "x.vcf"), "Nobody", code=1)
    assert result.stderr == "Error: no contact matches 'Nobody'\n"
    assert not (tmp_path / "x.vcf").exists()
    assert "Missing option '--vcf'" in contacts(code=2).stderr


def test_unwritable_outputs_are_one_line_errors(crm: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert crm("export", "--out", str(tmp_path / "no" / "dir.json"), code=1).stderr == (
        f"Error: cannot write {tmp_path / 'no' / 'dir.json'}: No such file or directory\n")
    assert crm("export", "--format", "csv", "--out", str(blocker), code=1).stderr == (
        f"Error: cannot write {blocker}: File exists\n")


def test_contact_export_unwritable(contacts: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.vcf"
    assert contacts("--vcf", str(target), code=1).stderr == f"Error: cannot write {target}: No such file or directory\n"
