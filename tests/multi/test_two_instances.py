"""Two portal instances and two job consumers on one PostgreSQL and one Redis, as a country runs it.

Real processes under the production gunicorn configuration (two workers each), reached over HTTP:
a session made on one instance works on the other, logging out on one ends it on both, a rate
limit counts across both, and a periodic job is enqueued once per period with two consumers.
Runs in the PostgreSQL pass of the suite (CI's second pass); the SQLite default is one machine.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from portal import create_app
from tests.conftest import empty_tables
from tests.shared_services import redis_url_or_skip

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
JAAN = "38001085718"
DATABASE_URL = os.environ.get("PORTAL_DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgresql"),
    reason="several instances share PostgreSQL (the suite's PG pass)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{base} exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"{base} did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(autouse=True)
def empty_afterwards(database_url: str, tmp_path: Path) -> Iterator[None]:
    """The instances wrote to the suite's database: the next test starts from empty tables."""
    yield
    app = create_app({"ENV": "test", "DATABASE_URL": database_url}, instance_path=tmp_path)
    with app.app_context():
        empty_tables()
    app.extensions["database_engine"].dispose()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, database_url: str) -> Iterator[dict]:
    redis_url = redis_url_or_skip().rsplit("/", 1)[0] + "/14"
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    folder = tmp_path_factory.mktemp("deployment")
    ports = [free_port(), free_port()]
    public = f"http://127.0.0.1:{ports[0]}"  # one public address, as behind a load balancer
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "PROMETHEUS_"))},
        "PORTAL_ENV": "development",
        "PORTAL_DATABASE_URL": database_url,  # migrated by the suite's session fixture
        "PORTAL_REDIS_URL": redis_url,
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_DEV_EID": "1",
        "PORTAL_DEV_XROAD": "1",
        "PORTAL_PUBLIC_URL": public,
        "PORTAL_RATELIMIT_VERIFY": "3 per minute",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
    }
    processes: list[tuple[subprocess.Popen, Path]] = []
    outputs: list = []

    def start(name: str, command: list[str], extra: dict[str, str]) -> tuple[subprocess.Popen, Path]:
        log = folder / f"{name}.log"
        output = log.open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env={**env, **extra}, stdout=output, stderr=subprocess.STDOUT
        )
        outputs.append(output)
        processes.append((process, log))
        return process, log

    bases = []
    for index, port in enumerate(ports):
        app = f"portal:create_app(instance_path='{folder / f'instance-{index}'}')"
        process, log = start(
            f"web-{index}",
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", app],
            {"GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        bases.append((f"http://127.0.0.1:{port}", process, log))
    for base, process, log in bases:
        wait_until_up(base, process, log)
    try:
        yield {"bases": [b for b, _, _ in bases], "start": start, "env": env, "folder": folder}
    finally:
        for process, _log in processes:
            process.send_signal(signal.SIGTERM)
        for process, _log in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for output in outputs:
            output.close()


def sign_in(client: httpx.Client, base: str, provider_base: str) -> str:
    """The real eID flow; the person meets the development provider on `provider_base` (TARA is
    one service: the code it issues there is exchanged by `base`). Returns the page signed in to."""
    to_provider = client.get(f"{base}/login")
    assert to_provider.status_code == 303, to_provider.text[:300]
    authorize = to_provider.headers["Location"].replace(base, provider_base, 1)
    page = client.get(authorize)
    transaction = re.search(r'name="transaction" value="([^"]+)"', page.text).group(1)
    method = re.search(r'name="method" type="radio" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        authorize.split("?")[0],
        data={
            "transaction": transaction,
            "person": "other",
            "personal_code": JAAN,
            "acr": "high",
            "method": method,
        },
    )
    assert answer.status_code == 302, answer.text[:300]
    callback = client.get(answer.headers["Location"])
    assert callback.status_code == 303, callback.text[:500]
    return callback.headers["Location"]


def test_a_session_made_on_one_instance_works_on_the_other_and_logout_ends_it_on_both(deployment):
    first, second = deployment["bases"]
    for _attempt in range(4):  # each sign-in lands on any worker of the instance: none may fail
        with httpx.Client(timeout=20) as client:
            landing = sign_in(client, first, provider_base=second)
            path = landing.removeprefix(first)
            here = client.get(f"{first}{path}")
            there = client.get(f"{second}{path}")
            assert here.status_code == there.status_code == 200
            assert "Jõeorg" in there.text  # the signed-in person's name, served by the other instance
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', there.text)
    assert token, "the signed-in page carries the logout form"
    with httpx.Client(timeout=20, cookies=client.cookies) as client:
        out = client.post(f"{second}/logout", data={"csrf_token": token.group(1)})
        assert out.status_code in (302, 303)
        after = client.get(f"{first}{path}")
        assert after.status_code in (302, 303) and "/login" in after.headers["Location"]


def test_a_rate_limit_counts_across_both_instances(deployment):
    first, second = deployment["bases"]
    answers = [
        httpx.get(f"{base}/verify", params={"code": f"NOPE{index}"}, timeout=20).status_code
        for index, base in enumerate([first, second, first, second, first])
    ]
    assert answers[:3] == [200, 200, 200]
    assert answers[3:] == [429, 429]  # 3 a minute per address, wherever the lookups land


def test_a_periodic_job_is_enqueued_once_per_period_by_two_consumers(deployment):
    # Both schedulers look at once when they start: start them within one minute.
    if time.gmtime().tm_sec > 45:
        time.sleep(62 - time.gmtime().tm_sec)
    consumer = [str(BIN / "huey_consumer"), "portal.jobs.huey", "-w", "1", "-k", "thread"]
    logs = [deployment["start"](f"consumer-{index}", consumer, {})[1] for index in range(2)]
    deadline = time.monotonic() + 40
    while not all("Periodic tasks are enabled" in log.read_text() for log in logs):
        assert time.monotonic() < deadline, "\n\n".join(log.read_text()[-2000:] for log in logs)
        time.sleep(0.3)
    time.sleep(5)  # each scheduler looks for due periodic tasks as soon as it starts
    enqueued = [
        line
        for log in logs
        for line in log.read_text().splitlines()
        if "Enqueueing periodic task portal.jobs.outbox.send_due_outbox" in line
    ]
    assert len(enqueued) == 1, "\n\n".join(log.read_text()[-2000:] for log in logs)
