from flask import render_template
from flask_login import current_user

from portal.extensions import limiter
from portal.services.register_data import fetch_register_data, is_unknown
from portal.web.jobseeker import jobseeker


@jobseeker.get("/register-data")
# Each visit asks five state registers: a reload loop must not turn into a load on them.
@limiter.limit("10 per minute", key_func=lambda: f"register-data:{current_user.person_id}")
def register_data():
    """Temporary: what each register holds about the signed-in person (registration replaces it)."""
    data = fetch_register_data(
        current_user.national_code,
        on_behalf_of=current_user.subject,
        purpose="person viewed own register data",
    )
    return render_template("jobseeker/register_data/page.html", data=data, is_unknown=is_unknown)
