"""Who used my data: every kind of use appears on the person's own page, nothing about anyone else,
staff names are withheld, and the page pages and filters in SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Candidate,
    CandidateSource,
    Person,
    QueryDirection,
    StaffRole,
    XRoadQuery,
)
from portal.models.audit import DataCategory
from portal.services import audit, data_use, inbox
from portal.services.data_use import UseKind
from portal.services.staff import add_staff
from tests.eid import JAAN, MARI, persona, signed_in
from tests.journeys import EN, text
from tests.offers_world import EMPLOYER_CODE, vacancy

OTHER = "49001010005"  # another person, whose uses must never show
NEXT = re.compile(r'<a [^>]*href="([^"]+)"[^>]*rel="next"')


def person_id(code: str) -> int:
    found = db.session.scalar(select(Person.id).where(Person.national_code == code))
    if found is None:
        person = Person(country="EE", national_code=code, given_name="Other", family_name="Person")
        db.session.add(person)
        db.session.commit()
        return person.id
    return found


def query(
    code: str,
    direction: QueryDirection,
    *,
    xroad_id: str,
    client: str,
    service: str,
    operation: str,
    purpose: str,
    at: dt.datetime,
) -> None:
    with db.write() as session:
        session.add(
            XRoadQuery(
                occurred_at=at,
                direction=direction,
                xroad_id=xroad_id,
                client=client,
                service=service,
                operation=operation,
                subject_code=code,
                purpose=purpose,
                outcome="ok",
                http_status=200,
                duration_ms=12,
            )
        )


def staff_use(actor: int, subject: int, tag: AuditTag, purpose: str, **details) -> None:
    with db.write() as session:
        audit.record(
            session,
            tag,
            actor_role="counsellor",
            purpose=purpose,
            actor_person_id=actor,
            subject_person_id=subject,
            details={"data_categories": [str(DataCategory.NAME), str(DataCategory.CONTACT)], **details},
        )


def seed_uses(app) -> None:
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        profile = app.extensions["profile"]
        add_staff(profile, MARI, StaffRole.COUNSELLOR, "Tartu office")
        mari = person_id(MARI)
        db.session.execute(
            Person.__table__.update()
            .where(Person.id == mari)
            .values(given_name="Mari", family_name="Maasikas")
        )
        db.session.commit()
        jaan, other = person_id(JAAN), person_id(OTHER)
        staff_use(mari, jaan, AuditTag.PERSON_VIEW, "registration case viewed")
        staff_use(
            mari,
            jaan,
            AuditTag.CASE_BREAK_GLASS,
            "Covering for a colleague on leave",
            break_glass_reason="Covering for a colleague on leave",
            actor_office="Tartu office",
            case_office="Tallinn office",
        )
        staff_use(mari, other, AuditTag.PERSON_VIEW, "registration case viewed OTHER-ONLY")
        query(
            JAAN,
            QueryDirection.OUTGOING,
            xroad_id="11111111-aaaa-4aaa-8aaa-000000000001",
            client="DEV/GOV/70000001/pes",
            service="DEV/GOV/70000004/tax/employment/getEmployment",
            operation="getEmployment",
            purpose="registration as a jobseeker: prefill",
            at=now,
        )
        query(
            OTHER,
            QueryDirection.OUTGOING,
            xroad_id="22222222-bbbb-4bbb-8bbb-000000000002",
            client="DEV/GOV/70000001/pes",
            service="DEV/GOV/70000004/tax/employment/getEmployment",
            operation="getEmployment",
            purpose="registration as a jobseeker: prefill",
            at=now,
        )
        query(
            JAAN,
            QueryDirection.INCOMING,
            xroad_id="33333333-cccc-4ccc-8ccc-000000000003",
            client="DEV/GOV/70000005/sas",
            service="DEV/GOV/70000001/pes/jobseekers",
            operation="getJobseeker",
            purpose="request from DEV/GOV/70000005/sas",
            at=now - dt.timedelta(days=40),
        )


def test_each_kind_of_use_appears_and_nothing_of_other_persons(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    page = text(client.get("/jobseeker/data-use", headers=EN))
    assert "Who used your data" in page
    # Staff: date and time, office, role, purpose, the data shown; the break-glass reason.
    assert "Opened your case" in page and "Tartu office" in page and "Counsellor" in page
    assert "to decide on your registration" in page
    assert "Data shown: name, contact details" in page
    assert "Opened your case from another office" in page
    assert "Opened your case from another office" in page
    assert "Reason given: Covering for a colleague on leave" in page
    # Registers: which register, why, the X-Road message id.
    assert "Tax and employment register" in page
    assert "11111111-aaaa-4aaa-8aaa-000000000001" in page
    # Institutions: the directory's name and what was asked.
    assert "Sotsiaalkindlustusamet" in page
    assert "Whether you are registered as a jobseeker" in page
    # Nobody else's.
    assert "OTHER-ONLY" not in page and "22222222-bbbb" not in page
    # The counsellor's name is withheld.
    assert "Maasikas" not in page and "Mari" not in page


def test_filters_by_kind_and_period(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    staff_only = text(client.get("/jobseeker/data-use?kind=staff", headers=EN))
    assert "Opened your case" in staff_only and "Tax and employment register" not in staff_only
    institutions = text(client.get("/jobseeker/data-use?kind=institution", headers=EN))
    assert "Sotsiaalkindlustusamet" in institutions and "Opened your case" not in institutions
    # The institution's question was 40 days ago: not in the last 30 days.
    recent = text(client.get("/jobseeker/data-use?kind=institution&period=30d", headers=EN))
    assert "Sotsiaalkindlustusamet" not in recent and "0 uses of your data" in recent
    # Unknown values fall back to everything rather than failing.
    assert client.get("/jobseeker/data-use?kind=nonsense&period=x&page=abc", headers=EN).status_code == 200


def test_staff_names_shown_only_when_the_profile_says_so(eid_app):
    seed_uses(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        jaan = person_id(JAAN)
        hidden = data_use.uses_of(jaan, profile, kind=data_use.UseKind.STAFF)
        assert hidden.total == 2 and all(use.staff_name is None for use in hidden.uses)
        named = dataclasses.replace(
            profile, data_use=dataclasses.replace(profile.data_use, show_staff_names=True)
        )
        shown = data_use.uses_of(jaan, named, kind=data_use.UseKind.STAFF)
        assert {use.staff_name for use in shown.uses} == {"Mari Maasikas"}


def test_paged_in_sql_newest_first(eid_app):
    seed_uses(eid_app)
    with eid_app.app_context():
        jaan, mari = person_id(JAAN), person_id(MARI)
        for n in range(data_use.PAGE_SIZE + 5):
            staff_use(mari, jaan, AuditTag.PERSON_LIST, f"registration queue listed {n}")
        profile = eid_app.extensions["profile"]
        first = data_use.uses_of(jaan, profile)
        second = data_use.uses_of(jaan, profile, before=first.older)
        assert first.total == data_use.PAGE_SIZE + 5 + 4 and first.total_exact
        assert first.first and first.older is not None and not second.first and second.older is None
        assert len(first.uses) == data_use.PAGE_SIZE and len(second.uses) == 9
        moments = [use.occurred_at for use in first.uses + second.uses]
        assert moments == sorted(moments, reverse=True)
        assert second.uses[-1].client == "Sotsiaalkindlustusamet"  # the oldest, 40 days ago
        # Back from the second page: the newest page again.
        assert data_use.uses_of(jaan, profile, after=second.newer).uses == first.uses


def test_the_page_shows_links_to_the_next_pages(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    with eid_app.app_context():
        jaan, mari = person_id(JAAN), person_id(MARI)
        for n in range(data_use.PAGE_SIZE):
            staff_use(mari, jaan, AuditTag.PERSON_LIST, f"registration queue listed {n}")
    first = client.get("/jobseeker/data-use?kind=staff", headers=EN)
    assert first.status_code == 200
    found = NEXT.search(first.get_data(as_text=True))
    assert found, "no link to the next page"
    assert re.fullmatch(r"/jobseeker/data-use\?kind=staff&amp;before=\d{20}-a\d+&amp;page=2", found.group(1))
    second = text(client.get(html.unescape(found.group(1)), headers=EN))
    assert "Opened your case" in second


def test_an_employer_seeing_the_person_on_a_shortlist_appears_as_its_own_kind(client_as, eid_app, make_app):
    """The employer's shortlist page is audited per person shown; the person reads the company and
    the vacancy, never the representative's name; another person on the same list reads only theirs."""
    jobseeker = client_as("jobseeker")
    with eid_app.app_context():
        jaan, other, absent = person_id(JAAN), person_id(OTHER), person_id("39001010008")
        vacancy_id = vacancy("Forklift driver")
        for who in (jaan, other):
            with db.write() as session:
                session.add(
                    Candidate(
                        vacancy_id=vacancy_id,
                        person_id=who,
                        source=CandidateSource.APPLICATION,
                        consented_fields=["name"],
                    )
                )
    _app, employer = signed_in(make_app, persona("representative").code)
    roles = employer.get("/roles", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', roles).group(1)
    chosen = employer.post("/roles", data={"role": f"employer:{EMPLOYER_CODE}", "csrf_token": token})
    assert chosen.status_code == 303
    assert employer.get(f"/employer/vacancies/{vacancy_id}/shortlist", headers=EN).status_code == 200

    page = text(jobseeker.get("/jobseeker/data-use", headers=EN))
    assert "Employer: Tartu Puit OÜ" in page
    assert "Saw you on the shortlist of a vacancy" in page and "Vacancy: Forklift driver" in page
    assert "the data you agreed to show" in page
    representative = persona("representative")
    assert representative.given_name not in page and representative.family_name not in page
    # Filterable by kind: only the employer's use, and it is not among the staff's.
    employers = text(jobseeker.get("/jobseeker/data-use?kind=employer", headers=EN))
    assert "Tartu Puit OÜ" in employers and "1 use of your data" in employers
    staff = text(jobseeker.get("/jobseeker/data-use?kind=staff", headers=EN))
    assert "Tartu Puit OÜ" not in staff
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        kind = data_use.UseKind.EMPLOYER
        mine = data_use.uses_of(jaan, profile, kind=kind)
        theirs = data_use.uses_of(other, profile, kind=kind)
        assert mine.total == 1 and theirs.total == 1  # one event each, about each alone
        assert (mine.uses[0].company, mine.uses[0].staff_name) == ("Tartu Puit OÜ", None)
        assert data_use.uses_of(absent, profile).total == 0


# --- keyset pages (issue 18): the page's cost does not grow with the uses recorded ----------------


def event_at(
    subject: int, at: dt.datetime, *, role: str = "counsellor", actor: int | None = None, mark: str = ""
) -> None:
    """An audit event at a given moment (outside the chain: these tests read only the page)."""
    tag = AuditTag.SHORTLIST_VIEW if role == "employer" else AuditTag.PERSON_VIEW
    with db.write() as session:
        session.add(
            AuditEvent(
                occurred_at=at,
                tag=tag,
                actor_person_id=actor,
                actor_role=role,
                subject_person_id=subject,
                purpose=f"registration case viewed {mark}".strip(),
                details={"data_categories": [str(DataCategory.NAME)]},
            )
        )


def walk(person: int, profile, size: int, **filters) -> list[data_use.UsePage]:
    """Every page from the newest, by the "next" cursor."""
    pages = [data_use.uses_of(person, profile, size=size, **filters)]
    while pages[-1].older is not None:
        pages.append(data_use.uses_of(person, profile, size=size, before=pages[-1].older, **filters))
        assert len(pages) < 100
    return pages


def places(page: data_use.UsePage) -> list[tuple]:
    return [(use.kind, use.occurred_at, use.purpose, use.xroad_id) for use in page.uses]


def tied_world(app) -> tuple[int, int, dt.datetime]:
    """Jaan with 40 uses in one microsecond (staff of three roles, an employer, X-Road messages
    both ways, whose ids overlap the audit events' ids) and some before and after it; the other
    person with uses in the same microsecond, which must never show."""
    moment = dt.datetime(2026, 11, 2, 9, 30, 0, 123456, tzinfo=dt.UTC)
    with app.app_context():
        jaan, other, mari = person_id(JAAN), person_id(OTHER), person_id(MARI)
        for n in range(30):
            role = ("counsellor", "supervisor", "administrator", "employer")[n % 4]
            event_at(jaan, moment, role=role, actor=mari if role != "employer" else None, mark=f"tie {n}")
            event_at(other, moment, actor=mari, mark="OTHER-ONLY")
        for n in range(10):
            direction = QueryDirection.OUTGOING if n % 2 else QueryDirection.INCOMING
            for code in (JAAN, OTHER):
                query(
                    code,
                    direction,
                    xroad_id=f"{code}-{n:04d}",
                    client="DEV/GOV/70000005/sas",
                    service="DEV/GOV/70000004/tax/employment/getEmployment",
                    operation="getEmployment",
                    purpose="tie",
                    at=moment,
                )
        for hours in (-2, -1, 1, 2):
            event_at(jaan, moment + dt.timedelta(hours=hours), actor=mari, mark=f"{hours:+d} h")
        # The person's own and the system's events are not uses by others.
        event_at(jaan, moment, role="citizen", actor=jaan, mark="OWN")
        event_at(jaan, moment, role="system", mark="SYSTEM")
    return jaan, other, moment


def test_pages_follow_each_other_across_a_tie_without_repeats_or_gaps(eid_app):
    jaan, _other, moment = tied_world(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        everything = data_use.uses_of(jaan, profile, size=500)
        assert everything.total == 44 and len(everything.uses) == 44 and everything.older is None
        for size in (1, 3, 7, 25):
            pages = walk(jaan, profile, size)
            shown = [place for page in pages for place in places(page)]
            assert shown == places(everything)  # the same uses, once each, in the same order
            assert all(len(page.uses) == size for page in pages[:-1])
            assert pages[0].first and all(not page.first for page in pages[1:])
            # Back from the last page by the "previous" cursor: the same pages in reverse.
            back = [pages[-1]]
            while back[-1].newer is not None:
                back.append(data_use.uses_of(jaan, profile, size=size, after=back[-1].newer))
            assert [places(page) for page in reversed(back)] == [places(page) for page in pages]
        moments = [use.occurred_at for use in everything.uses]
        assert moments == sorted(moments, reverse=True) and moments.count(moment) == 40
        # Of one moment, X-Road messages first, then audit events, each the newest id first.
        tied = [use for use in everything.uses if use.occurred_at == moment]
        assert [use.kind for use in tied[:10]] == [UseKind.REGISTER, UseKind.INSTITUTION] * 5
        assert [use.xroad_id for use in tied[:10]] == [f"{JAAN}-{n:04d}" for n in range(9, -1, -1)]
        assert [use.purpose for use in tied[10:]] == [
            f"registration case viewed tie {n}" for n in range(29, -1, -1)
        ]


def test_only_the_persons_own_uses_on_every_page_and_filter(eid_app):
    jaan, other, _moment = tied_world(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        for kind in (None, *UseKind):
            for page in walk(jaan, profile, 4, kind=kind):
                assert all(
                    "OTHER" not in use.purpose and OTHER not in (use.xroad_id or "") for use in page.uses
                )
                assert all(
                    use.purpose not in ("registration case viewed OWN", "registration case viewed SYSTEM")
                    for use in page.uses
                )
                assert kind is None or all(use.kind == kind for use in page.uses)
        counts = {kind: data_use.uses_of(jaan, profile, kind=kind).total for kind in UseKind}
        assert counts == {UseKind.STAFF: 27, UseKind.EMPLOYER: 7, UseKind.REGISTER: 5, UseKind.INSTITUTION: 5}
        theirs = walk(other, profile, 4)
        assert sum(len(page.uses) for page in theirs) == 40
        for use in (use for page in theirs for use in page.uses):
            assert use.purpose == "registration case viewed OTHER-ONLY" or use.xroad_id.startswith(OTHER)


def test_a_cursor_that_leads_nowhere_gives_the_newest_page(eid_app):
    jaan, _other, moment = tied_world(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        newest = data_use.uses_of(jaan, profile, size=5)
        # Older than every use; newer than every use; just past the newest use's id.
        past_the_end = data_use.Cursor(moment - dt.timedelta(days=3650), data_use.AUDIT_LOG, 1)
        future = data_use.Cursor(moment + dt.timedelta(days=3650), data_use.XROAD_LOG, 1)
        for page in (
            data_use.uses_of(jaan, profile, size=5, before=past_the_end),
            data_use.uses_of(jaan, profile, size=5, after=future),
            data_use.uses_of(
                jaan,
                profile,
                size=5,
                after=data_use.Cursor(moment + dt.timedelta(hours=2), data_use.AUDIT_LOG, 10**9),
            ),
        ):
            assert page.first and places(page) == places(newest)
    cursor = data_use.Cursor(moment, data_use.XROAD_LOG, 12)
    assert data_use.Cursor.parse(cursor.token) == cursor and cursor.token == "20261102093000123456-x12"
    for token in ("", "abc", "20261302093000123456-a1", "20261102093000123456-z1", "1-a1", None):
        assert data_use.Cursor.parse(token) is None


def test_the_count_stops_at_its_cap(client_as, eid_app, monkeypatch):
    client = client_as("jobseeker")
    jaan, _other, _moment = tied_world(eid_app)
    monkeypatch.setattr(data_use, "COUNT_CAP", 10)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        capped = data_use.uses_of(jaan, profile)
        assert (capped.total, capped.total_exact, len(capped.uses)) == (10, False, 25)
        exact = data_use.uses_of(jaan, profile, kind=UseKind.EMPLOYER)
        assert (exact.total, exact.total_exact) == (7, True)
    assert "More than 10 uses of your data" in text(client.get("/jobseeker/data-use", headers=EN))
    assert "7 uses of your data" in text(client.get("/jobseeker/data-use?kind=employer", headers=EN))


def table(body: str) -> list[str]:
    """The list's rows, as text."""
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_numbered_accessible_links_without_javascript(client_as, eid_app, monkeypatch):
    """Next and previous are plain links; the navigation is labelled, the current page marked; the
    previous link of page 2 is the newest page itself; a bad cursor is the newest page."""
    client = client_as("jobseeker")
    tied_world(eid_app)
    monkeypatch.setattr(data_use, "PAGE_SIZE", 10)

    def links(body: str) -> tuple[str | None, str | None, list[str], str | None]:
        prev = re.search(r'<a [^>]*href="([^"]+)"[^>]*rel="prev"', body)
        nxt = NEXT.search(body)
        numbers = re.findall(r'aria-label="Page (\d+)"', body)
        current = re.search(r'aria-label="Page (\d+)" aria-current="page"', body)
        return (
            html.unescape(prev.group(1)) if prev else None,
            html.unescape(nxt.group(1)) if nxt else None,
            numbers,
            current.group(1) if current else None,
        )

    first = client.get("/jobseeker/data-use?kind=staff", headers=EN).get_data(as_text=True)
    assert '<nav class="govuk-pagination" aria-label="Results pages">' in first
    prev, nxt, numbers, current = links(first)
    assert prev is None and numbers == ["1", "2"] and current == "1"
    second = client.get(nxt, headers=EN).get_data(as_text=True)
    prev, nxt, numbers, current = links(second)
    assert prev == "/jobseeker/data-use?kind=staff" and numbers == ["1", "2", "3"] and current == "2"
    third = client.get(nxt, headers=EN).get_data(as_text=True)
    prev, nxt, numbers, current = links(third)
    assert nxt is None and numbers == ["1", "2", "3"] and current == "3"  # 27 uses: the last page
    assert re.fullmatch(r"/jobseeker/data-use\?kind=staff&after=\d{20}-a\d+&page=2", prev)
    # Back to page 2: the same uses as on the way forward; the pages share none.
    tables = [table(page) for page in (first, second, third)]
    assert table(client.get(prev, headers=EN).get_data(as_text=True)) == tables[1]
    assert [len(rows) for rows in tables] == [10, 10, 7] and len(
        {row for rows in tables for row in rows}
    ) == 27
    bad = client.get("/jobseeker/data-use?kind=staff&before=nonsense&page=9", headers=EN)
    assert bad.status_code == 200 and links(bad.get_data(as_text=True))[3] == "1"


def test_statements_do_not_grow_with_the_uses_or_the_depth(eid_app):
    """The same statements for the newest page and a deep one, with 40 or 240 tied uses."""
    jaan, _other, moment = tied_world(eid_app)
    engine_of = eid_app.extensions["database_engine"]

    def statements(**kwargs) -> int:
        seen = 0

        def count(*_args) -> None:
            nonlocal seen
            seen += 1

        event.listen(engine_of, "before_cursor_execute", count)
        try:
            data_use.uses_of(jaan, profile, size=5, **kwargs)
        finally:
            event.remove(engine_of, "before_cursor_execute", count)
        return seen

    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        few = (statements(), statements(before=walk(jaan, profile, 5)[-2].older))
        for n in range(200):
            event_at(jaan, moment, role=("counsellor", "employer")[n % 2], mark=f"more {n}")
        deep = walk(jaan, profile, 5)
        assert len(deep) == 49
        many = (statements(), statements(before=deep[-2].older))
        assert few == many and max(many) <= 6


def test_sqlite_reads_each_part_from_its_index(eid_app):
    """Every part of the page's statements is an index search, none a scan of the logs."""
    jaan, _other, _moment = tied_world(eid_app)
    engine_of = eid_app.extensions["database_engine"]
    if engine_of.dialect.name != "sqlite":
        pytest.skip("SQLite's plans; PostgreSQL's are in docs/performance.md")
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        first = data_use.uses_of(jaan, profile, size=5)
        event.listen(engine_of, "before_cursor_execute", keep)
        try:
            data_use.uses_of(jaan, profile, size=5, before=first.older)
        finally:
            event.remove(engine_of, "before_cursor_execute", keep)
        plans = []
        with engine_of.connect() as connection:
            for statement, parameters in seen:
                if "UNION ALL" in statement:
                    plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                    plans.append([row[3] for row in plan])
    assert len(plans) == 1  # the count and the rows beside the page's keys
    for plan in plans:
        reads = [line for line in plan if "audit_event" in line or "xroad_query" in line]
        # The six parts twice (the keys, the count), then each key's row by its primary key.
        assert len(reads) == 14 and not [line for line in reads if line.startswith("SCAN")], plan
        assert sum("USING INTEGER PRIMARY KEY (rowid=?)" in line for line in reads) == 2
        assert sum("ix_audit_event_subject_role_occurred" in line for line in reads) == 8
        assert sum("ix_xroad_query_subject_direction_occurred" in line for line in reads) == 4
        # The navigation's unread count beside them, from the person's messages alone.
        assert not [line for line in plan if "inbox_message" in line and line.startswith("SCAN")], plan


def test_the_page_reads_the_count_and_the_unread_messages_with_its_keys(eid_app):
    seed_uses(eid_app)
    with eid_app.app_context():
        jaan, mari = person_id(JAAN), person_id(MARI)
        for n in range(data_use.PAGE_SIZE + 5):
            staff_use(mari, jaan, AuditTag.PERSON_LIST, f"registration queue listed {n}")
        profile = eid_app.extensions["profile"]
        code = db.session.scalar(select(Person.national_code).where(Person.id == jaan))
        unread = inbox.unread_count(jaan)
        first = data_use.uses_of(jaan, profile)
        # The signed-in person's code from the session: the same page, one statement fewer.
        assert data_use.uses_of(jaan, profile, national_code=code) == first
        assert first.unread == unread and first.total == data_use.PAGE_SIZE + 5 + 4
        second = data_use.uses_of(jaan, profile, before=first.older, national_code=code)
        assert second.total == first.total and second.unread == unread
        # A period with no uses: no keys, the figures all the same.
        empty = data_use.uses_of(
            jaan, profile, kind=data_use.UseKind.EMPLOYER, period=data_use.Period.DAYS_30
        )
        assert (empty.total, empty.uses, empty.unread) == (0, [], unread)
