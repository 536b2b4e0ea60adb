"""Health insurance fund (contracts/health-insurance.yaml): coverage today, and the PES's notifications
that start or end coverage on the basis of registered unemployment."""

from __future__ import annotations

from typing import Any

from portal.simulators.registers.model import Coverage, Person
from portal.simulators.registers.validation import Field, check_body
from portal.simulators.registers.xroad import Call, Operation, Service, not_found, utc_timestamp

NOTIFICATION = {
    "notificationId": Field("uuid"),
    "personalCode": Field("code"),
    "basis": Field("enum", choices=("REGISTERED_UNEMPLOYED",)),
    "start": Field("date"),
    "end": Field("date", nullable=True),
}


def _insured_person(call: Call, code: str) -> Person:
    person = call.population.persons.get(code)
    if person is None or person.coverage is None:
        raise not_found()
    return person


def coverage_today(call: Call, person: Person) -> Coverage:
    base = person.coverage or Coverage(None)
    if base.basis is not None:
        return base  # any other basis is reported in preference to REGISTERED_UNEMPLOYED
    with call.state.lock:
        notified = call.state.coverage_notifications.get(person.code)
    today = call.population.today
    if (
        person.died is None
        and notified
        and notified[0] <= today
        and (notified[1] is None or notified[1] >= today)
    ):
        return Coverage("REGISTERED_UNEMPLOYED", notified[1])
    return base


def get_coverage(call: Call) -> tuple[int, Any]:
    coverage = coverage_today(call, _insured_person(call, call.personal_code()))
    return 200, {
        "insured": coverage.basis is not None,
        "basis": coverage.basis,
        "validUntil": coverage.valid_until.isoformat() if coverage.valid_until else None,
    }


def create_notification(call: Call) -> tuple[int, Any]:
    body = check_body(call.json_body(), NOTIFICATION)

    def store() -> dict[str, Any]:
        person = _insured_person(call, body["personalCode"])
        # The latest notification for a person decides the coverage on this basis.
        call.state.coverage_notifications[person.code] = (body["start"], body["end"])
        return {"notificationId": body["notificationId"], "receivedAt": utc_timestamp()}

    return call.state.once("coverage-notifications", body["notificationId"].lower(), store)


SERVICE = Service(
    "health-insurance",
    "DEV/GOV/70000007/health/insurance",
    (
        Operation("GET", "/v1/persons/{personalCode}/coverage", get_coverage),
        Operation("POST", "/v1/coverage-notifications", create_notification),
    ),
)
