from flask import render_template
from flask_login import current_user

from portal.models.vacancy import VacancyState
from portal.services.vacancies import messages, queries
from portal.web.employer import employer
from portal.web.employer.views.common import company_code, current_company


@employer.get("/")
def home():
    company = current_company()
    return render_template(
        "employer/home/page.html",
        company=company,
        counts=queries.counts_by_state(company_code()),
        states=list(VacancyState),
        unread=messages.unread_count(company_code()),
        candidates_waiting=queries.candidates_waiting(company_code()),
        waiting_by_vacancy=queries.vacancies_with_waiting_candidates(company_code()),
        acting_alone=current_user.acting_alone,
    )
