"""Social assistance service (`social-assistance.yaml`): beneficiaries, and what the PES reports to it
(confirmed job refusals, jobseeker registrations and deregistrations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from portal.integrations.xroad._parse import (
    Posted,
    Reader,
    parse_body,
    parse_posted,
    path_segment,
    same_identity,
)
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient


class BeneficiaryStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"  # payments stopped by an SAS decision
    ENDED = "ENDED"  # no longer a beneficiary


class Category(StrEnum):
    NONE_ABLE_TO_WORK = "I"
    SOME_ABLE_TO_WORK = "II"


class OfferType(StrEnum):
    JOB = "JOB"
    TRAINING = "TRAINING"
    MEASURE = "MEASURE"


class ReasonCode(StrEnum):
    """The refusal reason as the counsellor confirmed it; all but NO_VALID_REASON are valid reasons."""

    HEALTH = "HEALTH"
    CARE_DUTIES = "CARE_DUTIES"
    DISTANCE = "DISTANCE"
    WAGE = "WAGE"
    WORKING_HOURS = "WORKING_HOURS"
    QUALIFICATION_MISMATCH = "QUALIFICATION_MISMATCH"
    OTHER_VALID = "OTHER_VALID"
    NO_VALID_REASON = "NO_VALID_REASON"


class Recommendation(StrEnum):
    NONE = "NONE"
    DEPRIORITISE = "DEPRIORITISE"
    SUSPEND = "SUSPEND"


class JobseekerStatus(StrEnum):
    REGISTERED = "REGISTERED"
    DEREGISTERED = "DEREGISTERED"


class DeregistrationReason(StrEnum):
    EMPLOYED = "EMPLOYED"
    OWN_REQUEST = "OWN_REQUEST"
    REFUSED_SUITABLE_WORK = "REFUSED_SUITABLE_WORK"
    NOT_AVAILABLE = "NOT_AVAILABLE"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Household:
    household_id: str
    size: int

    @classmethod
    def parse(cls, r: Reader) -> Household:
        return cls(household_id=r.string("householdId"), size=r.integer("size"))


@dataclass(frozen=True, slots=True)
class Beneficiary:
    personal_code: str
    status: BeneficiaryStatus
    category: Category
    scheme: str
    since: dt.date  # when the current status took effect
    household: Household
    office: str
    monthly_amount: Decimal  # of the household; 0.00 when not paid
    currency: str  # ISO 4217

    @classmethod
    def parse(cls, r: Reader) -> Beneficiary:
        return cls(
            personal_code=r.string("personalCode"),
            status=r.enum(BeneficiaryStatus, "status"),
            category=r.enum(Category, "category"),
            scheme=r.string("scheme"),
            since=r.date("since"),
            household=Household.parse(r.nested("household")),
            office=r.string("office"),
            monthly_amount=r.decimal("monthlyAmount"),
            currency=r.string("currency"),
        )


@dataclass(frozen=True, slots=True)
class JobRefusal:
    """A refusal confirmed by a counsellor, as the PES reports it (the request body)."""

    offer_id: str
    offer_type: OfferType
    offered_on: dt.date
    refused_on: dt.date
    sequence_number: int  # 1 = the person's first refusal within the PES's policy window
    reason_code: ReasonCode
    reason_text: str  # the counsellor's summary; may be empty
    recommendation: Recommendation  # advice only; the SAS decides
    confirmed_by: str  # staff id of the counsellor

    def body(self, refusal_id: UUID) -> dict[str, object]:
        return {
            "refusalId": str(refusal_id),
            "offerId": self.offer_id,
            "offerType": self.offer_type.value,
            "offeredOn": self.offered_on.isoformat(),
            "refusedOn": self.refused_on.isoformat(),
            "sequenceNumber": self.sequence_number,
            "reasonCode": self.reason_code.value,
            "reasonText": self.reason_text,
            "recommendation": self.recommendation.value,
            "confirmedBy": self.confirmed_by,
        }


@dataclass(frozen=True, slots=True)
class RefusalReceipt:
    refusal_id: UUID
    received_at: dt.datetime  # when the SAS first recorded it
    beneficiary_status: BeneficiaryStatus  # after recording

    @classmethod
    def parse(cls, r: Reader) -> RefusalReceipt:
        return cls(
            refusal_id=r.uuid("refusalId"),
            received_at=r.timestamp("receivedAt"),
            beneficiary_status=r.enum(BeneficiaryStatus, "beneficiaryStatus"),
        )


@dataclass(frozen=True, slots=True)
class NotificationReceipt:
    notification_id: UUID
    received_at: dt.datetime  # when the SAS first stored it

    @classmethod
    def parse(cls, r: Reader) -> NotificationReceipt:
        return cls(notification_id=r.uuid("notificationId"), received_at=r.timestamp("receivedAt"))


class SocialAssistanceRegister:
    name = "social-assistance"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def beneficiary(self, personal_code: str, *, context: CallContext) -> Beneficiary:
        """`NotFound` when the person has never been a beneficiary; former ones have status ENDED.
        `IdentityMismatch` when the answer is about someone else."""

        def parse(_status: int, body: object) -> Beneficiary:
            found = parse_body(body, self.service, "getBeneficiary", Beneficiary.parse)
            same_identity(personal_code, found.personal_code, self.service, "getBeneficiary", "personalCode")
            return found

        return self.client.get(
            self.service,
            f"/v1/beneficiaries/{path_segment(personal_code)}",
            operation="getBeneficiary",
            context=context,
            parse=parse,
        )

    def report_job_refusal(
        self, personal_code: str, refusal: JobRefusal, *, refusal_id: UUID, context: CallContext
    ) -> Posted[RefusalReceipt]:
        """Report a confirmed refusal; `NotFound` when the person has never been a beneficiary.

        `refusal_id` must be generated once per confirmed refusal, stored with it and reused on
        every retry, so that the SAS records the refusal once (`created=False` on a repeat).
        """
        if refusal.refused_on < refusal.offered_on:
            # The SAS does not cross-check the dates; the contract leaves keeping them in order to us.
            raise ValueError("A refusal cannot precede the offer")
        return self.client.post(
            self.service,
            f"/v1/beneficiaries/{path_segment(personal_code)}/job-refusals",
            refusal.body(refusal_id),
            operation="createJobRefusal",
            context=context,
            idempotency_field="refusalId",
            parse=lambda status, body: parse_posted(
                (status, body),
                self.service,
                "createJobRefusal",
                RefusalReceipt.parse,
                identity=("refusalId", lambda receipt: receipt.refusal_id, refusal_id),
            ),
        )

    def notify_jobseeker_status(
        self,
        personal_code: str,
        status: JobseekerStatus,
        *,
        since: dt.date,
        certificate_number: str | None,
        reason: DeregistrationReason | None,
        notification_id: UUID,
        context: CallContext,
    ) -> Posted[NotificationReceipt]:
        """Tell the SAS that a person was registered (with the certificate number, if one was issued)
        or deregistered (with the reason). Accepted for anybody, beneficiary or not.

        `notification_id` must be generated once per status change, stored with it and reused on
        every retry, so that the SAS stores the change once (`created=False` on a repeat).
        """
        body = {
            "notificationId": str(notification_id),
            "personalCode": personal_code,
            "status": status.value,
            "since": since.isoformat(),
            "certificateNumber": certificate_number,
            "reason": reason.value if reason else None,
        }
        return self.client.post(
            self.service,
            "/v1/jobseeker-status-notifications",
            body,
            operation="createJobseekerStatusNotification",
            context=context,
            idempotency_field="notificationId",
            parse=lambda status, answer: parse_posted(
                (status, answer),
                self.service,
                "createJobseekerStatusNotification",
                NotificationReceipt.parse,
                identity=("notificationId", lambda receipt: receipt.notification_id, notification_id),
            ),
        )
