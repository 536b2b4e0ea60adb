"""Demo trainings and measures: per profile, idempotent, and every code they use is real."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Measure, Training, TrainingState
from portal.profiles import get_profile
from portal.services import reference_data
from portal.services.training_seed import DEMO, seed_trainings


@pytest.mark.parametrize("code", sorted(DEMO))
def test_demo_data_uses_the_profiles_places_languages_occupations_and_rules(code):
    profile = get_profile(code)
    trainings, measures = DEMO[code]
    assert len(trainings) >= 5 and len(measures) >= 4
    for item in trainings:
        assert item.place is None or reference_data.municipality(code, item.place, "en") is not None, item
        assert item.place or item.remote, item
        assert item.language in profile.languages, item
        assert reference_data.occupation(item.isco, "en") is not None, item
    for _kind, _title, _description, key in measures:
        assert key in profile.trainings.eligibility


@pytest.mark.parametrize("code", ["EE", "XK"])
def test_seeding_twice_adds_nothing_more(make_app, code):
    app = make_app(PROFILE=code)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    trainings, measures = DEMO[code]
    assert f"demo trainings and measures: {len(trainings) + len(measures)} created" in first.output
    second = runner.invoke(args=["seed"])
    assert "demo trainings and measures: 0 created" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Training)) == len(trainings)
        assert db.session.scalar(select(func.count()).select_from(Measure)) == len(measures)
        published = db.session.scalars(select(Training)).all()
        assert {t.state for t in published} == {TrainingState.PUBLISHED}
        assert any(t.seats_free == 0 for t in published)  # one full course, to show how it reads
        assert seed_trainings(app.extensions["profile"]).created == 0
