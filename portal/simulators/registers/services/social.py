"""Social assistance service (contracts/social-assistance.yaml): beneficiary status, job refusals reported
by the PES, and jobseeker status notifications."""

from __future__ import annotations

from typing import Any

from portal.simulators.registers.model import cents_text
from portal.simulators.registers.validation import Field, check_body
from portal.simulators.registers.xroad import Call, Operation, Service, not_found, utc_timestamp

REFUSAL = {
    "refusalId": Field("uuid"),
    "offerId": Field("string", max_length=64),
    "offerType": Field("enum", choices=("JOB", "TRAINING", "MEASURE")),
    "offeredOn": Field("date"),
    "refusedOn": Field("date"),
    "sequenceNumber": Field("integer", minimum=1, maximum=100),
    "reasonCode": Field(
        "enum",
        choices=(
            "HEALTH",
            "CARE_DUTIES",
            "DISTANCE",
            "WAGE",
            "WORKING_HOURS",
            "QUALIFICATION_MISMATCH",
            "OTHER_VALID",
            "NO_VALID_REASON",
        ),
    ),
    "reasonText": Field("string", max_length=2000),
    "recommendation": Field("enum", choices=("NONE", "DEPRIORITISE", "SUSPEND")),
    "confirmedBy": Field("string", max_length=64),
}
STATUS_NOTIFICATION = {
    "notificationId": Field("uuid"),
    "personalCode": Field("code"),
    "status": Field("enum", choices=("REGISTERED", "DEREGISTERED")),
    "since": Field("date"),
    "certificateNumber": Field("string", nullable=True, max_length=40),
    "reason": Field(
        "enum",
        nullable=True,
        choices=("EMPLOYED", "OWN_REQUEST", "REFUSED_SUITABLE_WORK", "NOT_AVAILABLE", "OTHER"),
    ),
}


def get_beneficiary(call: Call) -> tuple[int, Any]:
    person = call.population.persons.get(call.personal_code())
    if person is None or person.beneficiary is None:
        raise not_found()  # never a beneficiary
    b = person.beneficiary
    return 200, {
        "personalCode": person.code,
        "status": b.status,
        "category": b.category,
        "scheme": b.scheme,
        "since": b.since.isoformat(),
        "household": {"householdId": b.household_id, "size": b.household_size},
        "office": b.office,
        "monthlyAmount": cents_text(b.monthly_cents),
        "currency": call.population.currency,
    }


def create_job_refusal(call: Call) -> tuple[int, Any]:
    code = call.personal_code()
    body = check_body(call.json_body(), REFUSAL)

    def record() -> dict[str, Any]:
        person = call.population.persons.get(code)
        if person is None or person.beneficiary is None:
            raise not_found()
        # The SAS decides itself later; recording a refusal never changes the status at once.
        call.state.job_refusals.setdefault(code, []).append(body)
        return {
            "refusalId": body["refusalId"],
            "receivedAt": utc_timestamp(),
            "beneficiaryStatus": person.beneficiary.status,
        }

    return call.state.once("job-refusals", body["refusalId"].lower(), record)


def create_status_notification(call: Call) -> tuple[int, Any]:
    body = check_body(call.json_body(), STATUS_NOTIFICATION)

    def store() -> dict[str, Any]:
        # Accepted for anyone, beneficiary or not: the SAS keeps it for a later application.
        call.state.jobseeker_statuses.setdefault(body["personalCode"], []).append(body)
        return {"notificationId": body["notificationId"], "receivedAt": utc_timestamp()}

    return call.state.once("jobseeker-status-notifications", body["notificationId"].lower(), store)


SERVICE = Service(
    "social-assistance",
    "DEV/GOV/70000005/sas/beneficiaries",
    (
        Operation("GET", "/v1/beneficiaries/{personalCode}", get_beneficiary),
        Operation("POST", "/v1/beneficiaries/{personalCode}/job-refusals", create_job_refusal),
        Operation("POST", "/v1/jobseeker-status-notifications", create_status_notification),
    ),
)
