"""Exports as text and restores from text, for tests: the streams of crm.store and crm.data.export."""

from __future__ import annotations

import io
from pathlib import Path

from crm.data.export import write_csv, write_json
from crm.store import RestoreSummary, export_tables, restore_stream


def export_text(exported_at: str | None = None) -> str:
    """The whole store as `crm export` writes it."""
    out = io.StringIO()
    write_json(out, export_tables(), exported_at)
    return out.getvalue()


def restore_text(text: str | bytes) -> RestoreSummary:
    """Restore an export given as text, as `crm import` restores a file."""
    return restore_stream(io.BytesIO(text.encode() if isinstance(text, str) else text))


def export_csv(folder: Path) -> list[Path]:
    """The whole store as `crm export --format csv` writes it."""
    return write_csv(folder, export_tables())
