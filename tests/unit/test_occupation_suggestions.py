"""Occupation suggestions: recent jobs only, latest first, each code once, with its source."""

from __future__ import annotations

import datetime as dt

from portal.models.register_snapshot import RegisterSnapshot
from portal.services.registration.suggestions import suggested_occupations

TODAY = dt.date(2026, 12, 3)


def job(code, employer, start, end=None, active=False):
    return {
        "isco_code": code,
        "employer_name": employer,
        "start_date": start,
        "end_date": end,
        "active": active,
    }


def sections(*jobs, status="ok"):
    return RegisterSnapshot.from_json(
        {
            "sections": {
                "employment": {"status": status, "values": {"employments": list(jobs)}},
                "education": {"status": "ok", "values": {"certificates": [{"isco_code": "8344"}]}},
            }
        }
    )


def test_only_jobs_of_the_last_five_years_latest_first_and_never_certificates():
    found = suggested_occupations(
        sections(
            job("2511", "Lõunatäht AS", "2014-08-18", "2021-01-31"),
            job("2512", "Põhjarannik OÜ", "2021-02-01", "2026-09-30"),
            job("5120", "Kohvik OÜ", "2019-01-01", "2021-12-03"),  # ended five years ago to the day
            job("4110", "Kontor AS", "2026-11-01", active=True),
        ),
        TODAY,
    )
    assert [s.code for s in found] == ["4110", "2512", "5120"]
    assert found[0].end_date is None and found[1].employer_name == "Põhjarannik OÜ"
    assert found[1].start_date == dt.date(2021, 2, 1) and found[1].end_date == dt.date(2026, 9, 30)


def test_a_code_is_suggested_once_from_its_latest_job():
    found = suggested_occupations(
        sections(
            job("2512", "Old OÜ", "2020-01-01", "2022-01-01"),
            job("2512", "New OÜ", "2022-02-01", "2026-10-31"),
        ),
        TODAY,
    )
    assert [(s.code, s.employer_name) for s in found] == [("2512", "New OÜ")]


def test_no_suggestions_without_an_employment_answer():
    assert suggested_occupations(sections(status="failed"), TODAY) == []
    assert suggested_occupations(RegisterSnapshot(), TODAY) == []
