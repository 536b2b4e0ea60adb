from flask import Blueprint

from portal.security import Access, guard_blueprint

public = Blueprint("public", __name__)
guard_blueprint(public, Access.PUBLIC)

from portal.web.public.views import language, start, trainings, vacancy_page, verify  # noqa: E402,F401  (registers routes)
