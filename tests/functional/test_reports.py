"""Each report figure against hand-made data, the filters, and the page, chart and CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Appeal,
    AppealState,
    AutomatedRule,
    Decision,
    DecisionKind,
    InboxMessage,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.models.caseload import JobseekerCase, PlanStatus, RiskLevel
from portal.models.offers import (
    Offer,
    OfferKind,
    OfferState,
    Refusal,
    RefusalReason,
    ReviewState,
    SasReportState,
)
from portal.models.profiling import RiskAssessment
from portal.models.shortlist import Candidate, CandidateSource, Outcome
from portal.models.training import Training, TrainingRequest, TrainingRequestState, TrainingState
from portal.models.vacancy import (
    ClosureReason,
    ContractType,
    EmployerCompany,
    Vacancy,
    VacancyState,
    VacancyWorkingTime,
)
from portal.services import reports
from tests.journeys import EN, text

MONDAY = dt.date(2026, 10, 5)
NEXT_MONDAY = dt.date(2026, 10, 12)
PERIOD = reports.ReportFilter(start=MONDAY, end=dt.date(2026, 10, 18))
TALLINN, TARTU = "0784", "0793"  # Harju maakond, Tartu maakond


def at(day: int, hour: int = 9, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


class Data:
    """Three people, four decisions in the period (one outside), two appeals, offers and more."""

    def __init__(self) -> None:
        self.n = 0

    def person(self) -> Person:
        self.n += 1
        person = Person(
            country="EE", national_code=f"3900101{self.n:04d}", given_name="P", family_name=str(self.n)
        )
        db.session.add(person)
        db.session.flush()
        return person

    def registration(
        self, person: Person, submitted: dt.datetime, due: dt.date, municipality: str
    ) -> Registration:
        registration = Registration(
            reference=f"REG-2026-{person.id:08d}",
            person_id=person.id,
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.REGISTERED,
            submitted_at=submitted,
            decision_due_on=due,
            consent_at=submitted,
            consent_version="1",
            register_data={
                "sections": {"population": {"status": "ok", "values": {"municipality_code": municipality}}}
            },
            answers={},
        )
        db.session.add(registration)
        db.session.flush()
        return registration

    def decision(
        self,
        registration: Registration,
        kind: DecisionKind,
        issued: dt.datetime,
        *,
        automatic=False,
        read=False,
        **links,
    ) -> Decision:
        decision = Decision(
            registration_id=registration.id,
            person_id=registration.person_id,
            kind=kind,
            legal_basis="law",
            reasoning="why",
            automated_rule=AutomatedRule.REGISTRATION_FROM_REGISTER_DATA if automatic else None,
            issued_at=issued,
            decision_due_on=registration.decision_due_on if kind != DecisionKind.APPEAL_OUTCOME else None,
            **links,
        )
        db.session.add(decision)
        db.session.flush()
        db.session.add(
            InboxMessage(
                person_id=registration.person_id,
                kind="decision",
                decision_id=decision.id,
                created_at=issued,
                read_at=issued + dt.timedelta(hours=2) if read else None,
            )
        )
        return decision


@pytest.fixture
def data(app):
    with app.app_context():
        d = Data()
        p1, p2, p3, p4 = d.person(), d.person(), d.person(), d.person()
        r1 = d.registration(p1, at(5, 10), dt.date(2026, 10, 19), TALLINN)
        r2 = d.registration(p2, at(5, 9), dt.date(2026, 10, 7), TARTU)
        r3 = d.registration(p3, at(12, 9), dt.date(2026, 10, 26), TALLINN)
        r4 = d.registration(p4, at(20, 9, month=9), dt.date(2026, 10, 4), TALLINN)
        d.decision(
            r1, DecisionKind.REGISTRATION, at(5, 10) + dt.timedelta(seconds=5), automatic=True, read=True
        )
        late = d.decision(r2, DecisionKind.REGISTRATION, at(8, 9))  # three days, after the due date
        refused = d.decision(r3, DecisionKind.REGISTRATION_REJECTED, at(13, 9), read=True)
        d.decision(r4, DecisionKind.REGISTRATION, at(20, 10, month=9), automatic=True, read=True)  # outside
        changed = d.decision(
            r3, DecisionKind.APPEAL_OUTCOME, at(16, 9), responds_to_id=refused.id, supersedes_id=refused.id
        )
        db.session.add_all(
            [
                Appeal(
                    decision_id=late.id,
                    person_id=p2.id,
                    reason="r",
                    filed_at=at(9),
                    due_on=dt.date(2026, 11, 8),
                ),
                Appeal(
                    decision_id=refused.id,
                    person_id=p3.id,
                    reason="r",
                    filed_at=at(14),
                    due_on=dt.date(2026, 11, 13),
                    state=AppealState.DECIDED,
                    outcome_decision_id=changed.id,
                ),
            ]
        )
        # Offers: one of each fate in the period, one before it.
        offers = {}
        for state, day in (
            (OfferState.ACCEPTED, 6),
            (OfferState.REFUSED, 7),
            (OfferState.EXPIRED, 8),
            (OfferState.PROPOSED, 14),
            (OfferState.ACCEPTED, 1),
        ):
            offer = Offer(
                person_id=p1.id if day != 7 else p2.id,
                kind=OfferKind.VACANCY,
                title="Job",
                state=state,
                proposed_at=at(day),
                reply_by=dt.date(2026, 10, day + 5),
            )
            db.session.add(offer)
            db.session.flush()
            offers[(state, day)] = offer
        db.session.add_all(
            [
                Refusal(
                    offer_id=offers[(OfferState.REFUSED, 7)].id,
                    person_id=p2.id,
                    reason=RefusalReason.NONE,
                    created_at=at(9),
                    review_state=ReviewState.NOT_VALID,
                    sas_state=SasReportState.ACCEPTED,
                ),
                Refusal(
                    offer_id=offers[(OfferState.EXPIRED, 8)].id,
                    person_id=p1.id,
                    reason=RefusalReason.EXPIRED,
                    created_at=at(14),
                    review_state=ReviewState.PENDING,
                ),
            ]
        )
        db.session.add(EmployerCompany(registry_code="10000001", name="Kohvik OÜ"))
        db.session.flush()
        db.session.add(
            Vacancy(
                employer_code="10000001",
                title="Cook",
                occupation_code="5120",
                description="d",
                working_time=VacancyWorkingTime.FULL,
                contract=ContractType.PERMANENT,
                wage_min=1,
                wage_max=2,
                currency="EUR",
                deadline=dt.date(2026, 10, 30),
                state=VacancyState.CLOSED,
                published_at=at(6),
                closed_at=at(15),
                closure_reason=ClosureReason.FILLED,
            )
        )
        db.session.add(
            Vacancy(
                employer_code="10000001",
                title="Baker",
                occupation_code="7512",
                description="d",
                working_time=VacancyWorkingTime.FULL,
                contract=ContractType.PERMANENT,
                wage_min=1,
                wage_max=2,
                currency="EUR",
                deadline=dt.date(2026, 10, 10),
                state=VacancyState.CLOSED,
                published_at=at(1, month=9),
                closed_at=at(11),
                closure_reason=ClosureReason.EXPIRED,
            )
        )
        db.session.flush()
        vacancy_id = db.session.scalar(select(Vacancy.id).where(Vacancy.title == "Cook"))
        db.session.add(
            Candidate(
                vacancy_id=vacancy_id,
                person_id=p1.id,
                source=CandidateSource.OFFER,
                outcome=Outcome.HIRED,
                outcome_at=at(15),
            )
        )
        training = Training(
            title="Welding",
            provider_name="School",
            starts_on=dt.date(2026, 10, 12),
            ends_on=dt.date(2026, 11, 12),
            hours=80,
            language="et",
            seats_total=10,
            seats_taken=3,
            certificate="c",
            state=TrainingState.PUBLISHED,
        )
        db.session.add(training)
        db.session.flush()
        db.session.add_all(
            [
                TrainingRequest(
                    person_id=p1.id,
                    training_id=training.id,
                    state=TrainingRequestState.APPROVED,
                    created_at=at(6),
                ),
                TrainingRequest(
                    person_id=p2.id,
                    training_id=training.id,
                    state=TrainingRequestState.REQUESTED,
                    created_at=at(7),
                ),
            ]
        )
        # Cases: Tallinn has P1 (high risk, plan agreed) and P3 (not profiled); Tartu has P2 (low).
        db.session.add_all(
            [
                JobseekerCase(
                    person_id=p1.id,
                    office="Tallinn",
                    opened_on=MONDAY,
                    risk_level=RiskLevel.HIGH,
                    plan_status=PlanStatus.AGREED,
                ),
                JobseekerCase(person_id=p2.id, office="Tartu", opened_on=MONDAY, risk_level=RiskLevel.LOW),
                JobseekerCase(person_id=p3.id, office="Tallinn", opened_on=NEXT_MONDAY),
                JobseekerCase(
                    person_id=p4.id,
                    office="Tallinn",
                    opened_on=MONDAY,
                    risk_level=RiskLevel.HIGH,
                    closed_on=NEXT_MONDAY,
                ),
            ]
        )
        # Risk assessments decided in the period: one confirmed, one raised, one lowered; one undecided.
        for person, computed, level in (
            (p1, "high", "high"),
            (p2, "low", "medium"),
            (p3, "high", "low"),
            (p4, "medium", None),
        ):
            db.session.add(
                RiskAssessment(
                    person_id=person.id,
                    computed_at=at(6),
                    trigger="registration",
                    model_version="1",
                    score=1,
                    computed_level=computed,
                    factors=[],
                    level=level,
                    decided_at=at(7) if level else None,
                )
            )
        db.session.commit()
        yield app


def compute(app, key: str, filters: reports.ReportFilter = PERIOD) -> reports.Result:
    with app.test_request_context(headers=EN):
        return reports.FIGURES[key].compute(filters, app.extensions["profile"])


def test_registrations_per_week_and_how(data):
    result = compute(data, "registrations-per-week")
    assert [tuple(row) for row in result.rows] == [(MONDAY, 1, 1, 2)]
    assert (
        result.summary
        == "2 people were registered: 1 automatically from register data (50%) and 1 by a counsellor."
    )


def test_registrations_by_region(data):
    harju = compute(
        data, "registrations-per-week", reports.ReportFilter(MONDAY, PERIOD.end, region="Harju maakond")
    )
    tartu = compute(
        data, "registrations-per-week", reports.ReportFilter(MONDAY, PERIOD.end, region="Tartu maakond")
    )
    assert [tuple(row) for row in harju.rows] == [(MONDAY, 1, 0, 1)]
    assert [tuple(row) for row in tartu.rows] == [(MONDAY, 0, 1, 1)]


def test_time_to_decision_and_share_by_the_deadline(data):
    result = compute(data, "decision-time")
    assert [tuple(row) for row in result.rows] == [(MONDAY, 2, 1.5, 1, 0.5), (NEXT_MONDAY, 1, 1.0, 1, 1.0)]
    assert (
        result.summary
        == "3 decisions on registrations, on average 1.3 days after the application; 66.7% were made by the "
        "statutory deadline of 14 days."
    )


def test_share_of_decisions_delivered_digitally(data):
    result = compute(data, "digital-delivery")
    assert [tuple(row) for row in result.rows] == [(MONDAY, 2, 1, 0.5), (NEXT_MONDAY, 2, 1, 0.5)]
    assert result.summary.startswith("50% of decisions were delivered digitally: 2 of 4")


def test_appeals_and_outcomes(data):
    result = compute(data, "appeals")
    assert [tuple(row) for row in result.rows] == [
        ("Waiting for a decision", 1),
        ("Decision upheld", 0),
        ("Decision changed", 1),
    ]


def test_offers_refusals_sas_reports_and_placements(data):
    offers = dict(compute(data, "offers").rows)
    assert offers == {
        "Waiting for an answer": 1,
        "Accepted": 1,
        "Refused": 1,
        "Expired without an answer": 1,
        "Withdrawn": 0,
    }
    refusals = dict(compute(data, "refusals").rows)
    assert refusals["Confirmed: no valid reason"] == 1 and refusals["Waiting for a counsellor's review"] == 1
    sas = dict(compute(data, "sas-reports").rows)
    assert sas["Recorded by the social assistance service"] == 1 and sum(sas.values()) == 1
    assert [tuple(row) for row in compute(data, "placements").rows] == [(NEXT_MONDAY, 1)]


def test_vacancies_and_trainings(data):
    vacancies = dict(compute(data, "vacancies").rows)
    assert vacancies == {"Posted": 1, "Filled": 1, "Expired": 1, "Withdrawn": 0}
    trainings = dict(compute(data, "trainings").rows)
    assert trainings["Approved: a seat taken"] == 1 and trainings["Waiting for a decision"] == 1
    assert (trainings["Seats taken"], trainings["Seats offered"]) == (3, 10)


def test_the_page_chart_and_csv(data, client_as):
    client = client_as("counsellor")
    query = "?from=2026-10-05&to=2026-10-18"
    page = client.get("/back-office/reports" + query, headers=EN)
    assert page.status_code == 200
    body = text(page)
    with data.test_request_context(headers=EN):
        titles = [str(figure.title) for figure in reports.figures()]
    assert all(title in body for title in titles)
    assert "2 people were registered" in body and "Download the data (CSV)" in body
    chart = client.get("/back-office/reports/registrations-per-week/chart" + query, headers=EN)
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    svg = chart.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg and "Registrations per week" in svg
    csv_response = client.get("/back-office/reports/decision-time/csv" + query, headers=EN)
    rows = list(csv.reader(io.StringIO(csv_response.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "Week from" and rows[1] == ["2026-10-05", "2", "1.5", "1", "0.5"]
    assert client.get("/back-office/reports/no-such-figure/csv").status_code == 404
    # A jobseeker may not see reports.
    assert client_as("jobseeker").get("/back-office/reports").status_code == 403


def test_the_page_and_chart_kept_follow_their_figures_and_language(data, client_as, monkeypatch):
    client = client_as("counsellor")
    query = "?from=2026-10-05&to=2026-10-18"
    chart_path = "/back-office/reports/registrations-per-week/chart" + query
    assert "2 people were registered" in text(client.get("/back-office/reports" + query, headers=EN))
    english_chart = client.get(chart_path, headers=EN).get_data(as_text=True)
    assert "Registrations per week" in english_chart
    figure = reports.FIGURES["registrations-per-week"]
    changed = reports.Result(
        columns=["Week from", "Registered"], rows=[[MONDAY, 7]], series=[1], summary="Seven registered."
    )
    monkeypatch.setitem(
        reports.FIGURES, figure.key, dataclasses.replace(figure, compute=lambda _filters, _profile: changed)
    )
    # The figures are kept (and the page and chart with them) until they are computed again...
    assert "2 people were registered" in text(client.get("/back-office/reports" + query, headers=EN))
    assert client.get(chart_path, headers=EN).get_data(as_text=True) == english_chart
    client.application.extensions["report_cache"].clear()  # ...as when they expire
    body = text(client.get("/back-office/reports" + query, headers=EN))
    assert "Seven registered." in body and "2 people were registered" not in body
    assert client.get(chart_path, headers=EN).get_data(as_text=True) != english_chart
    # Another language: its own page and chart.
    estonian = client.get("/back-office/reports" + query, headers={"Accept-Language": "et"})
    assert "Download the data (CSV)" not in text(estonian)
    other_chart = client.get(chart_path, headers={"Accept-Language": "et"}).get_data(as_text=True)
    assert "Registrations per week" not in other_chart


def test_caseload_by_risk_and_the_office_filter(data):
    everyone = compute(data, "caseload-by-risk")
    assert [tuple(row) for row in everyone.rows] == [
        ("Low risk", 0, 1, 1),
        ("Medium risk", 0, 0, 0),
        ("High risk", 1, 0, 1),
        ("Not yet profiled", 0, 1, 1),
    ]
    assert everyone.summary == "3 open cases; 1 at high risk (33.3%); 1 with an agreed plan."
    tallinn = reports.ReportFilter(MONDAY, PERIOD.end, office="Tallinn")
    assert [row[3] for row in compute(data, "caseload-by-risk", tallinn).rows] == [0, 0, 1, 1]
    # The office filter narrows every figure about people: Tartu registered only P2, by a counsellor.
    tartu = reports.ReportFilter(MONDAY, PERIOD.end, office="Tartu")
    assert [tuple(row) for row in compute(data, "registrations-per-week", tartu).rows] == [(MONDAY, 0, 1, 1)]


def test_overrides_of_the_profiling(data):
    result = compute(data, "profiling-overrides")
    assert [tuple(row) for row in result.rows] == [
        ("Confirmed as computed", 1),
        ("Overridden: higher risk", 1),
        ("Overridden: lower risk", 1),
    ]
    assert result.summary == "3 assessments decided; 2 overridden (66.7%)."


def test_summaries_have_plural_forms(data):
    """One placement in the period: the singular; the five languages' forms come from ngettext."""
    assert compute(data, "placements").summary == "1 person was hired through the service."
    assert compute(data, "registrations-per-week").summary.startswith("2 people were registered")
    with data.test_request_context(headers={"Accept-Language": "ru"}), force_locale("ru"):
        profile = data.extensions["profile"]
        one = reports.FIGURES["placements"].compute(PERIOD, profile).summary
        three = reports.FIGURES["digital-delivery"].compute(PERIOD, profile).summary
    assert one == "Через службу трудоустроен 1 человек."
    assert three.endswith("на портале открыто 2 из 4 решений.")


def test_weeks_and_days_follow_the_country_calendar_across_a_daylight_saving_change(app):
    """Tallinn is UTC+3 until 25 October 2026 and UTC+2 after. Registrations a half hour either side
    of the local midnight that starts a week, once in summer time and once in winter time, land in
    the week of the country's calendar whatever the offset is today; so does "by the deadline"."""
    utc = dt.UTC
    with app.app_context():
        d = Data()
        moments = {
            "summer, Sunday 23:30": dt.datetime(2026, 10, 18, 20, 30, tzinfo=utc),
            "summer, Monday 00:30": dt.datetime(2026, 10, 18, 21, 30, tzinfo=utc),
            "winter, Sunday 23:30": dt.datetime(2026, 10, 25, 21, 30, tzinfo=utc),
            "winter, Monday 00:30": dt.datetime(2026, 10, 25, 22, 30, tzinfo=utc),
        }
        for moment in moments.values():
            person = d.person()
            # Due on the local day the decision was made: on time only if counted on that day.
            local = moment.astimezone(app.extensions["profile"].tz).date()
            registration = d.registration(person, moment - dt.timedelta(hours=1), local, TALLINN)
            d.decision(registration, DecisionKind.REGISTRATION, moment)
        db.session.commit()
    period = reports.ReportFilter(start=dt.date(2026, 10, 12), end=dt.date(2026, 11, 1))
    weeks = [tuple(row[:1] + row[3:]) for row in compute(app, "registrations-per-week", period).rows]
    assert weeks == [(dt.date(2026, 10, 12), 1), (dt.date(2026, 10, 19), 2), (dt.date(2026, 10, 26), 1)]
    on_time = compute(app, "decision-time", period)
    assert sum(row[3] for row in on_time.rows) == 4  # each made on its local due day
    # The period's first day starts at local midnight too: from Monday 19 October, the summer
    # Sunday is out and the summer Monday in.
    later = reports.ReportFilter(start=dt.date(2026, 10, 19), end=dt.date(2026, 11, 1))
    assert [row[3] for row in compute(app, "registrations-per-week", later).rows] == [2, 1]


DECISION_FIGURES = ("registrations-per-week", "decision-time", "digital-delivery")


def table(app, key: str, filters: reports.ReportFilter) -> tuple[list, str]:
    result = compute(app, key, filters)
    return [tuple(row) for row in result.rows], result.summary


def test_the_per_day_counts_give_what_the_decisions_give(data):
    """The nightly per-day counts (all days summarised, or only the first week) answer every
    decision figure, with every filter, exactly as counting the decisions live does."""
    from portal.services.reports import summary

    variants = [
        PERIOD,
        reports.ReportFilter(MONDAY, PERIOD.end, office="Tartu"),
        reports.ReportFilter(MONDAY, PERIOD.end, region="Harju maakond"),
        reports.ReportFilter(dt.date(2026, 9, 1), PERIOD.end, office="Tallinn", region="Harju maakond"),
    ]
    live = {(key, f): table(data, key, f) for key in DECISION_FIGURES for f in variants}
    assert live[("registrations-per-week", PERIOD)][0] == [(MONDAY, 1, 1, 2)]
    profile = data.extensions["profile"]
    with data.app_context():
        assert summary.built_through() is None
        written = summary.refresh(profile, today=NEXT_MONDAY)  # the first week summarised, then live
        assert written > 0 and summary.built_through() == NEXT_MONDAY - dt.timedelta(days=1)
    assert {(key, f): table(data, key, f) for key in DECISION_FIGURES for f in variants} == live
    with data.app_context():
        summary.refresh(profile, today=PERIOD.end + dt.timedelta(days=10))  # every day summarised
    assert {(key, f): table(data, key, f) for key in DECISION_FIGURES for f in variants} == live


def test_the_current_day_is_counted_live(data):
    from portal.services.reports import summary

    profile = data.extensions["profile"]
    today = profile.today()
    with data.app_context():
        summary.refresh(profile, today=today)
        d = Data()
        d.n = 50
        person = d.person()
        registration = d.registration(person, dt.datetime.now(dt.UTC), today, TALLINN)
        d.decision(
            registration, DecisionKind.REGISTRATION, dt.datetime.now(dt.UTC), automatic=True, read=True
        )
        db.session.commit()
    week = reports.ReportFilter(today - dt.timedelta(days=6), today)
    rows, _summary = table(data, "registrations-per-week", week)
    assert sum(row[3] for row in rows) == 1
    rows, _summary = table(data, "digital-delivery", week)
    assert sum(row[2] for row in rows) == 1
