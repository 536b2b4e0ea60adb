from __future__ import annotations

from flask import g, redirect, render_template, request
from flask_login import current_user
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.integrations.xroad.errors import XRoadError
from portal.security import Access, access
from portal.services import auth as auth_service
from portal.services import representation
from portal.web.auth import auth
from portal.web.auth.views.login import home_for
from portal.web.forms import PortalForm

EMPLOYER_PREFIX = "employer:"


class RoleForm(PortalForm):
    role = RadioField(
        _l("Which role do you want to act in?"), validators=[InputRequired(message=_l("Choose a role"))]
    )

    def __init__(self, choices: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices


def _employer_choice(registry_code: str, name: str, acts_alone: bool = True) -> tuple[str, str]:
    if acts_alone:
        label = _l("Employer: %(company)s", company=name)
    else:
        label = _l("Employer: %(company)s (drafts only, you cannot act for it alone)", company=name)
    return EMPLOYER_PREFIX + registry_code, str(label)


def _current_choice() -> str:
    if current_user.active_role == auth_service.EMPLOYER and current_user.acting_for_code:
        return EMPLOYER_PREFIX + current_user.acting_for_code
    return current_user.active_role


@auth.route("/roles", methods=["GET", "POST"])
@access(Access.AUTHENTICATED)
def choose_role():
    choices = [(role, labels.label(labels.ROLES, role)) for role in current_user.roles]
    register_failed = False
    if request.method == "POST":
        # The register is asked again when the choice is made, so the offer need not be rebuilt;
        # an employer value that is not a registry code simply fails the choice check.
        submitted = request.form.get("role", "")
        code = submitted.removeprefix(EMPLOYER_PREFIX)
        if submitted.startswith(EMPLOYER_PREFIX) and code.isascii() and code.isdigit() and len(code) <= 9:
            choices.append(_employer_choice(code, code))
    else:
        try:
            companies = representation.companies_person_may_represent(
                current_user.national_code, on_behalf_of=current_user.subject
            )
        except XRoadError:
            companies, register_failed = (), True
        choices += [
            _employer_choice(company.registry_code, company.name, company.acts_alone) for company in companies
        ]
    form = RoleForm(choices, data={"role": _current_choice()})
    if form.validate_on_submit():
        error = _switch(form.role.data)
        if error is None:
            return redirect(home_for(_role_of(form.role.data)), code=303)
        form.role.errors = [error]
    status = 400 if request.method == "POST" else 200
    return render_template("auth/roles/page.html", form=form, register_failed=register_failed), status


def _switch(choice: str):
    """Switch to `choice`; return None, or the message explaining why not."""
    if not choice.startswith(EMPLOYER_PREFIX):
        if auth_service.switch_role(current_user, choice, g.get("request_id")):
            return None
        return _l("You no longer hold this role")
    try:
        company = representation.may_represent(
            current_user.national_code,
            choice.removeprefix(EMPLOYER_PREFIX),
            on_behalf_of=current_user.subject,
        )
    except XRoadError:
        return _l("We could not check with the business register. Try again in a few minutes.")
    if company is None:
        return _l("The business register does not list you as a representative of this company")
    if auth_service.switch_role(current_user, auth_service.EMPLOYER, g.get("request_id"), company=company):
        return None
    return _l("You no longer hold this role")


def _role_of(choice: str) -> str:
    return auth_service.EMPLOYER if choice.startswith(EMPLOYER_PREFIX) else choice
