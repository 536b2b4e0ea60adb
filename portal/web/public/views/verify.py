"""Anyone may check a decision or certificate by its verification code (the QR code links here)."""

from __future__ import annotations

from flask import render_template, request
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.catalog import lazy_gettext as _l
from portal.extensions import limiter
from portal.services.verification import verify as look_up
from portal.settings import settings
from portal.web.forms import PortalForm
from portal.web.public import public

CODE_MAX_INPUT = 100  # longer input is not a code: "not found", like any other unknown code


class VerifyForm(PortalForm):
    code = StringField(
        _l("Verification code"),
        description=_l(
            "It is printed on the decision or certificate. Spaces, hyphens and capital letters do not matter."
        ),
        validators=[DataRequired(message=_l("Enter the verification code"))],
    )


def _verify_limit() -> str:
    return settings().ratelimit_verify


def _no_lookup() -> bool:
    """Only lookups count against the limit: opening the empty form does not."""
    return "code" not in request.args


@public.get("/verify")
@limiter.limit(_verify_limit, exempt_when=_no_lookup)
def verify():
    form = VerifyForm(formdata=request.args if "code" in request.args else None, meta={"csrf": False})
    if "code" not in request.args:
        return render_template("public/verify/page.html", form=form, searched=False, result=None)
    if not form.validate():
        return render_template("public/verify/page.html", form=form, searched=False, result=None), 400
    code = form.code.data
    result = look_up(code) if len(code) <= CODE_MAX_INPUT else None
    return render_template("public/verify/page.html", form=form, searched=True, result=result)
