"""Which people sources exist: the built-ins and plugins from the `crm.people_sources` entry points.

A source is one module with one class registered by `@register`; a third-party package adds one with
an entry point in the `crm.people_sources` group naming a `PeopleSource` subclass. A duplicate NAME
fails loudly. `choose` turns a `--sources` list (or the config default) into the sources to run, each
with the reason it is on or off, which `crm sources` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from scrapers.errors import ScraperError
from scrapers.plugins import Plugins
from scrapers.sources.base import PeopleSource

BUILTIN_MODULES = (
    "scrapers.sources.team",
    "scrapers.sources.posting",
    "scrapers.sources.blog",
    "scrapers.sources.github",
    "scrapers.sources.hunter",
)
ENTRY_POINT_GROUP = "crm.people_sources"

PLUGINS: Plugins[type[PeopleSource]] = Plugins("people source", PeopleSource, BUILTIN_MODULES, ENTRY_POINT_GROUP)
register = PLUGINS.register  # the class decorator each source module uses


def all_sources() -> list[type[PeopleSource]]:
    """Every registered source in the order a lookup runs them: the built-ins as BUILTIN_MODULES lists
    them (site sources first, whatever was imported first), then plugins in registration order."""
    registered = PLUGINS.load()
    order = {module: i for i, module in enumerate(BUILTIN_MODULES)}
    return sorted(registered, key=lambda s: (order.get(s.__module__, len(order)), registered.index(s)))


def names() -> list[str]:
    """Every registered source's NAME."""
    return [s.NAME for s in all_sources()]


def default_names() -> tuple[str, ...]:
    """The sources a lookup runs when neither --sources nor the config names any."""
    return tuple(s.NAME for s in all_sources() if s.ON_BY_DEFAULT)


def parse_names(text: str | Sequence[str] | None, *, what: str = "--sources") -> tuple[str, ...] | None:
    """`"team,blog"` (or a list) as known source names in order; None for None; ScraperError naming an
    unknown one with the known ones."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = [w.strip().lower() for w in items if w.strip()]
    if not wanted:
        raise ScraperError(f"{what}: name at least one source ({', '.join(names())})")
    known = names()
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ScraperError(f"{what}: unknown source {unknown[0]!r}: use {', '.join(known)}")
    return tuple(dict.fromkeys(wanted))


@dataclass(frozen=True)
class Choice:
    """One source and whether a lookup will run it, with the reason when it will not."""

    source: type[PeopleSource]
    on: bool
    why: str  # "on by default", "chosen by --sources", "not in --sources", "no HUNTER_API_KEY set", ...


def choose(chosen: Sequence[str] | None, *, config: Sequence[str] | None = None,
           env: Mapping[str, str] | None = None) -> list[Choice]:
    """Every source with its verdict: `chosen` (--sources) wins over `config` ([lookup] sources), which
    wins over the built-in defaults; a source that needs a key it lacks is off whatever was chosen."""
    if chosen is not None:
        picked, by = tuple(chosen), "--sources"
    elif config is not None:
        picked, by = tuple(config), "config.toml [lookup] sources"
    else:
        picked, by = default_names(), ""
    out = []
    for source in all_sources():
        missing = source.unavailable(env)
        if source.NAME not in picked:
            out.append(Choice(source, False, f"not in {by}" if by else
                              "off by default: name it in --sources or config.toml"))
        elif missing:
            out.append(Choice(source, False, missing))
        else:
            out.append(Choice(source, True, f"chosen by {by}" if by else "on by default"))
    return out  # registration order: the site sources first, so later ones reuse the pages read
