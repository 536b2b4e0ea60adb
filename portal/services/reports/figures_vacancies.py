"""Vacancies and trainings (issue 12's data: `vacancy`, `training`, `training_request`). Neither is
about one jobseeker, so the office and region filters do not apply to them."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.catalog import gettext, ngettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models.training import Training, TrainingRequest, TrainingRequestState
from portal.models.vacancy import ClosureReason, Vacancy
from portal.profiles import CountryProfile
from portal.services.reports.figures_decisions import _percent
from portal.services.reports.registry import Chart, ReportFilter, Result, figure, share

CLOSURES = {
    ClosureReason.FILLED: _l("Filled"),
    ClosureReason.EXPIRED: _l("Expired"),
    ClosureReason.WITHDRAWN: _l("Withdrawn"),
}
REQUEST_STATES = {
    TrainingRequestState.REQUESTED: _l("Waiting for a decision"),
    TrainingRequestState.APPROVED: _l("Approved: a seat taken"),
    TrainingRequestState.REJECTED: _l("Rejected"),
    TrainingRequestState.WITHDRAWN: _l("Withdrawn by the person"),
}


@figure(
    "vacancies",
    group="vacancies",
    title=_l("Vacancies posted, filled and expired"),
    description=_l("Vacancies first published in the period, and vacancies closed in it by why they closed."),
    chart=Chart.BAR,
    order=210,
    filters=(),
)
def vacancies(filters: ReportFilter, profile: CountryProfile) -> Result:
    posted = db.session.scalar(
        select(func.count()).select_from(Vacancy).where(*filters.within(Vacancy.published_at, profile))
    )
    closed = dict(
        db.session.execute(
            select(Vacancy.closure_reason, func.count())
            .where(Vacancy.closure_reason.is_not(None), *filters.within(Vacancy.closed_at, profile))
            .group_by(Vacancy.closure_reason)
        ).all()
    )
    table = [(str(_l("Posted")), posted or 0)] + [
        (str(label), closed.get(reason, 0)) for reason, label in CLOSURES.items()
    ]
    summary = (
        ngettext(
            "%(num)s vacancy was posted; filled: %(filled)s, expired: %(expired)s.",
            "%(num)s vacancies were posted; filled: %(filled)s, expired: %(expired)s.",
            posted or 0,
            filled=closed.get(ClosureReason.FILLED, 0),
            expired=closed.get(ClosureReason.EXPIRED, 0),
        )
        if posted or closed
        else gettext("No vacancy was posted or closed in this period.")
    )
    return Result([gettext("Vacancies"), gettext("Number")], table, (1,), summary)


@figure(
    "trainings",
    group="vacancies",
    title=_l("Trainings: requests and seats used"),
    description=_l(
        "Training requests made in the period by their state, and the seats taken of the seats offered in "
        "trainings starting in the period."
    ),
    chart=Chart.BAR,
    order=220,
    filters=(),
)
def trainings(filters: ReportFilter, profile: CountryProfile) -> Result:
    counts = dict(
        db.session.execute(
            select(TrainingRequest.state, func.count())
            .where(*filters.within(TrainingRequest.created_at, profile))
            .group_by(TrainingRequest.state)
        ).all()
    )
    taken, total = db.session.execute(
        select(
            func.coalesce(func.sum(Training.seats_taken), 0), func.coalesce(func.sum(Training.seats_total), 0)
        ).where(Training.starts_on >= filters.start, Training.starts_on <= filters.end)
    ).one()
    table = [(str(label), counts.get(state, 0)) for state, label in REQUEST_STATES.items()]
    table += [(str(_l("Seats taken")), int(taken)), (str(_l("Seats offered")), int(total))]
    summary = " ".join(
        (
            ngettext("%(num)s training request.", "%(num)s training requests.", sum(counts.values())),
            ngettext(
                "In trainings starting in the period, %(taken)s of %(num)s seat taken (%(share)s).",
                "In trainings starting in the period, %(taken)s of %(num)s seats taken (%(share)s).",
                int(total),
                taken=int(taken),
                share=_percent(share(int(taken), int(total))),
            ),
        )
    )
    return Result([gettext("Requests and seats"), gettext("Number")], table, (1,), summary)
