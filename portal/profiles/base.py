from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from portal.profiles.matching import MatchingWeights
from portal.profiles.measures import TrainingRules
from portal.profiles.meetings import MeetingRules
from portal.profiles.offices import OfficeRules
from portal.profiles.refusals import RefusalRules
from portal.profiles.risk import RiskModel

ASCII_DIGITS = frozenset("0123456789")

# The development instance's register services, as in `contracts/README.md`.
DEV_XROAD_SERVICES: Mapping[str, str] = {
    "population": "DEV/GOV/70000002/population/persons",
    "education": "DEV/GOV/70000003/education/qualifications",
    "employment": "DEV/GOV/70000004/tax/employment",
    "social-assistance": "DEV/GOV/70000005/sas/beneficiaries",
    "business": "DEV/GOV/70000006/business/companies",
    "health-insurance": "DEV/GOV/70000007/health/insurance",
}


@functools.cache
def public_holidays(calendar: str | None, year: int) -> frozenset[dt.date]:
    """The public holidays of a country's calendar in one year (moved and observed days included)."""
    if calendar is None:
        return frozenset()
    import holidays  # imported on first use: the web workers stay small until a deadline is counted

    return frozenset(holidays.country_holidays(calendar, years=year))


class NationalIdError(ValueError):
    """The national identification code is not valid for the profile."""


def is_ascii_digits(value: str) -> bool:
    # str.isdigit() and regex \d also accept digits of other scripts ("١٢٣"), which registers reject.
    return bool(value) and set(value) <= ASCII_DIGITS


@dataclass(frozen=True)
class ParsedNationalId:
    code: str
    date_of_birth: dt.date | None = None
    sex: str | None = None


@dataclass(frozen=True)
class RegistrationRules:
    """Who may register and how fast the PES must decide (the country's employment law)."""

    minimum_age: int = 16
    pension_age: int = 65
    decision_days: int = 14  # statutory deadline for a decision a person must make
    certificate_days: int = 90  # validity of an unemployment certificate
    legal_basis: str = "Employment Services Act"
    draft_days: int = 30  # an untouched draft expires
    draft_reminder_days: int = 7  # reminder this many days before it expires


@dataclass(frozen=True)
class DecisionRules:
    """How long a person may appeal, and how long the PES has to answer."""

    appeal_days: int = 30
    appeal_answer_days: int = 30
    review_answer_days: int = 14  # "ask a person to review" an automated decision


@dataclass(frozen=True)
class DataUseRules:
    """What a person is shown about the use of their data, and how long the PES keeps it."""

    # The EU Court (C-579/21, J.M., 2023) held that the person is owed the dates and purposes of
    # consultations of their data but not, by default, the names of the employees who made them.
    show_staff_names: bool = False
    export_days: int = 7  # a prepared "my data" export can be downloaded this long, then is deleted
    # A person with no active registration, no draft and no login for this long is anonymised:
    # names, birth date, contact and preferences go; decisions keep their legal facts, the audit
    # trail keeps its pseudonyms (docs/data-use.md, "Retention").
    inactive_person_days: int = 5 * 365
    inbox_days: int = 2 * 365  # read inbox messages are removed after this long
    # X-Road clients that may ask the PES about a person, by client id, with the name the person
    # reads on "who used my data" (the directory of the country's X-Road members).
    xroad_clients: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VacancyRules:
    """What a vacancy must respect in the country, and how the PES checks it."""

    currency: str = "EUR"  # ISO 4217; wages are whole units per month
    minimum_wage: int = 0  # the legal minimum gross monthly wage for full-time work
    # Wording a counsellor must look at before publishing (age, sex, origin, family): whole words or
    # phrases in any of the profile's languages, compared case- and accent-insensitively. A flag for
    # a person to judge, never an automatic refusal.
    discriminatory_terms: tuple[str, ...] = ()
    # Verified employers publish at once and the counsellor checks afterwards (else: check first).
    direct_publishing: bool = False
    deadline_months: int = 6  # how far ahead an application deadline may be


@dataclass(frozen=True)
class LifecycleRules:
    """How a registration ends in this country (issue 16). Values are `EndReason` and
    `ProposalSource` values: the profile sits below the models and names them as data."""

    legal_basis: str = "Employment Services Act (end of registration)"
    # Proposals from these sources end the registration at once by a rule, with a decision the
    # person can ask a human to review (Kosovo's AIIP and the tax administration); proposals from
    # any other source wait in the counsellors' queue.
    automatic_sources: frozenset[str] = frozenset()
    # End reasons the law gives no appeal against: the person asked for it, or has died.
    without_appeal: frozenset[str] = frozenset({"own_request", "deceased"})
    # How far ahead a person may report the first day of a new job.
    report_days_ahead: int = 31
    # Kosovo: active jobseekers who are category II social assistance beneficiaries are reported
    # to the social assistance scheme every night.
    report_beneficiaries: bool = False
    # Fraud signals: this many role switches to companies no longer represented is worth a look.
    role_switch_threshold: int = 5


@dataclass(frozen=True)
class CountryProfile:
    code: str
    name: str
    languages: tuple[str, ...]
    timezone: str
    xroad_instance: str
    national_id_parser: Callable[[str], ParsedNationalId] = field(repr=False)
    # X-Road service ids of the registers the PES reads, by register name; a deployment maps
    # them to its own instance and member codes (configuration can override each one).
    xroad_services: Mapping[str, str] = field(default_factory=lambda: dict(DEV_XROAD_SERVICES))
    # The service the PES itself provides to other institutions.
    xroad_provided_service: str = "DEV/GOV/70000001/pes/jobseekers"
    registration: RegistrationRules = field(default_factory=lambda: RegistrationRules())
    decisions: DecisionRules = field(default_factory=lambda: DecisionRules())
    # Measures' eligibility rules and how a training request is answered (profiles/measures.py).
    trainings: TrainingRules = field(default_factory=lambda: TrainingRules())
    refusals: RefusalRules = field(default_factory=lambda: RefusalRules())
    matching: MatchingWeights = field(default_factory=lambda: MatchingWeights())
    data_use: DataUseRules = field(default_factory=lambda: DataUseRules())
    # The country's regions for reports, each a tuple of municipality codes (reference data).
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    vacancies: VacancyRules = field(default_factory=lambda: VacancyRules())
    # The PES's offices and which municipalities each serves (caseloads, meetings, risk factor).
    offices: OfficeRules = field(default_factory=lambda: OfficeRules())
    # The risk profiling model: factors, points, levels, service and plan rules (profiles/risk.py).
    risk: RiskModel = field(default_factory=lambda: RiskModel())
    lifecycle: LifecycleRules = field(default_factory=lambda: LifecycleRules())
    # The country's public holidays, which are not working days: a country code of the `holidays`
    # package's calendars (None: Monday to Friday are all working days).
    holiday_calendar: str | None = None
    # Meetings: what follows a missed one (shown to the counsellor, never applied automatically).
    meetings: MeetingRules = field(default_factory=lambda: MeetingRules())

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Deadlines and validity run by the country's calendar, not the server's (UTC)."""
        return dt.datetime.now(self.tz).date()

    def local_date(self, moment: dt.datetime | None) -> dt.date | None:
        """The country's calendar day of a stored (UTC) timestamp."""
        return moment.astimezone(self.tz).date() if moment is not None else None

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, except the country's public holidays."""
        return day.weekday() < 5 and day not in public_holidays(self.holiday_calendar, day.year)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (a reply given by then is in time)."""
        current = start
        while days > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                days -= 1
        return current

    def parse_national_id(self, value: str) -> ParsedNationalId:
        """Validate and normalise a national code; raise `NationalIdError` when invalid."""
        return self.national_id_parser(value.strip())

    def is_valid_national_id(self, value: str) -> bool:
        try:
            self.parse_national_id(value)
        except NationalIdError:
            return False
        return True

    def eid_subject(self, national_code: str) -> str:
        """The eID `sub` / X-Road user id form: country prefix + national code."""
        return f"{self.code}{national_code}"
