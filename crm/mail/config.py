"""The `[mail]` section of config.toml: where the mailbox is. Never a password: that comes from
CRM_MAIL_PASSWORD, the system keyring, or a prompt, each time."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm.errors import InvalidValue

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECURITY = ("tls", "starttls", "plain")  # plain: loopback only
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}


@dataclass(frozen=True)
class MailConfig:
    """Where and how to read the user's mailbox."""

    host: str
    user: str
    port: int = 993
    security: str = "tls"
    folders: tuple[str, ...] = ("INBOX",)
    sent: tuple[str, ...] = ()  # the folders holding what the user sent (found by `crm mail setup`)
    addresses: tuple[str, ...] = ()  # the user's own addresses (the login when it is one)
    cafile: str = ""  # a CA bundle for a server with a private certificate
    timeout: float = 20.0  # seconds to connect and per reply

    @property
    def own(self) -> tuple[str, ...]:
        """The user's own addresses: those configured, and the login when it is an address."""
        return tuple(dict.fromkeys([*self.addresses, *([self.user] if "@" in self.user else [])]))

    @property
    def account(self) -> str:
        """user@host: the key the sync state is kept under."""
        return f"{self.user}@{self.host}"


_KEYS = {"host": str, "user": str, "port": int, "security": str, "folders": list, "sent": list, "addresses": list,
         "cafile": str, "timeout": (int, float)}


def from_table(table: dict[str, Any], where: str = "[mail]") -> MailConfig:
    """A checked MailConfig from the `[mail]` table."""
    for key, value in table.items():
        if key not in _KEYS:
            raise InvalidValue(f"unknown setting {key!r} in {where}" +
                               (": the password is never stored (use CRM_MAIL_PASSWORD or the keyring)"
                                if "pass" in key.lower() else ""))
        if isinstance(value, bool) or not isinstance(value, _KEYS[key]):
            raise InvalidValue(f"setting {key} in {where} has the wrong type: {value!r}")
    for key in ("host", "user"):
        if not str(table.get(key, "")).strip():
            raise InvalidValue(f"{where} needs {key} (run `crm mail setup`)")
    security = table.get("security", "tls")
    if security not in SECURITY:
        raise InvalidValue(f"security in {where} must be one of {', '.join(SECURITY)}, not {security!r}")
    port = table.get("port", DEFAULT_PORTS[security])
    if not 0 < port < 65536:
        raise InvalidValue(f"port in {where} must be 1-65535, not {port}")
    lists = {k: tuple(str(v) for v in table.get(k, ())) for k in ("folders", "sent", "addresses")}
    return MailConfig(host=table["host"].strip(), user=table["user"].strip(), port=port, security=security,
                      folders=lists["folders"] or ("INBOX",), sent=lists["sent"], addresses=lists["addresses"],
                      cafile=table.get("cafile", ""), timeout=float(table.get("timeout", 20.0)))


def load(path: Path) -> MailConfig:
    """The `[mail]` settings in `path`; an InvalidValue naming the file when there are none or they are wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidValue(f"cannot read {path}: {e}") from e
    table = data.get("mail")
    if not isinstance(table, dict):
        raise InvalidValue(f"no [mail] settings in {path}: run `crm mail setup` first")
    return from_table(table, f"[mail] of {path}")


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def section_text(config: MailConfig) -> str:
    """The `[mail]` section as TOML (no password: there is no place for one)."""
    lines = ["[mail]", "# read-only IMAP access for `crm mail sync`; the password is never stored here"]
    for key in ("host", "port", "security", "user", "folders", "sent", "addresses", "cafile", "timeout"):
        value = getattr(config, key)
        if value in ("", ()):
            continue
        lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def with_section(old: str, config: MailConfig) -> str:
    """The config file's text with its `[mail]` section replaced (or added); everything else kept as it was."""
    out, skipping = [], False
    for line in old.splitlines(keepends=True):
        header = re.match(r"\s*\[([^\]]+)\]\s*(#.*)?$", line)
        if header:
            skipping = header.group(1).strip() == "mail"
        if not skipping:
            out.append(line)
    text = "".join(out).rstrip("\n")
    return (text + "\n\n" if text else "") + section_text(config)
