"""gunicorn's threaded worker that lets go of kept-alive connections it holds beyond its threads.

Each worker listens on its own socket (`reuse_port`) and the kernel places a new connection by a
hash of its addresses, so a proxy's keep-alive connections are spread evenly only on average: of the
bench's 32, the busiest of four workers held 9 to 15. The OS shares the CPU between the processes, not
between their connections, so that worker's connections wait longer and a page's p99 is its queue
(docs/performance.md, "keep-alive connections spread unevenly"). Refusing to accept beyond a cap
(`worker_connections`) evens the spread but caps the instance, idle connections included: a proxy's
burst would wait in the backlog.

This worker never refuses a connection. While it holds more open connections than it has threads,
it answers the next request on one with `Connection: close` (after the whole response, as
HTTP/1.1 allows), so the client opens a new connection and the kernel places that one again, on
another worker as likely as not. A worker at or under its threads keeps every connection, so once
the connections are spread no more are closed: with 32 connections and 4 x 8 threads each worker
settles at 8. With more connections than the instance's threads, the excess is reconnected at
each request, as if keep-alive were off for it; no request waits for a free connection slot.
`GUNICORN_SPREAD_CONNECTIONS=0` in gunicorn.conf.py returns to gunicorn's own `gthread` worker.
"""

from __future__ import annotations

import threading

from gunicorn.workers.gthread import ThreadWorker


class SpreadingThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep_at_most = self.cfg.threads
        # Connections answered with "Connection: close" and not yet closed by the main loop: the
        # threads decide concurrently, and without these each would close one for the same excess.
        self.closing = 0
        self.closing_lock = threading.Lock()

    def handle_request(self, req, conn):  # a thread of the pool
        if not req.should_close() and self.nr_conns - self.closing > self.keep_at_most:
            with self.closing_lock:
                if self.nr_conns - self.closing > self.keep_at_most:
                    self.closing += 1
                    conn.shed = True
                    req.force_close()  # the response says "Connection: close"; handle() closes
        return super().handle_request(req, conn)

    def finish_request(self, conn, fs) -> None:  # the main loop, where nr_conns is counted down
        try:
            super().finish_request(conn, fs)
        finally:
            if getattr(conn, "shed", False):
                conn.shed = False
                with self.closing_lock:
                    self.closing -= 1
