from flask import current_app, render_template
from flask_login import current_user

from portal.services.registration.overview import overview
from portal.web.jobseeker import jobseeker


@jobseeker.get("/")
def home():
    return render_template(
        "jobseeker/home/page.html",
        overview=overview(current_user.person_id),
        profile=current_app.extensions["profile"],
    )
