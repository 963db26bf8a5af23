"""Batch lookups: 40 postings at 10 companies, each company its own loopback host answering with
50 ms of latency, a politeness delay of 0.2 s.

Baseline (measured in the same run): the 40 lookups one after another, each with its own client
and no cache, as 40 `crm lookup URL` commands did before. Then the batch with --jobs 1, 2, 4, 8, 16
(each on an empty cache), and a second run of --jobs 8 on the warm cache. The servers log every
request's start and end: the script checks that no host ever had two requests in flight, nor two
closer than the delay, and counts requests against the bound (one per posting plus each company's
pages once) and the 304s of the warm run.

    python benchmarks/batch.py [--jobs 1,2,4,8,16] [--latency 0.05] [--delay 0.2]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SITE = ROOT / "crm" / "demo_site" / "site"
COMPANIES, PER_COMPANY = 10, 4
TITLES = ["Senior Backend Engineer", "Frontend Engineer", "Data Engineer", "Site Reliability Engineer"]


class Log:
    """Every request a company's server answered: (path, start, end, status)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, float, float, int]] = []

    def add(self, path: str, start: float, end: float, status: int) -> None:
        with self.lock:
            self.entries.append((path, start, end, status))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def company_pages(n: int) -> dict[str, bytes]:
    """The demo company's site renamed to company n, with four postings under /careers/."""
    name = f"Company{n:02d} Maps"
    pages: dict[str, bytes] = {}
    for path in SITE.rglob("*.html"):
        rel = "/" + path.relative_to(SITE).as_posix()
        text = path.read_text(encoding="utf-8").replace("Brightwell Maps", name)
        if rel == "/careers/senior-backend-engineer.html":
            for title in TITLES:
                slug = re.sub(r"\W+", "-", title.lower()).strip("-")
                pages[f"/careers/{slug}"] = text.replace("Senior Backend Engineer", title).encode("utf-8")
            continue
        pages[rel] = text.encode("utf-8")
        pages[rel.removesuffix(".html")] = pages[rel]
        if rel.endswith("/index.html"):
            pages[rel.removesuffix("index.html")] = pages[rel]
    pages["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    return pages


def serve(pages: dict[str, bytes], latency: float, log: Log) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            start = time.monotonic()
            time.sleep(latency)
            path = self.path.split("?")[0]
            body = pages.get(path)
            if body is None:
                log.add(path, start, time.monotonic(), 404)
                self._reply(404, b"not found", {})
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            # Postings must be checked each time (no-cache, with a validator); the rest states nothing.
            headers = {"ETag": etag, "Last-Modified": "Mon, 02 Nov 2026 09:00:00 GMT"}
            if path.startswith("/careers/") and path != "/careers/":
                headers["Cache-Control"] = "no-cache"
            if self.headers.get("If-None-Match") == etag:
                log.add(path, start, time.monotonic(), 304)
                self._reply(304, b"", headers)
                return
            kind = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
            # The end is logged as the answer is handed over: logged after the write, a server thread
            # waiting for the GIL would note it after the client had already read it.
            log.add(path, start, time.monotonic(), 200)
            self._reply(200, body, {**headers, "Content-Type": kind})

        def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def politeness(logs: dict[str, Log], delay: float) -> tuple[int, int, float]:
    """(overlaps, gaps shorter than the delay, the smallest gap seen) over every host's log."""
    overlaps = short = 0
    smallest = float("inf")
    for log in logs.values():
        entries = sorted(log.entries, key=lambda e: e[1])
        for before, after in zip(entries, entries[1:]):
            gap = after[1] - before[2]
            smallest = min(smallest, gap)
            overlaps += gap < 0
            short += gap < delay - 0.002  # the server's clock: its end is written before the client reads it
    return overlaps, short, smallest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", default="1,2,4,8,16")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()

    from crm.batch import Batch
    from scrapers.http import HttpClient, HttpSettings
    from scrapers.team.lookup import lookup

    logs: dict[str, Log] = {}
    servers = []
    urls: list[str] = []
    for n in range(COMPANIES):
        log = Log()
        server = serve(company_pages(n), args.latency, log)
        servers.append(server)
        host = f"127.0.0.1:{server.server_address[1]}"
        logs[host] = log
        urls += [f"http://{host}/careers/{re.sub(r'[^a-z0-9]+', '-', t.lower()).strip('-')}" for t in TITLES]
    base = HttpSettings(delay=args.delay, retries=0, deadline=None, max_requests=9)

    def requests() -> Counter[int]:
        return Counter(e[3] for log in logs.values() for e in log.entries)

    def reset() -> None:
        for log in logs.values():
            log.clear()

    print(f"{len(urls)} postings at {COMPANIES} companies, {args.latency * 1000:.0f} ms latency, "
          f"{args.delay} s delay")
    began = time.monotonic()
    failures = 0
    tops: dict[str, tuple] = {}  # url -> (top candidate, score): every batch must find the same
    for url in urls:  # before: one lookup after another, each its own client, nothing cached
        with HttpClient(base) as client:
            try:
                result = lookup(url, client, max_pages=8)
                tops[url] = (result.candidates[0].name, result.candidates[0].score) if result.candidates else None
            except Exception:
                failures += 1
    baseline = time.monotonic() - began
    base_requests = sum(requests().values())
    overlaps, short, smallest = politeness(logs, args.delay)
    print(f"baseline, one after another: {baseline:6.2f} s  {base_requests} requests  {failures} failed  "
          f"(overlaps {overlaps}, gaps < delay {short})")
    pages_per_company = len({e[0] for e in next(iter(logs.values())).entries if not e[0].startswith("/careers/")
                             or e[0] == "/careers/"})
    bound = len(urls) + COMPANIES * pages_per_company
    print(f"bound: one request per posting + each company's {pages_per_company} other pages once = {bound}")
    print()
    print(f"{'jobs':>5} {'seconds':>8} {'speed-up':>8} {'requests':>8} {'failed':>6} {'overlaps':>8} "
          f"{'gaps<delay':>10} {'min gap':>8} {'same top':>8}")

    def same(outcomes: list) -> str:
        found = {o.url: (o.result.candidates[0].name, o.result.candidates[0].score)
                 if o.result is not None and o.result.candidates else None for o in outcomes}
        return "yes" if found == tops else "NO"

    warm_dir = None
    for jobs in [int(j) for j in args.jobs.split(",")]:
        reset()
        folder = tempfile.mkdtemp(prefix=f"crm-bench-cache-{jobs}-")
        settings = dataclasses.replace(base, cache_dir=folder)
        began = time.monotonic()
        outcomes = list(Batch(urls, settings, jobs=jobs, max_pages=8).run())
        seconds = time.monotonic() - began
        overlaps, short, smallest = politeness(logs, args.delay)
        failed = sum(not o.ok for o in outcomes)
        print(f"{jobs:>5} {seconds:8.2f} {baseline / seconds:7.1f}x {sum(requests().values()):>8} {failed:>6} "
              f"{overlaps:>8} {short:>10} {smallest * 1000:6.0f}ms {same(outcomes):>8}")
        if jobs == 8 or warm_dir is None:
            warm_dir = folder
    reset()
    settings = dataclasses.replace(base, cache_dir=warm_dir)
    began = time.monotonic()
    outcomes = list(Batch(urls, settings, jobs=8, max_pages=8).run())
    seconds = time.monotonic() - began
    counts = requests()
    team = [e for log in logs.values() for e in log.entries if not e[0].startswith("/careers/")]
    overlaps, short, _ = politeness(logs, args.delay)
    print()
    print(f"warm cache, --jobs 8: {seconds:6.2f} s ({baseline / seconds:.1f}x)  requests {sum(counts.values())} "
          f"({counts.get(304, 0)} answered 304 Not Modified, {counts.get(200, 0)} with a body)  "
          f"company pages fetched again: {len(team)}  failed {sum(not o.ok for o in outcomes)}  "
          f"(overlaps {overlaps}, gaps < delay {short})")
    print(f"answered from the cache without asking: {sum(o.from_cache for o in outcomes)}; "
          f"same top candidates as the baseline: {same(outcomes)}")
    for server in servers:
        server.shutdown()


if __name__ == "__main__":
    main()
