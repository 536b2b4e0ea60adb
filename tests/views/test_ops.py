from portal import migrations
from portal.database import build_engine


def test_healthz_and_readyz_when_migrated(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["checks"] == {"database": "ok", "migrations": "ok"}


def test_readyz_is_unavailable_until_migrations_reach_head(make_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
    app = make_app(DATABASE_URL=url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["migrations"] == "pending"
    engine = build_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    assert app.test_client().get("/readyz").status_code == 200


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus's text format."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    head = f"{name}{{{wanted}}}" if labels else name
    for line in text.splitlines():
        if line.startswith(head + " "):
            return float(line.split()[-1])
    raise AssertionError(f"no sample {head} in:\n{text}")


def test_metrics_count_requests_and_show_the_shared_state_to_the_machine_itself(client):
    client.get("/healthz")
    client.get("/healthz")
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    # Counters are process-wide (as Prometheus's are): at least the two just made.
    assert metric(text, "portal_http_requests_total", endpoint="ops.healthz", method="GET", status="2xx") >= 2
    assert metric(text, "portal_http_request_duration_seconds_count", endpoint="ops.healthz") >= 2
    assert metric(text, "portal_outbox_unsent") == 0
    assert metric(text, "portal_register_circuit_open", register="population") == 0
    assert metric(text, "portal_queue_tasks", kind="pending") == 0
    assert "personal" not in text and "38001085718" not in text


def test_metrics_are_not_public(client, make_app):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    guarded = make_app(METRICS_TOKEN="scrape-" + "x" * 20).test_client()
    local = {"REMOTE_ADDR": "127.0.0.1"}
    # With a token, being on the machine is not enough: the scraper proves it knows the token.
    assert guarded.get("/metrics", environ_base=local).status_code == 404
    wrong = guarded.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 404
    right = guarded.get("/metrics", headers={"Authorization": "Bearer scrape-" + "x" * 20})
    assert right.status_code == 200 and b"portal_outbox_unsent" in right.data


def test_an_open_register_circuit_shows(app, client):
    from portal.services import xroad

    with app.app_context():
        service = str(xroad.registers().population.service)
        board = xroad.client().breakers
        for _ in range(board.policy.failures):
            board.failed(service)
    text = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
    assert metric(text, "portal_register_circuit_open", register="population") == 1
    assert metric(text, "portal_register_circuit_open", register="education") == 0
