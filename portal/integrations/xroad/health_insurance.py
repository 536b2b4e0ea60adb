"""Health insurance fund (`health-insurance.yaml`): a person's coverage today, and the PES's
notifications that registered unemployment (a basis of coverage) started or ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from portal.integrations.xroad._parse import Posted, Reader, parse_body, parse_posted, path_segment
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient


class CoverageBasis(StrEnum):
    EMPLOYMENT = "EMPLOYMENT"
    REGISTERED_UNEMPLOYED = "REGISTERED_UNEMPLOYED"
    PENSIONER = "PENSIONER"
    STUDENT = "STUDENT"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Coverage:
    insured: bool  # today
    basis: CoverageBasis | None  # None exactly when not insured
    valid_until: dt.date | None  # None when not insured or open-ended

    @classmethod
    def parse(cls, r: Reader) -> Coverage:
        return cls(
            insured=r.boolean("insured"),
            basis=r.opt_enum(CoverageBasis, "basis"),
            valid_until=r.opt_date("validUntil"),
        )


@dataclass(frozen=True, slots=True)
class Receipt:
    notification_id: UUID
    received_at: dt.datetime  # when the fund first stored the notification

    @classmethod
    def parse(cls, r: Reader) -> Receipt:
        return cls(notification_id=r.uuid("notificationId"), received_at=r.timestamp("receivedAt"))


class HealthInsuranceRegister:
    name = "health-insurance"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def coverage(self, personal_code: str, *, context: CallContext) -> Coverage:
        """`NotFound` when the fund does not know the person; `insured=False` when not insured."""
        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}/coverage",
            operation="getCoverage",
            context=context,
            parse=lambda _status, body: parse_body(body, self.service, "getCoverage", Coverage.parse),
        )

    def notify_coverage(
        self,
        personal_code: str,
        *,
        start: dt.date,
        end: dt.date | None,
        notification_id: UUID,
        context: CallContext,
    ) -> Posted[Receipt]:
        """Registered unemployment from `start` to `end` (inclusive; None while it lasts). The latest
        notification for a person decides; `NotFound` when the fund does not know the person.

        `notification_id` must be generated once per registration start or end, stored with it
        and reused on every retry, so that the fund applies it once (`created=False` on a repeat).
        """
        if end is not None and end < start:
            # The fund does not cross-check the dates; the contract leaves keeping them in order to us.
            raise ValueError("A registration cannot end before it starts")
        body = {
            "notificationId": str(notification_id),
            "personalCode": personal_code,
            # The only basis the PES may notify.
            "basis": CoverageBasis.REGISTERED_UNEMPLOYED.value,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
        }
        return self.client.post(
            self.service,
            "/v1/coverage-notifications",
            body,
            operation="createCoverageNotification",
            context=context,
            idempotency_field="notificationId",
            parse=lambda status, body: parse_posted(
                (status, body),
                self.service,
                "createCoverageNotification",
                Receipt.parse,
                identity=("notificationId", lambda receipt: receipt.notification_id, notification_id),
            ),
        )
