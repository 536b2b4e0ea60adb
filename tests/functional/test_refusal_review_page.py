"""The refusal review page's form: a GET's empty form is written from a copy kept per language
(`web/backoffice/review_form.py`), the same markup the macros write, with the refusal's address and
the session's token; a submitted form is written by the macros with its answers and errors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Refusal, RefusalReason, ReviewState
from portal.services.offers import answering
from portal.web.offer_forms import ReviewForm
from tests import offers_world as world

TOKEN = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">')


@pytest.fixture(autouse=True)
def _unlinked(eid_app):
    yield
    with eid_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:  # refusals point at their decisions (RESTRICT)
            connection.execute(update(Refusal).values(decision_id=None))


def _refusals(app, count: int) -> list[int]:
    with app.app_context():
        person_id = world.registered(world.EE_UNEMPLOYED)
        staff = world.counsellor(app, world.EE_COUNSELLOR)
        found = []
        for _ in range(count):
            offer = world.offer_to(app, person_id, staff=staff)
            answering.refuse(offer.id, person_id, RefusalReason.NONE, None)
            found.append(db.session.scalar(select(Refusal.id).where(Refusal.offer_id == offer.id)))
        db.session.remove()
    return found


def _form_of(page: str) -> str:
    start = page.index('<form method="post" action="/back-office/refusals/')
    return page[start : page.index("</form>", start) + len("</form>")]


def test_the_empty_form_is_the_macros_form_with_the_refusal_s_address_and_the_session_s_token(
    eid_app, client_as
):
    counsellor = client_as("counsellor")
    first, second = _refusals(eid_app, 2)
    macros = eid_app.jinja_env.get_template("backoffice/offers/_review_form.html").module
    for language in ("en", "et", "sq"):
        headers = {"Accept-Language": language}
        for refusal_id in (first, second, first):  # the second and third from the kept copy
            response = counsellor.get(f"/back-office/refusals/{refusal_id}", headers=headers)
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and "govuk-error-summary" not in page
            token = TOKEN.search(page).group(1)
            action = f"/back-office/refusals/{refusal_id}"
            with eid_app.test_request_context(action, headers=headers):
                expected = str(macros.review_form(ReviewForm(formdata=None), action, token))
            assert _form_of(page) == expected
            # The session's one token: the account bar's sign-out form carries the same.
            assert set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page)) == {token}
    assert len(eid_app.extensions["review_form.empty"]) == 3  # one per language


def test_a_submitted_form_keeps_its_answers_and_errors_and_the_kept_form_s_token_is_accepted(
    eid_app, client_as
):
    counsellor = client_as("counsellor")
    [refusal_id] = _refusals(eid_app, 1)
    path = f"/back-office/refusals/{refusal_id}"
    headers = {"Accept-Language": "en"}
    token = TOKEN.search(counsellor.get(path, headers=headers).get_data(as_text=True)).group(1)
    refused = counsellor.post(path, data={"csrf_token": token, "reasoning": "Seen <them>"}, headers=headers)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "<title>Error: Refusal by" in page
    assert '<li><a href="#finding">Select whether the reason was valid</a></li>' in page
    assert ">Seen &lt;them&gt;</textarea>" in page and 'id="finding-error"' in page
    done = counsellor.post(
        path, data={"csrf_token": token, "finding": "valid", "reasoning": "Checked."}, headers=headers
    )
    assert done.status_code == 303
    with eid_app.app_context():
        assert db.session.get(Refusal, refusal_id).review_state is ReviewState.VALID
    shown = counsellor.get(path, headers=headers).get_data(as_text=True)
    assert '<form method="post" action="/back-office/refusals/' not in shown and "Checked." in shown
