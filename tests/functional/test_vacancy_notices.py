"""The company is told by e-mail that something is new: the link only, once per batch."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy

from sqlalchemy import select, update

from portal.extensions import db
from portal.models.vacancy import EmployerCompany, EmployerMessage, Vacancy
from portal.services import outbox
from portal.services.vacancies.workflow import expire_past_deadline
from portal.services.vacancy_seed import seed_demo_vacancies


def test_expiry_tells_the_company_by_e_mail_without_the_vacancy_s_content(app, instance_path):
    with app.app_context():
        seed_demo_vacancies()
        db.session.execute(update(EmployerCompany).values(email="jobs@example.ee"))
        db.session.execute(update(Vacancy).values(deadline=dt.date(2026, 1, 1)))
        db.session.commit()
        closed = expire_past_deadline()
        assert len(closed) >= 6  # the published demo vacancies
        outbox.send_due()
        mails = sorted((instance_path / "mail").glob("*.eml"))
        companies = set(db.session.scalars(select(Vacancy.employer_code).where(Vacancy.id.in_(closed))))
        assert len(mails) == len(companies)  # one e-mail per company, whatever the number of vacancies
        body = (
            message_from_bytes(mails[0].read_bytes(), policy=policy.default)
            .get_body(("plain",))
            .get_content()
        )
        assert "/employer/inbox" in body
        titles = db.session.scalars(select(Vacancy.title)).all()
        assert not any(title in body for title in titles)
        assert (
            db.session.scalars(select(EmployerMessage).where(EmployerMessage.notified_at.is_(None))).all()
            == []
        )
        outbox.send_due()
        assert len(list((instance_path / "mail").glob("*.eml"))) == len(companies)  # nothing twice
