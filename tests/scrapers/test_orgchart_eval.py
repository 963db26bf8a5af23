"""The published org charts as team pages, and benchmarks/orgchart_eval.py on one of them.

Reads ../shared/realworld (skipped when absent). No ranking accuracy floors: the ranking is being
reworked; these check that the pages round-trip and that the script measures and returns its figures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from scrapers.lexicon.names import name_key
from scrapers.team.people import extract_people
from tests.scrapers.orgchart import load_org, load_orgs, render_org

pytestmark = pytest.mark.realworld

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "orgchart_eval.py"


def _script() -> ModuleType:
    """benchmarks/orgchart_eval.py as a module (benchmarks/ is not a package)."""
    if "orgchart_eval" not in sys.modules:
        spec = importlib.util.spec_from_file_location("orgchart_eval", SCRIPT)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["orgchart_eval"] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules["orgchart_eval"]


def test_all_seven_orgs_load(realworld: Path) -> None:
    orgs = {org.name: org for org in load_orgs(realworld)}
    assert set(orgs) == {"dfid", "dft", "hee", "mhra", "mod", "nhs-england", "sourcegraph"}
    assert len(orgs["dfid"].people) == 92
    assert orgs["sourcegraph"].company == "Sourcegraph" and len(orgs["sourcegraph"].people) >= 270
    ids = orgs["dfid"].by_id()
    assert sum(1 for p in orgs["dfid"].people if p.reports_to in ids) >= 90


def test_rendered_org_chart_round_trips(realworld: Path) -> None:
    org = load_org(realworld / "orgs" / "dfid.json")
    page = render_org(org, "sections")
    assert page.count("<h2>") == len({p.department for p in org.people})
    assert "<h2>" not in render_org(org, "flat")
    assert "O&#x27;Neill" in page  # names and titles are escaped
    found = {name_key(p.name): p for p in extract_people(page, "https://example.org/team", org.company)}
    hits = [p for p in org.people if name_key(p.name) in found]
    assert len(hits) / len(org.people) >= 0.9
    assert sum(found[name_key(p.name)].title == p.title for p in hits) / len(hits) >= 0.9


def test_script_measures_one_org_and_returns_its_figures(realworld: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    misses = tmp_path / "misses.jsonl"
    report = _script().main(["--org", "dfid", "--data", str(realworld), "--misses", str(misses)])
    assert report is not None and report.seconds > 0
    assert [(r.org, r.variant) for r in report.results] == [("dfid", "sections"), ("dfid", "flat")]
    for result in report.results:
        assert result.people == 92 and result.recall >= 0.9 and result.postings >= 80
        assert 0 <= result.top1 <= result.top3 <= result.postings
        assert 0 < result.b1_top1 <= result.b1_top3 <= result.postings
        assert 0 < result.b2_top1 <= result.b2_top3 <= result.postings
    total = report.total("sections")
    assert total.postings == report.results[0].postings and total.org == "all"
    lines = [json.loads(line) for line in misses.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == sum(r.postings - r.top1 for r in report.results)
    assert {"org", "variant", "posting", "manager", "top3"} <= set(lines[0])
    out = capsys.readouterr().out
    assert "Variant sections" in out and "Variant flat" in out and "dfid" in out


def test_script_without_data_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--data", str(tmp_path)]) is None
    assert "not found" in capsys.readouterr().out
