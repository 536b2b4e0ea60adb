"""Employment register of the tax authority (`employment.yaml`): employments, declared wages, and the
batch check whether jobseekers have started work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from portal.integrations.xroad._parse import (
    Posted,
    Reader,
    month_param,
    parse_body,
    parse_posted,
    path_segment,
    same_identity,
)
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient

MAX_CHECK_BATCH = 1000


class WorkingTime(StrEnum):
    FULL = "FULL"
    PART = "PART"


class EmploymentStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ENDED = "ENDED"


@dataclass(frozen=True, slots=True)
class Employment:
    employer_code: str
    employer_name: str
    isco_code: str
    occupation_title: str
    start_date: dt.date
    end_date: dt.date | None  # None while the employment is active
    working_time: WorkingTime
    status: EmploymentStatus

    @classmethod
    def parse(cls, r: Reader) -> Employment:
        return cls(
            employer_code=r.string("employerCode"),
            employer_name=r.string("employerName"),
            isco_code=r.string("iscoCode"),
            occupation_title=r.string("occupationTitle"),
            start_date=r.date("startDate"),
            end_date=r.opt_date("endDate"),
            working_time=r.enum(WorkingTime, "workingTime"),
            status=r.enum(EmploymentStatus, "status"),
        )


@dataclass(frozen=True, slots=True)
class Employments:
    employments: tuple[Employment, ...]  # newest start first

    @classmethod
    def parse(cls, r: Reader) -> Employments:
        return cls(employments=r.items("employments", Employment.parse))


@dataclass(frozen=True, slots=True)
class PayrollMonth:
    month: dt.date  # the first day of the declared month
    employer_code: str
    gross_wage: Decimal
    currency: str  # ISO 4217

    @classmethod
    def parse(cls, r: Reader) -> PayrollMonth:
        return cls(
            month=r.month("month"),
            employer_code=r.string("employerCode"),
            gross_wage=r.decimal("grossWage"),
            currency=r.string("currency"),
        )


@dataclass(frozen=True, slots=True)
class Payroll:
    """Declared wages by month, then employer; months without a declaration are absent."""

    months: tuple[PayrollMonth, ...]

    @classmethod
    def parse(cls, r: Reader) -> Payroll:
        return cls(months=r.items("months", PayrollMonth.parse))


@dataclass(frozen=True, slots=True)
class EmploymentCheckResult:
    personal_code: str
    active_employment: bool
    employer_code: str | None  # the employer, start and name are None when not employed
    employer_name: str | None
    since: dt.date | None

    @classmethod
    def parse(cls, r: Reader) -> EmploymentCheckResult:
        return cls(
            personal_code=r.string("personalCode"),
            active_employment=r.boolean("activeEmployment"),
            employer_code=r.opt_string("employerCode"),
            employer_name=r.opt_string("employerName"),
            since=r.opt_date("since"),
        )


@dataclass(frozen=True, slots=True)
class EmploymentCheck:
    check_id: UUID
    results: tuple[EmploymentCheckResult, ...]  # one per requested code, in request order

    @classmethod
    def parse(cls, r: Reader) -> EmploymentCheck:
        return cls(check_id=r.uuid("checkId"), results=r.items("results", EmploymentCheckResult.parse))


class EmploymentRegister:
    name = "employment"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def _checked(self, posted: Posted[EmploymentCheck], codes: list[str]) -> Posted[EmploymentCheck]:
        """One result per asked code, in request order: a result about anyone else is refused."""
        answered = [result.personal_code for result in posted.value.results]
        same_identity(codes, answered, self.service, "createEmploymentCheck", "results[].personalCode")
        return posted

    # `employments` and `payroll` answers carry no subject (the contract does not echo the person):
    # the client checks that each answer belongs to the message that asked (X-Road-Id, service).
    def employments(self, personal_code: str, *, context: CallContext) -> Employments:
        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}/employments",
            operation="getEmployments",
            context=context,
            parse=lambda _status, body: parse_body(body, self.service, "getEmployments", Employments.parse),
        )

    def payroll(
        self, personal_code: str, *, from_month: dt.date, to_month: dt.date, context: CallContext
    ) -> Payroll:
        """Declared wages from `from_month` to `to_month`, both inclusive; only the year and month of
        the dates count. A `from_month` after `to_month` is an empty period, not an error."""
        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}/payroll",
            operation="getPayroll",
            context=context,
            params={"from": month_param(from_month), "to": month_param(to_month)},
            parse=lambda _status, body: parse_body(body, self.service, "getPayroll", Payroll.parse),
        )

    def check_employment(
        self, personal_codes: Sequence[str], *, since: dt.date, check_id: UUID, context: CallContext
    ) -> Posted[EmploymentCheck]:
        """Whether each person has an active employment or a wage declared for a month ending on or
        after `since`.

        `check_id` identifies the batch and must be generated once, stored with the batch and
        reused on every retry, also across processes: the register then answers a repeat with
        the stored result (`created=False`) instead of checking again.
        """
        if isinstance(personal_codes, str):
            raise TypeError("personal_codes is a sequence of codes, not one code")
        codes = list(personal_codes)
        if not 1 <= len(codes) <= MAX_CHECK_BATCH:
            raise ValueError(f"An employment check takes 1 to {MAX_CHECK_BATCH} codes, not {len(codes)}")
        if len(set(codes)) != len(codes):
            raise ValueError("An employment check refuses duplicate codes")
        body = {"checkId": str(check_id), "since": since.isoformat(), "personalCodes": codes}
        return self.client.post(
            self.service,
            "/v1/employment-checks",
            body,
            operation="createEmploymentCheck",
            context=context,
            idempotency_field="checkId",
            parse=lambda status, body: self._checked(
                parse_posted(
                    (status, body),
                    self.service,
                    "createEmploymentCheck",
                    EmploymentCheck.parse,
                    identity=("checkId", lambda check: check.check_id, check_id),
                ),
                codes,
            ),
        )
