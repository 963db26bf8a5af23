"""Words for people: plurals and the date forms every option accepts; text made safe to keep and to show.

No imports beyond the stdlib, so command modules can use them at import time without slowing `crm --help`.
"""

from __future__ import annotations

import re

DATE_WORDS = "YYYY-MM-DD, today, yesterday or tomorrow"  # what crm.dates.parse_date accepts

# Bidirectional formatting (marks, embeddings, overrides, isolates): invisible, and they reorder what
# follows them on screen, so "\u202efdp.exe" shows as "exe.pdf".
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# A whole terminal sequence goes, not just its ESC: "\x1b[31mRed" keeps "Red", not "[31mRed". CSI
# (colours, cursor, clear screen), then OSC, DCS, SOS, PM and APC strings (window titles, links)
# up to their terminator; the body never spans a line, so an unterminated one costs one line at most.
_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")  # every other way to end a line becomes "\n"
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # the rest clean() removes: all but tab and newline
_SPACES = re.compile(r"[ \t\n]+")
_UNSHOWN = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")  # what visible() escapes
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")  # what json.dumps leaves raw of those


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 interview", "2 interviews"; `words` for an irregular plural ("1 company", "3 companies")."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def clean(text: str, multiline: bool = False) -> str:
    """Scraped text fit to store: no terminal sequences, control or bidi characters; one line unless `multiline`.

    A one-line field gets single spaces for tabs and line breaks; a multi-line one keeps tabs and
    newlines ("\\r\\n" and the rest become "\\n"). Letters, accents, CJK, emoji and their joiners stay.
    """
    text = _CONTROLS.sub("", _BREAKS.sub("\n", _SEQUENCES.sub("", text)))
    return text if multiline else _SPACES.sub(" ", text).strip(" ")


def visible(text: str) -> str:
    """`text` safe to print on a terminal: each control or bidi character shown as an escape ("\\x1b", "\\u202e")."""
    return _UNSHOWN.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Multi-line `text` safe to print: each line through `visible`, the line breaks kept."""
    return "\n".join(visible(line) for line in text.split("\n"))


def json_visible(dumped: str) -> str:
    """JSON text (from json.dumps) with the characters it leaves raw but a terminal acts on (DEL, C1,
    bidi, line separators) as \\u escapes: the same data to a program, inert on a screen."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


SHORT = 100  # the longest URL or REF an error message repeats


def shorten(text: str, limit: int = SHORT) -> str:
    """`text` cut to `limit` characters with an ellipsis in the middle, so a URL keeps its host and its end."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 3
    return f"{text[:limit - 1 - tail]}\u2026{text[len(text) - tail:]}"
