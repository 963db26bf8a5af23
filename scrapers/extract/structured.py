"""Structured data on a page: JSON-LD blocks, microdata items and meta tags."""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag

from scrapers.extract.text import node_text, one_line

_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_json(raw: str) -> Any:
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw), html_lib.unescape(raw)):
        try:
            return json.loads(attempt, strict=False)  # strict=False: raw newlines inside strings
        except ValueError:
            continue
    return None


def iter_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD value, looking inside lists and `@graph`."""
    if isinstance(data, list):
        for item in data:
            yield from iter_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from iter_objects(data["@graph"])


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every object in the page's `application/ld+json` scripts (unreadable blocks are skipped)."""
    found: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        data = _load_json(script.string or script.get_text() or "")
        found.extend(iter_objects(data))
    return found


def has_type(obj: dict[str, Any], wanted: str) -> bool:
    """True when the object's `@type` (a string or a list, maybe a full URL) is `wanted`."""
    types = obj.get("@type") or obj.get("type") or []
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] == wanted for t in types)


def _item_value(tag: Tag) -> Any:
    if tag.has_attr("itemscope"):
        return microdata_item(tag)
    for attr in ("content", "datetime"):
        if tag.has_attr(attr):
            return tag[attr]
    if tag.name in ("a", "link", "area") and tag.has_attr("href"):
        return tag["href"]
    if tag.name in ("img", "audio", "video", "source", "embed") and tag.has_attr("src"):
        return tag["src"]
    if tag.name == "meta":
        return tag.get("content", "")
    if tag.get("itemprop") == "description":
        return str(tag.decode_contents())  # keep the markup: the caller turns it into clean text
    return node_text(tag)


def microdata_item(scope: Tag) -> dict[str, Any]:
    """One microdata item as a JSON-LD-like dict (`@type` plus its properties; repeats become lists)."""
    item: dict[str, Any] = {"@type": (scope.get("itemtype") or "").split(" ")[0].rsplit("/", 1)[-1]}
    stack = list(scope.children)
    while stack:
        node = stack.pop(0)
        if not isinstance(node, Tag):
            continue
        if node.has_attr("itemprop"):
            value = _item_value(node)
            for prop in node["itemprop"].split() if isinstance(node["itemprop"], str) else node["itemprop"]:
                if prop in item:
                    previous = item[prop]
                    item[prop] = (previous if isinstance(previous, list) else [previous]) + [value]
                else:
                    item[prop] = value
        if not node.has_attr("itemscope"):  # a nested item's properties belong to it, not to us
            stack[0:0] = list(node.children)
    return item


def microdata(soup: BeautifulSoup, wanted: str) -> list[dict[str, Any]]:
    """Top-level microdata items of type `wanted` (e.g. "JobPosting")."""
    return [
        microdata_item(tag)
        for tag in soup.find_all(attrs={"itemscope": True, "itemtype": True})
        if str(tag.get("itemtype", "")).split(" ")[0].rstrip("/").rsplit("/", 1)[-1] == wanted
    ]


def meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """`<meta property|name=... content=...>` by lower-case key (first one wins), plus "title"."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = one_line(tag.get("content"))
        if key and value and key.lower() not in found:
            found[key.lower()] = value
    if soup.title and soup.title.string:
        found.setdefault("title", one_line(soup.title.string) or "")
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        found.setdefault("canonical", canonical["href"])
    return {k: v for k, v in found.items() if v}
