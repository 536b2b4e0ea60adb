from flask import render_template
from flask_login import current_user

from portal.models import DecisionKind
from portal.profiles import current_profile
from portal.services.registration.overview import overview
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.decisions import KIND_LABELS

REGISTRATION_KINDS = (DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED)


@jobseeker.get("/")
def home():
    found = overview(current_user.person_id)
    decision = found.decision
    return render_template(
        "jobseeker/home/page.html",
        overview=found,
        # A registration decision keeps its long-standing title; an answer says what it answered.
        decision_label=str(KIND_LABELS.get(decision.kind, ""))
        if decision is not None and decision.kind not in REGISTRATION_KINDS
        else None,
        profile=current_profile(),
    )
