"""Blueprints, one per audience. Later issues add auth, jobseeker, employer, backoffice, xroad."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.web import field_components
    from portal.web.converters import CONVERTERS
    from portal.web.select_options import select_options

    app.url_map.converters.update(CONVERTERS)
    app.jinja_env.globals["select_options"] = select_options
    # components/text_input.html, textarea.html, select.html, radios.html, checkboxes.html, date_input.html
    for name in ("text_input", "textarea", "select", "radios", "checkboxes", "date_input"):
        app.jinja_env.globals[f"field_{name}"] = getattr(field_components, name)
    from portal.web.vacancy_fields import vacancy_fields

    app.jinja_env.globals["field_vacancy_fields"] = vacancy_fields  # the vacancy form pages
    from portal.web import auth as auth_package
    from portal.web import parameters
    from portal.web.auth import auth
    from portal.web.backoffice import backoffice
    from portal.web.employer import employer
    from portal.web.jobseeker import jobseeker
    from portal.web.ops import ops
    from portal.web.public import public
    from portal.web.search import search_pages
    from portal.web.xroad_provider import xroad_provider

    parameters.init_app(app)
    auth_package.init_app(app)
    for blueprint in (ops, public, search_pages, auth, jobseeker, employer, backoffice, xroad_provider):
        app.register_blueprint(blueprint)
