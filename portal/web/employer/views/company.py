"""The company profile: name, code and address from the business register (read-only), the
contact person, e-mail, phone, website and description the company's representatives edit."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from portal.catalog import lazy_gettext as _l
from portal.i18n import LANGUAGES, current_language
from portal.services import employers
from portal.services.vacancies import messages
from portal.web.bound_fields import BindOnce, Radios, release
from portal.web.employer import employer
from portal.web.employer.views.common import company_code, current_company
from portal.web.forms import PortalForm
from portal.web.vacancy_form import PHONE


class CompanyForm(PortalForm):
    class Meta(BindOnce):
        pass

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    contact_person = StringField(
        _l("Contact person (optional)"),
        validators=[Optional(), Length(max=200, message=_l("Use 200 characters or fewer"))],
    )
    email = StringField(
        _l("E-mail address (optional)"),
        description=_l("We tell you here when something happens to your vacancies."),
        validators=[
            Optional(),
            Length(max=254, message=_l("Use 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"),
        validators=[
            Optional(),
            Regexp(PHONE, message=_l("Enter a phone number, like 5123 4567 or +372 5123 4567")),
        ],
    )
    website = StringField(
        _l("Website (optional)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Use 500 characters or fewer")),
            Regexp(r"^https://\S+$", message=_l("Enter a web address starting with https://")),
        ],
    )
    description = TextAreaField(
        _l("About the company (optional)"),
        description=_l("Shown on your vacancies' pages. Plain text."),
        validators=[Optional(), Length(max=2000, message=_l("Use 2000 characters or fewer"))],
    )
    notice_language = Radios(
        _l("In which language should we write to the company?"),
        description=_l("E-mails about your vacancies will be in this language."),
        choices=[SelectChoice(code, language.native_name) for code, language in LANGUAGES.items()],
        validators=[InputRequired(message=_l("Select a language"))],
    )


def _notice_language(found) -> str:
    """The company's choice; before it has made one, the language of the page the person reads."""
    if found.notice_language in LANGUAGES:
        return found.notice_language
    return current_language().code


@employer.route("/company", methods=["GET", "POST"])
def company():
    found = current_company(with_unread=True)
    form = CompanyForm(
        data={
            "version": found.version,
            "contact_person": found.contact_person,
            "email": found.email,
            "phone": found.phone,
            "website": found.website,
            "description": found.description,
            "notice_language": _notice_language(found),
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            employers.update_contact(
                company_code(),
                form.version.data,
                employers.CompanyContact(
                    contact_person=form.contact_person.data,
                    email=form.email.data,
                    phone=form.phone.data,
                    website=form.website.data,
                    description=form.description.data,
                    notice_language=form.notice_language.data,
                ),
                actor_person_id=current_user.person_id,
                actor_role="employer",
            )
        except employers.CompanyConflict:
            form.form_errors.append(
                str(
                    _l(
                        "The profile was changed in another window or by someone else. Check it and save again."
                    )
                )
            )
            form.version.data = current_company().version
        else:
            return redirect(url_for("employer.company", saved=1), code=303)
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "employer/company/page.html", company=found, form=form, saved=request.args.get("saved") == "1"
    )
    release(form)  # written: freed when the view returns, not by the collector
    return page, status


@employer.get("/inbox")
def inbox():
    code = company_code()
    found = messages.for_company(code)
    unread_ids = {message.id for message, _title in found if message.read_at is None}
    if unread_ids:
        messages.mark_all_read(code)
    return render_template("employer/inbox/page.html", messages=found, unread_ids=unread_ids)
