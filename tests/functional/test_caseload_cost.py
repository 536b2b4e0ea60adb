"""What the caseload page costs: a fixed number of statements whatever the rows, every sort in its
order across pages, and the scope's figures kept briefly while the list and its count stay live."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select

from portal.extensions import db
from portal.models import JobseekerCase, RiskLevel, StaffMember
from portal.services import caseload
from tests.functional.caseload_helpers import add_counsellor, add_jobseeker, ee_code, text_of
from tests.functional.test_backoffice_registrations import today


def _statements(app, client, path: str) -> tuple[int, str]:
    engine = app.extensions["database_engine"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), text_of(response)


def test_the_page_costs_the_same_statements_for_two_rows_or_a_full_page(eid_app, client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for n in range(2):
        add_jobseeker(eid_app, ee_code(n), "Mari", f"Saar{n:02d}")
    eid_app.extensions.pop(caseload.FIGURES_CACHE, None)
    few, _ = _statements(eid_app, client, "/back-office/caseload?scope=office&sort=risk")
    for n in range(2, 30):
        add_jobseeker(eid_app, ee_code(n), "Mari", f"Saar{n:02d}")
    eid_app.extensions.pop(caseload.FIGURES_CACHE, None)
    many, page = _statements(eid_app, client, "/back-office/caseload?scope=office&sort=risk")
    assert "30 cases match" in page
    # The same statements; the audit rows of the people listed are one batch either way.
    assert many == few


def test_every_sort_pages_in_its_order(eid_app, client_as):
    names = [f"Saar{n:02d}" for n in range(7)]
    ids = [add_jobseeker(eid_app, ee_code(n), "Mari", name) for n, name in enumerate(names)]
    day = today(eid_app)
    with eid_app.app_context():
        for n, case_id in enumerate(ids):
            row = db.session.get(JobseekerCase, case_id)
            row.risk_level = [RiskLevel.LOW, RiskLevel.HIGH, None, RiskLevel.MEDIUM][n % 4]
            row.next_due_on = day + dt.timedelta(days=7 - n) if n % 2 else None
            row.opened_on = day - dt.timedelta(days=n)
        db.session.commit()

    def listed(sort: str) -> list[str]:
        found = []
        with eid_app.test_request_context():
            for page in (1, 2, 3):
                result = caseload.caseload(
                    caseload.CaseloadQuery(
                        office="Tallinn", counsellor_id=None, today=day, sort=sort, page=page, per_page=3
                    )
                )
                found += [row.name.split()[-1] for row in result.rows]
        return found

    assert listed("name") == names
    assert listed("newest") == names
    # High, medium, low, not profiled; by name within a level.
    assert listed("risk") == ["Saar01", "Saar05", "Saar03", "Saar00", "Saar04", "Saar02", "Saar06"]
    # The earliest due date first, cases without one last (by id).
    assert listed("due") == ["Saar05", "Saar03", "Saar01", "Saar00", "Saar02", "Saar04", "Saar06"]


def test_the_figures_are_kept_briefly_and_the_list_stays_live(eid_app, client_as, monkeypatch):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    add_jobseeker(eid_app, ee_code(1), "Abi", "Saaja", social_assistance=True)
    # Two listed from the start: one person's audit event is one statement, a list's two.
    add_jobseeker(eid_app, ee_code(3), "Kolmas", "Tamm")
    first, page = _statements(eid_app, client, "/back-office/caseload?scope=office")
    assert "Receiving social assistance (1)" in page and "2 cases match" in page

    add_jobseeker(eid_app, ee_code(2), "Teine", "Saaja", social_assistance=True)
    cached, page = _statements(eid_app, client, "/back-office/caseload?scope=office")
    assert cached == first - 1  # the figures' statement is not run again
    assert "3 cases match" in page and "Teine" in page  # the list and its count are live
    assert "Receiving social assistance (1)" in page  # the figures until they expire

    monkeypatch.setattr(eid_app.extensions[caseload.FIGURES_CACHE], "seconds", 0.0)  # expired
    again, page = _statements(eid_app, client, "/back-office/caseload?scope=office")
    assert again == first and "Receiving social assistance (2)" in page


def test_the_count_stops_at_its_limit_and_goes_further_on_deeper_pages(eid_app, client_as, monkeypatch):
    for n in range(7):
        add_jobseeker(eid_app, ee_code(n), "Mari", f"Saar{n:02d}")
    day = today(eid_app)
    monkeypatch.setattr(caseload, "COUNT_CAP", 5)

    def counted(page: int) -> caseload.Caseload:
        with eid_app.test_request_context():
            return caseload.caseload(
                caseload.CaseloadQuery(office="Tallinn", counsellor_id=None, today=day, page=page, per_page=1)
            )

    first = counted(1)
    assert (first.total, first.total_exact, first.pages) == (5, False, 5)
    assert first.in_scope == 7  # the figures beside the filters stay exact
    deeper = counted(4)  # three pages past the fourth: all seven are counted
    assert (deeper.total, deeper.total_exact, deeper.pages, deeper.page) == (7, True, 7, 4)
    assert [row.name for row in deeper.rows] == ["Mari Saar03"]

    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    monkeypatch.setattr(caseload, "count_limit", lambda page, per_page=caseload.PER_PAGE: 2)
    page = text_of(client.get("/back-office/caseload?scope=office"))
    assert "More than 2 cases match" in page and "7 cases in this view" in page


def test_the_staff_members_caseload_is_the_caseload_of_their_office_and_their_cases(eid_app):
    """`staff_caseload` reads the staff member with the page (their office, and their id for "my
    cases"): the same page, count and figures as `caseload` given those, on every sort and page,
    past the last page too, and None for a person who is not staff."""
    counsellor = add_counsellor(eid_app, "47103150207")  # Epp Kaasik, Tallinn
    add_counsellor(eid_app, ee_code(77), office="Ida-Viru")
    ids = [add_jobseeker(eid_app, ee_code(n), "Mari", f"Saar{n:02d}") for n in range(7)]
    day = today(eid_app)
    with eid_app.app_context():
        for n, case_id in enumerate(ids):
            row = db.session.get(JobseekerCase, case_id)
            row.risk_level = [RiskLevel.LOW, RiskLevel.HIGH, None, RiskLevel.MEDIUM][n % 4]
            row.next_due_on = day + dt.timedelta(days=7 - n) if n % 2 else None
            row.opened_on = day - dt.timedelta(days=n)
            row.counsellor_id = counsellor if n % 3 else None
        db.session.commit()
        person_id = db.session.scalar(select(StaffMember.person_id).where(StaffMember.id == counsellor))
        not_staff = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == ids[0]))

    for sort in caseload.SORTS:
        for mine in (False, True):
            for page in (1, 2, 3, 4, 9):
                shape = {"today": day, "sort": sort, "page": page, "per_page": 3}
                with eid_app.test_request_context():
                    expected = caseload.caseload(
                        caseload.CaseloadQuery(
                            office="Tallinn", counsellor_id=counsellor if mine else None, **shape
                        )
                    )
                with eid_app.test_request_context():
                    found = caseload.staff_caseload(
                        person_id,
                        caseload.StaffCaseloadQuery(mine=mine, **shape),
                    )
                assert found == (caseload.SignedIn(counsellor, "Tallinn"), expected), (sort, mine, page)
                assert expected.rows or page > 1
    with eid_app.test_request_context():
        query = caseload.StaffCaseloadQuery(mine=False, today=day)
        assert caseload.staff_caseload(not_staff, query) is None
