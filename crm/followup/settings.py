"""The follow-up settings: defaults in code, overridden by `config.toml` in the data directory."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

from crm.errors import InvalidValue

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAME = "config.toml"


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every number the cadence, the drafts and the calendar use; immutable once loaded."""

    # [cadence]
    after_apply_days: int = 2  # the note to the hiring manager is due this many days after applying
    checkin_days: int = 7  # a check-in is due this many days after the last message with no reply
    checkins_after_apply: int = 2  # unanswered check-ins before an application goes cold
    thank_you_days: int = 1  # a thank-you to each interviewer is due this many days after the interview
    checkin_after_interview_days: int = 7  # first check-in after the last interview, no decision date
    checkin_after_decision_days: int = 7  # first check-in after the expected decision date passes
    checkins_after_interview: int = 3  # the first check-in after an interview plus at most 2 more
    reply_days: int = 1  # answer a message from them within this many days
    spacing_days: int = 3  # never two messages to one person closer than this, whatever the rules say
    rejection_note: bool = True  # offer one optional thank-you-for-your-time note after a rejection
    rejection_note_window_days: int = 14  # ... and stop offering it this long after the rejection
    # [calendar]
    reminder_hour: int = 9  # follow-ups appear in the calendar at this hour of their due day
    alarm_minutes: int = 15  # each reminder and interview alarms this many minutes before it starts
    interview_minutes: int = 60  # the length given to interview events
    # [drafts]
    signature: str = ""  # your name under each draft; empty leaves the close unsigned


SECTIONS: dict[str, tuple[str, ...]] = {
    "cadence": (
        "after_apply_days", "checkin_days", "checkins_after_apply", "thank_you_days",
        "checkin_after_interview_days", "checkin_after_decision_days", "checkins_after_interview",
        "reply_days", "spacing_days", "rejection_note", "rejection_note_window_days",
    ),
    "calendar": ("reminder_hour", "alarm_minutes", "interview_minutes"),
    "drafts": ("signature",),
}

_LIMITS = {"reminder_hour": (0, 23)}
OTHER_SECTIONS = ("mail", "lookup")  # sections of config.toml the follow-up settings leave to others


def config_path() -> Path:
    """Where the settings file lives: `config.toml` in the crm data directory."""
    from crm.home import data_dir

    return data_dir() / FILE_NAME


def _check(name: str, value: Any, default: Any) -> Any:
    expected = type(default)
    # bool is a subclass of int: a `true` where a number belongs is a mistake, not a 1.
    if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
        raise InvalidValue(f"setting {name} must be {expected.__name__}, not {value!r}")
    if expected is int:
        low, high = _LIMITS.get(name, (0, 365))
        if not low <= value <= high:
            raise InvalidValue(f"setting {name} must be between {low} and {high}, not {value}")
    return value


def from_mapping(data: dict[str, Any]) -> Settings:
    """Settings from parsed TOML: known sections and keys only, each checked against its default's type."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for section, table in data.items():
        if section in OTHER_SECTIONS:
            continue  # read by their own modules (e.g. [mail] by crm.mail.config)
        if section not in SECTIONS or not isinstance(table, dict):
            raise InvalidValue(f"unknown settings section [{section}]: use {', '.join(SECTIONS)}")
        for key, value in table.items():
            if key not in SECTIONS[section]:
                raise InvalidValue(f"unknown setting {key!r} in [{section}]")
            values[key] = _check(key, value, getattr(defaults, key))
    return dataclasses.replace(defaults, **values)


def load_settings(path: Path | None = None) -> Settings:
    """The effective settings: the defaults, overridden by the config file when it exists."""
    file = path or config_path()
    if not file.is_file():
        return Settings()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidValue(f"cannot read {file}: {e}") from e
    try:
        return from_mapping(data)
    except InvalidValue as e:
        # Every command reads this file: the error must say which file to fix.
        raise InvalidValue(f"{file}: {e} (fix it, or delete it to use the defaults)") from None


def as_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    """The settings grouped by TOML section, in a stable order."""
    return {section: {k: getattr(settings, k) for k in keys} for section, keys in SECTIONS.items()}


def toml_value(value: Any) -> str:
    """A value written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def _comments() -> dict[str, str]:
    """Each field's trailing comment in this file's source, so the written file explains itself."""
    import inspect

    notes = {}
    for line in inspect.getsource(Settings).splitlines():
        head, sep, comment = line.partition("#")
        if sep and ":" in head and "=" in head:
            notes[head.split(":", 1)[0].strip()] = comment.strip()
    return notes


def default_toml() -> str:
    """A commented config file holding every default (what `crm config --init` writes)."""
    notes = _comments()
    lines = ["# crm follow-up settings. Delete a line to use the built-in default again.", ""]
    for section, values in as_dict(Settings()).items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            note = notes.get(key, "")
            lines.append(f"{key} = {toml_value(value)}" + (f"  # {note}" if note else ""))
        lines.append("")
    return "\n".join(lines)


def setting_names() -> list[str]:
    """Every setting as `crm config set/get` names it: "section.key"."""
    return [f"{section}.{key}" for section, keys in SECTIONS.items() for key in keys]


def find_setting(name: str) -> tuple[str, str]:
    """(section, key) for "section.key" or a bare key; anything else is an `InvalidValue` naming the keys."""
    text = (name or "").strip()
    section, _, key = text.rpartition(".")
    matches = [(s, k) for s, keys in SECTIONS.items() for k in keys if k == key and (not section or s == section)]
    if len(matches) != 1:
        import difflib

        full = {key: f"{s}.{key}" for s, keys in SECTIONS.items() for key in keys}
        close = (difflib.get_close_matches(text, list(full.values()), 3) if section
                 else [full[k] for k in difflib.get_close_matches(text, list(full), 3)])
        hint = f"; did you mean {', '.join(close)}?" if close else f"; use one of {', '.join(setting_names())}"
        raise InvalidValue(f"unknown setting {text!r}{hint}")
    return matches[0]


_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def parse_value(key: str, text: str) -> Any:
    """A setting's value from what the user typed, checked as the config file's would be."""
    default = getattr(Settings(), key)
    if isinstance(default, bool):
        word = text.strip().lower()
        if word not in _TRUE + _FALSE:
            raise InvalidValue(f"setting {key} must be true or false, not {text!r}")
        return _check(key, word in _TRUE, default)
    if isinstance(default, int):
        try:
            number = int(text.strip())
        except ValueError:
            raise InvalidValue(f"setting {key} must be a whole number, not {text!r}") from None
        return _check(key, number, default)
    if any(ch in text for ch in "\r\n\x00"):
        raise InvalidValue(f"setting {key} must be one line")
    return _check(key, text, default)


def with_setting(source: str, section: str, key: str, value: Any) -> str:
    """The config file's text with one setting set (or removed when `value` is None), every other line,
    comment and key kept as the user wrote them (tomlkit round-trips the document)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(source)
    except TOMLKitError as e:
        raise InvalidValue(f"cannot read the config file: {e}") from e
    table = doc.get(section)
    if value is None:
        if isinstance(table, dict) and key in table:
            del table[key]
        return tomlkit.dumps(doc)
    if table is None:
        table = tomlkit.table()
        doc[section] = table
    elif not isinstance(table, dict):
        raise InvalidValue(f"the config file's {section} is not a [{section}] table")
    table[key] = value
    text = tomlkit.dumps(doc)
    from_mapping(tomllib.loads(text))  # never write a file crm would then refuse to read
    return text
