"""Public search of vacancies (`/jobs`) and training courses (`/trainings`), and the one-click
unsubscribe of saved-search alerts. Anyone may use them without signing in."""

from flask import Blueprint

from portal.security import Access, guard_blueprint

search_pages = Blueprint("search", __name__)
guard_blueprint(search_pages, Access.PUBLIC)

from portal.web.search import unsubscribe, views  # noqa: E402,F401  (registers routes)
