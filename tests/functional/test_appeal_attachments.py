"""Appeal attachments are parsed, not trusted by their first bytes: polyglots and files with active
content are refused, and with PORTAL_CLAMAV_SOCKET set every file is scanned by clamd (here a fake
clamd that speaks the INSTREAM protocol and knows the EICAR test signature)."""

from __future__ import annotations

import dataclasses
import socketserver
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Appeal
from tests import samples
from tests.functional.test_appeals import add_decision, english, post_appeal, text_of

NOT_A_FILE_OF_ITS_TYPE = "is not a PDF, JPEG or PNG file"
ACTIVE = "contains scripts, embedded files or a password"


def appeals_filed(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Appeal))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "letter.pdf",
            b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n",
            NOT_A_FILE_OF_ITS_TYPE,
        ),
        ("letter.pdf", samples.pdf(javascript=True), ACTIVE),
        ("letter.pdf", samples.pdf(launch=True), ACTIVE),
        ("letter.pdf", samples.pdf(embedded=True), ACTIVE),
        ("photo.jpg", b"\xff\xd8\xff\xe0<script>alert(1)</script>", NOT_A_FILE_OF_ITS_TYPE),
        ("photo.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>", NOT_A_FILE_OF_ITS_TYPE),
        ("photo.png", samples.PNG + b"<html><script>alert(1)</script></html>", ACTIVE),
        ("photo.jpg", samples.JPEG[:40], NOT_A_FILE_OF_ITS_TYPE),  # truncated
    ],
)
def test_files_that_only_look_like_documents_are_refused(eid_app, client_as, name, content, message):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    response = post_appeal(client, decision_id, files=[("evidence.pdf", samples.PDF), (name, content)])
    assert response.status_code == 400
    assert f"The file “{name}” {message}" in text_of(response)
    assert 'href="#attachments-2"' in text_of(response)
    assert appeals_filed(eid_app) == 0


class FakeClamd(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """Answers INSTREAM like clamd: EICAR is FOUND, anything else OK. Keeps what it was sent."""

    daemon_threads = True

    def __init__(self, path: str) -> None:
        self.scanned: list[bytes] = []
        super().__init__(path, _ClamdHandler)


class _ClamdHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.rfile.read(1)
        assert command == b"zINSTREAM\0"
        content = b""
        while True:
            (length,) = struct.unpack("!I", self.rfile.read(4))
            if length == 0:
                break
            content += self.rfile.read(length)
        self.server.scanned.append(content)
        verdict = b"stream: Eicar-Signature FOUND" if samples.EICAR in content else b"stream: OK"
        self.wfile.write(verdict + b"\0")


@pytest.fixture
def clamd(tmp_path: Path) -> Iterator[FakeClamd]:
    server = FakeClamd(str(tmp_path / "clamd.sock"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def configure_clamav(app, address: str) -> None:
    """As if the app had started with PORTAL_CLAMAV_SOCKET set (settings are frozen)."""
    app.extensions["settings"] = dataclasses.replace(app.extensions["settings"], clamav_socket=address)


def test_with_clamav_configured_every_file_is_scanned_and_eicar_is_refused(eid_app, client_as, clamd):
    configure_clamav(eid_app, clamd.server_address)
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    # EICAR in a stream of a PDF: a well-formed PDF that only the virus scanner can refuse.
    infected = samples.pdf(payload=samples.EICAR)
    refused = post_appeal(client, decision_id, files=[("payslip.pdf", samples.PDF), ("scan.pdf", infected)])
    assert refused.status_code == 400
    assert "The file “scan.pdf” contains a virus. Choose another file." in text_of(refused)
    assert appeals_filed(eid_app) == 0

    accepted = post_appeal(
        client, decision_id, files=[("payslip.pdf", samples.PDF), ("photo.png", samples.PNG)]
    )
    assert accepted.status_code == 303
    assert clamd.scanned[-2:] == [samples.PDF, samples.PNG]
    assert appeals_filed(eid_app) == 1


def test_when_the_scanner_cannot_be_reached_no_file_is_accepted(eid_app, client_as, tmp_path):
    configure_clamav(eid_app, str(tmp_path / "nobody-listens.sock"))
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    response = post_appeal(client, decision_id, files=[("payslip.pdf", samples.PDF)])
    assert response.status_code == 400
    assert "We could not check the file “payslip.pdf” for viruses just now." in text_of(response)
    assert appeals_filed(eid_app) == 0
