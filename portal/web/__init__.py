"""Blueprints, one per audience. Later issues add auth, jobseeker, employer, backoffice, xroad."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.web.converters import CONVERTERS

    app.url_map.converters.update(CONVERTERS)
    from portal.web.ops import ops
    from portal.web.public import public

    app.register_blueprint(ops)
    app.register_blueprint(public)
