"""`flask search generate N`: realistic vacancies across ISCO major groups, only published ones indexed."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import SearchEntry, Vacancy, VacancyPlace, VacancyState
from portal.services import reference_data


def test_generate_makes_indexed_vacancies_across_groups_places_and_wages(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "generate", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "300 vacancies" in result.output
    with app.app_context():
        published = db.session.scalar(
            select(func.count()).select_from(Vacancy).where(Vacancy.state == VacancyState.PUBLISHED)
        )
        assert 240 < published < 300
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == published
        groups = set(db.session.scalars(select(SearchEntry.occupation_group)))
        assert len(groups) >= 8
        municipalities = {m.code for m in reference_data.municipalities("EE", "et")}
        places = set(db.session.scalars(select(VacancyPlace.municipality_code).distinct()))
        assert places <= municipalities and len(places) > 10
        wages = db.session.execute(select(func.min(Vacancy.wage_min), func.max(Vacancy.wage_max))).one()
        assert 500 < wages[0] < wages[1] < 6000
        descriptions = db.session.scalars(select(Vacancy.description).limit(5)).all()
        assert all("<ul><li>" in text and len(text) > 200 for text in descriptions)
    assert runner.invoke(args=["search", "reindex"]).output.startswith(f"indexed {published} vacancies")
