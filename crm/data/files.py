"""Files the user gives crm or gets from it: read only when regular, written owner-only and atomically.

An export is the user's personal data: files are written owner-only (0600, like the database
itself), each through a temporary file in the same folder renamed into place, so a failed write
never leaves a half-written file behind (and never a readable one).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from crm.errors import CrmError, ImportFormatError

# A file read whole (a LinkedIn CSV, an export in another JSON layout): far above any real one, and
# past it the file is something else. An export in crm's own layout is streamed and has no cap.
MAX_WHOLE_BYTES = 200_000_000


@contextlib.contextmanager
def open_import(path: str | Path) -> Iterator[IO[bytes]]:
    """The file to import, opened for reading; a one-line ImportFormatError when it cannot be."""
    file = Path(path)
    try:
        # A device or a pipe never ends (`crm import /dev/zero` filled the memory) or never starts.
        if file.exists() and not file.is_file():
            raise ImportFormatError(f"cannot read {file}: it is not a regular file")
        handle = file.open("rb")
    except OSError as e:
        raise ImportFormatError(f"cannot read {file}: {e.strerror or e}") from None
    with handle:
        yield handle


def read_whole(handle: IO[bytes], name: str | Path) -> bytes:
    """The rest of an open file, refused past MAX_WHOLE_BYTES."""
    try:
        data = handle.read(MAX_WHOLE_BYTES + 1)
    except OSError as e:
        raise ImportFormatError(f"cannot read {name}: {e.strerror or e}") from None
    if len(data) > MAX_WHOLE_BYTES:
        raise ImportFormatError(f"cannot read {name}: it is larger than {MAX_WHOLE_BYTES // 1_000_000} MB, "
                                "too big for a LinkedIn CSV or an export that is not in crm's own layout")
    return data


def sniff_format(head: bytes) -> str:
    """What a file given to `crm import` is, from its first bytes: "crm" (a JSON export) or "linkedin"."""
    from crm.data.linkedin import looks_like_connections

    if head[:64].decode("utf-8-sig", errors="replace").lstrip().startswith("{"):
        return "crm"
    if looks_like_connections(head):
        return "linkedin"
    raise ImportFormatError("not a crm export or a LinkedIn Connections.csv (use --format to say which)")


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[IO[str]]:
    """A text handle whose content replaces `path` (mode 0600) only once the block completes."""
    # The rename would replace whatever `path` names: `--out /dev/null` run as root swapped the
    # device for a regular file. Only a regular file (or nothing yet) is ours to replace.
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        raise CrmError(f"cannot write {path}: it is {what}")
    # mkstemp creates the file 0600 whatever the umask; a rename within one folder is atomic.
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
