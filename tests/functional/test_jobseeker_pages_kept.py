"""The jobseeker's own pages read as columns and written from kept parts give the same HTML as
before: the decision page from one row of columns (not the ORM's decision), the home's
"Recommended for you" section kept per process by everything it is written from, and the inbox's
page, its count and the navigation's unread count from one statement."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Decision,
    DecisionKind,
    InboxMessage,
    Person,
    RecommendationShown,
    Registration,
    RegistrationState,
)
from portal.web import stand_ins
from portal.web.jobseeker.views import decisions, home
from tests.eid import JAAN
from tests.functional.test_decision_page import add_decision
from tests.functional.test_list_pages import add_messages, counted
from tests.matching_data import jobseeker, vacancy

TARTU, TALLINN = "0793", "0784"


def _page(client, path: str, language: str) -> str:
    text = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    # The nonce and the signed CSRF tokens (the forms' and the account bar's) differ on every view.
    return re.sub(r'nonce="[^"]*"|"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"', '""', text)


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize("automated", [True, False])
def test_the_decision_page_from_its_row_is_the_page_from_the_orm(
    eid_app, client_as, monkeypatch, language, automated
):
    client = client_as("jobseeker")
    decision_id = add_decision(eid_app, automated=automated)
    with eid_app.app_context():
        found = db.session.get(Decision, decision_id)
        found.facts = {"population": {"xroad_id": "EE-x-1", "read_at": "2026-11-02"}, "tax": {}}
        if automated:
            found.automated_rule = AutomatedRule.END_ON_OWN_REPORT
            found.kind = DecisionKind.DEREGISTRATION
            found.facts["end"] = {
                "reason": "found_work",
                "effective_on": "2026-11-20",
                "employer_name": "Firma",
            }
        db.session.commit()
    path = f"/jobseeker/decisions/{decision_id}"
    from_row = _page(client, path, language)
    assert "EE-x-1" in from_row
    real = decisions.decision_page_row

    def from_orm(decision_id: int, person_id: int):
        row, pending, answered, unread = real(decision_id, person_id)
        orm = db.session.get(Decision, decision_id)
        assert row is not None and row.registration.kind is orm.registration.kind
        assert all(getattr(row, name) == getattr(orm, name) for name in row._fields if name != "registration")
        return orm, pending, answered, unread

    monkeypatch.setattr(decisions, "decision_page_row", from_orm)
    assert _page(client, path, language) == from_row


def test_someone_elses_decision_is_not_found_from_its_row(eid_app, client_as):
    client = client_as("jobseeker")
    theirs = add_decision(eid_app, code="49002124277", reference="REG-2026-OTHER001")
    assert client.get(f"/jobseeker/decisions/{theirs}").status_code == 404


def test_the_inbox_reads_its_page_and_both_counts_in_one_statement(eid_app, client_as):
    client = client_as("jobseeker")
    add_messages(eid_app, 30)
    with eid_app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        first = db.session.scalars(
            select(InboxMessage).where(InboxMessage.person_id == person_id).order_by(InboxMessage.id).limit(4)
        ).all()
        for message in first:
            message.read_at = message.created_at
        db.session.commit()
    with counted(eid_app) as statements:
        page = client.get("/jobseeker/inbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    inbox_statements = [s for s in statements if "inbox_message" in s]
    assert len(inbox_statements) == 1
    assert "Messages 1 to 25 of 30" in page
    assert "Inbox (26<span" in page  # the navigation's unread count, beyond the page's 25
    last = client.get("/jobseeker/inbox?page=7", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert len(re.findall(r'href="/jobseeker/inbox/\d+"', last)) == 5


def test_the_home_reads_the_cards_shown_last_with_its_overview_while_it_shows_them(eid_app, client_as):
    """On PostgreSQL the overview, the person's facts and the cards a page showed last are one
    statement; once the registration is no longer active the cards are read once for nothing (in
    the overview's statement) and forgotten, then none are read again. On SQLite the overview is a
    statement of its own, and the home reads no cards without an active registration."""
    person = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home=TARTU, national_code=JAAN)
        vacancy("2512", (TARTU,), title="Developer in Tartu")
    person.get("/jobseeker/")
    with counted(eid_app) as shown:
        assert "Developer in Tartu" in person.get("/jobseeker/", headers={"Accept-Language": "en"}).get_data(
            as_text=True
        )
    with eid_app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        for registration in db.session.scalars(
            select(Registration).where(Registration.person_id == person_id)
        ):
            registration.state = RegistrationState.DEREGISTERED
        db.session.commit()
        sqlite = db.is_sqlite
    with counted(eid_app) as ended:
        assert "Developer in Tartu" not in person.get("/jobseeker/").get_data(as_text=True)
    with counted(eid_app) as after:
        person.get("/jobseeker/")
    assert len(shown) == (2 if sqlite else 1)
    assert len(after) == 1
    if sqlite:
        assert len(ended) == 1 and "FROM vacancy" not in ended[0] + after[0]
    else:  # the cards read once for nothing, then forgotten
        assert len(ended) == 2 and "FROM vacancy" in ended[0]
        assert ended[1].startswith("DELETE FROM recommendation_shown")
    with eid_app.app_context():
        kept = db.session.scalars(
            select(RecommendationShown).where(RecommendationShown.person_id == person_id)
        )
        assert bool(kept.all()) is sqlite  # SQLite's home forgets none: it reads none without one


# The cards' loop as `_recommended.html` wrote it before `recommended_items`.
_LOOP = """<ul class="govuk-list">
  {% for item in recommended %}
  <li class="govuk-!-margin-bottom-4">
    <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{{ url_for('public.vacancy', vacancy_id=item.vacancy.id) }}">{{ item.vacancy.title }}</a></h3>
    <p class="govuk-body-s govuk-!-margin-bottom-1">{{ item.vacancy.company.name }}{% if item.places %}, {{ item.places | join(", ") }}{% endif %}</p>
    <p class="govuk-body-s govuk-!-margin-bottom-1">{{ _("Why we suggest it:") }} {{ item.why.raised | join("; ") }}</p>
    {% if item.why.lowered %}<p class="govuk-body-s govuk-!-margin-bottom-1">{{ _("What does not fit:") }} {{ item.why.lowered | join("; ") }}</p>{% endif %}
  </li>
  {% endfor %}
</ul>"""


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_recommended_cards_are_written_as_the_templates_loop_wrote_them(eid_app, client_as, language):
    person = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home=TARTU, national_code=JAAN, languages=(("et", "B1"),))
        vacancy("2512", (TARTU,), title="R&D <developer> in Tartu")
        vacancy("2512", (TALLINN,), title="Developer in Tallinn", languages=(("et", "C1"),))
        vacancy("2512", (), title="Developer anywhere")
    page = person.get("/jobseeker/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert "R&amp;D &lt;developer&gt;" in page
    with eid_app.test_request_context("/jobseeker/", headers={"Accept-Language": language}):
        items = home.recommended(db.session.scalar(select(Person.id).where(Person.national_code == JAAN)))
        assert len(items) >= 2 and any(item["why"].lowered for item in items)
        written = str(eid_app.jinja_env.from_string(_LOOP).render(recommended=items))
    assert written in page


@pytest.mark.parametrize(
    "state", [RegistrationState.REGISTERED, RegistrationState.PENDING, RegistrationState.DEREGISTERED]
)
def test_the_homes_links_kept_per_language_and_state_are_the_links_rendered_anew(
    eid_app, client_as, monkeypatch, state
):
    """The home's links are kept per language, application root and "registered": each language's
    and state's page is the page with the links rendered anew for it, "Found a job?" only when
    registered and "Next steps" only while the registration is active."""
    person = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home=TARTU, national_code=JAAN, state=state)
    kept = {language: _page(person, "/jobseeker/", language) for language in ("en", "et", "en")}
    assert kept["en"] != kept["et"] and 'href="/jobseeker/my-data"' in kept["en"]
    assert ("/jobseeker/end-registration" in kept["en"]) is (state is RegistrationState.REGISTERED)
    assert ("Next steps" in kept["en"]) is (state is not RegistrationState.DEREGISTERED)
    links = home._links

    def anew(registered: bool):
        eid_app.extensions.pop("jobseeker_home_links", None)
        return links(registered)

    monkeypatch.setattr(home, "_links", anew)
    for language, page in kept.items():
        assert _page(person, "/jobseeker/", language) == page


def test_the_homes_links_are_kept_for_a_bounded_number_of_application_roots(eid_app):
    """Application roots come from the requests (a proxy's prefix): however many a worker sees,
    it keeps the links of at most `stand_ins.KEPT`, and each root's links name that root."""
    for number in range(stand_ins.KEPT + 5):
        root = f"/root{number}"
        with eid_app.test_request_context("/jobseeker/", base_url=f"http://localhost{root}"):
            steps, _more = home._links(True)
            assert f'href="{root}/jobseeker/' in steps
        assert len(eid_app.extensions["jobseeker_home_links"]) <= stand_ins.KEPT
