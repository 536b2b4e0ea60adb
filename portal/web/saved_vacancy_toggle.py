"""The "Save this vacancy" button on a vacancy's page and in the job search results: who sees it
(a signed-in person acting as a jobseeker) and which of the shown vacancies they saved already."""

from __future__ import annotations

from collections.abc import Iterable

from flask_login import current_user

from portal.services import saved_vacancies


def can_save() -> bool:
    return bool(current_user.is_authenticated and current_user.active_role == "jobseeker")


def saved_map(vacancy_ids: Iterable[int]) -> dict[int, int]:
    """Vacancy id -> the person's saved row id (empty for anyone who cannot save)."""
    if not can_save():
        return {}
    return saved_vacancies.saved_ids(current_user.person_id, vacancy_ids)
