from flask import g, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.security import Access, access
from portal.services import auth as auth_service
from portal.web.auth import auth
from portal.web.auth.views.login import home_for
from portal.web.forms import PortalForm

ROLE_LABELS = {
    "jobseeker": _l("Jobseeker"),
    "counsellor": _l("Counsellor"),
    "supervisor": _l("Supervisor"),
    "administrator": _l("Administrator"),
}


class RoleForm(PortalForm):
    role = RadioField(
        _l("Which role do you want to act in?"), validators=[InputRequired(message=_l("Choose a role"))]
    )

    def __init__(self, roles: tuple[str, ...], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role, ROLE_LABELS.get(role, role)) for role in roles]


@auth.route("/roles", methods=["GET", "POST"])
@access(Access.AUTHENTICATED)
def choose_role():
    form = RoleForm(current_user.roles, data={"role": current_user.active_role})
    if form.validate_on_submit():
        if auth_service.switch_role(current_user, form.role.data, g.get("request_id")):
            return redirect(home_for(form.role.data), code=303)
        form.role.errors = [_l("You no longer hold this role")]
    status = 400 if request.method == "POST" else 200
    return render_template("auth/roles/page.html", form=form), status


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
