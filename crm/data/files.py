"""Files the user gives crm or gets from it: read only when regular, written owner-only and atomically.

Everything crm writes for the user (exports, vCards, calendars, drafts, config.toml) is their
personal data: files are written owner-only (0600, like the database itself, whatever the umask),
each through a temporary file in the same folder renamed into place, so a failed write (a full disk,
a folder without write permission) never leaves a half-written file behind (and never a readable one).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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
def private_file(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle (text, or bytes when `binary`) whose content replaces `path` (mode 0600) once the block completes."""
    # The rename would replace whatever `path` names: `--out /dev/null` run as root swapped the
    # device for a regular file. Only a regular file (or nothing yet) is ours to replace.
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        raise CrmError(f"cannot write {path}: it is {what}")
    # A rename within one folder is atomic. mkstemp asks for 0600, which a umask such as 0277 still
    # narrows: fchmod makes it exactly 0600 before a byte is written.
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(fd, 0o600)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _naming(path: Path, error: OSError) -> OSError:
    """`error` about `path` (what the user named), not about a temporary file or no file at all."""
    return OSError(error.errno, error.strerror or str(error), str(path))


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` as `private_file` does; an OSError names `path`, never the temporary file."""
    try:
        with private_file(path, binary=True) as handle:
            handle.write(data)
    except OSError as e:
        raise _naming(path, e) from None


def create_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, a new owner-only file (0600); FileExistsError when it exists already.

    Made with O_EXCL, so an existing file is never replaced; a failed write removes what it began.
    Any other failure is an OSError naming `path`.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be
        raise _naming(path.parent, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from None
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(fd, 0o600)  # O_CREAT's mode passes through the umask
            handle.write(data)
            handle.flush()
            os.fsync(fd)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(path)
        if isinstance(e, OSError):
            raise _naming(path, e) from None
        raise
