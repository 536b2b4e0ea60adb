"""Building the app imports only what serving most pages needs: the libraries behind migrations,
attachment checks, report charts and documents are imported by the code that uses them, so a web
worker does not carry them until it does (docs/performance.md, "Memory per worker")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from portal import PROJECT_ROOT

# alembic (with mako): migrations and the schema commands; the readiness check reads the revision
# files and the alembic_version table instead. PIL and pikepdf: checking an appeal attachment.
# pygal and lxml: drawing a report chart. segno: a document's QR code. weasyprint and pyhanko:
# rendering and sealing a PDF.
LAZY = ("alembic", "mako", "PIL", "pikepdf", "pygal", "lxml", "segno", "weasyprint", "pyhanko")

PROBE = """
import json, sys
from portal import create_app
app = create_app({
    "ENV": "development", "SECRET_KEY": "x" * 40, "DATABASE_URL": sys.argv[1],
    "DEV_EID": True, "DEV_XROAD": True, "JOBS_IMMEDIATE": True,
})
from portal import warmup
warmup.warm(app)  # what gunicorn's master does before the fork: it must not import them either
client = app.test_client()
statuses = [client.get(path).status_code for path in ("/", "/healthz", "/readyz")]
print(json.dumps({"statuses": statuses, "modules": sorted({name.split(".")[0] for name in sys.modules})}))
"""


def test_creating_the_app_and_serving_the_start_page_imports_none_of_the_heavy_libraries(tmp_path):
    # A process of its own: other tests import these libraries into the test process.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{tmp_path / 'lazy.sqlite3'}"],
        cwd=PROJECT_ROOT,
        env={**env, "PORTAL_ENV": "development"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    # The readiness probe answered (503: the empty database is not migrated) without Alembic.
    assert answer["statuses"] == [200, 200, 503]
    assert "flask" in answer["modules"] and "sqlalchemy" in answer["modules"]
    assert [name for name in LAZY if name in answer["modules"]] == []
