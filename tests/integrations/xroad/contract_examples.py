"""The contracts' own examples, and how each operation is called through the register modules.

Examples are read from the YAML files rather than copied, so that an example added to a contract
is tested without touching the tests, and an operation added to a contract fails
`test_every_operation_has_a_call` until it gets a register method.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from portal.integrations.xroad import CallContext, Registers
from portal.integrations.xroad.social_assistance import (
    DeregistrationReason,
    JobRefusal,
    JobseekerStatus,
    OfferType,
    ReasonCode,
    Recommendation,
)
from tests.contract import CONTRACTS
from tests.contract_requests import CONSUMED

CODE = "38001085718"
REGISTRY_CODE = "14216734"
CHECK_CODES = ("38001085718", "49004230347", "37506300450")


@functools.cache
def spec(contract: str) -> dict[str, Any]:
    return yaml.safe_load((CONTRACTS / f"{contract}.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Example:
    contract: str
    operation: str
    status: int | None  # None for a request example
    name: str
    value: Any

    @property
    def id(self) -> str:
        return f"{self.operation}-{self.status or 'request'}-{self.name}"


def _operations(contract: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in spec(contract)["paths"].values():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield operation["operationId"], operation


def _examples(media: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for name, example in media.get("examples", {}).items():
        yield name, example["value"]


def operation_ids() -> set[str]:
    return {op_id for contract in CONSUMED for op_id, _ in _operations(contract)}


def response_examples() -> list[Example]:
    """Every success example of every consumed operation."""
    found = []
    for contract in CONSUMED:
        for op_id, operation in _operations(contract):
            for status, response in operation["responses"].items():
                if str(status).startswith("2"):
                    media = response["content"]["application/json"]
                    found += [
                        Example(contract, op_id, int(status), name, value) for name, value in _examples(media)
                    ]
    return found


def request_examples() -> list[Example]:
    found = []
    for contract in CONSUMED:
        for op_id, operation in _operations(contract):
            if "requestBody" in operation:
                media = operation["requestBody"]["content"]["application/json"]
                found += [Example(contract, op_id, None, name, value) for name, value in _examples(media)]
    return found


Call = Callable[[Registers, CallContext], Any]

REFUSAL = JobRefusal(
    offer_id="OFF-2026-018733",
    offer_type=OfferType.JOB,
    offered_on=dt.date(2026, 11, 3),
    refused_on=dt.date(2026, 11, 6),
    sequence_number=2,
    reason_code=ReasonCode.NO_VALID_REASON,
    reason_text="Declined the warehouse job offered in Prishtina without giving a reason.",
    recommendation=Recommendation.SUSPEND,
    confirmed_by="PES-STAFF-0042",
)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # after the service root, percent-encoded as sent
    call: Call
    query: dict[str, str] = dataclasses.field(default_factory=dict)


OPERATIONS: dict[str, Operation] = {
    "getPerson": Operation("GET", f"/v1/persons/{CODE}", lambda r, c: r.population.person(CODE, context=c)),
    "getQualifications": Operation(
        "GET",
        f"/v1/persons/{CODE}/qualifications",
        lambda r, c: r.education.qualifications(CODE, context=c),
    ),
    "getEmployments": Operation(
        "GET", f"/v1/persons/{CODE}/employments", lambda r, c: r.employment.employments(CODE, context=c)
    ),
    "getPayroll": Operation(
        "GET",
        f"/v1/persons/{CODE}/payroll",
        lambda r, c: r.employment.payroll(
            CODE, from_month=dt.date(2026, 7, 1), to_month=dt.date(2026, 10, 31), context=c
        ),
        query={"from": "2026-07", "to": "2026-10"},
    ),
    "createEmploymentCheck": Operation(
        "POST",
        "/v1/employment-checks",
        lambda r, c: r.employment.check_employment(
            CHECK_CODES, since=dt.date(2026, 10, 1), check_id=uuid.uuid4(), context=c
        ),
    ),
    "getBeneficiary": Operation(
        "GET", f"/v1/beneficiaries/{CODE}", lambda r, c: r.social_assistance.beneficiary(CODE, context=c)
    ),
    "createJobRefusal": Operation(
        "POST",
        f"/v1/beneficiaries/{CODE}/job-refusals",
        lambda r, c: r.social_assistance.report_job_refusal(
            CODE, REFUSAL, refusal_id=uuid.uuid4(), context=c
        ),
    ),
    "createJobseekerStatusNotification": Operation(
        "POST",
        "/v1/jobseeker-status-notifications",
        lambda r, c: r.social_assistance.notify_jobseeker_status(
            CODE,
            JobseekerStatus.DEREGISTERED,
            since=dt.date(2026, 12, 1),
            certificate_number=None,
            reason=DeregistrationReason.EMPLOYED,
            notification_id=uuid.uuid4(),
            context=c,
        ),
    ),
    "getCompany": Operation(
        "GET", f"/v1/companies/{REGISTRY_CODE}", lambda r, c: r.business.company(REGISTRY_CODE, context=c)
    ),
    "getRepresentations": Operation(
        "GET",
        f"/v1/persons/{CODE}/representations",
        lambda r, c: r.business.representations(CODE, context=c),
    ),
    "getCoverage": Operation(
        "GET", f"/v1/persons/{CODE}/coverage", lambda r, c: r.health_insurance.coverage(CODE, context=c)
    ),
    "createCoverageNotification": Operation(
        "POST",
        "/v1/coverage-notifications",
        lambda r, c: r.health_insurance.notify_coverage(
            CODE, start=dt.date(2026, 10, 20), end=None, notification_id=uuid.uuid4(), context=c
        ),
    ),
}


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def call_from_request_example(operation: str, body: dict[str, Any]) -> Call:
    """The register call that should send exactly this example body."""
    if operation == "createEmploymentCheck":
        return lambda r, c: r.employment.check_employment(
            body["personalCodes"],
            since=dt.date.fromisoformat(body["since"]),
            check_id=uuid.UUID(body["checkId"]),
            context=c,
        )
    if operation == "createJobRefusal":
        refusal = JobRefusal(
            offer_id=body["offerId"],
            offer_type=OfferType(body["offerType"]),
            offered_on=dt.date.fromisoformat(body["offeredOn"]),
            refused_on=dt.date.fromisoformat(body["refusedOn"]),
            sequence_number=body["sequenceNumber"],
            reason_code=ReasonCode(body["reasonCode"]),
            reason_text=body["reasonText"],
            recommendation=Recommendation(body["recommendation"]),
            confirmed_by=body["confirmedBy"],
        )
        return lambda r, c: r.social_assistance.report_job_refusal(
            CODE, refusal, refusal_id=uuid.UUID(body["refusalId"]), context=c
        )
    if operation == "createJobseekerStatusNotification":
        return lambda r, c: r.social_assistance.notify_jobseeker_status(
            body["personalCode"],
            JobseekerStatus(body["status"]),
            since=dt.date.fromisoformat(body["since"]),
            certificate_number=body["certificateNumber"],
            reason=DeregistrationReason(body["reason"]) if body["reason"] else None,
            notification_id=uuid.UUID(body["notificationId"]),
            context=c,
        )
    if operation == "createCoverageNotification":
        return lambda r, c: r.health_insurance.notify_coverage(
            body["personalCode"],
            start=dt.date.fromisoformat(body["start"]),
            end=_date(body["end"]),
            notification_id=uuid.UUID(body["notificationId"]),
            context=c,
        )
    raise AssertionError(f"No call for the request example of {operation}")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def _is_instance(value: Any, declared: Any) -> bool:
    """isinstance for the annotations the register dataclasses use: classes, `X | None`, `tuple[X, ...]`."""
    origin = typing.get_origin(declared)
    if origin in (types.UnionType, typing.Union):
        return any(_is_instance(value, option) for option in typing.get_args(declared))
    if origin is tuple:
        item = typing.get_args(declared)[0]
        return isinstance(value, tuple) and all(_is_instance(v, item) for v in value)
    if declared is type(None):
        return value is None
    if declared is dt.date:  # a datetime is a date too, but not what a date field holds
        return type(value) is dt.date
    return isinstance(value, declared) and not (declared is int and isinstance(value, bool))


def assert_matches(parsed: Any, value: Any, where: str = "body") -> None:
    """Assert that a parsed dataclass carries exactly the JSON `value`, field for field, each in
    its proper Python type (dates as dates, amounts as Decimal, enums as enum members...)."""
    if value is None:
        assert parsed is None, where
    elif dataclasses.is_dataclass(parsed):
        assert isinstance(value, dict), where
        hints = typing.get_type_hints(type(parsed))
        for f in dataclasses.fields(parsed):
            declared = hints[f.name]
            assert _is_instance(getattr(parsed, f.name), declared), f"{where}.{f.name} is not {declared}"
        fields = {camel(f.name): getattr(parsed, f.name) for f in dataclasses.fields(parsed)}
        assert set(fields) == set(value), f"{where}: {set(fields) ^ set(value)}"
        for key, item in value.items():
            assert_matches(fields[key], item, f"{where}.{key}")
    elif isinstance(value, list):
        assert isinstance(parsed, tuple) and len(parsed) == len(value), where
        for index, (left, right) in enumerate(zip(parsed, value, strict=True)):
            assert_matches(left, right, f"{where}[{index}]")
    elif isinstance(value, int):  # bool included
        assert type(parsed) is type(value) and parsed == value, where
    elif isinstance(parsed, enum.Enum):
        assert parsed.value == value, where
    elif isinstance(parsed, Decimal):
        assert str(parsed) == value, where
    elif isinstance(parsed, dt.datetime):
        assert parsed.tzinfo is not None and parsed.utcoffset() == dt.timedelta(0), where
        assert parsed == dt.datetime.fromisoformat(value), where
    elif isinstance(parsed, dt.date):
        expected = f"{parsed:%Y-%m}" if _MONTH.fullmatch(value) else parsed.isoformat()
        assert expected == value, where
    elif isinstance(parsed, uuid.UUID):
        assert str(parsed) == value, where
    else:
        assert type(parsed) is str and parsed == value, where


def call_answered_by(operation: str, value: Any) -> Call:
    """The call that the example answer `value` answers: the same person, company or message id.
    The register modules refuse an answer about anyone else (`IdentityMismatch`), so a canned
    example is only accepted by the call it was written for."""
    if operation == "getPerson":
        return lambda r, c: r.population.person(value["personalCode"], context=c)
    if operation == "getBeneficiary":
        return lambda r, c: r.social_assistance.beneficiary(value["personalCode"], context=c)
    if operation == "getCompany":
        return lambda r, c: r.business.company(value["registryCode"], context=c)
    if operation == "createEmploymentCheck":
        codes = tuple(result["personalCode"] for result in value["results"])
        return lambda r, c: r.employment.check_employment(
            codes, since=dt.date(2026, 10, 1), check_id=uuid.UUID(value["checkId"]), context=c
        )
    if operation == "createJobRefusal":
        return lambda r, c: r.social_assistance.report_job_refusal(
            CODE, REFUSAL, refusal_id=uuid.UUID(value["refusalId"]), context=c
        )
    if operation == "createJobseekerStatusNotification":
        return lambda r, c: r.social_assistance.notify_jobseeker_status(
            CODE,
            JobseekerStatus.DEREGISTERED,
            since=dt.date(2026, 12, 1),
            certificate_number=None,
            reason=DeregistrationReason.EMPLOYED,
            notification_id=uuid.UUID(value["notificationId"]),
            context=c,
        )
    if operation == "createCoverageNotification":
        return lambda r, c: r.health_insurance.notify_coverage(
            CODE,
            start=dt.date(2026, 10, 20),
            end=None,
            notification_id=uuid.UUID(value["notificationId"]),
            context=c,
        )
    return OPERATIONS[operation].call
