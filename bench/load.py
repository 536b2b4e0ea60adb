"""A small closed-loop HTTP/1.1 load generator: N keep-alive connections, each sending one request
after another for a fixed time. Plain asyncio streams, so the client costs little CPU beside the
server on a two-core machine, and no package outside the standard library is needed.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    bytes_per_response: int
    connects: int = 0  # connections opened: 32 at the start, then one per "Connection: close"

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.percentile(0.99)


def _request(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Status, body length, and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip()
    if "content-length" in fields:
        length = int(fields["content-length"])
        await reader.readexactly(length)
    elif fields.get("transfer-encoding", "").lower() == "chunked":
        length = 0
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            length += size
            if size == 0:
                break
    else:
        length = len(await reader.read())
        return status, length, False
    return status, length, fields.get("connection", "").lower() != "close"


async def _worker(host, port, payload, deadline, latencies, counters) -> None:
    reader = writer = None
    while time.perf_counter() < deadline:
        try:
            started = time.perf_counter()  # a request that must reconnect waits for that too
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
                counters["connects"] += 1
            writer.write(payload)
            status, length, keep = await _read_response(reader)
            latencies.append((time.perf_counter() - started) * 1000)
            counters["requests"] += 1
            counters["bytes"] = length
            if status != 200:
                counters["errors"] += 1
            if not keep:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            counters["errors"] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def _run(host, port, path, headers, connections, seconds) -> Result:
    payload = _request(host, port, path, headers)
    latencies: list[float] = []
    counters = {"requests": 0, "errors": 0, "bytes": 0, "connects": 0}
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_worker(host, port, payload, deadline, latencies, counters) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    return Result(
        counters["requests"], counters["errors"], elapsed, latencies, counters["bytes"], counters["connects"]
    )


def drive(
    port: int, path: str, *, headers: dict[str, str] | None = None, connections: int = 32, seconds: float = 10
) -> Result:
    return asyncio.run(_run("127.0.0.1", port, path, headers or {}, connections, seconds))
