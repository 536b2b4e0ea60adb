"""Helpers of the vacancy tests: signed-in employers and counsellors, and a valid vacancy form."""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import PageCheckingClient
from tests.eid import login, persona

EN = {"Accept-Language": "en"}
POHJARANNIK = "14216734"  # Jaak (unemployed persona) has the sole right; Kadri is a procurator without it
TARTU_PUIT = "12874520"  # Kadri (representative persona) has the sole right
EID = {
    "DEV_EID": True,
    "EID_DISCOVERY_URL": "http://localhost/dev-eid/.well-known/openid-configuration",
    "DEV_EID_REDIRECT_URIS": "http://localhost/auth/callback",
}


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def client_for(app, code: str) -> PageCheckingClient:
    app.test_client_class = PageCheckingClient
    client = app.test_client()
    assert login(client, code=code).status_code == 303
    return client


def employer(app, persona_key: str, registry_code: str, profile: str = "EE") -> PageCheckingClient:
    """A representative signed in and acting for `registry_code`."""
    client = client_for(app, persona(persona_key, profile).code)
    page = client.get("/roles", headers=EN).get_data(as_text=True)
    switched = client.post("/roles", data={"role": f"employer:{registry_code}", "csrf_token": token_of(page)})
    assert switched.status_code == 303, switched.get_data(as_text=True)[:300]
    return client


def counsellor(app, profile: str = "EE") -> PageCheckingClient:
    from portal.models import StaffRole
    from portal.services.staff import add_staff

    code = persona("counsellor", profile).code
    with app.app_context():
        add_staff(app.extensions["profile"], code, StaffRole.COUNSELLOR, "Tallinn")
    client = client_for(app, code)
    page = client.get("/roles", headers=EN).get_data(as_text=True)
    assert client.post("/roles", data={"role": "counsellor", "csrf_token": token_of(page)}).status_code == 303
    return client


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def vacancy_form(today: dt.date, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Kokk / Cook",
        "occupation": "5120",
        "description": "<p>Cooking for our restaurant.</p><ul><li>Fresh food</li></ul>",
        "remote": "on_site",
        "place_1": "0784",
        "working_time": "full",
        "contract": "permanent",
        "wage_min": "1400",
        "wage_max": "1800",
        "education_level": "3",
        "language_1": "et",
        "level_1": "B2",
        "experience_years": "1",
        "positions": "2",
        "apply_method": "portal",
        "contact_name": "Mari Mets",
        "action": "save",
        **date_fields("deadline", today + dt.timedelta(days=30)),
    }
    data.update(changes)
    return data


def post_form(client, url: str, data: dict[str, object]):
    page = client.get(url, headers=EN)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return client.post(url, data={**data, "csrf_token": token_of(page.get_data(as_text=True))}, headers=EN)


def publish(title: str, place: str, working_time, occupation: str = "8331") -> int:
    """A published vacancy of Tallinna Linnatransport (seed_bus_company first), straight in the
    database: the search and saved-vacancy browser tests need rows, not the posting journey."""
    from portal.extensions import db
    from portal.models import ContractType, RemoteWork, Vacancy, VacancyPlace, VacancyState
    from portal.models.base import utcnow

    with db.write() as session:
        row = Vacancy(
            employer_code="10000001",
            title=title,
            occupation_code=occupation,
            description="<p>Sõidad linnaliinidel.</p><ul><li>D-kategooria juhiluba</li></ul>",
            remote=RemoteWork.ON_SITE,
            working_time=working_time,
            contract=ContractType.PERMANENT,
            wage_min=1600,
            wage_max=2000,
            currency="EUR",
            deadline=dt.date.today() + dt.timedelta(days=30),
            state=VacancyState.PUBLISHED,
            published_at=utcnow(),
        )
        row.places = [VacancyPlace(municipality_code=place)]
        session.add(row)
    return row.id


def seed_bus_vacancies(app) -> dict[str, int]:
    """The company and three vacancies: bus drivers in Tallinn (shifts) and Tartu, a cook in Tallinn."""
    from portal.extensions import db
    from portal.models import EmployerCompany, VacancyWorkingTime

    with app.app_context():
        with db.write() as session:
            session.add(EmployerCompany(registry_code="10000001", name="Tallinna Linnatransport AS"))
        return {
            "tallinn": publish("Bussijuht", "0784", VacancyWorkingTime.SHIFTS),
            "tartu": publish("Bussijuht Tartus", "0793", VacancyWorkingTime.FULL),
            "cook": publish("Kokk", "0784", VacancyWorkingTime.FULL, occupation="5120"),
        }
