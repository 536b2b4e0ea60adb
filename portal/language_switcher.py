"""The language switcher of every page: its links, and its HTML kept per language and page."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for
from flask.globals import _cv_request
from markupsafe import Markup

from portal.i18n import current_language, ordered_languages


def language_links() -> list[dict[str, Any]]:
    current = current_language().code
    back_to = request.full_path.rstrip("?") if request else "/"
    languages = ordered_languages()
    # One URL built; the others differ only in the code that ends the path.
    first = url_for("public.choose_language", code=languages[0].code, next=back_to)
    path, question_mark, query = first.partition("?")
    if path.endswith("/" + languages[0].code):
        stem = path[: -len(languages[0].code)]
        hrefs = [f"{stem}{lang.code}{question_mark}{query}" for lang in languages]
    else:  # pragma: no cover - a converter that rewrites codes
        hrefs = [url_for("public.choose_language", code=lang.code, next=back_to) for lang in languages]
    return _links(languages, current, hrefs)


def _links(languages: list[Any], current: str, hrefs: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "code": lang.code,
            "html_lang": lang.html_lang,
            "native_name": lang.native_name,
            "name": lang.name,
            "current": lang.code == current,
            "href": href,
        }
        for lang, href in zip(languages, hrefs, strict=True)
    ]


# Stands for the page to return to in a cached language switcher (no character HTML escapes).
RETURN_TO = "\x1freturn-to\x1f"


def _switcher_macro() -> Any:
    return current_app.jinja_env.get_template("components/language_switcher.html").module.language_switcher


# Finished language switchers kept per app, up to this many (then forgotten all at once).
_SWITCHERS_KEPT = 2048


def language_switcher() -> Markup:
    """The language switcher of every page, finished once per language and page and reused.

    What it shows depends on the page's language, the profile's languages and the page to return
    to (its path and query string), and its links on where the app is served: with those as the
    key, a page views after the first take the finished HTML (no URL built, nothing replaced).
    """
    context = _cv_request.get(None)
    adapter = None if context is None else context.url_adapter
    if adapter is None or any(context.app.url_default_functions.values()):  # type: ignore[union-attr]
        return _render_language_switcher()
    app = context.app  # type: ignore[union-attr]
    key = (
        current_language().code,
        app.extensions["profile"].languages,
        adapter.script_name,
        adapter.server_name,
        adapter.subdomain,
        adapter.url_scheme,
        context.request.full_path,  # type: ignore[union-attr]
    )
    finished = app.extensions["finished_language_switchers"]
    html = finished.get(key)
    if html is None:
        html = _render_language_switcher()
        if len(finished) >= _SWITCHERS_KEPT:
            finished.clear()
        finished[key] = html
    return html


def _render_language_switcher() -> Markup:
    """The switcher from the macro's output kept per language, with this page's query string.

    Its links differ from page to page only in the page to return to, the same query string in
    each (`language_links`); the rest (the languages' names, the current one, the label) depends
    on the language of the page. So the macro's output is kept per language with a marker for the
    query string, and a page puts its own in (escaped, as the macro would).
    """
    languages = ordered_languages()
    back_to = request.full_path.rstrip("?") if request else "/"
    first = url_for("public.choose_language", code=languages[0].code, next=back_to)
    path, question_mark, query = first.partition("?")
    if not path.endswith("/" + languages[0].code):  # pragma: no cover - a converter that rewrites codes
        return _switcher_macro()(language_links())
    stem = path[: -len(languages[0].code)]
    current = current_language().code
    key = (current, tuple(lang.code for lang in languages), stem, question_mark)
    cached = current_app.extensions.setdefault("language_switchers", {})
    html = cached.get(key)
    if html is None:
        links = _links(
            languages, current, [f"{stem}{lang.code}{question_mark}{RETURN_TO}" for lang in languages]
        )
        html = cached[key] = _switcher_macro()(links)
    return html.replace(RETURN_TO, query)  # Markup's replace escapes `query`
