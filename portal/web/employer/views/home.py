from flask import g, render_template
from flask_login import current_user

from portal.models.vacancy import VacancyState
from portal.services.vacancies import queries
from portal.web.employer import employer, unread_count
from portal.web.employer.views.common import company_code, current_company


@employer.get("/")
def home():
    company = current_company()
    waiting, waiting_by_vacancy = queries.waiting_candidates(company_code())
    counts, unread = queries.counts_and_unread(company_code())
    if unread is not None:
        g.employer_unread = unread  # the navigation's count (`unread_count`), read with the counts
    return render_template(
        "employer/home/page.html",
        company=company,
        counts=counts,
        states=list(VacancyState),
        unread=unread_count(),
        candidates_waiting=waiting,
        waiting_by_vacancy=waiting_by_vacancy,
        acting_alone=current_user.acting_alone,
    )
