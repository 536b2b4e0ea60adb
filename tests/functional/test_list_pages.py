"""Lists are paginated in the database: a page shows at most 25 rows, the rest is a link away, and
the number of SQL statements a list page costs does not grow with the rows behind it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from portal.extensions import db
from portal.models import InboxMessage, Person
from tests.eid import JAAN


@contextmanager
def counted(app) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_messages(app, number: int) -> None:
    with app.app_context(), db.write() as session:
        person_id = session.scalar(select(Person.id).where(Person.national_code == JAAN))
        session.add_all(InboxMessage(person_id=person_id, kind="appeal_received") for _ in range(number))


def rows(html: str) -> int:
    return len(re.findall(r'href="/jobseeker/inbox/\d+"', html))


def test_the_inbox_shows_a_page_at_a_time_at_a_constant_cost(eid_app, client_as):
    client = client_as("jobseeker")
    add_messages(eid_app, 3)
    with counted(eid_app) as few:
        assert rows(client.get("/jobseeker/inbox").get_data(as_text=True)) == 3
    add_messages(eid_app, 27)
    with counted(eid_app) as over_a_page:
        client.get("/jobseeker/inbox")
    add_messages(eid_app, 30)
    with counted(eid_app) as many:
        first = client.get("/jobseeker/inbox").get_data(as_text=True)
    assert rows(first) == 25
    assert len(many) == len(over_a_page)  # 60 messages cost what 30 did
    # The page's rows, the count of them all and the navigation's unread count come in one
    # statement, one page of messages or more.
    assert len(many) == len(few)
    # The count in the default language, Estonian.
    assert "Sõnumid 1–25, kokku 60" in first and 'href="/jobseeker/inbox?page=2"' in first
    last = client.get("/jobseeker/inbox?page=3").get_data(as_text=True)
    assert rows(last) == 10 and "Sõnumid 51–60, kokku 60" in last
    # A page past the end, or not a number, shows a real page rather than an error.
    assert rows(client.get("/jobseeker/inbox?page=99").get_data(as_text=True)) == 10
    assert rows(client.get("/jobseeker/inbox?page=-1%27").get_data(as_text=True)) == 25


def add_pending(app, number: int, start: int) -> None:
    """Pending registrations of `number` different people (plausible codes are not needed here)."""
    import datetime as dt

    from portal.models import Registration, RegistrationKind, RegistrationState

    today = dt.date.today()
    with app.app_context(), db.write() as session:
        for index in range(start, start + number):
            person = Person(
                country="EE", national_code=f"3900101{index:04d}", given_name="P", family_name=f"N{index}"
            )
            session.add(person)
            session.flush()
            session.add(
                Registration(
                    reference=f"REG-Q-{index:05d}",
                    person_id=person.id,
                    kind=RegistrationKind.UNEMPLOYED,
                    state=RegistrationState.PENDING,
                    decision_due_on=today + dt.timedelta(days=index % 14),
                    submitted_at=dt.datetime.now(dt.UTC),
                    consent_at=dt.datetime.now(dt.UTC),
                    consent_version="test",
                    register_data={"sections": {}},
                    answers={},
                    review_reasons=[],
                )
            )


def test_the_registration_queue_and_the_home_figures_cost_the_same_with_many_cases(eid_app, client_as):
    client = client_as("counsellor")
    add_pending(eid_app, 2, 0)
    with counted(eid_app) as few:
        queue = client.get("/back-office/registrations").get_data(as_text=True)
        client.get("/back-office/")
    assert queue.count("REG-Q-") == 2
    add_pending(eid_app, 58, 2)
    with counted(eid_app) as many:
        queue = client.get("/back-office/registrations").get_data(as_text=True)
        home = client.get("/back-office/").get_data(as_text=True)
    assert len(many) == len(few)
    assert queue.count(">REG-Q-") == 25 and re.search(r"govuk-table__caption[^>]*>60 ", queue)
    assert "60" in home
    second = client.get("/back-office/registrations?page=3").get_data(as_text=True)
    assert second.count(">REG-Q-") == 10
