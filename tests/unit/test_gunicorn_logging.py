import datetime as dt
import logging
from types import SimpleNamespace

from gunicorn.config import Config

from portal.gunicorn_logging import RedactingLogger

FORMAT_NAMING_EVERYTHING = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(U)s %(q)s '
    "%({referer}i)s %({x-original-url}i)s %({location}o)s %({query_string}e)s %({raw_uri}e)s"
)


def log_lines(request, response, environ, access_log_format: str | None = None) -> list[str]:
    """The lines gunicorn's access log writes for one request, with the portal's logger."""
    config = Config()
    config.set("accesslog", "-")
    if access_log_format:
        config.set("access_log_format", access_log_format)
    logger = RedactingLogger(config)
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    logger.access_log.handlers[:] = [Keep()]
    logger.access(response, request, environ, dt.timedelta(seconds=0.01))
    return lines


def test_access_log_atoms_never_carry_personal_codes():
    request = SimpleNamespace(
        headers=[("REFERER", "/p/1234567890"), ("X-ORIGINAL-URL", "/x/38001085718")],
        method="GET",
        path="/x/38001085718",
        query="code=EE38001085718",
        version=(1, 1),
        uri="/x/38001085718?code=EE38001085718",
    )
    response = SimpleNamespace(
        status="303 SEE OTHER", headers=[("Location", "/y/49004230347")], response_length=10, sent=10
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/x/38001085718?code=EE38001085718",
        "PATH_INFO": "/x/38001085718",
        "QUERY_STRING": "code=EE38001085718",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "/p/1234567890",
    }
    for access_log_format in (None, FORMAT_NAMING_EVERYTHING):  # gunicorn's default, and every atom
        [line] = log_lines(request, response, environ, access_log_format)
        for code in ("38001085718", "1234567890", "49004230347"):
            assert code not in line
        assert '"GET /x/[personal-code]?code=[redacted] HTTP/1.1"' in line
    # Whatever atom a format reads, it reads redacted.
    logger = RedactingLogger(Config())
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, dt.timedelta(seconds=0.01)))
    joined = " ".join(str(atoms[key]) for key in atoms)
    assert "38001085718" not in joined and "1234567890" not in joined and "49004230347" not in joined
    assert "[personal-code]" in atoms["r"]


def test_the_eid_authorization_code_and_state_are_not_logged():
    uri = "/auth/callback?code=Zm9vYmFyLWNvZGU&state=c3RhdGUtdmFsdWU"
    request = SimpleNamespace(
        headers=[], method="GET", path="/auth/callback", query=uri.split("?")[1], version=(1, 1), uri=uri
    )
    response = SimpleNamespace(status="303 SEE OTHER", headers=[], response_length=0, sent=0)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": "/auth/callback",
        "QUERY_STRING": uri.split("?")[1],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    for access_log_format in (None, FORMAT_NAMING_EVERYTHING):
        [line] = log_lines(request, response, environ, access_log_format)
        assert "Zm9vYmFyLWNvZGU" not in line and "c3RhdGUtdmFsdWU" not in line
        assert '"GET /auth/callback?code=[redacted]&state=[redacted] HTTP/1.1"' in line


def test_each_atom_is_looked_up_when_read_and_reads_as_through_gunicorns_atoms():
    """The access line reads atoms lazily (`LazyAtoms`); every key gunicorn's `atoms()` makes reads
    the same escaped, redacted value, and any other key reads "-" as with `SafeAtoms`."""
    from portal.gunicorn_logging import LazyAtoms, RedactingAtoms

    request = SimpleNamespace(
        headers=[("HOST", "portal"), ("REFERER", '/p/38001085718?q="x"'), ("X-DUP", "1"), ("X-DUP", "2")],
        method="GET",
        path="/x/38001085718",
        query="state=abc",
        version=(1, 1),
        uri="/x/38001085718?state=abc",
    )
    response = SimpleNamespace(
        status="200 OK", headers=[("Content-Type", "text/html"), ("Location", "/y/49004230347")], sent=12
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/x/38001085718?state=abc",
        "PATH_INFO": "/x/38001085718",
        "QUERY_STRING": "state=abc",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": '/p/38001085718?q="x"',
        "HTTP_USER_AGENT": "bench",
        "HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz",
        "wsgi.version": (1, 0),
    }
    logger = RedactingLogger(Config())
    took = dt.timedelta(seconds=1, microseconds=2345)
    eager = RedactingAtoms(logger.atoms(response, request, environ, took))
    lazy = LazyAtoms(logger, response, request, environ, took)
    for key in eager:
        if key == "t":  # the time of the line, read twice
            continue
        assert lazy[key] == eager[key], key
        if key.startswith("{"):
            assert lazy[key.upper()] == eager[key.upper()], key
    for missing in ("x", "{nothing}i", "{nothing}o", "{nothing}e", "{host}", "{host"):
        assert lazy[missing] == eager[missing] == "-"
    assert lazy["{x-dup}i"] == "2" and lazy["u"] == "user"
    assert "[personal-code]" in lazy["r"] and "state=[redacted]" in lazy["r"]
    assert set(lazy) == set(eager) and bool(lazy)
