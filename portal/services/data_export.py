"""My data to take away: a JSON file (schema in docs/data-export.schema.json) and a PDF summary of
everything the portal holds about one person, prepared in the background and kept 7 days.

The contents are a registry of sections (`SECTIONS`), each a function of the person's id that
reads only rows of that person; a feature that keeps more about people (offers, plans) adds its
section with `@section("offers")`, and both the JSON and the PDF carry it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from portal.documents.data_export import render_summary
from portal.extensions import db
from portal.models import (
    Appeal,
    AuditTag,
    Certificate,
    DataExport,
    Decision,
    ExportState,
    InboxMessage,
    JobseekerProfile,
    Person,
    Registration,
)
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.queue import enqueue
from portal.services import audit

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
PREPARE_TASK = "prepare_data_export"

Section = Callable[[int], Any]
SECTIONS: dict[str, Section] = {}


def section(name: str) -> Callable[[Section], Section]:
    def register(read: Section) -> Section:
        if name in SECTIONS:
            raise ValueError(f"two export sections are named {name!r}")
        SECTIONS[name] = read
        return read

    return register


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@section("person")
def _person(person_id: int) -> dict[str, Any]:
    person = db.session.get(Person, person_id)
    assert person is not None
    return {
        "country": person.country,
        "national_code": person.national_code,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": _iso(person.date_of_birth),
    }


@section("record")
def _record(person_id: int) -> dict[str, Any] | None:
    record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
    if record is None:
        return None
    return {
        "email": record.email,
        "phone": record.phone,
        "notice_language": record.notice_language,
        "working_time": str(record.working_time),
        "contracts": list(record.contracts),
        "remote": record.remote,
        "available_from": _iso(record.available_from),
        "wage_expectation": record.wage_expectation,
        "driving_licence": record.driving_licence,
        "education_level": record.education_level,
        "education_source": str(record.education_source) if record.education_source else None,
        "occupations": [{"isco": o.isco_code, "source": str(o.source)} for o in record.occupations],
        "municipalities": record.municipality_codes,
        "languages": [{"code": lang.code, "level": lang.level} for lang in record.languages],
    }


@section("registrations")
def _registrations(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Registration).where(Registration.person_id == person_id).order_by(Registration.id)
    )
    return [
        {
            "reference": r.reference,
            "kind": str(r.kind),
            "state": str(r.state),
            "submitted_at": _iso(r.submitted_at),
            "decision_due_on": _iso(r.decision_due_on),
            "registered_on": _iso(r.registered_on),
            "deregistered_on": _iso(r.deregistered_on),
            "register_data": r.register_data,
            "answers": r.answers,
        }
        for r in rows
    ]


@section("decisions")
def _decisions(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Decision, Registration.reference)
        .join(Registration, Registration.id == Decision.registration_id)
        .where(Decision.person_id == person_id)
        .order_by(Decision.id)
    )
    return [
        {
            "registration": reference,
            "kind": str(d.kind),
            "state": str(d.state),
            "issued_at": _iso(d.issued_at),
            "legal_basis": d.legal_basis,
            "reasoning": d.reasoning,
            "automated_rule": str(d.automated_rule) if d.automated_rule else None,
            "issuer_role": str(d.issuer_role) if d.issuer_role else None,
            "verification_code": d.verification_code,
            "review_requested_at": _iso(d.review_requested_at),
            "review_reason": d.review_reason,
        }
        for d, reference in rows
    ]


@section("certificates")
def _certificates(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Certificate).where(Certificate.person_id == person_id).order_by(Certificate.id)
    )
    return [
        {
            "number": c.number,
            "verification_code": c.verification_code,
            "issued_on": _iso(c.issued_on),
            "valid_until": _iso(c.valid_until),
            "revoked_on": _iso(c.revoked_on),
        }
        for c in rows
    ]


@section("appeals")
def _appeals(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(select(Appeal).where(Appeal.person_id == person_id).order_by(Appeal.id))
    return [
        {
            "filed_at": _iso(a.filed_at),
            "reason": a.reason,
            "state": str(a.state),
            "due_on": _iso(a.due_on),
            "attachments": [
                {"filename": f.filename, "size": f.size, "sha256": f.sha256} for f in a.attachments
            ],
        }
        for a in rows
    ]


@section("inbox")
def _inbox(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(InboxMessage).where(InboxMessage.person_id == person_id).order_by(InboxMessage.id)
    )
    return [{"kind": m.kind, "received_at": _iso(m.created_at), "read_at": _iso(m.read_at)} for m in rows]


def collect(person_id: int, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the registry's sections hold about this person, as JSON-ready data."""
    return {
        "schema": "https://pes.example/schemas/data-export/v1",
        "schema_version": SCHEMA_VERSION,
        "generated_at": _iso(now or utcnow()),
        **{name: read(person_id) for name, read in SECTIONS.items()},
    }


def request_export(person_id: int, language: str, profile: CountryProfile) -> int:
    """Ask for a new export; the background job prepares it. Returns its id."""
    now = utcnow()
    with db.write() as session:
        export = DataExport(
            person_id=person_id,
            language=language,
            state=ExportState.PENDING,
            requested_at=now,
            expires_at=now + dt.timedelta(days=profile.data_use.export_days),
        )
        session.add(export)
        session.flush()
        export_id = export.id
        audit.record(
            session,
            AuditTag.DATA_EXPORT,
            actor_role="jobseeker",
            purpose="the person asked for their own data",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={"export": export_id},
        )
    enqueue(PREPARE_TASK, export_id)
    return export_id


def prepare(export_id: int) -> None:
    """Build the JSON and the PDF of a pending export (the job's work). Idempotent."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.state != ExportState.PENDING:
        return
    try:
        data = collect(export.person_id)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        pdf = render_summary(data, export.language)
    except Exception:
        # The person sees "failed: ask again"; the log names the export, never its contents.
        log.exception("data export %s could not be prepared", export_id)
        db.session.rollback()
        with db.write() as session:
            row = session.get(DataExport, export_id)
            if row is not None:
                row.state = ExportState.FAILED
        return
    with db.write() as session:
        row = session.get(DataExport, export_id)
        if row is None:
            return
        row.json_content, row.pdf_content = content, pdf
        row.state, row.ready_at = ExportState.READY, utcnow()


def file_of(export: DataExport, kind: str) -> bytes | None:
    """The export's JSON or PDF, while it is ready and not expired."""
    if export.state != ExportState.READY or export.expires_at <= utcnow():
        return None
    return export.json_content if kind == "json" else export.pdf_content


# Sections other features' data adds (issue 13's offers, issue 12's training requests, issue 15's case).
@section("offers")
def _offers(person_id: int) -> list[dict[str, Any]]:
    from portal.models.offers import Offer, OfferAnswer, Refusal

    rows = db.session.execute(
        select(Offer, OfferAnswer, Refusal)
        .outerjoin(OfferAnswer, OfferAnswer.offer_id == Offer.id)
        .outerjoin(Refusal, Refusal.offer_id == Offer.id)
        .where(Offer.person_id == person_id)
        .order_by(Offer.id)
    )
    return [
        {
            "kind": str(offer.kind),
            "title": offer.title,
            "employer": offer.employer_name,
            "state": str(offer.state),
            "proposed_at": _iso(offer.proposed_at),
            "reply_by": _iso(offer.reply_by),
            "answer": str(answer.kind) if answer else None,
            "answered_at": _iso(answer.answered_at) if answer else None,
            "refusal_reason": str(refusal.reason) if refusal else None,
            "refusal_review": str(refusal.review_state) if refusal else None,
            "consequence": str(refusal.consequence) if refusal and refusal.consequence else None,
        }
        for offer, answer, refusal in rows
    ]


@section("training_requests")
def _training_requests(person_id: int) -> list[dict[str, Any]]:
    from portal.models.training import Training, TrainingRequest

    rows = db.session.execute(
        select(TrainingRequest, Training.title)
        .join(Training, Training.id == TrainingRequest.training_id)
        .where(TrainingRequest.person_id == person_id)
        .order_by(TrainingRequest.id)
    )
    return [
        {
            "training": title,
            "state": str(request.state),
            "reason": request.reason,
            "asked_at": _iso(request.created_at),
            "decided_at": _iso(request.decided_at),
            "decision_reason": request.decision_reason,
        }
        for request, title in rows
    ]


@section("case")
def _case(person_id: int) -> dict[str, Any] | None:
    from portal.models.caseload import JobseekerCase

    case = db.session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
    if case is None:
        return None
    return {
        "office": case.office,
        "opened_on": _iso(case.opened_on),
        "closed_on": _iso(case.closed_on),
        "risk_level": str(case.risk_level) if case.risk_level else None,
        "plan_status": str(case.plan_status),
    }


@section("plans")
def _plans(person_id: int) -> list[dict[str, Any]]:
    """The individual employment plan's versions (each as drafted, and when the person agreed)."""
    from portal.models.plan import EmploymentPlan, PlanVersion

    rows = db.session.execute(
        select(PlanVersion, EmploymentPlan.status)
        .join(EmploymentPlan, EmploymentPlan.id == PlanVersion.plan_id)
        .where(EmploymentPlan.person_id == person_id)
        .order_by(PlanVersion.number)
    )
    return [
        {
            "version": version.number,
            "plan_status": str(status),
            "goal": version.goal,
            "activities": version.activities,
            "drafted_at": _iso(version.drafted_at),
            "agreed_at": _iso(version.agreed_at),
        }
        for version, status in rows
    ]


@section("meetings")
def _meetings(person_id: int) -> list[dict[str, Any]]:
    """Meetings with a counsellor, moved ones included (each time as it was), oldest first."""
    from portal.models.meeting import Meeting

    rows = db.session.scalars(
        select(Meeting).where(Meeting.person_id == person_id).order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        {
            "kind": str(meeting.kind),
            "starts_at": _iso(meeting.starts_at),
            "duration_minutes": meeting.duration_minutes,
            "address": meeting.address,
            "video_url": meeting.video_url,
            "phone": meeting.phone,
            "topic": meeting.topic,
            "state": str(meeting.state),
            "booked_at": _iso(meeting.booked_at),
            "reschedule_reason": meeting.reschedule_reason,
            "reschedule_answer": meeting.reschedule_answer,
            "cancel_reason": meeting.cancel_reason,
        }
        for meeting in rows
    ]
