"""A throwaway Dovecot IMAP server on a free loopback port, for the mail tests and benchmarks/mail.py.

One passwd-file user, a Maildir, and a self-signed certificate (made with openssl) for the TLS port;
a plain port too (loopback only, as crm allows). As root the mail is owned by the `dovecot` user
(Dovecot refuses uid 0 for mail and root for its login processes); as anyone else, by that user.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

USER, PASSWORD = "me@example.org", "corr3ct-h0rse"


def available() -> bool:
    """True when Dovecot and openssl are installed (Debian: dovecot-imapd)."""
    return bool(shutil.which("dovecot") or Path("/usr/sbin/dovecot").exists()) and bool(shutil.which("openssl"))


def _binary() -> str:
    return shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dovecot:
    """A running server: `plain_port`, `tls_port`, `cafile`; `append` seeds messages over IMAP."""

    root: Path
    folders: tuple[tuple[str, str], ...] = (("Sent", "\\Sent"),)  # (name, special-use or "")
    plain_port: int = 0
    tls_port: int = 0
    cafile: str = ""
    owner: tuple[int, int] = field(default=(0, 0))

    def start(self) -> "Dovecot":
        root = self.root
        (root / "run").mkdir(parents=True, exist_ok=True)
        (root / "mail").mkdir(exist_ok=True)
        os.chmod(root, 0o755)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(root / "key.pem"),
                        "-out", str(root / "cert.pem"), "-days", "30", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
        self.cafile = str(root / "cert.pem")
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        me = pwd.getpwuid(os.getuid())
        if os.getuid() == 0:
            mail_user, internal, group, login = pwd.getpwnam("dovecot"), "dovecot", "dovecot", "dovenull"
        else:
            import grp

            mail_user, internal, login = me, me.pw_name, me.pw_name
            group = grp.getgrgid(me.pw_gid).gr_name
        self.owner = (mail_user.pw_uid, mail_user.pw_gid)
        self.plain_port, self.tls_port = free_port(), free_port()
        mailboxes = "".join(
            f'  mailbox "{name}" {{\n    auto = subscribe\n' + (f"    special_use = {use}\n" if use else "") + "  }\n"
            for name, use in self.folders)
        (root / "dovecot.conf").write_text(f"""
base_dir = {root}/run
state_dir = {root}/run
instance_name = crm-test-{self.plain_port}
protocols = imap
listen = 127.0.0.1
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {min(mail_user.pw_uid, 1)}
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
""")
        self._chown()
        # Dovecot forks into the background holding its output open: never wait on a pipe to it.
        subprocess.run([_binary(), "-c", str(root / "dovecot.conf")], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):  # a real server taking its time: poll the port, no fixed sleep
            try:
                with socket.create_connection(("127.0.0.1", self.plain_port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"dovecot did not start: {(root / 'dovecot.log').read_text()[-2000:]}")

    def _chown(self) -> None:
        if os.getuid() == 0:
            for path in [self.root / "mail", *(self.root / "mail").rglob("*")]:
                os.chown(path, *self.owner)

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            for _ in range(250):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.02)

    def imap(self) -> imaplib.IMAP4:
        """A plain imaplib session logged in (the tests' own hands, not crm's)."""
        session = imaplib.IMAP4("127.0.0.1", self.plain_port)
        session.login(USER, PASSWORD)
        return session

    def append(self, folder: str, messages: list[bytes]) -> None:
        """Put messages in a folder over IMAP (created if new), as a mail program would."""
        session = self.imap()
        try:
            session.create(f'"{folder}"')
            for raw in messages:
                typ, data = session.append(f'"{folder}"', None, None, raw)
                assert typ == "OK", data
        finally:
            session.logout()

    def maildir(self, folder: str = "INBOX") -> Path:
        """The Maildir folder holding `folder` on disk."""
        base = self.root / "mail" / USER / "Maildir"
        return base if folder == "INBOX" else base / f".{folder.replace('/', '.')}"

    def write_maildir(self, folder: str, messages: list[bytes], start: int = 0) -> None:
        """Drop messages straight into the folder's Maildir (fast seeding for the benchmark)."""
        base = self.maildir(folder)
        for sub in ("cur", "new", "tmp"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        for i, raw in enumerate(messages, start):
            (base / "cur" / f"{1_700_000_000 + i}.M{i}P1.crmtest:2,S").write_bytes(raw)
        self._chown()
