"""The data and the signed-in sessions the benchmark needs, made through the portal's own pages.

A typical jobseeker (Jaak-Kristjan) registers through the real journey, so he has a decision, a
certificate and inbox messages; the demo counsellor (Mari-Liis) signs in and switches to the back
office. Their session cookies are then replayed against gunicorn. Statements per request are counted
in-process on the same database with the same cookies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import event, select, text

from portal import create_app, migrations
from portal.database import build_engine
from portal.extensions import db
from portal.models import Certificate, Decision, JobseekerCase, Person, Training, TrainingRequest
from portal.models.vacancy import Vacancy, VacancyState
from portal.services.search.generator import generate
from portal.services.seed import seed_demo_data
from portal.services.training_seed import seed_trainings
from tests.eid import JAAN, MARI, login
from tests.forms import submit
from tests.journeys import complete

HTMX = {"HX-Request": "true"}
KADRI = "49004230347"  # the representative persona: sole right for Tartu Puit OÜ
TARTU_PUIT = "12874520"
SEARCH_VACANCIES = 5000
EN = {"Accept-Language": "en"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: str | None  # "jobseeker", "counsellor" or None (anonymous)
    fragment: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    p99_ms: float | None = None  # a page's own latency goal, where its issue sets one


def pages(
    decision_id: int,
    certificate_id: int,
    training_id: int | None = None,
    training_request_id: int | None = None,
    vacancy_id: int | None = None,
    case_id: int | None = None,
    offers: dict[str, int] | None = None,
) -> list[Page]:
    """Every page the benchmark drives. Add each new page here when it is built."""
    offer_pages = (
        [
            Page("my offers", "/jobseeker/offers", "jobseeker"),
            Page("offer page", f"/jobseeker/offers/{offers['offer']}", "jobseeker"),
            Page("refuse an offer", f"/jobseeker/offers/{offers['offer']}/refuse", "jobseeker"),
            Page("apply to a vacancy", f"/jobseeker/vacancies/{offers['vacancy']}/apply", "jobseeker"),
            Page("back-office person offers", f"/back-office/people/{offers['person']}/offers", "counsellor"),
            Page("back-office refusal queue", "/back-office/refusals", "counsellor"),
            Page("back-office refusal review", f"/back-office/refusals/{offers['refusal']}", "counsellor"),
            Page(
                "back-office propose a vacancy",
                f"/back-office/vacancies/{offers['vacancy']}/propose",
                "counsellor",
            ),
        ]
        + (
            [Page("employer shortlist", f"/employer/vacancies/{vacancy_id}/shortlist", "employer")]
            if vacancy_id
            else []
        )
        if offers
        else []
    )
    vacancies = (
        [
            Page("employer home", "/employer/", "employer"),
            Page("employer vacancies (published)", "/employer/vacancies/?state=published", "employer"),
            Page("employer vacancy page", f"/employer/vacancies/{vacancy_id}", "employer"),
            Page("employer vacancy form", f"/employer/vacancies/{vacancy_id}/edit", "employer"),
            Page("employer company profile", "/employer/company", "employer"),
            Page("employer inbox", "/employer/inbox", "employer"),
            Page("vacancy page (anonymous)", f"/jobs/{vacancy_id}", None),
            Page("vacancy print view (anonymous)", f"/jobs/{vacancy_id}/print", None),
            Page("back-office vacancy check queue", "/back-office/vacancies/", "counsellor"),
            Page("back-office vacancy check", f"/back-office/vacancies/{vacancy_id}", "counsellor"),
        ]
        if vacancy_id is not None
        else []
    )
    trainings = (
        [
            Page("training page (anonymous)", f"/trainings/{training_id}", None),
            Page("training request form", f"/jobseeker/trainings/{training_id}/request", "jobseeker"),
            Page("my training requests", "/jobseeker/training-requests", "jobseeker"),
            Page("back-office trainings", "/back-office/trainings", "counsellor"),
            Page("back-office training edit", f"/back-office/trainings/{training_id}", "counsellor"),
            Page("back-office measures", "/back-office/measures", "counsellor"),
            Page("back-office training requests", "/back-office/training-requests", "counsellor"),
            Page(
                "back-office training request case",
                f"/back-office/training-requests/{training_request_id}",
                "counsellor",
            ),
        ]
        if training_id is not None and training_request_id is not None
        else []
    )
    # Issue 15: the counsellor's caseload, p99 <= 150 ms at 100,000 jobseekers
    # (`--caseload-jobseekers 100000`: the reports' synthetic population, a share given to Mari-Liis).
    caseload = [
        Page("caseload", "/back-office/caseload", "counsellor", p99_ms=150.0),
        Page(
            "caseload (office, high risk, by due date)",
            "/back-office/caseload?scope=office&risk=high&sort=due",
            "counsellor",
            p99_ms=150.0,
        ),
        Page(
            "caseload (overdue, social assistance)",
            "/back-office/caseload?flag=overdue&flag=social_assistance",
            "counsellor",
            p99_ms=150.0,
        ),
        Page("person search (name prefix)", "/back-office/search?q=per", "counsellor"),
        *(
            [
                Page("case view", f"/back-office/cases/{case_id}", "counsellor"),
                Page("case risk profile", f"/back-office/cases/{case_id}/risk-profile", "counsellor"),
                Page("case plan", f"/back-office/cases/{case_id}/plan", "counsellor"),
                Page("my support level", "/jobseeker/risk-profile", "jobseeker"),
                Page("my plan", "/jobseeker/plan", "jobseeker"),
                Page("case meetings", f"/back-office/cases/{case_id}/meetings", "counsellor"),
            ]
            if case_id is not None
            else []
        ),
    ]
    return [
        Page("start page (anonymous)", "/", None),
        Page("jobseeker home", "/jobseeker/", "jobseeker"),
        Page("inbox", "/jobseeker/inbox", "jobseeker"),
        Page("decision page", f"/jobseeker/decisions/{decision_id}", "jobseeker"),
        Page("certificate page", f"/jobseeker/certificates/{certificate_id}", "jobseeker"),
        Page("my profile", "/jobseeker/profile", "jobseeker"),
        Page(
            "occupation search (htmx)",
            "/jobseeker/registration/occupations/search?q=developer",
            "jobseeker",
            fragment=True,
            headers=HTMX,
        ),
        Page("back-office home", "/back-office/", "counsellor"),
        Page("back-office registration queue", "/back-office/registrations", "counsellor"),
        *caseload,
        *trainings,
        *vacancies,
        *offer_pages,
        # Issue 17: who used my data, my data, and the reports (p99 <= 300 ms at 100,000 jobseekers
        # and 1,000,000 events: `--reports-jobseekers 100000 --reports-events 1000000`).
        Page("who used my data", "/jobseeker/data-use", "jobseeker"),
        Page("my data", "/jobseeker/my-data", "jobseeker"),
        Page("reports", "/back-office/reports", "counsellor", p99_ms=300.0),
        Page("reports chart (svg)", "/back-office/reports/decision-time/chart", "counsellor", p99_ms=300.0),
        Page("reports csv", "/back-office/reports/registrations-per-week/csv", "counsellor", p99_ms=300.0),
        # Search (docs/search.md) over the vacancies `prepare` generates.
        Page("job search, one word (anonymous)", "/jobs?q=kokk", None),
        Page("job search, filters (anonymous)", "/jobs?county=37&working_time=full&posted=30", None),
        Page(
            "job search results (htmx)",
            "/jobs?q=juht&county=37&wage=1500",
            None,
            fragment=True,
            headers=HTMX,
        ),
        Page("job search (jobseeker)", "/jobs?q=klienditeenindaja", "jobseeker"),
        Page("training search (anonymous)", "/trainings", None),
        Page("saved searches", "/jobseeker/saved-searches", "jobseeker"),
        Page("saved vacancies", "/jobseeker/saved-vacancies", "jobseeker"),
        Page("my meetings", "/jobseeker/meetings", "jobseeker"),
        Page("back-office meetings to follow up", "/back-office/meetings", "counsellor"),
        Page("end registration, first page", "/jobseeker/end-registration", "jobseeker"),
        Page("proposals to end a registration", "/back-office/status-proposals", "counsellor"),
        Page("nightly register checks", "/back-office/reconciliation", "counsellor"),
        Page(
            "nightly register checks (htmx)",
            "/back-office/reconciliation",
            "counsellor",
            fragment=True,
            headers=HTMX,
        ),
    ]


def settings(database_url: str) -> dict[str, object]:
    """What both the in-process app and gunicorn run with (as PORTAL_* variables for gunicorn)."""
    return {
        "ENV": "development",
        "SECRET_KEY": "bench-" + "x" * 40,
        "DATABASE_URL": database_url,
        "DEV_EID": True,
        "DEV_XROAD": True,
        "EID_DISCOVERY_URL": "http://localhost/dev-eid/.well-known/openid-configuration",
        "DEV_EID_REDIRECT_URIS": "http://localhost/auth/callback",
        "JOBS_IMMEDIATE": True,
        "LOG_LEVEL": "WARNING",
        # The load client is one address: the anonymous search's per-address limit would answer 429.
        "RATELIMIT_SEARCH": "1000000 per minute",
        # The personas sign in before the data is generated, which takes up to half an hour at a
        # million events: past the 15-minute staff limit, every page answered 401.
        "SESSION_IDLE_MINUTES": 240,
        "STAFF_SESSION_IDLE_MINUTES": 240,
    }


def reset_database(database_url: str) -> None:
    engine = build_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrations.upgrade(engine)
    engine.dispose()


def _walk_registration(client) -> None:
    """Press "Start now", then accept every default, typing only the contact details."""
    page = client.get("/jobseeker/registration/", headers=EN)
    complete(client, submit(client, page, headers=EN))


def _switch_role(client, role: str) -> None:
    page = client.get("/roles")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    response = client.post("/roles", data={"role": role, "csrf_token": token.group(1)})
    assert response.status_code == 303, response.status_code


def _ask_to_join_a_training(app: Flask, jobseeker) -> tuple[int, int]:
    """The demo trainings, and Jaak's request to join the first with a free seat (through its form)."""
    with app.app_context():
        seed_trainings(app.extensions["profile"])
        training_id = db.session.scalar(
            select(Training.id)
            .where(Training.seats_taken < Training.seats_total)
            .order_by(Training.id)
            .limit(1)
        )
    form = jobseeker.get(f"/jobseeker/trainings/{training_id}/request", headers=EN)
    sent = submit(jobseeker, form, {"reason": "I want a certificate."}, headers=EN)
    assert sent.status_code == 303
    # Read the confirmation, as the person does: left unread, its flash would ride in the replayed
    # cookie, shown on every "my training requests" and re-verified on every jobseeker page.
    assert jobseeker.get(sent.location, headers=EN).status_code == 200
    with app.app_context():
        request_id = db.session.scalar(
            select(TrainingRequest.id).where(TrainingRequest.training_id == training_id)
        )
    return training_id, request_id


def _act_for_a_company(app: Flask):
    """Kadri Tamm acting for Tartu Puit OÜ (sole right), and one of its seeded published vacancies."""
    employer = app.test_client()
    assert login(employer, code=KADRI).status_code == 303
    _switch_role(employer, f"employer:{TARTU_PUIT}")
    assert employer.get("/employer/", headers=EN).status_code == 200  # the company profile row
    with app.app_context():
        vacancy_id = db.session.scalar(
            select(Vacancy.id)
            .where(Vacancy.employer_code == TARTU_PUIT, Vacancy.state == VacancyState.PUBLISHED)
            .order_by(Vacancy.id)
            .limit(1)
        )
    assert vacancy_id, "the seed published no vacancy for Tartu Puit OÜ"
    return employer, vacancy_id


@dataclass
class Prepared:
    app: Flask
    cookies: dict[str, str]  # who -> Cookie header
    decision_id: int
    certificate_id: int
    clients: dict[str, object]
    training_id: int | None = None
    training_request_id: int | None = None
    vacancy_id: int | None = None
    case_id: int | None = None
    offers: dict[str, int] | None = None


def _offer_and_refuse(app: Flask, jobseeker) -> dict[str, int]:
    """Two vacancies offered to Jaak by the demo counsellor; he refuses the first through its pages
    (the refusal queue and review page have a row), the second stays open."""
    from portal.models import Offer, Refusal, StaffMember
    from portal.services.offers import proposing
    from tests.offers_world import vacancy, vacancy_subject

    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        staff = db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == MARI))
        profile = app.extensions["profile"]
        refused = proposing.propose(
            [person_id], vacancy_subject(title="Forklift driver"), staff=staff, profile=profile
        )
        open_vacancy = vacancy("Warehouse worker")
        proposing.propose([person_id], vacancy_subject(open_vacancy), staff=staff, profile=profile)
        offer_id = db.session.scalar(select(Offer.id).where(Offer.vacancy_id == open_vacancy))
    form = jobseeker.get(f"/jobseeker/offers/{refused[0].id}/refuse", headers=EN)
    preview = submit(jobseeker, form, {"reason": "distance"}, headers=EN)
    assert submit(jobseeker, preview, headers=EN).status_code == 303
    with app.app_context():
        refusal_id = db.session.scalar(select(Refusal.id).where(Refusal.offer_id == refused[0].id))
    return {"person": person_id, "offer": offer_id, "vacancy": open_vacancy, "refusal": refusal_id}


def prepare(database_url: str) -> Prepared:
    app = create_app(settings(database_url))
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    with app.app_context():
        seed_demo_data()
        generate(SEARCH_VACANCIES)  # the search pages list them (bench/search.py measures 100,000)
    jobseeker, counsellor = app.test_client(), app.test_client()
    assert login(jobseeker, code=JAAN).status_code == 303
    _walk_registration(jobseeker)
    assert login(counsellor, code=MARI, acr="high").status_code == 303
    _switch_role(counsellor, "counsellor")
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        decision_id = db.session.scalar(select(Decision.id).where(Decision.person_id == person_id))
        certificate_id = db.session.scalar(select(Certificate.id).where(Certificate.person_id == person_id))
    assert decision_id and certificate_id, "the registration journey issued no decision or certificate"
    with app.app_context():
        case_id = db.session.scalar(select(JobseekerCase.id).where(JobseekerCase.person_id == person_id))
    training_id, training_request_id = _ask_to_join_a_training(app, jobseeker)
    employer, vacancy_id = _act_for_a_company(app)
    clients = {
        "jobseeker": jobseeker,
        "counsellor": counsellor,
        "employer": employer,
        None: app.test_client(),
    }
    cookies = {
        who: f"{cookie_name}={client.get_cookie(cookie_name).value}"
        for who, client in clients.items()
        if who is not None
    }
    prepared = Prepared(
        app,
        cookies,
        decision_id,
        certificate_id,
        clients,
        training_id,
        training_request_id,
        vacancy_id,
        case_id,
        _offer_and_refuse(app, jobseeker),
    )
    vacuum_analyze_search(database_url)
    return prepared


def vacuum_analyze_search(database_url: str) -> None:
    """On PostgreSQL, what autovacuum does after the search index's bulk load: statistics for the
    planner and the visibility map (index-only scans).

    `generate` writes thousands of entries at once. In production autovacuum analyzes them within a
    minute (50 rows + 10% changed); the bench's server runs with autovacuum off (its CI settings),
    so without this every search was planned with no statistics at all: the page's window read
    every vacancy's text through the deadline index instead of the full-text index (9,800 buffers
    and 4 ms of server time for `kokk` at 5,000 vacancies, 150 buffers and 0.2 ms with them).
    The vacancies it writes (and updates once each, leaving as many dead rows) and their places
    too: without statistics the vacancy check queue's `state = 'submitted' OR (state = 'published'
    AND needs_check)` was planned as ten rows a state and read every published vacancy, twice a page
    (1,045 buffers, 10-20 ms of server time a statement; 0.1 ms through the needs_check index).
    On the driver's connection in autocommit: VACUUM refuses to run in a transaction."""
    engine = build_engine(database_url)
    try:
        if engine.dialect.name != "postgresql":
            return
        raw = engine.raw_connection()
        try:
            raw.driver_connection.autocommit = True
            for table in ("search_entry", "search_place", "vacancy", "vacancy_place"):
                raw.driver_connection.execute(f"VACUUM ANALYZE {table}")
        finally:
            raw.close()
    finally:
        engine.dispose()


def count_statements(prepared: Prepared, page: Page) -> tuple[int, int, int]:
    """(status, SQL statements, bytes) of one in-process request with the page's session."""
    engine = prepared.app.extensions["database_engine"]
    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = prepared.clients[page.who].get(page.path, headers={**EN, **page.headers})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return response.status_code, statements, len(response.get_data())


def save_state(prepared: Prepared, database_url: str, path: str) -> None:
    """The prepared data's ids and signed-in cookies, so a later run can measure the same database
    again (`--state`) instead of building it anew (the 100,000-jobseeker data takes a quarter of an
    hour or more on the shared machine)."""
    import json
    from dataclasses import fields as fields_of

    # Not asdict(): it deep-copies every field first, and the app and its clients cannot be copied.
    fields = {
        f.name: getattr(prepared, f.name) for f in fields_of(prepared) if f.name not in ("app", "clients")
    }
    Path(path).write_text(json.dumps({"database_url": database_url, **fields}))


def reuse_state(path: str) -> tuple[str, Prepared]:
    """The database and sessions `save_state` kept, migrated to the head revision (a later migration
    is applied); the in-process clients carry the same cookies as the load client."""
    import json

    state = json.loads(Path(path).read_text())
    database_url = state.pop("database_url")
    engine = build_engine(database_url)
    migrations.upgrade(engine)
    engine.dispose()
    vacuum_analyze_search(database_url)  # as a fresh `prepare` leaves it (a state kept before it did)
    app = create_app(settings(database_url))
    clients: dict[str | None, object] = {None: app.test_client()}
    for who, header in state["cookies"].items():
        client = app.test_client()
        name, value = header.split("=", 1)
        client.set_cookie(name, value)
        clients[who] = client
    return database_url, Prepared(app=app, clients=clients, **state)


def pages_of(prepared: Prepared) -> list[Page]:
    """Every page the benchmark drives, with the ids of `prepared`'s records."""
    return pages(
        prepared.decision_id,
        prepared.certificate_id,
        prepared.training_id,
        prepared.training_request_id,
        prepared.vacancy_id,
        prepared.case_id,
        prepared.offers,
    )
