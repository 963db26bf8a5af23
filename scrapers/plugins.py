"""A registry of plugin classes by NAME, for the posting scrapers and the people sources alike.

Built-ins register with a decorator in their own module, imported on first use from a fixed tuple of
module names; third-party plugins come from an entry-point group. A NAME twice is a loud error, and
so is a plugin that fails to load or is not a subclass of the base it should be.
"""

from __future__ import annotations

import importlib
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from scrapers.errors import ScraperError

T = TypeVar("T", bound=type)


class Plugins(Generic[T]):
    """`plugins.register` decorates a class; `plugins.load()` gives every class, in registration order."""

    def __init__(self, noun: str, base: type, modules: tuple[str, ...], group: str) -> None:
        self.noun = noun  # "scraper", "people source": what errors call one
        self.base = base
        self.modules = modules
        self.group = group
        self.classes: dict[str, T] = {}
        self.loaded = False

    def register(self, cls: T) -> T:
        """Class decorator: add a class under its NAME (a lower-case word); the same NAME twice fails loudly."""
        name = getattr(cls, "NAME", "")
        if not name or name != name.lower() or "," in name:
            raise ValueError(f"{cls.__name__}: NAME must be a non-empty lower-case word")
        existing = self.classes.get(name)
        if existing is not None and existing is not cls:
            raise ValueError(f"duplicate {self.noun} NAME {name!r}: {existing.__module__} and {cls.__module__}")
        self.classes[name] = cls
        return cls

    def load(self) -> list[T]:
        """Every class: the built-in modules imported and the entry-point group read, once."""
        if not self.loaded:
            for module in self.modules:
                importlib.import_module(module)
            for ep in entry_points(group=self.group):
                self.register(self._plugin(ep))
            self.loaded = True
        return list(self.classes.values())

    def _plugin(self, ep: EntryPoint) -> T:
        """The class an entry point names; a broken plugin fails loudly, naming itself."""
        try:
            loaded = ep.load()
        except Exception as e:  # any import-time failure of third-party code
            raise ScraperError(f"{self.noun} plugin {ep.name!r} ({ep.value}) failed to load: {e}") from e
        if not (isinstance(loaded, type) and issubclass(loaded, self.base)):
            raise ScraperError(f"{self.noun} plugin {ep.name!r} ({ep.value}) is not a {self.base.__name__} subclass")
        return loaded  # type: ignore[return-value]
