"""IMAP, read-only, through imapclient: connect (TLS by default), find the Sent folder, and read a
folder's new messages in batches without changing anything on the server.

Folders are opened with EXAMINE and bodies fetched with BODY.PEEK, so no flag is ever set; nothing
is moved, deleted or sent. A first pass reads a few headers of every new message; only the messages
worth reading (`wanted`) get a second pass for their text parts, found through BODYSTRUCTURE:
attachments are never downloaded.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import ssl
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from crm.errors import CrmError
from crm.mail.config import MailConfig
from crm.mail.message import HEADER_FIELDS

BATCH = 500  # messages per FETCH and per transaction
PART_CAP = 262_144  # bytes of one text part read at most
_HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "[Google Mail]/Sent Mail",
              "INBOX.Sent", "INBOX/Sent", "Gesendet", "Gesendete Elemente", "Envoyés", "Éléments envoyés", "Enviados")


def _broken() -> tuple[type[BaseException], ...]:
    import imaplib

    from imapclient.exceptions import IMAPClientError

    return (OSError, EOFError, imaplib.IMAP4.error, IMAPClientError)


class MailError(CrmError):
    """The mail server could not be reached, refused the login, or broke off: one line, never the password."""


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses: the only hosts a plain connection may go to."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _clean(text: object, secret: str) -> str:
    line = (str(text).strip().splitlines() or [""])[0]
    if isinstance(text, bytes):
        line = text.decode("utf-8", "replace").strip().splitlines()[0] if text.strip() else ""
    if secret:
        line = line.replace(secret, "***")
    line = re.sub(r"^b'(.*)'$", r"\1", line)
    return "".join("?" if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in line)[:300]


def connect(config: MailConfig, password: str):  # -> imapclient.IMAPClient
    """A logged-in client; a MailError in one line for an unreachable host, a bad certificate or a refused login."""
    import imapclient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{config.host}:{config.port}"
    if config.security == "plain" and not is_loopback(config.host):
        raise MailError(f"refusing a plain (unencrypted) connection to {config.host}: use security tls or starttls")
    context = None
    if config.security != "plain":
        try:
            context = ssl.create_default_context(cafile=config.cafile or None)
        except (OSError, ssl.SSLError) as e:
            raise MailError(f"cannot read the CA file {config.cafile}: {getattr(e, 'strerror', None) or e}") from None
    timeout = imapclient.SocketTimeout(connect=config.timeout, read=config.timeout)
    try:
        client = imapclient.IMAPClient(config.host, port=config.port, ssl=config.security == "tls",
                                       ssl_context=context, timeout=timeout)
        if config.security == "starttls":
            client.starttls(context)
    except ssl.SSLCertVerificationError as e:
        raise MailError(f"the TLS certificate of {where} is not trusted ({e.verify_message}); "
                        "a server with its own certificate authority needs --cafile") from None
    except (socket.timeout, TimeoutError):
        raise MailError(f"cannot reach {where}: no answer within {config.timeout:g} s") from None
    except ssl.SSLError as e:
        raise MailError(f"TLS with {where} failed: {_clean(e.reason or e, password)}") from None
    except OSError as e:
        raise MailError(f"cannot reach {where}: {e.strerror or _clean(e, password)}") from None
    except IMAPClientError as e:
        raise MailError(f"{where} is not an IMAP server that crm can use: {_clean(e, password)}") from None
    try:
        client.login(config.user, password)
    except LoginError as e:
        _close(client)
        raise MailError(f"{where} refused the login for {config.user}: {_clean(e, password) or 'wrong password'} "
                        "(large providers want an app password)") from None
    except (IMAPClientError, OSError) as e:
        _close(client)
        raise MailError(f"login to {where} failed: {_clean(e, password)}") from None
    return client


def _close(client) -> None:  # noqa: ANN001
    try:
        client.logout()
    except Exception:  # already gone
        pass


close = _close


def folder_names(client) -> list[str]:  # noqa: ANN001
    """Every folder on the server, sorted."""
    return sorted(name for _flags, _delim, name in client.list_folders())


def find_sent(client) -> str | None:  # noqa: ANN001
    """The Sent folder: the one marked SPECIAL-USE \\Sent, else the usual names (Gmail's included)."""
    names = client.list_folders()
    for flags, _delim, name in names:
        if b"\\Sent" in flags or "\\Sent" in [f.decode() if isinstance(f, bytes) else f for f in flags]:
            return name
    present = {name.lower(): name for _f, _d, name in names}
    for candidate in SENT_NAMES:
        if candidate.lower() in present:
            return present[candidate.lower()]
    return None


def examine(client, folder: str) -> tuple[int, int]:  # noqa: ANN001
    """Open a folder read-only (EXAMINE); its (UIDVALIDITY, UIDNEXT). A missing folder lists those there are."""
    from imapclient.exceptions import IMAPClientError

    try:
        info = client.select_folder(folder, readonly=True)
    except IMAPClientError as e:
        names = folder_names(client)
        if folder not in names:
            raise MailError(f"no folder {folder!r} on the server; there are: {', '.join(names)}") from None
        raise MailError(f"cannot open {folder!r}: {_clean(e, '')}") from None
    return int(info.get(b"UIDVALIDITY", 0)), int(info.get(b"UIDNEXT", 0) or 0)


@dataclass(frozen=True)
class Fetched:
    """One message as read: its UID, its bytes (headers, and text parts when wanted), its arrival time."""

    uid: int
    raw: bytes
    arrived: dt.datetime | None
    full: bool  # False: headers only (not worth reading further)


def new_uids(client, after: int, since: dt.date | None) -> list[int]:  # noqa: ANN001
    """The UIDs above `after` in the open folder (and on or after `since`), in order."""
    criteria: list = []
    if after:
        criteria += ["UID", f"{after + 1}:*"]
    if since is not None:  # by the Date header (SENTSINCE): SINCE reads the arrival date, a copy's import day
        criteria += ["SENTSINCE", since]
    uids = client.search(criteria or ["ALL"])
    return sorted(u for u in uids if u > after)  # "N:*" always names the last message, even below N


def read(client, uids: list[int], wanted: Callable[[bytes], bool]) -> Iterator[list[Fetched]]:  # noqa: ANN001
    """The messages with these UIDs, a batch at a time: headers for all, text parts for the wanted ones."""
    for start in range(0, len(uids), BATCH):
        chunk = uids[start:start + BATCH]
        answer = client.fetch(chunk, [_HEADER_ITEM, "INTERNALDATE"])
        heads: dict[int, tuple[bytes, dt.datetime | None]] = {}
        for uid, data in answer.items():
            raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"") or b""
            arrived = data.get(b"INTERNALDATE")
            if isinstance(arrived, dt.datetime) and arrived.tzinfo is not None:
                arrived = arrived.astimezone().replace(tzinfo=None)
            heads[uid] = (raw, arrived)
        keep = [uid for uid, (raw, _) in heads.items() if raw and wanted(raw)]
        bodies = _texts(client, keep, {uid: heads[uid][0] for uid in keep}) if keep else {}
        yield [Fetched(uid, bodies.get(uid, heads[uid][0]), heads[uid][1], uid in bodies)
               for uid in sorted(heads)]


def _leaves(structure, prefix: str = "") -> Iterator[tuple[str, object]]:  # noqa: ANN001
    if structure.is_multipart:
        for i, part in enumerate(structure[0], 1):
            yield from _leaves(part, f"{prefix}.{i}" if prefix else str(i))
    else:
        yield prefix, structure


def _s(value: object) -> str:
    return value.decode("ascii", "replace").lower() if isinstance(value, bytes) else str(value or "").lower()


def _named(params: object) -> bool:
    """True when a part's parameters give it a file name (an attachment)."""
    if not isinstance(params, tuple):
        return False
    return any(_s(k) in ("name", "filename") for k in params[0::2])


def _parts(structure) -> list[str] | None:  # noqa: ANN001
    """Which parts to read: the first plain and HTML text and a delivery report; None: a single-part text message."""
    if not structure.is_multipart:
        return None if _s(structure[0]) == "text" else []
    chosen: dict[str, str] = {}
    for number, leaf in _leaves(structure):
        kind = f"{_s(leaf[0])}/{_s(leaf[1])}"
        if kind in ("text/plain", "text/html") and not _named(leaf[2]):
            chosen.setdefault(kind, number)
        elif kind in ("message/delivery-status", "message/global-delivery-status"):
            chosen.setdefault("report", number)
    return list(chosen.values())


def _without_content_headers(head: bytes) -> bytes:
    units = re.split(rb"\r?\n(?![ \t])", head.strip(b"\r\n"))
    kept = [u for u in units if not re.match(rb"(?i)content-(type|transfer-encoding)\s*:", u)]
    return b"\r\n".join(kept) + b"\r\n"


def _texts(client, uids: list[int], heads: dict[int, bytes]) -> dict[int, bytes]:  # noqa: ANN001
    """Each wanted message rebuilt from its headers and its text parts only."""
    plans: dict[tuple[str, ...] | None, list[int]] = defaultdict(list)
    # A message whose own header says text/* (or says nothing: text/plain) is its text: no BODYSTRUCTURE needed.
    parted = []
    for uid in uids:
        kind = re.search(rb"(?im)^content-type:\s*([\w.+-]+/[\w.+-]+)", heads[uid])
        if kind is None or kind.group(1).lower().startswith(b"text/"):
            plans[None].append(uid)
        else:
            parted.append(uid)
    structures = client.fetch(parted, ["BODYSTRUCTURE"]) if parted else {}
    for uid in parted:
        data = structures.get(uid, {})
        structure = data.get(b"BODYSTRUCTURE")
        plans[tuple(_parts(structure)) if structure is not None and _parts(structure) is not None else None].append(uid)
    out: dict[int, bytes] = {}
    for plan, group in plans.items():
        if plan is None:  # one text part: the message's own body
            for uid, data in client.fetch(group, [f"BODY.PEEK[TEXT]<0.{PART_CAP}>"]).items():
                body = next((v for k, v in data.items() if k.startswith(b"BODY[TEXT]")), b"") or b""
                out[uid] = heads[uid].rstrip(b"\r\n") + b"\r\n\r\n" + body
            continue
        if not plan:
            for uid in group:
                out[uid] = heads[uid]
            continue
        items = [x for n in plan for x in (f"BODY.PEEK[{n}.MIME]", f"BODY.PEEK[{n}]<0.{PART_CAP}>")]
        for uid, data in client.fetch(group, items).items():
            boundary = b"crm-part-boundary-7f3a"
            pieces = [_without_content_headers(heads[uid]),
                      b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n']
            for n in plan:
                mime = data.get(f"BODY[{n}.MIME]".encode(), b"") or b""
                body = next((v for k, v in data.items() if k.startswith(f"BODY[{n}]".encode())), b"") or b""
                pieces.append(b"--" + boundary + b"\r\n" + mime.rstrip(b"\r\n") + b"\r\n\r\n" + body + b"\r\n")
            pieces.append(b"--" + boundary + b"--\r\n")
            out[uid] = b"".join(pieces)
    return out


_ADDRESS = re.compile(rb"[\w.+'=-]+@[\w-]+(?:\.[\w-]+)+")


def wanted_by(people: set[str] | dict, own: frozenset[str], domains: set[str]) -> Callable[[bytes], bool]:
    """Whether a message's header bytes make it worth reading: a contact on it, a company's or an ATS's
    domain, or a delivery report. It runs on every message and most are none of these: one search for
    any of the domains that matter rules a message out before any address is read."""
    from crm.mail.addresses import domain_of, fold
    from crm.mail.classify import ats_domains

    sites = tuple(sorted(set(domains) | set(ats_domains())))
    every = {d for d in (*sites, *(domain_of(a) for a in people)) if d}
    ours = re.compile(rb"@(?:[a-z0-9-]+\.)*(?:" + b"|".join(
        re.escape(d.lower().encode("utf-8")) for d in sorted(every, key=len, reverse=True)) + rb")(?![a-z0-9.-])") if every else None

    def wanted(raw: bytes) -> bool:
        low = raw.lower()
        if b"multipart/report" in low or b"mailer-daemon@" in low or b"postmaster@" in low:
            return True
        if ours is None or not ours.search(low):
            return False
        for found in _ADDRESS.findall(low):
            address = found.decode("ascii", "replace")
            if fold(address) in people:
                return True
            domain = address.rpartition("@")[2]
            if domain.endswith(sites) and any(domain == s or domain.endswith("." + s) for s in sites):
                return True
        return False

    return wanted


def __getattr__(name: str) -> object:
    """`BROKEN`: the exceptions that mean the connection broke off (loaded with imapclient, on first use)."""
    if name == "BROKEN":
        return _broken()
    raise AttributeError(name)
