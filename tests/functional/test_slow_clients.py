"""Slow clients cannot block the site: gunicorn with the production `gunicorn.conf.py` keeps
answering `/healthz` while clients trickle their headers and bodies at one byte a second.

With the former sync workers, two such connections held both workers of a two-worker site (every
other request waited until gunicorn's 30 s timeout). In production the buffering reverse proxy
stops slow-loris before gunicorn (docs/operations.md); this is the second line.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthz(port: int, timeout: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "PORTAL_ENV": "test",
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_LOG_FORMAT": "text",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "app:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the workers go with it at the end
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if healthz(port, timeout=2) == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "gunicorn.log"
            ).read_text()
            time.sleep(0.3)
        yield port
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: do not wait for the slow clients
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(3)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the group of the server started above
        server.wait(5)
        log.close()


class Trickle:
    """Connections that send what is left of their request one byte a second, from a thread."""

    def __init__(self, port: int, requests: list[tuple[bytes, bytes]]) -> None:
        """`requests`: (sent at once, then trickled) per connection."""
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in requests]
        for sock, (at_once, _rest) in zip(self.sockets, requests, strict=True):
            if at_once:
                sock.sendall(at_once)
        self.pending = [bytearray(rest) for _at_once, rest in requests]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            for sock, pending in zip(self.sockets, self.pending, strict=True):
                if pending:
                    try:
                        sock.send(bytes(pending[:1]))
                    except OSError:
                        continue
                    del pending[:1]

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for sock in self.sockets:
            sock.close()


def test_slow_headers_and_slow_bodies_do_not_block_healthz(gunicorn):
    body = b"csrf_token=x&language=et" * 4
    slow_body = (
        b"POST /logout HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    slow_headers = (b"", b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + b"X-Slow: y\r\n" * 100)
    trickle = Trickle(gunicorn, [slow_headers] * 2 + [(slow_body + body[:1], body[1:])] * 2)
    try:
        time.sleep(2)  # the slow clients hold whatever they can by now
        for _ in range(3):
            started = time.monotonic()
            assert healthz(gunicorn, timeout=5) == 200
            assert time.monotonic() - started < 2
    finally:
        trickle.close()
