"""Messages from files: an mbox file or a Maildir folder, as a mail program or a takeout exports them."""

from __future__ import annotations

import datetime as dt
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crm.errors import CrmError


@dataclass(frozen=True)
class FileMessage:
    """One message's bytes from a file (read whole: a file import is the offline, backfill way in)."""

    raw: bytes
    arrived: dt.datetime | None = None
    full: bool = True


def messages(path: Path, since: dt.date | None = None) -> Iterator[FileMessage]:
    """Every message in an mbox file or a Maildir folder (cur/ and new/), oldest first as stored."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise CrmError(f"{path} is a folder but not a Maildir (no cur/ or new/ in it)")
        box: mailbox.Mailbox = mailbox.Maildir(str(path), factory=None, create=False)
    else:
        with path.open("rb") as handle:
            head = handle.read(5)
        if head != b"From ":
            raise CrmError(f"{path} is not an mbox file (it should begin with 'From ')")
        box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        for key in box.iterkeys():
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError):
                continue
            if since is not None and not _on_or_after(raw, since):
                continue
            yield FileMessage(raw)
    finally:
        box.close()


def _on_or_after(raw: bytes, since: dt.date) -> bool:
    from crm.mail.message import Unreadable, headers, message_date

    try:
        return message_date(headers(raw.split(b"\n\n", 1)[0] + b"\n\n")).date() >= since
    except Unreadable:
        return True
