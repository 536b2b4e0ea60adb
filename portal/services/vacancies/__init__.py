"""Vacancies: employers post them, counsellors check them, everyone reads the published ones.

- `base`: who acts (`Actor`), what a form sends (`VacancyInput`), errors, and `change_state`, the
  one place that moves a vacancy between states and records who, when, from, to and why.
- `rules`: the data rules (deadline at most the profile's months ahead, wage range, places...) and
  the check's flags (wording, wage below the legal minimum, duplicate).
- `editing`: new drafts (employer or counsellor on the company's behalf) and edits.
- `workflow`: submit (sole right re-checked with the business register), publish, return, close,
  the daily expiry, public reports.
- `messages`: the company's inbox and its e-mail notice (outbox topic `employer.notice`).
- `queries`: lists, figures, a vacancy's history, the public page.
- `check_queue`: what counsellors must check.
"""

from portal.services.vacancies.base import (
    SYSTEM,
    Actor,
    InvalidVacancy,
    NotAllowed,
    NotFound,
    RegisterUnavailable,
    VacancyConflict,
    VacancyError,
    VacancyInput,
    WrongState,
)

__all__ = [
    "SYSTEM",
    "Actor",
    "InvalidVacancy",
    "NotAllowed",
    "NotFound",
    "RegisterUnavailable",
    "VacancyConflict",
    "VacancyError",
    "VacancyInput",
    "WrongState",
]
