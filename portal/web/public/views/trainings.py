"""A published training's public page: anyone may read it; a signed-in jobseeker may ask to join.
(The listing and search at `/trainings` belong to the search module.)"""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from portal.i18n import current_language
from portal.profiles import current_profile
from portal.services import reference_data
from portal.services.trainings import catalogue, requests
from portal.web.public import public


@public.get("/trainings/<int:training_id>")
def training(training_id: int):
    found = catalogue.published_training(training_id)
    if found is None:
        abort(404)
    language = current_language().code
    profile = current_profile()
    is_jobseeker = current_user.is_authenticated and getattr(current_user, "active_role", None) == "jobseeker"
    return render_template(
        "public/trainings/page.html",
        training=found,
        occupation=reference_data.occupation(found.isco_code, language) if found.isco_code else None,
        place=reference_data.municipality(profile.code, found.municipality_code, language)
        if found.municipality_code
        else None,
        # The person's own open request, so the page says "you asked" instead of offering it again.
        own_request=requests.open_request(current_user.person_id, found.id) if is_jobseeker else None,
        is_jobseeker=is_jobseeker,
    )
