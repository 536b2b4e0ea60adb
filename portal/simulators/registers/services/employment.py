"""Employment register of the tax board (contracts/employment.yaml): employments, monthly payroll, and
the bulk employment check of the nightly reconciliation."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from portal.simulators.registers.model import (
    Person,
    Population,
    cents_text,
    month_end,
    month_index,
    month_start,
    month_text,
)
from portal.simulators.registers.validation import Field, check_body
from portal.simulators.registers.xroad import Call, Operation, Service, bad_request, not_found

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])\Z")
CHECK_REQUEST = {
    "checkId": Field("uuid"),
    "since": Field("date"),
    "personalCodes": Field("codes", minimum=1, maximum=1000),
}


def _known(call: Call) -> Person:
    person = call.population.persons.get(call.personal_code())
    if person is None or person.employments is None:
        raise not_found()
    return person


def get_employments(call: Call) -> tuple[int, Any]:
    person = _known(call)
    employments = sorted(person.employments or (), key=lambda e: e.start, reverse=True)
    return 200, {
        "employments": [
            {
                "employerCode": e.employer_code,
                "employerName": employer_name(call.population, e.employer_code),
                "iscoCode": e.isco_code,
                "occupationTitle": e.occupation_title,
                "startDate": e.start.isoformat(),
                "endDate": e.end.isoformat() if e.end else None,
                "workingTime": e.working_time,
                "status": "ACTIVE" if e.active else "ENDED",
            }
            for e in employments
        ]
    }


def _month_param(call: Call, name: str) -> int:
    value = call.request.args.get(name)
    if value is None:
        raise bad_request(name, f"Query parameter {name} is required")
    if not MONTH.match(value):
        raise bad_request(name, "Must match ^[0-9]{4}-(0[1-9]|1[0-2])$")
    return int(value[:4]) * 12 + int(value[5:]) - 1


def get_payroll(call: Call) -> tuple[int, Any]:
    person = _known(call)
    first, last = _month_param(call, "from"), _month_param(call, "to")
    months = pay_months(person, call.population, first, last)
    currency = call.population.currency
    return 200, {
        "months": [
            {
                "month": month_text(m),
                "employerCode": employer,
                "grossWage": cents_text(cents),
                "currency": currency,
            }
            for (m, employer), cents in months
        ]
    }


def pay_months(
    person: Person, population: Population, first: int, last: int
) -> list[tuple[tuple[int, str], int]]:
    """Declared wages in months first..last (inclusive), as ((month, employer), cents), sorted."""
    last = min(last, population.last_declared_month())
    totals: dict[tuple[int, str], int] = {}
    for e in person.employments or ():
        start = month_index(e.start)
        end = month_index(e.end) if e.end else last
        for m in range(max(start, first), min(end, last) + 1):
            cents = e.wage_cents
            if e.end is not None and m == end and e.final_wage_cents is not None:
                cents = e.final_wage_cents  # holiday pay settled with the last wage
            elif m == start and e.start.day > 1:
                days = calendar.monthrange(e.start.year, e.start.month)[1]
                cents = cents * (days - e.start.day + 1) // days
            key = (m, e.employer_code)
            totals[key] = totals.get(key, 0) + cents
    for check in person.pay_checks:
        if first <= check.month <= last:
            key = (check.month, check.employer_code)
            totals[key] = totals.get(key, 0) + check.wage_cents
    return sorted(totals.items())


def employer_name(population: Population, code: str) -> str:
    company = population.companies.get(code)
    return company.name if company else "Unknown employer"


def active_employment(population: Population, code: str, since: dt.date) -> dict[str, Any]:
    """The check's answer for one code; see createEmploymentCheck in the contract."""
    person = population.persons.get(code)
    last_declared = population.last_declared_month()
    candidates: list[tuple[dt.date, str]] = []  # (since, employer)
    if person is not None:
        for e in person.employments or ():
            paid_until = min(month_index(e.end), last_declared) if e.end else last_declared
            paid = month_index(e.start) <= paid_until and month_end(paid_until) >= since
            if e.active or paid:
                candidates.append((e.start, e.employer_code))
        recent = {
            c.employer_code
            for c in person.pay_checks
            if c.month <= last_declared and month_end(c.month) >= since
        }
        for employer in recent:
            paid_months = {
                c.month for c in person.pay_checks if c.employer_code == employer and c.month <= last_declared
            }
            run_start = max(m for m in paid_months if month_end(m) >= since)
            while run_start - 1 in paid_months:
                run_start -= 1
            candidates.append((month_start(run_start), employer))
    if not candidates:
        return {
            "personalCode": code,
            "activeEmployment": False,
            "employerCode": None,
            "employerName": None,
            "since": None,
        }
    started, employer = max(candidates)
    return {
        "personalCode": code,
        "activeEmployment": True,
        "employerCode": employer,
        "employerName": employer_name(population, employer),
        "since": started.isoformat(),
    }


def create_employment_check(call: Call) -> tuple[int, Any]:
    body = check_body(call.json_body(), CHECK_REQUEST)

    def run() -> dict[str, Any]:
        results = [active_employment(call.population, code, body["since"]) for code in body["personalCodes"]]
        return {"checkId": body["checkId"], "results": results}

    return call.state.once("employment-checks", body["checkId"].lower(), run)


SERVICE = Service(
    "employment",
    "DEV/GOV/70000004/tax/employment",
    (
        Operation("GET", "/v1/persons/{personalCode}/employments", get_employments),
        Operation("GET", "/v1/persons/{personalCode}/payroll", get_payroll),
        Operation("POST", "/v1/employment-checks", create_employment_check),
    ),
)
