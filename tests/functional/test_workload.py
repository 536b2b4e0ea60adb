"""The supervisor's office workload (counted in SQL) and giving a case to another counsellor."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, AuditTag, JobseekerCase, RiskLevel, StaffMember
from tests.functional.caseload_helpers import (
    NARVA,
    add_counsellor,
    add_jobseeker,
    case_of,
    csrf,
    ee_code,
    text_of,
)
from tests.functional.test_backoffice_registrations import today


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_workload_counts_cases_per_counsellor_and_a_supervisor_reassigns(eid_app, client_as):
    day = today(eid_app)
    supervisor = english(client_as("supervisor"))
    epp = add_counsellor(eid_app, "47103150207")  # Epp Kaasik, Tallinn
    jaak = add_counsellor(eid_app, "38001085718")
    cases = [add_jobseeker(eid_app, ee_code(n), "Kalle", f"Kask{n}") for n in range(3)]  # Epp, Jaak, Epp
    add_counsellor(eid_app, ee_code(77), office="Ida-Viru")
    add_jobseeker(eid_app, ee_code(9), "Ivan", "Ivanov", NARVA)  # another office: not counted
    with eid_app.app_context():
        for staff_id, family in ((epp, "Kaasik"), (jaak, "Jõeorg")):  # staff get their names at first login
            db.session.get(StaffMember, staff_id).person.family_name = family
        first = db.session.get(JobseekerCase, cases[0])
        first.risk_level, first.next_due_on = RiskLevel.HIGH, day - dt.timedelta(days=1)
        db.session.commit()

    page = supervisor.get("/back-office/workload")
    assert page.status_code == 200
    rows = {
        name: [int(n) for n in re.findall(r'numeric">(\d+)<', row)]
        for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page.get_data(as_text=True), re.S)
        for name in ("Kaasik", "Jõeorg")
        if name in row
    }
    assert rows["Kaasik"] == [2, 1, 1, 0] and rows["Jõeorg"] == [1, 0, 0, 0]
    assert "Office workload" in text_of(page)

    form = supervisor.get(f"/back-office/cases/{cases[0]}/counsellor")
    assert form.status_code == 200
    moved = supervisor.post(
        f"/back-office/cases/{cases[0]}/counsellor", data={"csrf_token": csrf(form), "counsellor": str(jaak)}
    )
    assert moved.status_code == 303
    assert case_of(eid_app, cases[0]).counsellor_id == jaak != epp
    with eid_app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.CASE_ASSIGN).order_by(AuditEvent.id.desc())
        ).first()
    assert event.details["previous"] == epp and event.actor_role == "supervisor"


def test_a_counsellor_sees_no_workload_page_and_cannot_reassign(eid_app, client_as):
    counsellor = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(1), "Kalle", "Kask")
    assert counsellor.get("/back-office/workload").status_code == 403
    assert counsellor.get(f"/back-office/cases/{case_id}/counsellor").status_code == 403
    assert "Office workload" not in text_of(counsellor.get("/back-office/"))


def test_a_case_goes_only_to_a_counsellor_of_its_office(eid_app, client_as):
    supervisor = english(client_as("supervisor"))
    add_counsellor(eid_app, "47103150207")
    east = add_counsellor(eid_app, ee_code(77), office="Ida-Viru")
    case_id = add_jobseeker(eid_app, ee_code(1), "Kalle", "Kask")
    form = supervisor.get(f"/back-office/cases/{case_id}/counsellor")
    refused = supervisor.post(
        f"/back-office/cases/{case_id}/counsellor", data={"csrf_token": csrf(form), "counsellor": str(east)}
    )
    assert refused.status_code == 400
    assert case_of(eid_app, case_id).counsellor_id != east
