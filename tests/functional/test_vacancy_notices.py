"""The company is told by e-mail that something is new: the link only, once per batch."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models.vacancy import EmployerCompany, EmployerMessage, Vacancy
from portal.services import outbox
from portal.services.employers import company
from portal.services.vacancies import messages
from portal.services.vacancies.workflow import expire_past_deadline
from portal.services.vacancy_seed import seed_demo_vacancies
from tests import offers_world
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, employer, post_form


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


def _mail_in(instance_path, seen: set) -> tuple[str, str, str]:
    """The newest e-mail not yet seen: (subject, plain body, the HTML part's lang)."""
    new = [path for path in sorted((instance_path / "mail").glob("*.eml")) if path not in seen]
    assert len(new) == 1, new
    seen.add(new[0])
    message = message_from_bytes(new[0].read_bytes(), policy=policy.default)
    html = message.get_body(("html",)).get_content()
    return str(message["Subject"]), message.get_body(("plain",)).get_content(), html


@pytest.mark.parametrize(
    ("language", "subject", "html_lang"),
    [
        ("sq", "Ka të reja për vendet e punës së kompanisë suaj", 'lang="sq"'),
        ("et", "Teie ettevõtte töökuulutuste kohta on uudiseid", 'lang="et"'),
        ("en", "There is news about your company's vacancies", 'lang="en"'),
    ],
)
def test_the_notice_goes_out_in_the_language_the_company_chose(
    make_app, instance_path, language, subject, html_lang
):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    page = boss.get("/employer/company", headers=EN).get_data(as_text=True)
    assert 'name="notice_language"' in page and "Shqip" in page and "Eesti" in page
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    saved = post_form(
        boss,
        "/employer/company",
        {"version": version, "email": "jobs@pohjarannik.ee", "notice_language": language},
    )
    assert saved.status_code == 303
    with app.app_context():
        assert company(POHJARANNIK).notice_language == language
        vacancy_id = offers_world.vacancy("Cook", employer_code=POHJARANNIK)
        with db.write() as session:
            messages.add(session, session.get(Vacancy, vacancy_id), "vacancy_published")
        outbox.send_due()
    got_subject, body, html = _mail_in(instance_path, set())
    assert got_subject == subject
    assert html_lang in html
    assert "/employer/inbox" in body and "Cook" not in body


def test_without_a_choice_the_notice_is_in_the_profile_s_first_language_and_a_bad_choice_is_refused(
    make_app, instance_path
):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    page = boss.get("/employer/company", headers=EN).get_data(as_text=True)
    assert re.search(r'value="en" checked', page)  # preselected: the language of the page read
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    refused = post_form(boss, "/employer/company", {"version": version, "notice_language": "de"})
    assert refused.status_code == 400
    with app.app_context():
        assert company(POHJARANNIK).notice_language is None
        db.session.execute(update(EmployerCompany).values(email="jobs@pohjarannik.ee"))
        db.session.commit()
        vacancy_id = offers_world.vacancy("Cook", employer_code=POHJARANNIK)
        with db.write() as session:
            messages.add(session, session.get(Vacancy, vacancy_id), "vacancy_expired")
        outbox.send_due()
    got_subject, _body, html = _mail_in(instance_path, set())
    assert got_subject == "Teie ettevõtte töökuulutuste kohta on uudiseid" and 'lang="et"' in html
