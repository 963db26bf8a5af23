"""Many lookups at once: a list of posting URLs read side by side, politely, through one cache.

Each lookup keeps every manner of a single one (its own client: robots.txt, the request budget, the
deadline); the clients share one `HostGate`, so a host never has two requests in flight nor two
closer than the delay, and one HTTP cache, so ten postings at one company read its pages once.
Workers are daemon threads; results come back to the caller's thread in the order they finish,
where they are saved (each in its own transaction) and shown. Nothing here prints.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import queue
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from crm.errors import CrmError

if TYPE_CHECKING:
    from crm.store import SaveResult
    from scrapers.http import HttpSettings
    from scrapers.team.lookup import LookupResult

DEFAULT_JOBS = 4
MAX_JOBS = 32


class Cancelled(Exception):
    """The batch was stopped (Ctrl-C): a waiting worker gives up at once."""


@dataclass(frozen=True)
class Outcome:
    """One posting of the batch: its result, or why it failed, or that it was saved before."""

    index: int  # its place in the list given
    url: str
    result: LookupResult | None = None
    error: str | None = None
    skipped: bool = False  # saved already (re-run without --again)
    seconds: float = 0.0
    sent: int = 0  # requests that reached a server
    from_cache: int = 0  # pages the cache answered without asking
    revalidated: int = 0  # pages the server said had not changed (304)
    saved: SaveResult | None = None
    age_days: int | None = None  # days since the ATS says the posting went up
    relisted: int = 0  # its title at its company under other URLs (this batch, the store)

    @property
    def ok(self) -> bool:
        """True unless the lookup failed."""
        return self.error is None


@dataclass
class Progress:
    """Where the batch is, for a progress line: done / total, the hosts being read, failures, time left."""

    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0
    hosts: list[str] = field(default_factory=list)
    seconds_left: float | None = None


# -- the list of URLs -------------------------------------------------------------------------------


def read_url_list(text: str, name: str = "the list") -> tuple[list[str], list[str]]:
    """The URLs of a file: one a line (blank lines and # comments skipped), or a CSV with a `url` column.

    Returns the URLs (each once, in order) and one problem per unreadable line ("line 3: ..."), which
    the batch reports and skips.
    """
    from scrapers.errors import InvalidURL
    from scrapers.urls import check_url

    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    header = [c.strip().lower() for c in next(csv.reader([first]))] if first else []
    rows: list[tuple[int, str]]
    if "url" in header and not first.strip().lower().startswith(("http://", "https://")):
        column = header.index("url")
        reader = csv.reader(io.StringIO(text))
        rows = []
        header_read = False
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if not header_read:
                header_read = True
                continue
            rows.append((reader.line_num, row[column].strip() if column < len(row) else ""))
    else:
        rows = [(n, line.strip()) for n, line in enumerate(lines, 1)
                if line.strip() and not line.lstrip().startswith("#")]
    urls: list[str] = []
    problems: list[str] = []
    for number, raw in rows:
        if not raw:
            problems.append(f"{name} line {number}: no URL")
            continue
        try:
            url = check_url(raw)
        except InvalidURL as e:
            problems.append(f"{name} line {number}: {e}")
            continue
        if url not in urls:
            urls.append(url)
    return urls, problems


def interleaved(urls: list[str]) -> list[tuple[int, str]]:
    """The URLs with their places, reordered round-robin over hosts: side-by-side workers then read
    different hosts instead of queueing for one."""
    by_host: dict[str, deque[tuple[int, str]]] = {}
    for index, url in enumerate(urls):
        by_host.setdefault(urlsplit(url).netloc.lower(), deque()).append((index, url))
    order: list[tuple[int, str]] = []
    while by_host:
        for host in list(by_host):
            order.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return order


# -- settings ---------------------------------------------------------------------------------------


# -- the batch --------------------------------------------------------------------------------------


class Batch:
    """`for outcome in Batch(urls, settings, jobs=4).run(): ...` (results in the order they finish)."""

    def __init__(self, urls: list[str], settings: HttpSettings, *, jobs: int = DEFAULT_JOBS, max_pages: int = 8,
                 company_url: str | None = None, notify: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 lookup: Callable[..., LookupResult] | None = None) -> None:
        if not 1 <= jobs <= MAX_JOBS:
            raise CrmError(f"--jobs must be between 1 and {MAX_JOBS}, got {jobs}")
        from scrapers.hosts import HostGate

        self.urls = urls
        self.settings = settings
        self.jobs = min(jobs, max(1, len(urls)))
        self.max_pages = max_pages
        self.company_url = company_url
        self.notify = notify
        self.gate = HostGate()
        self.progress = Progress(total=len(urls))
        self._clock = clock
        self._lookup = lookup
        self._stop = threading.Event()
        self._results: queue.Queue[Outcome] = queue.Queue()
        self._active: Counter[str] = Counter()
        self._guard = threading.Lock()
        self._storage: Any = None
        self._began = clock()

    def cancel(self) -> None:
        """Stop: no new lookup starts, and every waiting one gives up."""
        self._stop.set()

    def run(self, skip: Iterable[int] = (), tick: Callable[[Progress], None] | None = None,
            every: float = 0.25) -> Iterator[Outcome]:
        """Run the lookups on `jobs` threads; yield each outcome as it finishes (in this thread).
        Places in `skip` are not looked up (saved before): they come back first, as skipped."""
        skipped = set(skip)
        for index in sorted(skipped):
            self.progress.skipped += 1
            self.progress.done += 1
            yield Outcome(index, self.urls[index], skipped=True)
        work: queue.Queue[tuple[int, str]] = queue.Queue()
        for item in interleaved(self.urls):
            if item[0] not in skipped:
                work.put(item)
        remaining = work.qsize()
        if remaining == 0:
            return
        if self.settings.cache_dir:
            from scrapers.cache import open_storage
            from scrapers.errors import ScraperError

            try:  # one storage for every client of the batch
                self._storage = open_storage(self.settings.cache_dir, self.settings.cache_max_bytes)
            except ScraperError as e:  # an unwritable data folder: the batch still runs, uncached
                if self.notify:
                    self.notify(f"{e}; going on without it")
                self.settings = dataclasses.replace(self.settings, cache_dir=None)
        threads = [threading.Thread(target=self._worker, args=(work,), daemon=True, name=f"crm-batch-{n}")
                   for n in range(min(self.jobs, remaining))]
        for thread in threads:
            thread.start()
        try:
            while remaining:
                try:
                    outcome = self._results.get(timeout=every)
                except queue.Empty:
                    if tick:
                        tick(self._snapshot())
                    continue
                remaining -= 1
                self.progress.done += 1
                self.progress.failed += not outcome.ok
                yield outcome
                if tick:
                    tick(self._snapshot())
        finally:
            finished = remaining == 0
            self.cancel()
            if finished:  # every worker is leaving its loop: let them, then close what they shared
                for thread in threads:
                    thread.join(timeout=1.0)
            if not any(t.is_alive() for t in threads) and self._storage is not None:
                self._storage.close()  # a worker still stuck in a request (Ctrl-C) keeps it; the process ends anyway

    # -- in the worker threads ------------------------------------------------------------------------

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise Cancelled()

    def _worker(self, work: queue.Queue[tuple[int, str]]) -> None:
        while not self._stop.is_set():
            try:
                index, url = work.get_nowait()
            except queue.Empty:
                return
            host = urlsplit(url).netloc.lower()
            with self._guard:
                self._active[host] += 1
            try:
                outcome = self._one(index, url)
            except Cancelled:
                return
            finally:
                with self._guard:
                    self._active[host] -= 1
            self._results.put(outcome)

    def _one(self, index: int, url: str) -> Outcome:
        from scrapers.errors import ScraperError
        from scrapers.http import HttpClient
        from scrapers.team.lookup import lookup

        began = self._clock()
        client = HttpClient(self.settings, sleep=self._sleep, notify=self.notify, gate=self.gate,
                            storage=self._storage)
        try:
            with client:
                result = (self._lookup or lookup)(url, client, company_url=self.company_url, max_pages=self.max_pages)
            error = None
        except Cancelled:
            raise
        except (ScraperError, CrmError) as e:
            result, error = None, _one_line(e)
        except Exception as e:  # a bug in one posting's page must not end the other 39 lookups
            result, error = None, f"{type(e).__name__}: {_one_line(e)}"
        return Outcome(index, url, result=result, error=error, seconds=self._clock() - began, sent=client.sent,
                       from_cache=client.from_cache, revalidated=client.revalidated)

    def _snapshot(self) -> Progress:
        with self._guard:
            hosts = sorted(h for h, n in self._active.items() if n > 0)
        p = self.progress
        looked = p.done - p.skipped
        left = p.total - p.done
        seconds = None
        if looked and left:
            seconds = (self._clock() - self._began) / looked * left
        return Progress(p.total, p.done, p.failed, p.skipped, hosts, seconds)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


# -- saving -----------------------------------------------------------------------------------------


def saved_places(urls: list[str]) -> set[int]:
    """The places of the URLs already saved as applications (the store must be open)."""
    from crm.store.openings import saved_posting_urls

    saved = saved_posting_urls(urls)
    return {i for i, url in enumerate(urls) if url in saved}


def save_outcome(outcome: Outcome, top: int) -> Outcome:
    """The outcome with its lookup saved (one transaction of its own); a failed one is returned as it is."""
    from crm import store

    from crm.openings import flag_tags
    from crm.store.openings import tag_application

    if outcome.result is None:
        return outcome
    saved = store.save_lookup(outcome.result, top=top)
    tags = flag_tags(outcome.age_days, outcome.relisted)
    if tags:
        tag_application(saved.application_id, tags)
    return dataclasses.replace(outcome, saved=saved)


def top_line(outcome: Outcome) -> dict[str, Any]:
    """The summary's facts for one posting: title, company, top candidate and score, pages read."""
    result = outcome.result
    if result is None:
        return {"url": outcome.url, "error": outcome.error, "skipped": outcome.skipped}
    best = result.candidates[0] if result.candidates else None
    return {"url": outcome.url, "title": result.posting.title, "company": result.posting.company,
            "candidate": best.name if best else None, "score": best.score if best else None,
            "pages": len(result.pages), "requests": result.requests}


# -- one batch, start to end ------------------------------------------------------------------------


@dataclass(frozen=True)
class Writers:
    """Where a batch's words go (the command line passes click.echo on stdout and stderr)."""

    out: Callable[[str], None]  # data: the summary, or one JSON line per posting
    err: Callable[[str], None]  # messages: skipped lines, notes
    progress: Callable[[str], None] | None = None  # the line redrawn on a terminal; None when piped or --json


def drive(urls: list[str], settings: HttpSettings, writers: Writers, *, problems: Iterable[str] = (),
          jobs: int = DEFAULT_JOBS, max_pages: int = 8, top: int = 1, save: bool = False, save_top: int = 25,
          again: bool = False, company_url: str | None = None, as_json: bool = False,
          notify: Callable[[str], None] | None = None, today: dt.date | None = None,
          sources: dict[str, Any] | None = None) -> int:
    """Run a batch of lookups and report it; the exit status: 0, 1 when any failed, 130 when interrupted.

    With `save` the store must be open: each finished lookup is saved in its own transaction, and
    postings saved before are skipped unless `again`. `sources` are the people-source arguments each
    lookup runs with (crm.lookup.lookup_sources: --sources, --max-api-calls), as a single lookup does.
    """
    import json

    from crm import clock
    from crm.lookup import lookup_json
    from crm.text import json_visible, visible

    today = today or clock.today()

    for problem in problems:
        writers.err(f"Skipped: {problem}")
    skip = saved_places(urls) if save and not again else set()
    each = None
    if sources:
        import functools

        from scrapers.team.lookup import lookup

        each = functools.partial(lookup, **sources)
    batch = Batch(urls, settings, jobs=jobs, max_pages=max_pages, company_url=company_url, notify=notify,
                  lookup=each)
    done: list[Outcome] = []
    drawn = [False]

    def tick(progress: Progress) -> None:
        if writers.progress is not None:
            writers.progress(progress_text(progress))
            drawn[0] = True

    interrupted = False
    try:
        for outcome in batch.run(skip, tick=tick):
            outcome = _flagged(outcome, done, today, save)
            if save and outcome.result is not None:
                try:
                    outcome = save_outcome(outcome, save_top)
                except CrmError as e:
                    outcome = dataclasses.replace(outcome, error=f"not saved: {_one_line(e)}")
            done.append(outcome)
            if as_json:
                record: dict[str, Any] = {"url": outcome.url, "ok": outcome.ok, "skipped": outcome.skipped,
                                          "error": outcome.error, "seconds": round(outcome.seconds, 3),
                                          "requests_sent": outcome.sent, "from_cache": outcome.from_cache}
                if outcome.result is not None:
                    record.update(lookup_json(outcome.result, top))
                    record.update({"age_days": outcome.age_days, "relisted": outcome.relisted})
                if outcome.saved is not None:
                    record["saved"] = {"application_id": outcome.saved.application_id,
                                       "new": outcome.saved.application_created}
                writers.out(json_visible(json.dumps(record, ensure_ascii=False)))
    except KeyboardInterrupt:
        batch.cancel()
        interrupted = True
    if drawn[0] and writers.progress is not None:
        writers.progress("")
    if not as_json:
        done = [_flagged(o, [d for d in done if d is not o], today, False, o.relisted) for o in done]
        for line in summary_lines(done, len(urls)):
            writers.out(visible(line))
    if interrupted:
        writers.err(f"Interrupted: {len(done)} of {len(urls)} postings done"
                    + (", the saved ones kept." if save else "."))
        return 130
    return 1 if any(not o.ok for o in done) else 0


def _flagged(outcome: Outcome, done: list[Outcome], today: dt.date, store_open: bool, least: int = 0) -> Outcome:
    """The outcome with its posting's age and re-listings (other URLs of its title at its company in
    this batch, and in the store when it is open); never fewer re-listings than `least` seen before."""
    from crm.openings import posting_flags

    result = outcome.result
    if result is None:
        return outcome
    p = result.posting
    others = [(o.url, o.result.posting.title, o.result.posting.company) for o in done if o.result is not None]
    age, relisted = posting_flags(outcome.url, p.title, p.company, p.date_posted, today, store_open, others)
    return dataclasses.replace(outcome, age_days=age, relisted=max(relisted, least))


def progress_text(p: Progress) -> str:
    """"12/40 done · 1 failed · reading acme.com, globex.io · about 35 s left"."""
    parts = [f"{p.done}/{p.total} done"]
    if p.failed:
        parts.append(f"{p.failed} failed")
    if p.hosts:
        shown = ", ".join(p.hosts[:3]) + (f" +{len(p.hosts) - 3}" if len(p.hosts) > 3 else "")
        parts.append(f"reading {shown}")
    if p.seconds_left is not None:
        parts.append(f"about {p.seconds_left:.0f} s left")
    return " · ".join(parts)


def summary_lines(outcomes: list[Outcome], total: int) -> list[str]:
    """The summary: each posting with its top candidate, score and pages read; then the failures with why."""
    ordered = sorted(outcomes, key=lambda o: o.index)
    good = [o for o in ordered if o.ok and not o.skipped]
    skipped = [o for o in ordered if o.skipped]
    failed = [o for o in ordered if not o.ok]
    lines: list[str] = []
    for o in good:
        facts = top_line(o)
        who = f"{facts['candidate']} ({facts['score']:.2f})" if facts["candidate"] else "no candidate"
        what = f"{facts['title']} at {facts['company'] or 'an unnamed company'}"
        saved = ""
        if o.saved is not None:
            saved = f" · saved #{o.saved.application_id}" if o.saved.application_created else \
                f" · #{o.saved.application_id} updated"
        from crm.openings import flag_words

        flags = flag_words(o.age_days, o.relisted)
        flags = f" · {flags}" if flags else ""
        lines.append(f"{what} — {who} · {facts['pages']} page{'s' if facts['pages'] != 1 else ''}{flags}{saved}")
        lines.append(f"  {o.url}")
    if skipped:
        lines.append(f"Saved before, skipped ({len(skipped)}; --again to look them up again):")
        lines += [f"  {o.url}" for o in skipped]
    if failed:
        lines.append(f"Failed ({len(failed)}):")
        for o in failed:
            lines.append(f"  {o.url}")
            lines.append(f"    {o.error}")
    counts = [f"{len(good)} looked up", f"{len(failed)} failed"]
    if skipped:
        counts.append(f"{len(skipped)} skipped")
    if len(outcomes) < total:
        counts.append(f"{total - len(outcomes)} not done")
    sent = sum(o.sent for o in outcomes)
    cached = sum(o.from_cache for o in outcomes)
    lines.append(f"{total} posting{'s' if total != 1 else ''}: " + ", ".join(counts)
                 + f" ({sent} request{'s' if sent != 1 else ''} sent, {cached} answered from the cache).")
    return lines


def url_list(arguments: Iterable[str], file: Any = None) -> tuple[list[str], list[str]]:
    """The URLs of a batch: those given as arguments, then those of `file` (an open text file, stdin
    for -); with one problem per unreadable entry. None at all is a CrmError."""
    urls, problems = read_url_list("\n".join(arguments), "argument")
    if file is not None:
        name = "stdin" if getattr(file, "name", "-") in ("-", "<stdin>") else str(getattr(file, "name", "the file"))
        more, trouble = read_url_list(file.read(), name)
        urls += [u for u in more if u not in urls]
        problems += trouble
    if not urls:
        raise CrmError("no posting URL to look up" + (f" ({problems[0]})" if problems else "")
                       + ": give URLs, or --from FILE with one a line or a url column")
    return urls, problems
