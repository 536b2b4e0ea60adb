"""What a counsellor may offer a person (the back office's offers page): the select's subjects
without words (the newest published vacancies, the trainings starting soonest, the active measures)
or found by words, and the subject a submitted form names."""

from __future__ import annotations

from sqlalchemy import func, select, union_all

from portal.extensions import db
from portal.models import (
    EmployerCompany,
    Measure,
    OfferKind,
    Training,
    TrainingState,
    Vacancy,
    VacancyState,
)
from portal.models.base import utcnow
from portal.models.search import EntryKind
from portal.profiles import current_profile
from portal.services.offers import proposing, rows
from portal.services.paging import written_limit
from portal.services.reference_data import fold
from portal.services.search import SearchQuery, search

SHOWN_SUBJECTS = 20  # vacancies, and trainings, listed in the select at a time
# Written in the SQL, not bound: PostgreSQL then keeps one plan for the page's statement (`written_limit`).
_SHOWN = written_limit(SHOWN_SUBJECTS)


# The select's statements, built once (they do not change between requests).
NEWEST_VACANCIES = (
    select(Vacancy.id, Vacancy.title)
    .where(Vacancy.state == VacancyState.PUBLISHED)
    .order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
    .limit(_SHOWN)
)
SOONEST_TRAININGS = (
    select(Training.id, Training.title, Training.provider_name)
    .where(Training.state == TrainingState.PUBLISHED)
    .order_by(Training.starts_on, Training.id)
    .limit(_SHOWN)
)
ACTIVE_MEASURES = select(Measure.id, Measure.title).where(Measure.active.is_(True)).order_by(Measure.title)


_newest = NEWEST_VACANCIES.add_columns(Vacancy.published_at).subquery("newest_vacancies")
_soonest = (
    select(Training.id, Training.title, Training.provider_name.label("provider"), Training.starts_on)
    .where(Training.state == TrainingState.PUBLISHED)
    .order_by(Training.starts_on, Training.id)
    .limit(_SHOWN)
    .subquery("soonest_trainings")
)
_active = ACTIVE_MEASURES.order_by(None).subquery("active_measures")
# The select without words: the newest vacancies, the soonest trainings and every active measure,
# as parts of the page's one statement with the person's offers and candidacies (`offers.rows`),
# each with its position in the order of its own statement above (`i2`; the union's rows of a
# part come in any order). A window over the part's own few rows: the LIMIT comes first.
VACANCIES_PART, TRAININGS_PART, MEASURES_PART = 2, 3, 4
SUBJECT_PARTS = (
    rows.branch(
        VACANCIES_PART,
        from_=_newest,
        i1=_newest.c.id,
        i2=func.row_number().over(order_by=(_newest.c.published_at.desc(), _newest.c.id.desc())),
        s2=_newest.c.title,
    ),
    rows.branch(
        TRAININGS_PART,
        from_=_soonest,
        i1=_soonest.c.id,
        i2=func.row_number().over(order_by=(_soonest.c.starts_on, _soonest.c.id)),
        s2=_soonest.c.title,
        s3=_soonest.c.provider,
    ),
    rows.branch(
        MEASURES_PART,
        from_=_active,
        i1=_active.c.id,
        i2=func.row_number().over(order_by=_active.c.title),
        s2=_active.c.title,
    ),
)
_SUBJECT_KINDS = {
    VACANCIES_PART: OfferKind.VACANCY,
    TRAININGS_PART: OfferKind.TRAINING,
    MEASURES_PART: OfferKind.MEASURE,
}
# Each part's key prefix ("vacancy:"), made once: an enum member's `value` is a Python property.
_KEY_PREFIXES = {part: f"{kind.value}:" for part, kind in _SUBJECT_KINDS.items()}
_UNSEARCHED_SUBJECTS = union_all(*SUBJECT_PARTS)


def unsearched(found: list) -> dict[str, proposing.Subject]:
    """The subjects of the select without words from their rows (of `SUBJECT_PARTS`)."""
    # By position (`rows.WIDTH`'s order: part, i1, i2, i3, s1, s2, s3): a Row read by name costs
    # several times as much. Sorted by part and `i2` (unique within a part).
    subjects: dict[str, proposing.Subject] = {}
    for part, _i2, i1, s2, s3 in sorted((row[0], row[2], row[1], row[5], row[6]) for row in found):
        subjects[f"{_KEY_PREFIXES[part]}{i1}"] = proposing.Subject(_SUBJECT_KINDS[part], i1, s2, s3)
    return subjects


def unsearched_titles(found: list) -> dict[str, str]:
    """`unsearched`'s keys with their titles only, in its order: what the select shows."""
    ordered = sorted((row[0], row[2], row[1], row[5]) for row in found)  # part, i2, i1, s2
    return {f"{_KEY_PREFIXES[part]}{i1}": s2 for part, _i2, i1, s2 in ordered}


def listed_subjects(find: str) -> dict[str, proposing.Subject]:
    """What the select offers: without words, the newest published vacancies and the trainings
    starting soonest (`SHOWN_SUBJECTS` each); with words, the vacancies and trainings whose
    search entry matches them, best first (the job search's index, not a scan of the tables),
    and the active measures whose title holds them. The page stays the same size whatever the
    number of vacancies; any published one can be found."""
    subjects: dict[str, proposing.Subject] = {}
    query = SearchQuery(text=find, per_page=SHOWN_SUBJECTS)
    if query.terms:
        profile, now = current_profile(), utcnow()
        for kind, offer_kind in (
            (EntryKind.VACANCY, OfferKind.VACANCY),
            (EntryKind.TRAINING, OfferKind.TRAINING),
        ):
            for hit in search(kind, query, today=profile.today(), now=now).hits:
                subjects[f"{offer_kind.value}:{hit.ref_id}"] = proposing.Subject(
                    offer_kind, hit.ref_id, hit.title, hit.organisation or None
                )
    else:
        return unsearched(list(db.session.execute(_UNSEARCHED_SUBJECTS)))
    for measure_id, title in db.session.execute(ACTIVE_MEASURES):
        if all(term in fold(title) for term in query.terms):
            subjects[f"measure:{measure_id}"] = proposing.Subject(OfferKind.MEASURE, measure_id, title)
    return subjects


def chosen_subject(key: str | None) -> proposing.Subject | None:
    """The subject a submitted form names ("vacancy:12"), if it may be offered now: a published
    vacancy (with its employer's name), a published training or an active measure."""
    kind, _, number = (key or "").partition(":")
    if not number.isdigit() or len(number) > 18:
        return None
    subject_id = int(number)
    if kind == OfferKind.VACANCY.value:
        row = db.session.execute(
            select(Vacancy.title, EmployerCompany.name)
            .outerjoin(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
            .where(Vacancy.id == subject_id, Vacancy.state == VacancyState.PUBLISHED)
        ).first()
        return proposing.Subject(OfferKind.VACANCY, subject_id, row[0], row[1]) if row else None
    if kind == OfferKind.TRAINING.value:
        row = db.session.execute(
            select(Training.title, Training.provider_name).where(
                Training.id == subject_id, Training.state == TrainingState.PUBLISHED
            )
        ).first()
        return proposing.Subject(OfferKind.TRAINING, subject_id, row[0], row[1]) if row else None
    if kind == OfferKind.MEASURE.value:
        title = db.session.scalar(
            select(Measure.title).where(Measure.id == subject_id, Measure.active.is_(True))
        )
        return proposing.Subject(OfferKind.MEASURE, subject_id, title) if title is not None else None
    return None


def with_employer(subject: proposing.Subject) -> proposing.Subject:
    if subject.kind is not OfferKind.VACANCY:
        return subject
    company = db.session.scalar(
        select(EmployerCompany.name)
        .join(Vacancy, Vacancy.employer_code == EmployerCompany.registry_code)
        .where(Vacancy.id == subject.id)
    )
    return proposing.Subject(subject.kind, subject.id, subject.title, company)
