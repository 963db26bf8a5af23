"""Which people sources exist: the built-ins and plugins from the `crm.people_sources` entry points.

A source is one module with one class registered by `@register`; a third-party package adds one with
an entry point in the `crm.people_sources` group naming a `PeopleSource` subclass. A duplicate NAME
fails loudly. `choose` turns a `--sources` list (or the config default) into the sources to run, each
with the reason it is on or off, which `crm sources` prints.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Mapping, Sequence

from scrapers.errors import ScraperError
from scrapers.sources.base import PeopleSource

BUILTIN_MODULES = (
    "scrapers.sources.team",
    "scrapers.sources.posting",
    "scrapers.sources.blog",
    "scrapers.sources.github",
    "scrapers.sources.hunter",
)
ENTRY_POINT_GROUP = "crm.people_sources"

_REGISTRY: dict[str, type[PeopleSource]] = {}
_loaded = False


def register(cls: type[PeopleSource]) -> type[PeopleSource]:
    """Class decorator: add a source; a second source with the same NAME fails loudly."""
    if not cls.NAME or cls.NAME != cls.NAME.lower() or "," in cls.NAME:
        raise ValueError(f"{cls.__name__}: NAME must be a non-empty lower-case word")
    existing = _REGISTRY.get(cls.NAME)
    if existing is not None and existing is not cls:
        raise ValueError(f"duplicate people source NAME {cls.NAME!r}: {existing.__module__} and {cls.__module__}")
    _REGISTRY[cls.NAME] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register(_plugin(ep))
    _loaded = True


def _plugin(ep: EntryPoint) -> type[PeopleSource]:
    """The PeopleSource class an entry point names; a broken plugin fails loudly, naming itself."""
    try:
        loaded = ep.load()
    except Exception as e:  # any import-time failure of third-party code
        raise ScraperError(f"people source plugin {ep.name!r} ({ep.value}) failed to load: {e}") from e
    if not (isinstance(loaded, type) and issubclass(loaded, PeopleSource)):
        raise ScraperError(f"people source plugin {ep.name!r} ({ep.value}) is not a PeopleSource subclass")
    return loaded


def all_sources() -> list[type[PeopleSource]]:
    """Every registered source in the order a lookup runs them: the built-ins as BUILTIN_MODULES lists
    them (site sources first, whatever was imported first), then plugins in registration order."""
    _load()
    registered = list(_REGISTRY.values())
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
