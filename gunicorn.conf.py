# gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`
#
# Worker model: threaded workers (gthread). A request waiting on slow I/O (a register over X-Road,
# the database, a client sending its body slowly) holds one thread, not a whole process, so a few
# slow requests cannot freeze the site: with the defaults, 2 workers x 8 threads serve 16 requests
# at once. The prefill's deadline (PORTAL_XROAD_PREFILL_DEADLINE, 6 s) and the circuit breakers
# bound how long a register can hold a thread. Slow uploads are still the reverse proxy's job: it
# must buffer whole request bodies before passing them on (docs/operations.md, "Reverse proxy").
import gc
import os
import tempfile
import time

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# gthread, but a worker holding more connections than threads answers the next request on one with
# "Connection: close", so the client reconnects and the kernel places the connection again: the
# proxy's keep-alive connections even out over the workers without a cap on how many an instance
# accepts (portal/gunicorn_worker.py; docs/performance.md, "keep-alive connections spread unevenly").
# GUNICORN_SPREAD_CONNECTIONS=0 returns to gunicorn's own gthread worker.
spread_connections = os.environ.get("GUNICORN_SPREAD_CONNECTIONS", "1") != "0"
worker_class = "portal.gunicorn_worker.SpreadingThreadWorker" if spread_connections else "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
preload_app = True  # one import, shared pages of memory (about 50 MiB per worker)
# A request still running after this is killed with its worker: longer than the prefill deadline
# and the database's statement timeout, so those answer first with the portal's own pages.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # the proxy keeps connections open; idle ones close after 5 s
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections over
# them. With one shared socket whichever worker wakes first accepts, so the proxy's keep-alive
# connections pile up on one or two workers while others idle, and the busiest worker's queue sets
# the tail latency (docs/performance.md, "keep-alive connections spread unevenly"). Connections still
# waiting in a worker's own accept queue when it exits are reset unless the host sets
# net.ipv4.tcp_migrate_req=1 (docs/operations.md). GUNICORN_REUSE_PORT=0 returns to one socket.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1") != "0"
# gunicorn's control socket (`gunicornc`) is one path per user by default ($HOME/.gunicorn/): every
# instance on a host would take the same socket, and the last to start or stop wins it. Off unless
# GUNICORN_CONTROL_SOCKET names a path of this instance's own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
accesslog = "-"
logger_class = "portal.gunicorn_logging.RedactingLogger"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# /metrics adds up every worker of this instance: prometheus_client keeps each process's figures in
# files here. A fresh folder each start, so a previous run's workers are not counted.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="portal-metrics-"))


def when_ready(server):
    # Once, in the master, before the first fork: compile the layouts and components, load the
    # catalogs and Babel's locale data, configure the mappers (0.4 s of CPU). Each worker would
    # otherwise build its own copy on its first pages; built here, the workers share one
    # (portal/warmup.py; docs/performance.md, "Memory per gunicorn worker").
    from portal import warmup

    app = server.app.wsgi()
    if "database_engine" not in getattr(app, "extensions", {}):
        return  # not the portal (the bench's hello app): nothing of the portal's to build
    started = time.process_time()
    try:
        built = warmup.warm(app)
    except Exception:  # a warm-up that fails leaves the work to the pages, as without it
        server.log.exception("warm-up failed; the workers build their caches themselves")
        return
    server.log.info("warm-up: %s in %.1f s CPU", built, time.process_time() - started)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def pre_fork(server, worker):
    # Move the preloaded app's objects out of the collector's reach before forking: otherwise the
    # first collection in a worker writes to every object's header and un-shares the pages the
    # workers got from the master (copy-on-write). A trial halved each worker's private memory.
    gc.freeze()


def post_fork(server, worker):
    # Each worker's own caches (its pages' compiled SQL and templates, kept figures) are frozen once
    # built, so its full collections do not scan them again and again with the GIL held: over a long
    # run they grew from 8 to 48 ms of CPU each (portal/worker_gc.py; docs/performance.md).
    from portal import worker_gc

    worker_gc.install()
    # On SQLite the WAL's checkpoint (its fsyncs) runs in a thread of the worker, not inside the
    # request whose commit fills the WAL (portal/database_engine.py, `WalCheckpointer`).
    engine = getattr(server.app.wsgi(), "extensions", {}).get("database_engine")
    if engine is not None:  # the portal (not the bench's hello app)
        from portal import database_engine

        database_engine.start_wal_checkpointer(engine)
