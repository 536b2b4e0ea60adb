"""What people read for the portal's codes: one place for the labels of kinds, states, roles,
registers and answers, below web and documents, so that pages, PDFs and e-mails say the same.

Every mapping is keyed by the stored value (a `StrEnum` member is equal to its value, so both
`labels.REGISTRATION_STATES[registration.state]` and `["registered"]` work). Templates reach this
module as the Jinja global `labels`; they do not build label dictionaries of their own. Where a
citizen and a counsellor are told different words for the same code, both are here, named so.
"""

from __future__ import annotations

from collections.abc import Mapping

from portal.catalog import lazy_gettext as _l

# The labels by domain, one module each so that each stays short; every name is re-exported here,
# so that `labels.X` (Python, and templates' Jinja global `labels`) keeps reading one namespace.
from portal.labels.cases import *  # noqa: F403
from portal.labels.data_use import *  # noqa: F403
from portal.labels.documents import *  # noqa: F403
from portal.labels.lifecycle import *  # noqa: F403
from portal.labels.offers import *  # noqa: F403
from portal.labels.registration import *  # noqa: F403
from portal.labels.search import *  # noqa: F403
from portal.labels.trainings import *  # noqa: F403

ROLES = {
    "jobseeker": _l("Jobseeker"),
    "employer": _l("Employer"),
    "counsellor": _l("Counsellor"),
    "supervisor": _l("Supervisor"),
    "administrator": _l("Administrator"),
}


def role_label(role: str, acting_for: str | None = None) -> str:
    """The role as the account bar names it; an employer's with the company acted for."""
    if role == "employer" and acting_for:
        return str(_l("Employer: %(company)s", company=acting_for))
    return str(ROLES.get(role, role))


def label(mapping: Mapping[str, object], code: object, default: object = None) -> str:
    """The label of `code` (an enum member or its value); `default`, else the code, when unknown."""
    found = mapping.get(str(code) if code is not None else "", default)
    return str(found if found is not None else code)
