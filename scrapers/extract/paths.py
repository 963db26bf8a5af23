"""Walking nested JSON without a chain of lookups that explodes on the first missing key."""

from __future__ import annotations

from typing import Any


def get_path(obj: Any, *keys: str | int, default: Any = None) -> Any:
    """`obj[k1][k2]...` for dict keys and list indexes; `default` when any step is missing or None."""
    for key in keys:
        if isinstance(key, int) and not isinstance(key, bool):
            if not isinstance(obj, (list, tuple)) or not -len(obj) <= key < len(obj):
                return default
            obj = obj[key]
        elif isinstance(obj, dict) and key in obj:
            obj = obj[key]
        else:
            return default
    return default if obj is None else obj


def first_text(*values: Any) -> str | None:
    """The first value that is a non-blank string, stripped; None when there is none."""
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
