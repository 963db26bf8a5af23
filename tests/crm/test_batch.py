"""Batch lookups: the URL list, politeness across clients, failures, JSON Lines, --save on both
backends (a re-run skips what is saved), Ctrl-C, and the shared HTTP cache (304s, default freshness,
--refresh) against loopback company sites."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm.batch import Batch, Outcome, Writers, drive, interleaved, read_url_list
from crm.cli import cli
from crm.cli.demo import DEMO_SITE
from scrapers.hosts import HostGate
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply

SITE = DEMO_SITE / "site"
POSTING = (SITE / "careers" / "senior-backend-engineer.html").read_text(encoding="utf-8")
TITLES = ("Senior Backend Engineer", "Data Engineer", "Frontend Engineer")


def invoke(*args: str, db: str | None = None, stdin: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args], input=stdin)


class Company:
    """The demo company's site with three postings; counts requests in flight and by path."""

    def __init__(self, headers: dict[str, str] | None = None, posting_headers: dict[str, str] | None = None,
                 posted: str = "2026-11-02") -> None:
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        routes = {}
        for title in TITLES:
            slug = title.lower().replace(" ", "-")
            page = POSTING.replace("Senior Backend Engineer", title).replace('"2026-11-02"', f'"{posted}"')
            routes[f"/careers/{slug}"] = self._route(page,
                                                     {**(headers or {}), **(posting_headers or {})})
        for path in SITE.rglob("*.html"):
            rel = "/" + path.relative_to(SITE).as_posix()
            if "careers/" in rel:
                continue
            page = path.read_text(encoding="utf-8")
            routes[rel.removesuffix(".html")] = routes[rel] = self._route(page, headers or {})
        routes["/"] = routes["/index"]
        self.server = LocalServer(routes)

    def _route(self, body: str, headers: dict[str, str]):
        def route(handler):
            with self.lock:
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
            etag = headers.get("ETag")
            try:
                if etag and handler.headers.get("If-None-Match") == etag:
                    return Reply(b"", status=304, headers=headers)
                return Reply(body, headers=headers)
            finally:
                with self.lock:
                    self.in_flight -= 1
        return route

    def urls(self) -> list[str]:
        return [self.server.url(f"/careers/{t.lower().replace(' ', '-')}") for t in TITLES]

    def asked(self) -> Counter[str]:
        return Counter(self.server.requests)

    def __enter__(self) -> Company:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def _header(received, name: str) -> str | None:
    return next((v for k, v in received.headers.items() if k.lower() == name.lower()), None)


# -- the list of URLs -------------------------------------------------------------------------------


def test_a_list_of_urls_one_a_line_with_comments_and_bad_lines() -> None:
    text = "# my list\nhttps://a.example/jobs/1\n\nnot a url\nhttps://a.example/jobs/1\nhttps://b.example/jobs/2\n"
    urls, problems = read_url_list(text, "jobs.txt")
    assert urls == ["https://a.example/jobs/1", "https://b.example/jobs/2"]
    assert problems == ["jobs.txt line 4: not a URL: 'not a url'"]


def test_a_csv_with_a_url_column() -> None:
    text = 'company,url,notes\nAcme,https://a.example/jobs/1,"nice, big"\nGlobex,,none\nInitech,ftp://x,\n'
    urls, problems = read_url_list(text, "jobs.csv")
    assert urls == ["https://a.example/jobs/1"]
    assert [p.split(":")[0] for p in problems] == ["jobs.csv line 3", "jobs.csv line 4"]


def test_hosts_are_interleaved_so_workers_read_different_hosts() -> None:
    urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://b.example/1"]
    assert [i for i, _ in interleaved(urls)] == [0, 3, 1, 2]


# -- politeness -------------------------------------------------------------------------------------


def test_clients_sharing_a_gate_keep_the_delay_between_each_others_requests() -> None:
    now = [100.0]
    waits: list[float] = []
    gate = HostGate()
    settings = HttpSettings(delay=2.0, retries=0, ignore_robots=True, allow_private=True)
    with LocalServer({"/a": Reply("<html><body>a</body></html>")}) as site:
        first = HttpClient(settings, sleep=waits.append, clock=lambda: now[0], gate=gate)
        second = HttpClient(settings, sleep=waits.append, clock=lambda: now[0], gate=gate)
        alone = HttpClient(settings, sleep=waits.append, clock=lambda: now[0])
        with first, second, alone:
            first.get(site.url("/a"))
            now[0] += 0.5
            second.get(site.url("/a"))  # another lookup, the same host: waits the rest of the delay
            alone.get(site.url("/a"))  # a client of its own (a single lookup) knows only its own requests
    assert waits == [1.5]


def test_a_batch_never_has_two_requests_in_flight_to_one_host() -> None:
    with Company() as a, Company() as b:
        urls = a.urls() + b.urls()
        outcomes = list(Batch(urls, HttpSettings(delay=0, retries=0), jobs=6, max_pages=6).run())
    assert sorted(o.index for o in outcomes) == list(range(6)) and all(o.ok for o in outcomes)
    assert (a.most_in_flight, b.most_in_flight) == (1, 1)


def test_one_failure_never_stops_the_batch_and_the_exit_is_1() -> None:
    with Company() as a:
        urls = a.urls()[:2] + [a.server.url("/careers/closed")]
        result = invoke("lookup", *urls)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Senior Backend Engineer at Brightwell Maps — Aisha Khan (0.95) · ")
    assert "Failed (1):" in lines
    assert any("not found or closed" in line and "HTTP 404" in line for line in lines)
    assert lines[-1].startswith("3 postings: 2 looked up, 1 failed (")
    assert result.stderr == ""  # no progress line when stderr is no terminal


def test_json_lines_one_object_per_posting() -> None:
    with Company() as a:
        result = invoke("lookup", *a.urls(), "--json", "--jobs", "2")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["posting"]["title"] for r in records) == sorted(TITLES)
    assert all(r["ok"] and r["candidates"][0]["name"] == "Aisha Khan" for r in records)


def test_unreadable_lines_are_reported_by_line_and_skipped(tmp_path: Path) -> None:
    with Company() as a:
        listed = tmp_path / "jobs.txt"
        listed.write_text(f"{a.urls()[0]}\nhttp//typo\n", encoding="utf-8")
        result = invoke("lookup", "--from", str(listed))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Skipped: {listed} line 2: ")


def test_stdin_with_a_csv() -> None:
    with Company() as a:
        result = invoke("lookup", "--from", "-", "--json", stdin="title,url\nx," + a.urls()[0] + "\n")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1


# -- saving -----------------------------------------------------------------------------------------


def test_save_each_and_a_rerun_skips_what_is_saved(store_url: str) -> None:
    from crm.store.db import close_db, init_db
    from crm.store.models import Application, Person

    with Company() as a:
        first = invoke("lookup", *a.urls(), "--save", db=store_url)
        assert first.exit_code == 0, first.output
        asked = sum(a.asked().values())
        again = invoke("lookup", *a.urls(), "--save", db=store_url)
        assert again.exit_code == 0, again.output
        assert sum(a.asked().values()) == asked  # nothing read: all three were saved
        assert "Saved before, skipped (3; --again to look them up again):" in again.stdout
        redo = invoke("lookup", *a.urls(), "--save", "--again", "--json", db=store_url)
    assert [json.loads(line)["saved"]["new"] for line in redo.stdout.splitlines()] == [False] * 3
    init_db(store_url)
    try:
        assert Application.select().count() == 3
        assert Person.select().count() == 10
    finally:
        close_db()


def test_ctrl_c_keeps_what_was_saved_and_prints_the_summary_so_far(store_url: str, monkeypatch) -> None:
    from crm import store
    from crm.store.db import close_db, init_db
    from crm.store.models import Application

    with Company() as a:
        urls = a.urls()
        real_run = Batch.run

        def interrupted(self, skip=(), tick=None, every=0.25):
            for outcome in real_run(self, skip, tick, every):
                yield outcome
                raise KeyboardInterrupt

        monkeypatch.setattr(Batch, "run", interrupted)
        out: list[str] = []
        err: list[str] = []
        store.open_store(store_url)
        try:
            from crm.lookup import http_settings

            status = drive(urls, http_settings(max_pages=8), Writers(out.append, err.append), save=True)
        finally:
            store.close_store()
    assert status == 130
    assert err == ["Interrupted: 1 of 3 postings done, the saved ones kept."]
    assert out[-1].startswith("3 postings: 1 looked up, 0 failed, 2 not done (")
    init_db(store_url)
    try:
        assert Application.select().count() == 1
    finally:
        close_db()


def test_an_old_posting_is_flagged_and_saved_tagged_stale(store_url: str) -> None:
    with Company(posted="2026-08-01") as a:
        single = invoke("lookup", a.urls()[0], "--save", db=store_url)
        batch = invoke("lookup", *a.urls()[1:], "--save", db=store_url)
    assert "Note: posted 120 days ago: it may never be filled.\n" in single.stderr
    assert " · posted 120 days ago · saved #2" in batch.stdout
    stale = json.loads(invoke("app", "list", "--tag", "stale", "--json", db=store_url).stdout)
    assert sorted(a["title"] for a in stale) == sorted(TITLES)


def test_the_same_title_under_a_new_url_is_a_relisting(store_url: str) -> None:
    with Company() as a:
        invoke("lookup", a.urls()[0], "--save", db=store_url)
        moved = a.server.url("/careers/senior-backend-engineer-2")
        a.server.routes["/careers/senior-backend-engineer-2"] = a.server.routes["/careers/senior-backend-engineer"]
        again = invoke("lookup", moved, "--save", db=store_url)
    assert "Note: posted 27 days ago, re-listed 1 time: it may never be filled.\n" in again.stderr
    relisted = json.loads(invoke("app", "list", "--tag", "relisted", "--json", db=store_url).stdout)
    assert [a["url"] for a in relisted] == [moved]


# -- the cache --------------------------------------------------------------------------------------


def test_ten_postings_at_one_company_read_its_pages_once() -> None:
    with Company() as a:
        result = invoke("lookup", *a.urls(), "--jobs", "3")
        asked = a.asked()
    assert result.exit_code == 0, result.output
    assert asked["/team"] == 1 and asked["/robots.txt"] == 1
    assert all(asked[urlpath] == 1 for urlpath in asked)


def test_a_posting_that_must_be_revalidated_is_asked_with_its_etag_and_a_304_reuses_it() -> None:
    posting_headers = {"ETag": '"v1"', "Cache-Control": "no-cache"}
    with Company(posting_headers=posting_headers) as a:
        url = a.urls()[0]
        first = invoke("lookup", url, "--json")
        second = invoke("lookup", url, "--json")
        received = [r for r in a.server.received if r.path == "/careers/senior-backend-engineer"]
        asked = a.asked()
    assert json.loads(first.stdout)["candidates"] == json.loads(second.stdout)["candidates"]
    assert [_header(r, "If-None-Match") for r in received] == [None, '"v1"']
    assert asked["/team"] == 1  # a team page that states nothing is fresh for a week


def test_refresh_asks_again_for_every_page() -> None:
    with Company(headers={"ETag": '"t1"'}) as a:
        url = a.urls()[0]
        invoke("lookup", url)
        invoke("lookup", url, "--refresh")
        team = [r for r in a.server.received if r.path == "/team"]
    assert [_header(r, "If-None-Match") for r in team] == [None, '"t1"']


def test_the_cache_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("CRM_HTTP_CACHE", "off")
    with Company() as a:
        invoke("lookup", a.urls()[0])
        invoke("lookup", a.urls()[0])
        assert a.asked()["/team"] == 2


def test_cache_info_and_clear() -> None:
    with Company() as a:
        invoke("lookup", a.urls()[0])
    info = json.loads(invoke("cache", "info", "--json").stdout)
    assert info["pages"] >= 4 and info["bytes"] > 0
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0 and cleared.stderr.startswith("Cleared the HTTP cache (")
    assert json.loads(invoke("cache", "info", "--json").stdout)["pages"] == 0


def test_an_outcome_is_ok_unless_it_failed() -> None:
    assert Outcome(0, "https://a.example/").ok and not Outcome(0, "https://a.example/", error="x").ok


def test_a_cache_that_cannot_be_opened_is_done_without(monkeypatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("CRM_HTTP_CACHE_DIR", str(blocker / "cache"))
    with Company() as a:
        result = invoke("lookup", a.urls()[0], "--json")
        batch = invoke("lookup", *a.urls()[:2], "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("crm: cannot open the HTTP cache at ")
    assert json.loads(result.stdout)["candidates"][0]["name"] == "Aisha Khan"
    assert batch.exit_code == 0, batch.output
    assert batch.stderr.startswith("crm: cannot open the HTTP cache at ") and batch.stderr.count("\n") == 1
    assert [json.loads(line)["ok"] for line in batch.stdout.splitlines()] == [True, True]


def test_progress_line_words() -> None:
    from crm.batch import Progress, progress_text

    line = progress_text(Progress(40, 12, 1, 0, ["a.example", "b.example", "c.example", "d.example"], 35.2))
    assert line == "12/40 done · 1 failed · reading a.example, b.example, c.example +1 · about 35 s left"


def test_each_lookup_keeps_its_own_page_budget() -> None:
    with Company() as a:
        result = invoke("lookup", *a.urls(), "--max-pages", "1", "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(r["pages"]) for r in records] == [1, 1, 1]
    assert all(r["pages"] == [r["url"]] for r in records)


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--jobs", "33"]])
def test_jobs_out_of_range_is_a_usage_error(args: list[str]) -> None:
    result = invoke("lookup", "https://a.example/jobs/1", "https://b.example/jobs/2", *args)
    assert result.exit_code == 2 and "--jobs" in result.stderr


def test_a_batch_reads_the_people_sources_a_single_lookup_would(tmp_path) -> None:
    """--sources reaches every lookup of a batch: a newsroom-only company's managers are found with the
    blog source and not without it (fixtures/lookup_sources/brightwater: no team page)."""
    import json as _json
    from pathlib import Path as _Path

    from click.testing import CliRunner as _Runner

    from crm.cli import cli as _cli
    from scrapers.localserver import LocalServer as _Server

    site = _Path(__file__).resolve().parents[2] / "fixtures" / "lookup_sources" / "brightwater"
    truth = _json.loads((site / "truth.json").read_text(encoding="utf-8"))
    with _Server(root=site / "site") as server:
        urls = [server.url(p["path"]) for p in truth["postings"][:2]]

        def tops(sources: str) -> list[str]:
            result = _Runner().invoke(_cli, ["lookup", *urls, "--sources", sources, "--json", "--jobs", "2",
                                             "--delay", "0"])
            assert result.exit_code == 0, result.output
            lines = sorted((_json.loads(line) for line in result.stdout.splitlines()), key=lambda d: d["url"])
            return [line["candidates"][0]["name"] if line["candidates"] else "" for line in lines]

        managers = [p["manager"] for p in sorted(truth["postings"][:2], key=lambda p: server.url(p["path"]))]
        assert tops("team,posting,blog") == managers
        assert tops("team,posting") != managers
    bad = _Runner().invoke(_cli, ["lookup", "http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "--sources", "nope"])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: ") and "nope" in bad.stderr
