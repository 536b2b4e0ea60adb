"""gunicorn with the production `gunicorn.conf.py`: a worker holding more connections than threads
answers one of them with `Connection: close` (the client reconnects and the kernel places it again,
portal/gunicorn_worker.py), and keeps every connection while it holds no more than its threads."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[2]
THREADS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(port: int, log: IO[str], **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": str(THREADS),
        **env,
    }
    return subprocess.Popen(
        # The bench's bare app: what is tested is the server, not the portal's pages.
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "bench.hello:app"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the worker goes with it at the end
    )


def answered_and_closed(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
        return answer.startswith(b"HTTP/1.1 200")


@contextlib.contextmanager
def serving(tmp_path: Path, **env: str) -> Iterator[int]:
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    server = start(port, log, **env)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                # Read to the end: the worker counts a connection until it closes it, and the test
                # must start with none but its own.
                if answered_and_closed(port):
                    break
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the group of the server started above
        server.wait(5)
        log.close()


def ask(connection: http.client.HTTPConnection) -> str:
    """One request on a kept connection: the answer's Connection header (keep-alive or close)."""
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b"Hello"
    return (response.getheader("Connection") or "").lower()


def connected(port: int) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.connect()
    return connection


@pytest.fixture
def connections() -> Iterator[list[http.client.HTTPConnection]]:
    opened: list[http.client.HTTPConnection] = []
    yield opened
    for connection in opened:
        connection.close()


def raw_request(port: int) -> tuple[bytes, bytes]:
    """One request on a new connection: the answer's head, then what the socket gives after the
    answer ("" once the server has closed its end)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = b""
        while not answer.endswith(b"Hello"):
            answer += sock.recv(4096)
        return answer.split(b"\r\n\r\n")[0].lower(), sock.recv(1)


def test_a_worker_over_its_threads_closes_one_connection_and_keeps_the_rest(tmp_path, connections):
    with serving(tmp_path) as port:
        connections += [connected(port) for _ in range(THREADS)]
        for _ in range(3):  # at its threads: every connection kept, request after request
            assert [ask(connection) for connection in connections] == ["keep-alive"] * 2
        # One connection more than its threads: answered "Connection: close", then closed.
        head, after = raw_request(port)
        assert b"\r\nconnection: close" in head and after == b""
        for _ in range(3):  # back at its threads: the kept connections stay kept
            assert [ask(connection) for connection in connections] == ["keep-alive"] * 2
        # One more, kept open, then a request on each of the three: the first answered once the
        # worker has accepted the new one is told to close (which one depends on when it accepts),
        # and only that one: the others stay kept.
        connections.append(connected(port))
        answers = [ask(connection) for connection in connections]
        assert sorted(answers) == ["close", "keep-alive", "keep-alive"]
        closed = connections[answers.index("close")]
        assert closed.sock is None  # http.client closed it as the answer said
        kept = [connection for connection in connections if connection is not closed]
        assert [ask(connection) for connection in kept] == ["keep-alive"] * 2


def test_gthread_as_configured_keeps_every_connection_when_turned_off(tmp_path, connections):
    with serving(tmp_path, GUNICORN_SPREAD_CONNECTIONS="0") as port:
        connections += [connected(port) for _ in range(THREADS + 2)]
        for _ in range(3):
            assert [ask(connection) for connection in connections] == ["keep-alive"] * (THREADS + 2)
