"""The app's mailer: SMTP with `PORTAL_SMTP_URL`, otherwise `.eml` files in `<instance>/mail/`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import BuildError

from portal import brand
from portal.i18n import LANGUAGES, in_language
from portal.integrations.mail import Mailer, build_message
from portal.profiles import current_profile
from portal.settings import settings

MAIL_DIRECTORY = "mail"


def mailer() -> Mailer:
    """The app's mailer (built by `portal.composition`)."""
    return current_app.extensions["mailer"]


def send_mail(
    *, to: str, subject: str, body: str, language: str | None = None, headers: dict[str, str] | None = None
) -> None:
    """Send a message from `PORTAL_MAIL_FROM` in the site's brand: from the service's name, with an
    HTML part headed like the site's pages, both in `language` (the profile's first by default)."""
    sender = settings().mail_from
    language = language or current_profile().default_language
    with in_language(language):
        sender_name = str(brand.SERVICE_NAME)
        html = current_app.jinja_env.get_template("mail/message.html").render(
            html_lang=LANGUAGES[language].html_lang,
            subject=subject,
            service_name=sender_name,
            paragraphs=[paragraph for paragraph in body.strip().split("\n\n") if paragraph.strip()],
            brand_colour=brand.BRAND_COLOUR,
            text_on_brand=brand.TEXT_ON_BRAND,
            text_colour=brand.TEXT_COLOUR,
        )
    message = build_message(
        sender=sender, to=to, subject=subject, body=body, html=html, sender_name=sender_name, headers=headers
    )
    mailer().send(message)


def absolute_url(endpoint: str, fallback_path: str, **values: Any) -> str:
    """An absolute link into the portal built from `PORTAL_PUBLIC_URL`, usable outside a request
    (mail sent by a background job). `fallback_path` when the endpoint is not registered."""
    public = settings().public_url.rstrip("/")
    parts = urlsplit(public)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    try:
        return adapter.build(endpoint, values, force_external=True)
    except BuildError:
        return public + fallback_path
