"""Bad input and faults: one `Error:` line each, the password never shown, nothing half-written."""

from __future__ import annotations

import socket
import threading

import pytest

from crm.store.models import Interaction, MailFolder, MailMessage
from tests.crm.mail.conftest import configure, seed_store
from tests.crm.mail.dovecot import PASSWORD, USER, Dovecot


def _one_error_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert PASSWORD not in output and "Traceback" not in output
    return lines[0]


def test_a_wrong_password_is_one_line_without_it(db, dovecot, crm, monkeypatch) -> None:
    monkeypatch.setenv("CRM_MAIL_PASSWORD", "not-" + PASSWORD)
    out = crm("mail", "setup", "--host", "127.0.0.1", "--port", str(dovecot.plain_port), "--security", "plain",
              "--user", USER, code=1).output
    line = _one_error_line(out)
    assert "refused the login for me@example.org" in line and "app password" in line
    assert "not-" + PASSWORD not in out


def test_an_unreachable_host_is_one_line_within_the_timeout(db, crm) -> None:
    with socket.socket() as silent:  # takes the connection, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        line = _one_error_line(crm("mail", "setup", "--host", "127.0.0.1", "--port", str(port), "--security", "plain",
                                   "--user", USER, "--timeout", "0.5", code=1).output)
    assert line == f"Error: cannot reach 127.0.0.1:{port}: no answer within 0.5 s"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    line = _one_error_line(crm("mail", "setup", "--host", "127.0.0.1", "--port", str(closed), "--security", "plain",
                               "--user", USER, code=1).output)
    assert line == f"Error: cannot reach 127.0.0.1:{closed}: Connection refused"


def test_plain_only_to_loopback(db, crm) -> None:
    line = _one_error_line(crm("mail", "setup", "--host", "imap.example.com", "--security", "plain", "--user", USER,
                               code=1).output)
    assert "refusing a plain (unencrypted) connection to imap.example.com" in line


def test_tls_needs_the_ca_of_a_private_certificate(db, seeded, crm) -> None:
    seed_store()
    line = _one_error_line(crm("mail", "setup", "--host", "127.0.0.1", "--port", str(seeded.tls_port), "--user", USER,
                               code=1).output)
    assert "is not trusted" in line and "--cafile" in line
    configure(crm, seeded, tls=True)
    assert "9 logged" in crm("mail", "sync").output


def test_a_missing_folder_lists_those_there_are(db, seeded, crm) -> None:
    configure(crm, seeded)
    line = _one_error_line(crm("mail", "sync", "--folder", "Archive", code=1).output)
    assert line == "Error: no folder 'Archive' on the server; there are: INBOX, Sent"


def test_setup_needs_no_password_in_the_file(db, seeded, crm) -> None:
    from crm.followup.settings import config_path

    configure(crm, seeded)
    text = config_path().read_text()
    assert PASSWORD not in text and 'sent = ["Sent"]' in text
    assert oct(config_path().stat().st_mode & 0o777) == "0o600"


def test_a_gmail_style_sent_folder_is_found(db, tmp_path, crm) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    from crm.followup.settings import config_path

    root = Path(tempfile.mkdtemp(prefix="crm-dovecot-"))
    server = Dovecot(root, folders=(("[Gmail]/Sent Mail", ""), ("[Gmail]/All Mail", ""))).start()
    try:
        configure(crm, server)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    assert 'sent = ["[Gmail]/Sent Mail"]' in config_path().read_text()


class _Cutter:
    """A loopback proxy to the server that drops the connection when the client sends its Nth FETCH."""

    def __init__(self, target: int, cut_at: int) -> None:
        self.target, self.cut_at, self.fetches = target, cut_at, 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.target))

        def down() -> None:
            try:
                while data := server.recv(65536):
                    client.sendall(data)
            except OSError:
                pass

        threading.Thread(target=down, daemon=True).start()
        try:
            while data := client.recv(65536):
                self.fetches += data.count(b" FETCH ")
                if self.fetches >= self.cut_at:
                    break
                server.sendall(data)
        except OSError:
            pass
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def test_a_dropped_connection_keeps_whole_batches_and_the_next_run_resumes(db, seeded, crm, monkeypatch) -> None:
    from tests.crm.mail.test_sync import EXPECTED, logged

    monkeypatch.setattr("crm.mail.imap.BATCH", 4)
    seed_store()
    configure(crm, seeded)
    cutter = _Cutter(seeded.plain_port, cut_at=7)
    crm("mail", "setup", "--host", "127.0.0.1", "--port", str(cutter.port), "--security", "plain", "--user", USER,
        "--no-test")
    line = _one_error_line(crm("mail", "sync", code=1).output)
    assert "broke off in INBOX after 4 messages" in line and "run crm mail sync again" in line
    assert MailFolder.get().last_uid == 4  # the first batch, whole
    saved = Interaction.select().count()
    assert 0 < saved < len(EXPECTED) and MailMessage.select().count() == saved
    configure(crm, seeded)
    crm("mail", "sync")
    assert logged() == EXPECTED


def test_unreadable_messages_are_skipped_and_counted(db, seeded, crm) -> None:
    seed_store()
    configure(crm, seeded)
    assert "1 unreadable skipped" in crm("mail", "sync").output


def test_the_keyring_keeps_the_password_for_the_next_sync(db, seeded, crm, monkeypatch) -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        seed_store()
        crm("mail", "setup", "--host", "127.0.0.1", "--port", str(seeded.plain_port), "--security", "plain",
            "--user", USER, "--keyring")
        assert Memory.store == {("crm-mail", f"{USER}@127.0.0.1"): PASSWORD}
        monkeypatch.delenv("CRM_MAIL_PASSWORD")
        assert "9 logged" in crm("mail", "sync").output
    finally:
        keyring.set_keyring(before)


def test_no_password_anywhere_is_one_line(db, seeded, crm, monkeypatch) -> None:
    configure(crm, seeded)
    monkeypatch.delenv("CRM_MAIL_PASSWORD")
    monkeypatch.setattr("crm.cli.mail.KEYRING_SERVICE", "crm-mail-test-nothing-here")
    line = _one_error_line(crm("mail", "sync", code=1).output)
    assert line.startswith("Error: no mail password: set CRM_MAIL_PASSWORD")
