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
