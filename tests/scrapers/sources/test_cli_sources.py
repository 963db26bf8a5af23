"""`crm sources` and the people-source options of `crm lookup`, end to end on loopback sites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.cli import cli
from scrapers.localserver import LocalServer

SITES = Path(__file__).resolve().parents[3] / "fixtures" / "lookup_sources"


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env={"CRM_HTTP_DELAY": "0", **(env or {})})


def test_sources_lists_each_source_and_why_it_is_off() -> None:
    result = invoke("sources", env={"HUNTER_API_KEY": "", "GITHUB_TOKEN": ""})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["NAME", "KIND", "STATE", "WHY", "KEY", "API"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert list(rows) == ["team", "posting", "blog", "github", "hunter"]
    assert " on " in rows["team"] and "on by default" in rows["blog"]
    assert "off by default: name it in --sources or config.toml" in rows["github"] and "GITHUB_TOKEN not set (optional)" in rows["github"]
    assert "no HUNTER_API_KEY set" in rows["hunter"] and "CRM_HUNTER_API" in rows["hunter"]


def test_sources_json_never_shows_a_key() -> None:
    result = invoke("sources", "--json", "--sources", "team,hunter", env={"HUNTER_API_KEY": "sk-very-secret"})
    data = {s["name"]: s for s in json.loads(result.stdout)}
    assert data["hunter"]["on"] is True and data["hunter"]["key_set"] is True and data["hunter"]["why"] == "chosen by --sources"
    assert data["blog"]["on"] is False and data["blog"]["why"] == "not in --sources"
    assert "sk-very-secret" not in result.output


def test_config_sets_the_default_and_bad_names_are_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text('[lookup]\nsources = "team,github"\n', encoding="utf-8")
    rows = {line.split()[0]: line for line in invoke("sources").stdout.splitlines()[2:]}
    assert "chosen by config.toml [lookup] sources" in rows["github"] and "not in config.toml" in rows["blog"]
    (tmp_path / "config.toml").write_text('[lookup]\nsources = ["team", "typo"]\n', encoding="utf-8")
    result = invoke("sources")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and "[lookup] sources: unknown source 'typo'" in result.stderr
    bad = invoke("lookup", "https://acme.example/jobs/1", "--sources", "team,linkedin")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: --sources: unknown source 'linkedin': use team, posting, blog, github, hunter\n"


def test_lookup_reads_the_blog_when_there_is_no_team_page() -> None:
    with LocalServer(root=SITES / "brightwater" / "site") as site:
        result = invoke("lookup", site.url("/careers/account-executive"), "--json", "--top", "2",
                        "--sources", "team,posting,blog", env={"CRM_TODAY": "2026-12-05"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    top = data["candidates"][0]
    assert (top["name"], top["title"]) == ("Marcus Bell", "Vice President of Sales")
    assert top["evidence"][0]["source"] == "blog" and top["evidence"][0]["kind"] == "announcement"
    assert top["evidence"][0]["date"] == "2026-02-10"
    assert any(r.startswith("announced on /news/brightwater-appoints-marcus-bell") for r in top["reasons"])
    old = data["candidates"][1]
    assert old["name"] == "Gregory Watts" and any("years old: may have moved on" in r for r in old["reasons"])
    assert [s["name"] for s in data["sources"]] == ["team", "posting", "blog"] and data["api_calls"] == 0
    assert sum(s["requests"] for s in data["sources"]) <= 6


def test_lookup_with_the_team_pages_alone_reads_no_blog() -> None:
    with LocalServer(root=SITES / "brightwater" / "site") as site:
        result = invoke("lookup", site.url("/careers/account-executive"), "--json", "--sources", "team")
    data = json.loads(result.stdout)
    assert data["candidates"] == [] and [s["name"] for s in data["sources"]] == ["team"]
    assert not any("/news" in p for p in data["pages"])


def test_save_keeps_the_people_a_blog_names(store_url: str) -> None:
    """--save with people from the newsroom: the company, the application, the contacts with their titles."""
    with LocalServer(root=SITES / "brightwater" / "site") as site:
        saved = invoke("--db", store_url, "lookup", site.url("/careers/account-executive"), "--save",
                       "--sources", "team,posting,blog")
    assert saved.exit_code == 0, saved.output
    contacts = json.loads(invoke("--db", store_url, "contact", "list", "--json").stdout)
    titles = {c["name"]: c.get("title") for c in contacts}
    assert titles.get("Marcus Bell") == "Vice President of Sales"
    assert "Sarah Quinn" not in titles or titles["Sarah Quinn"] in ("", None)  # a byline without a title


def test_an_organisation_left_unread_is_named() -> None:
    """GitHub is off by default: a site that links its organisation, where nobody else was found, says so."""
    with LocalServer(root=SITES / "kestrel" / "site") as site:
        result = invoke("lookup", site.url("/careers/backend-engineer-rust"), "--sources", "team,posting,blog")
    assert result.exit_code == 0, result.output
    assert ("Note: the site links the GitHub organisation kestrel-data: add github to --sources (or to [lookup] "
            "sources in config.toml) to read its public members\n") in result.stderr
