from types import SimpleNamespace

from gunicorn.config import Config

from portal.gunicorn_logging import RedactingLogger


def test_access_log_atoms_never_carry_personal_codes():
    logger = RedactingLogger(Config())
    request = SimpleNamespace(
        headers=[],
        method="GET",
        path="/x/38001085718",
        query="code=EE38001085718",
        version=(1, 1),
        uri="/x/38001085718?code=EE38001085718",
    )
    response = SimpleNamespace(status="200 OK", headers=[], response_length=10, sent=10)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/x/38001085718?code=EE38001085718",
        "PATH_INFO": "/x/38001085718",
        "QUERY_STRING": "code=EE38001085718",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "/p/1234567890",
    }
    import datetime as dt

    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0.01))
    joined = " ".join(str(v) for v in atoms.values())
    assert "38001085718" not in joined and "1234567890" not in joined
    assert "[personal-code]" in atoms["r"]


def test_the_eid_authorization_code_and_state_are_not_logged():
    import datetime as dt

    logger = RedactingLogger(Config())
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
    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0.01))
    joined = " ".join(str(v) for v in atoms.values())
    assert "Zm9vYmFyLWNvZGU" not in joined and "c3RhdGUtdmFsdWU" not in joined
    assert atoms["r"] == "GET /auth/callback?code=[redacted]&state=[redacted] HTTP/1.1"
