"""Static files: fingerprinted names cached for good, compressed; plain names cached briefly."""

import gzip
import re

from portal import PROJECT_ROOT
from portal.static_assets import build_manifest

STATIC = PROJECT_ROOT / "static"


def _linked(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_link_every_file_by_its_content_hash(client):
    links = _linked(client.get("/").get_data(as_text=True))
    assert len(links) == 4
    for link in links:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", link), link


def test_a_fingerprinted_file_is_immutable_and_sent_gzipped_when_accepted(client):
    css = next(link for link in _linked(client.get("/").get_data(as_text=True)) if link.endswith(".css"))
    original = (STATIC / "govuk" / "portal.min.css").read_bytes()

    compressed = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert compressed.status_code == 200
    assert compressed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert compressed.mimetype == "text/css"
    assert gzip.decompress(compressed.data) == original
    assert len(compressed.data) < len(original) / 4

    plain = client.get(css)
    assert "Content-Encoding" not in plain.headers
    assert plain.data == original


def test_signed_in_visitors_cache_static_files_too(client):
    css = next(link for link in _linked(client.get("/").get_data(as_text=True)) if link.endswith(".css"))
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # pages are no-store for a signed-in visitor; static files are not
    assert client.get(css).headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_plain_names_keep_working_with_a_short_cache(client):
    # portal.js imports govuk-frontend by this path.
    response = client.get("/static/govuk/govuk-frontend.min.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == (STATIC / "govuk" / "govuk-frontend.min.js").read_bytes()
    assert client.get("/static/govuk/nothing-here.js").status_code == 404


def test_a_changed_file_gets_a_new_name(tmp_path):
    (tmp_path / "css").mkdir()
    target = tmp_path / "css" / "site.css"
    target.write_text("body { color: black }")
    before = build_manifest(tmp_path).hashed_name("css/site.css")
    target.write_text("body { color: blue; }")
    after = build_manifest(tmp_path).hashed_name("css/site.css")
    assert before != after
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", after)
    assert build_manifest(tmp_path).hashed_name("missing.css") == "missing.css"


def test_static_urls_follow_the_script_root_of_each_request(app):
    from flask import url_for

    from portal.static_assets import static_url

    for root in ("", "/pes", ""):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            hashed = app.extensions["static_manifest"].hashed_name("govuk/portal.min.css")
            assert static_url("govuk/portal.min.css") == url_for("static", filename=hashed)
            assert static_url("govuk/portal.min.css").startswith(f"{root}/static/govuk/portal.min.")
