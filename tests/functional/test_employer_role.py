"""Acting for a company: offered from the business register, re-checked at every switch."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, AuditTag
from tests.eid import persona, signed_in


def roles_page(client):
    response = client.get("/roles", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return response, page, token


def test_a_representative_can_act_for_each_company_the_register_lists(make_app, app):
    representative = persona("representative")
    portal, client = signed_in(make_app, representative.code)
    response, page, token = roles_page(client)
    assert response.status_code == 200
    offered = re.findall(r'value="employer:(\d+)"', page)
    assert len(offered) >= 2
    switched = client.post("/roles", data={"role": f"employer:{offered[0]}", "csrf_token": token})
    assert switched.status_code == 303 and switched.headers["Location"] == "/employer/"
    home = client.get("/employer/", headers={"Accept-Language": "en"})
    assert home.status_code == 200
    assert offered[0] in home.get_data(as_text=True)
    assert client.get("/jobseeker/").status_code == 403  # acting as employer now, not as a jobseeker
    with portal.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.AUTH_ROLE_SWITCH)
        ).one()
        assert event.details["company"] == offered[0]
        assert (event.details["from"], event.details["to"]) == ("jobseeker", "employer")


def test_a_company_the_person_does_not_represent_is_refused(make_app, app):
    representative = persona("representative")
    _portal, client = signed_in(make_app, persona("sa-category-2").code)
    _response, page, token = roles_page(client)
    assert "employer:" not in page
    # A company someone else represents, sent by hand.
    _r, other_page, _t = roles_page(signed_in(make_app, representative.code)[1])
    company = re.search(r'value="employer:(\d+)"', other_page).group(1)
    refused = client.post(
        "/roles", data={"role": f"employer:{company}", "csrf_token": token}, headers={"Accept-Language": "en"}
    )
    assert refused.status_code == 400
    assert "does not list you as a representative" in refused.get_data(as_text=True)
    assert client.get("/employer/").status_code == 403


def test_when_the_business_register_fails_the_person_can_still_continue(make_app, app):
    _portal, client = signed_in(
        make_app, persona("representative").code, XROAD_FAULTS="business:status=500", XROAD_RETRIES=0
    )
    response, page, token = roles_page(client)
    assert response.status_code == 200
    assert "We could not check which companies you may represent" in page
    assert 'value="jobseeker"' in page
    refused = client.post(
        "/roles", data={"role": "employer:12345678", "csrf_token": token}, headers={"Accept-Language": "en"}
    )
    assert refused.status_code == 400
    assert "could not check with the business register" in refused.get_data(as_text=True)


def test_jobseekers_and_anonymous_visitors_cannot_open_employer_pages(client_as):
    assert client_as("jobseeker").get("/employer/").status_code == 403
    assert client_as(None).get("/employer/").status_code == 303


def switch_to(client, registry_code: str):
    _response, _page, token = roles_page(client)
    switched = client.post("/roles", data={"role": f"employer:{registry_code}", "csrf_token": token})
    assert switched.status_code == 303
    return client.get("/employer/", headers={"Accept-Language": "en"})


def test_a_procurator_without_sole_right_may_prepare_drafts_but_not_act_alone(make_app, app):
    # Kadri Tamm: procurator of Põhjarannik OÜ without sole right, board member of Tartu Puit OÜ with it.
    portal, client = signed_in(make_app, persona("representative").code)
    _response, page, _token = roles_page(client)
    assert "Põhjarannik OÜ (drafts only, you cannot act for it alone)" in page
    assert "Employer: Tartu Puit OÜ</label>" in re.sub(r"\s+</label>", "</label>", page)

    home = switch_to(client, "14216734").get_data(as_text=True)
    assert "does not give you the sole right" in home
    assert "You may prepare drafts" in home and "You may not publish them" in home
    with portal.app_context():
        from portal.models import LoginSession

        assert db.session.scalars(select(LoginSession.acting_alone)).one() is False
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.AUTH_ROLE_SWITCH)
        ).one()
        assert event.details["acting_alone"] is False

    home = switch_to(client, "12874520").get_data(as_text=True)
    assert "gives you the sole right to represent this company" in home
    assert "You may not publish" not in home
    with portal.app_context():
        assert db.session.scalars(select(LoginSession.acting_alone)).one() is True
