"""Employers post vacancies; representation rules; the form's rules; the description's sanitising."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import AuditEvent, AuditTag
from portal.models.base import utcnow
from portal.models.vacancy import EmployerMessage, Vacancy, VacancyState, VacancyStateChange
from portal.profiles import current_profile
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, TARTU_PUIT, date_fields, employer, post_form, vacancy_form


def _today(app) -> dt.date:
    with app.app_context():
        return current_profile().today()


def _new(client, app, **changes):
    return post_form(client, "/employer/vacancies/new", vacancy_form(_today(app), **changes))


def _only_vacancy(app) -> Vacancy:
    with app.app_context():
        return db.session.scalars(
            select(Vacancy).options(selectinload(Vacancy.places), selectinload(Vacancy.languages))
        ).one()


def _submit(client, vacancy_id: int, version: int = 1):
    page = client.get("/employer/vacancies/new", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(
        f"/employer/vacancies/{vacancy_id}/submit",
        data={"csrf_token": token, "version": str(version)},
        headers=EN,
    )


def test_a_representative_with_the_sole_right_drafts_and_sends_a_vacancy_for_the_check(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    created = _new(client, app)
    assert created.status_code == 303, created.get_data(as_text=True)[:2000]
    vacancy = _only_vacancy(app)
    assert vacancy.state == VacancyState.DRAFT and vacancy.employer_code == POHJARANNIK
    assert vacancy.municipality_codes == ["0784"] and [(r.language, r.level) for r in vacancy.languages] == [
        ("et", "B2")
    ]
    page = client.get(f"/employer/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    assert "Send for publication" in page and "Cooks (5120)" in page

    sent = _submit(client, vacancy.id)
    assert sent.status_code == 303
    after = client.get(sent.headers["Location"], headers=EN).get_data(as_text=True)
    assert "A counsellor checks it first" in after
    with app.app_context():
        assert db.session.get(Vacancy, vacancy.id).state == VacancyState.SUBMITTED
        changes = db.session.scalars(select(VacancyStateChange).order_by(VacancyStateChange.id)).all()
        assert [(c.from_state, c.to_state, c.actor_role.value) for c in changes] == [
            (None, VacancyState.DRAFT, "employer"),
            (VacancyState.DRAFT, VacancyState.SUBMITTED, "employer"),
        ]
        assert all(c.actor_person_id is not None for c in changes)
    assert client.get(f"/jobs/{vacancy.id}").status_code == 404  # not public before the check


def test_a_representative_without_the_sole_right_may_only_prepare_drafts(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "representative", POHJARANNIK)  # Kadri: procurator without sole right
    assert _new(client, app).status_code == 303
    vacancy = _only_vacancy(app)
    page = client.get(f"/employer/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    assert "Only a representative with the sole right" in page and "Send for publication" not in page
    refused = _submit(client, vacancy.id)  # sent by hand all the same
    assert refused.status_code == 303 and "problem=alone" in refused.headers["Location"]
    assert _only_vacancy(app).state == VacancyState.DRAFT


def test_the_sole_right_is_asked_of_the_business_register_again_when_publishing(make_app):
    """A session that says "acts alone" is not enough: the register is asked at that moment."""
    from portal.models.vacancy import ActorRole
    from portal.services.vacancies import Actor, NotAllowed, RegisterUnavailable, workflow
    from tests.eid import persona

    kadri = persona("representative")
    stale_session = Actor(
        person_id=None,
        role=ActorRole.EMPLOYER,
        employer_code=POHJARANNIK,
        acting_alone=True,  # what an outdated session might hold
        national_code=kadri.code,
        subject=f"EE{kadri.code}",
    )
    app = make_app()
    with app.app_context():
        try:
            workflow.confirm_sole_right(stale_session)
        except NotAllowed:
            pass
        else:
            raise AssertionError("the register gives Kadri no sole right for Põhjarannik")
        workflow.confirm_sole_right(
            Actor(None, ActorRole.EMPLOYER, TARTU_PUIT, True, kadri.code, f"EE{kadri.code}")
        )
    down = make_app(XROAD_FAULTS="business:status=500", XROAD_RETRIES=0)
    with down.app_context():
        try:
            workflow.confirm_sole_right(
                Actor(None, ActorRole.EMPLOYER, TARTU_PUIT, True, kadri.code, f"EE{kadri.code}")
            )
        except RegisterUnavailable:
            pass
        else:
            raise AssertionError("a register that does not answer confirms nothing")


def test_the_form_lists_every_rule_it_breaks_in_the_error_summary(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    today = _today(app)
    refused = _new(
        client,
        app,
        wage_min="2000",
        wage_max="1500",
        place_1="",
        **date_fields("deadline", today + dt.timedelta(days=200)),
    )
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    assert "The highest wage must be the same as or more than the lowest wage" in summary
    assert "The application deadline can be at most 6 months ahead" in summary
    assert "Select at least one place of work, or remote work" in summary
    assert "<title>Error: " in page
    with app.app_context():
        assert db.session.scalars(select(Vacancy)).all() == []

    missing = _new(client, app, title="", occupation="", contract="fixed_term")
    text = missing.get_data(as_text=True)
    assert missing.status_code == 400
    for message in (
        "Enter the job title",
        "Select an occupation",
        "Enter the date the fixed-term contract ends",
    ):
        assert message in text
    remote = _new(client, app, place_1="", remote="remote")  # no place needed for remote work
    assert remote.status_code == 303


def test_the_description_keeps_only_allowed_markup_on_input_and_output(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    hostile = (
        '<p onclick="steal()" hx-get="/employer/company" data-hx-post="/x" style="color:red">Hello '
        '<strong>cooks</strong> <a href="javascript:alert(1)">x</a> <a href="https://example.com/jobs" '
        'hx-boost="true">more</a></p><script>alert(1)</script><img src=x onerror="alert(1)">'
        "<ul><li>one</li></ul>"
    )
    assert _new(client, app, description=hostile).status_code == 303
    stored = _only_vacancy(app).description
    for banned in ("onclick", "hx-", "data-hx", "style", "script", "javascript:", "<img", "onerror"):
        assert banned not in stored
    assert "<strong>cooks</strong>" in stored and 'href="https://example.com/jobs"' in stored
    assert "<ul><li>one</li></ul>" in stored
    # A row written around the service is sanitised again when shown.
    with app.app_context():
        row = db.session.scalars(select(Vacancy)).one()
        row.description = '<p hx-get="/x" onmouseover="x()">raw</p><script>bad()</script>'
        db.session.commit()
        vacancy_id = row.id
    page = client.get(f"/employer/vacancies/{vacancy_id}", headers=EN).get_data(as_text=True)
    block = page[page.index("vacancy-description") : page.index("</div>", page.index("vacancy-description"))]
    assert (
        "hx-disable" in page[page.index("vacancy-description") - 80 : page.index("vacancy-description") + 60]
    )
    assert "raw" in block and "hx-get" not in block and "onmouseover" not in block and "bad()" not in block


def test_another_company_can_neither_see_nor_change_the_vacancy_and_is_audited(make_app):
    app = make_app(**EID_SETTINGS)
    owner = employer(app, "unemployed", POHJARANNIK)
    assert _new(owner, app).status_code == 303
    vacancy = _only_vacancy(app)
    other = employer(app, "representative", TARTU_PUIT)
    for url in (f"/employer/vacancies/{vacancy.id}", f"/employer/vacancies/{vacancy.id}/edit"):
        assert other.get(url, headers=EN).status_code == 404
    page = other.get("/employer/vacancies/new", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert (
        other.post(
            f"/employer/vacancies/{vacancy.id}/submit", data={"csrf_token": token, "version": "1"}
        ).status_code
        == 404
    )
    assert (
        other.post(
            f"/employer/vacancies/{vacancy.id}/close",
            data={"csrf_token": token, "reason": "withdrawn", "version": "1"},
        ).status_code
        == 404
    )
    listing = other.get("/employer/vacancies/?state=draft", headers=EN).get_data(as_text=True)
    assert "Kokk / Cook" not in listing
    with app.app_context():
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.ACCESS_REFUSED)
        ).all()
        assert len(refused) == 4 and {event.details["record"] for event in refused} == {"vacancy"}
        assert db.session.get(Vacancy, vacancy.id).state == VacancyState.DRAFT
    company = other.get("/employer/company", headers=EN).get_data(as_text=True)
    assert "Tartu Puit" in company and "Põhjarannik" not in company


def test_the_company_profile_shows_the_register_and_saves_the_contact_details(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    page = client.get("/employer/company", headers=EN).get_data(as_text=True)
    assert "Põhjarannik OÜ" in page and POHJARANNIK in page
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    saved = post_form(
        client,
        "/employer/company",
        {
            "version": version,
            "contact_person": "Mari Mets",
            "email": "jobs@pohjarannik.ee",
            "website": "https://pohjarannik.ee",
            "notice_language": "en",
        },
    )
    assert saved.status_code == 303
    with app.app_context():
        from portal.services.employers import company

        found = company(POHJARANNIK)
        assert (found.contact_person, found.email, found.website) == (
            "Mari Mets",
            "jobs@pohjarannik.ee",
            "https://pohjarannik.ee",
        )
    bad = post_form(client, "/employer/company", {"version": "99", "website": "http://insecure"})
    assert bad.status_code == 400 and "starting with https://" in bad.get_data(as_text=True)


def test_the_employer_pages_count_the_company_s_unread_messages_in_their_own_statements(make_app):
    """The vacancy's page and form read the navigation's unread count with the vacancy, the home
    page and the lists with the state counts, the company profile with the profile (one statement
    each): only the company's own messages not yet read, and another company's vacancy is still
    not found."""
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    assert _new(client, app).status_code == 303
    vacancy = _only_vacancy(app)
    other = employer(app, "representative", TARTU_PUIT)
    assert other.get("/employer/", headers=EN).status_code == 200  # the company's profile is made
    with app.app_context():
        now = utcnow()
        db.session.add_all(
            [
                EmployerMessage(employer_code=POHJARANNIK, kind="vacancy_published"),
                EmployerMessage(employer_code=POHJARANNIK, kind="vacancy_published"),
                EmployerMessage(employer_code=POHJARANNIK, kind="vacancy_returned", read_at=now),
                EmployerMessage(employer_code=TARTU_PUIT, kind="vacancy_published"),
            ]
        )
        db.session.commit()
    for path in (
        f"/employer/vacancies/{vacancy.id}",
        f"/employer/vacancies/{vacancy.id}/edit",
        "/employer/",  # read with the state counts
        "/employer/vacancies/?state=draft",
        "/employer/company",  # read with the company's profile
    ):
        page = client.get(path, headers=EN).get_data(as_text=True)
        assert "Inbox (2)" in page, path
    assert other.get(f"/employer/vacancies/{vacancy.id}", headers=EN).status_code == 404
    # A company without vacancies (no state counts' row) counts its messages apart.
    assert "Inbox (1)" in other.get("/employer/", headers=EN).get_data(as_text=True)
    assert "Inbox (1)" in other.get("/employer/vacancies/", headers=EN).get_data(as_text=True)
    assert "Inbox (1)" in other.get("/employer/company", headers=EN).get_data(as_text=True)


def _selected(page: str, field: str) -> list[str]:
    """The values a select (or checkboxes) of the page has selected (checked)."""
    select = re.search(rf'<select[^>]* id="{field}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        return re.findall(r'<option value="([^"]*)" selected>', select.group(1))
    return re.findall(rf'name="{field}" type="checkbox" value="([^"]*)" checked', page)


def test_the_edit_form_shows_every_saved_place_language_and_licence_in_its_order(make_app):
    """The form's page reads the vacancy with its places and languages in one statement of columns
    (a row per place and language): each shown once, in the order they were saved."""
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    changes = {"place_2": "0171", "place_3": "0793", "language_2": "en", "level_2": "C1"}
    created = _new(client, app, **changes, language_3="ru", level_3="native", driving_licence=["B", "C1"])
    assert created.status_code == 303, created.get_data(as_text=True)[:2000]
    vacancy = _only_vacancy(app)
    page = client.get(f"/employer/vacancies/{vacancy.id}/edit", headers=EN).get_data(as_text=True)
    shown = {name: _selected(page, name) for name in ("place_1", "place_2", "place_3", "driving_licence")}
    assert shown == {
        "place_1": ["0784"],
        "place_2": ["0171"],
        "place_3": ["0793"],
        "driving_licence": ["B", "C1"],
    }
    languages = [_selected(page, f"{kind}_{n}") for n in (1, 2, 3) for kind in ("language", "level")]
    assert languages == [["et"], ["B2"], ["en"], ["C1"], ["ru"], ["native"]]
    assert 'name="title" type="text" value="Kokk / Cook"' in page
    assert f'id="version" name="version" type="hidden" value="{vacancy.version}"' in page
    # Saved again as shown: nothing changes but the version.
    form = vacancy_form(
        _today(app), **changes, language_3="ru", level_3="native", driving_licence=["B", "C1"]
    )
    saved = post_form(client, f"/employer/vacancies/{vacancy.id}/edit", {**form, "version": vacancy.version})
    assert saved.status_code == 303
    again = _only_vacancy(app)
    assert again.municipality_codes == ["0784", "0171", "0793"] and again.driving_licence == "B,C1"
    assert [(row.language, row.level) for row in again.languages] == [
        ("et", "B2"),
        ("en", "C1"),
        ("ru", "native"),
    ]
