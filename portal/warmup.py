"""Work a preloading server's master does once, before it forks its workers (`gunicorn.conf.py`).

Whatever a worker builds for itself on its first requests (the layouts' and components' compiled
templates, translation catalogs, Babel's locale data, the mappers' configuration, reference data)
is built once per worker and held privately by each. Built in the master before the fork, the workers share one
copy (copy-on-write pages). Only bounded things are built here, and nothing that reads the
database, calls a register or renders a page: it takes about 0.4 s of CPU (`warm` returns
what it built; `bench/memory_alloc.py` prints it with the time it took).
"""

from __future__ import annotations

from flask import Flask


def warm(app: Flask) -> dict[str, int]:
    """Build the per-process caches the pages fill on first use; returns what was built."""
    built = {"templates": templates(app)}
    built["mappers"] = mappers()
    built["locales"] = locales(app)
    built.update(reference_data(app))
    return built


# The templates every page extends or imports. Compiling all 160 costs 1.6 s of CPU, which on a
# busy machine became half a minute before the first worker (the two-instance test's 60 s start
# deadline failed); these 25 cost about 0.12 s a language. A page's own template is compiled by each
# worker. Templates are compiled once per language (portal/template_translations.py): the profile's
# languages are warmed, the others compiled by a worker when a page is first shown in them.
SHARED_TEMPLATES = ("layouts/", "components/", "errors/")


def templates(app: Flask) -> int:
    """Compile the shared templates into the environment's cache in each of the profile's
    languages; returns how many compiled templates were kept."""
    from flask_babel import force_locale

    from portal.i18n import babel_locale

    env = app.jinja_env
    names = [name for name in env.list_templates() if name.startswith(SHARED_TEMPLATES)]
    languages = app.extensions["profile"].languages
    if env.cache is not None and env.cache.capacity < len(names) * len(languages):  # type: ignore[attr-defined]
        return 0  # they would not all stay: leave it to the pages
    with app.test_request_context("/"):
        for code in languages:
            with force_locale(babel_locale(code)):
                for name in names:
                    env.get_template(name)
    return len(names) * len(languages)


def mappers() -> int:
    from sqlalchemy.orm import configure_mappers

    from portal.models.base import Base

    configure_mappers()
    return len(Base.registry.mappers)


def locales(app: Flask) -> int:
    """Each language's catalog and Babel's data for its locale (names, dates, numbers)."""
    from babel import Locale
    from flask_babel import force_locale, get_translations

    from portal.i18n import LANGUAGES, babel_locale

    with app.test_request_context("/"):
        for code in LANGUAGES:
            with force_locale(babel_locale(code)):
                get_translations()
            locale = Locale.parse(babel_locale(code))
            locale.languages, locale.territories, locale.date_formats, locale.decimal_formats  # noqa: B018
    return len(LANGUAGES)


def reference_data(app: Flask) -> dict[str, int]:
    """The profile's municipalities and counties in its languages."""
    from portal.services import reference_data as reference

    profile = app.extensions["profile"]
    built = 0
    for language in profile.languages:
        built += len(reference.municipalities(profile.code, language))
        built += len(reference.counties(profile.code, language))
    return {"reference rows": built}
