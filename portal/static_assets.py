"""Static files under a content-hashed name, cached for a year and sent compressed.

Templates link files with `static_url("govuk/portal.min.css")`, which gives
`/static/govuk/portal.min.<hash>.css`. A changed file gets a new name, so a browser may keep each
name for good (`immutable`) and a page view costs no revalidation. The hash sits in the file name,
not a folder, so relative references between files keep resolving. Plain names still work, with a
short cache, for whatever refers to a file by its plain name (portal.js imports govuk-frontend by
path; old pages in a browser's history).

Files are read and gzipped once per process at start (about 250 KB, in the preloaded gunicorn
master, shared by the workers). After `make assets`, restart the portal. In production the proxy
may serve static/ itself; the hashed names are then the proxy's to map (docs/performance.md).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from flask.globals import _cv_request

IMMUTABLE = "public, max-age=31536000, immutable"
PLAIN_NAME_MAX_AGE = 300  # seconds: short, as the content behind a plain name changes
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class Asset:
    name: str  # path under static/, with "/" separators
    hashed_name: str
    body: bytes
    gzipped: bytes | None  # None when compressing does not pay
    mimetype: str


@dataclass(frozen=True)
class Manifest:
    by_name: dict[str, Asset]
    by_hashed_name: dict[str, Asset]

    def hashed_name(self, name: str) -> str:
        asset = self.by_name.get(name)
        return asset.hashed_name if asset else name


def _hashed(name: str, digest: str) -> str:
    folder, _, file_name = name.rpartition("/")
    stem, dot, extension = file_name.rpartition(".")
    hashed_file = f"{stem}.{digest}.{extension}" if dot and stem else f"{file_name}.{digest}"
    return f"{folder}/{hashed_file}" if folder else hashed_file


def _asset(root: Path, path: Path) -> Asset:
    name = path.relative_to(root).as_posix()
    body = path.read_bytes()
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    gzipped = None
    if mimetype.startswith(COMPRESSIBLE):
        # mtime=0: the same file always compresses to the same bytes.
        candidate = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = candidate if len(candidate) < len(body) else None
    digest = hashlib.sha256(body).hexdigest()[:12]
    return Asset(name, _hashed(name, digest), body, gzipped, mimetype)


@functools.cache
def _build(root: Path, signature: tuple[tuple[str, int, int], ...]) -> Manifest:
    assets = [_asset(root, root / name) for name, _, _ in signature]
    return Manifest({a.name: a for a in assets}, {a.hashed_name: a for a in assets})


def build_manifest(root: Path) -> Manifest:
    """The manifest of every file under `root`; rebuilt only when a file's size or time changes."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    signature = tuple((p.relative_to(root).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _build(root, signature)


def _manifest() -> Manifest:
    return current_app.extensions["static_manifest"]


def static_url(name: str) -> str:
    """The fingerprinted URL of a file under static/ (its plain URL if it is not there).

    In a request the URL depends only on the name and the script root, so it is built once per
    process (every page links the same five files).
    """
    context = _cv_request.get(None)  # the request's context, not its proxies (an AttributeError each)
    if context is None:
        return url_for("static", filename=_manifest().hashed_name(name))
    urls = context.app.extensions["static_urls"]
    key = (context.request.script_root, name)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=_manifest().hashed_name(name))
    return url


def _send_asset(asset: Asset, cache_control: str) -> Response:
    use_gzip = asset.gzipped is not None and request.accept_encodings.quality("gzip") > 0
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = cache_control
    return response


def _serve_static(filename: str) -> Response:
    manifest = _manifest()
    asset = manifest.by_hashed_name.get(filename)
    if asset is not None:
        return _send_asset(asset, IMMUTABLE)
    asset = manifest.by_name.get(filename)
    if asset is not None:
        return _send_asset(asset, f"public, max-age={PLAIN_NAME_MAX_AGE}")
    # A file added since the start: Flask's own sending, revalidated each time.
    return current_app.send_static_file(filename)


def init_app(app: Flask) -> None:
    assert app.static_folder is not None
    app.extensions["static_manifest"] = build_manifest(Path(app.static_folder))
    app.extensions["static_urls"] = {}
    app.view_functions["static"] = _serve_static
    app.jinja_env.globals["static_url"] = static_url
