"""The user's crm folder: the database, config.toml and draft templates live there."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """`CRM_HOME`, else the platform's user data directory (`~/.local/share/crm` on Linux)."""
    home = os.environ.get("CRM_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("crm", appauthor=False))
