"""The register answers a draft and a registration keep: one frozen dataclass per register, and the
only place they are written to JSON (`RegistrationDraft.prefill`, `Registration.register_data`)
and read back.

Each register's answer is a `Section`: its status (`ok`, `unknown` when the register answered
that it does not know the person, `failed` when it did not answer), when it was read, the
X-Road-Id of the message that brought it (so a decision names the message it used, and the
person finds it on their "who used my data" page), and the typed values. Adding a register means
a values dataclass, its converter from the register client's answer, a field of
`RegisterSnapshot`, and its rows in `templates/jobseeker/registration/_register_values.html`.

The JSON shape is `{"sections": {name: {"status", "read_at", "xroad_id", "error", "values"}}}`;
dates are ISO text. Rows written before X-Road ids were kept read with `xroad_id` None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from portal import text

V = TypeVar("V")


class Status(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"  # the register answered that it does not know the person
    FAILED = "failed"  # the register did not answer: the person is asked instead


# --- the values, one dataclass per register -----------------------------------------------------


@dataclass(frozen=True)
class Population:
    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    life_status: str  # ALIVE, DECEASED, ...
    date_of_death: dt.date | None
    citizenship: str | None
    address: str | None  # None: no registered residence
    municipality_code: str | None
    municipality_name: str | None


@dataclass(frozen=True)
class Qualification:
    title: str
    isced_level: int
    institution: str
    completed_on: dt.date | None


@dataclass(frozen=True)
class ProfessionalCertificate:
    title: str
    isco_code: str


@dataclass(frozen=True)
class Education:
    qualifications: tuple[Qualification, ...]
    certificates: tuple[ProfessionalCertificate, ...]

    @property
    def highest_isced(self) -> int | None:
        return max((item.isced_level for item in self.qualifications), default=None)


@dataclass(frozen=True)
class Employment:
    employer_name: str
    employer_code: str
    occupation_title: str
    isco_code: str
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    active: bool  # as judged when read: status ACTIVE, no end date, or an end date ahead (notice)


@dataclass(frozen=True)
class Employments:
    employments: tuple[Employment, ...]  # newest start first

    @property
    def active(self) -> bool:
        return any(item.active for item in self.employments)


@dataclass(frozen=True)
class SocialAssistance:
    status: str  # ACTIVE, SUSPENDED, ENDED
    category: str
    since: dt.date | None
    office: str | None

    @property
    def receiving(self) -> bool:
        return self.status == "ACTIVE"

    @property
    def suspended(self) -> bool:
        return self.status == "SUSPENDED"


@dataclass(frozen=True)
class HealthInsurance:
    insured: bool
    basis: str | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class Section(Generic[V]):
    """One register's answer as read at one moment."""

    status: Status
    read_at: dt.datetime | None
    xroad_id: str | None  # X-Road-Id of the message that brought the answer (or the failure)
    values: V | None = None  # set exactly when status is ok
    error: str | None = None  # the error's type when the register did not answer

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def unknown(self) -> bool:
        return self.status is Status.UNKNOWN


# The values type of each register, in the order the person sees them.
VALUES: dict[str, type] = {
    "population": Population,
    "education": Education,
    "employment": Employments,
    "social_assistance": SocialAssistance,
    "health_insurance": HealthInsurance,
}
SECTIONS = tuple(VALUES)


def _missing() -> Section[Any]:
    return Section(status=Status.FAILED, read_at=None, xroad_id=None)


@dataclass(frozen=True)
class RegisterSnapshot:
    """What the registers said for one draft or registration. A register not read at all is None
    (only in rows made by hand, such as a counsellor's); `section` treats it as not answering."""

    population: Section[Population] | None = None
    education: Section[Education] | None = None
    employment: Section[Employments] | None = None
    social_assistance: Section[SocialAssistance] | None = None
    health_insurance: Section[HealthInsurance] | None = None

    def section(self, name: str) -> Section[Any]:
        if name not in VALUES:
            raise KeyError(name)
        return getattr(self, name) or _missing()

    def sections(self) -> dict[str, Section[Any]]:
        """The sections read, in the order the person sees them."""
        return {name: section for name in SECTIONS if (section := getattr(self, name)) is not None}

    def failed(self) -> list[str]:
        return [name for name, section in self.sections().items() if section.failed]

    def replace(self, sections: dict[str, Section[Any]]) -> RegisterSnapshot:
        return dataclasses.replace(self, **sections)

    def message_ids(self) -> dict[str, str | None]:
        """The X-Road-Id of each register's answer: what a decision names as the data it used."""
        return {name: section.xroad_id for name, section in self.sections().items()}

    # JSON: the only writer and reader of the JSON columns.

    def to_json(self) -> dict[str, Any]:
        return {"sections": {name: _section_json(section) for name, section in self.sections().items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> RegisterSnapshot:
        stored = (data or {}).get("sections") or {}
        return cls(**{name: _section_from(name, stored[name]) for name in SECTIONS if name in stored})

    @staticmethod
    def section_from_json(data: dict[str, Any] | None, name: str) -> Section[Any] | None:
        """One register's section of the stored JSON, without decoding the others."""
        stored = ((data or {}).get("sections") or {}).get(name)
        return _section_from(name, stored) if stored is not None else None


def _section_json(section: Section[Any]) -> dict[str, Any]:
    return {
        "status": section.status.value,
        "read_at": section.read_at.isoformat() if section.read_at else None,
        "xroad_id": section.xroad_id,
        "error": section.error,
        "values": _encode(section.values) if section.values is not None else {},
    }


def _section_from(name: str, data: dict[str, Any]) -> Section[Any]:
    status = Status(data.get("status", "failed"))
    read_at = data.get("read_at")
    return Section(
        status=status,
        read_at=dt.datetime.fromisoformat(read_at) if read_at else None,
        xroad_id=data.get("xroad_id"),
        values=_decode(VALUES[name], data.get("values") or {}) if status is Status.OK else None,
        error=data.get("error"),
    )


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: _encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# The values classes are module-level and never change: their hints are resolved once per process
# (`get_type_hints` evaluates every string annotation again on each call).
_type_hints = functools.cache(typing.get_type_hints)


def _decode(kind: Any, value: Any) -> Any:
    """Build `kind` (a values dataclass, a tuple of them, a date, a scalar) from its JSON."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        return _decode(kind, value)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        return tuple(_decode(item_kind, item) for item in value or ())
    if dataclasses.is_dataclass(kind):
        hints = _type_hints(kind)
        return kind(**{f.name: _decode(hints[f.name], value.get(f.name)) for f in dataclasses.fields(kind)})
    if kind is dt.date:
        return dt.date.fromisoformat(value[:10]) if value else None
    if kind is bool:
        return bool(value)
    if kind is int:
        return int(value) if value is not None else 0
    if kind is str:
        return "" if value is None else str(value)
    return value


# --- from the register clients' answers ----------------------------------------------------------


def population(person: Any) -> Population:
    residence = person.residence
    return Population(
        given_names=text.normalize(person.given_names),
        family_name=text.normalize(person.family_name),
        date_of_birth=person.date_of_birth,
        life_status=str(person.life_status),
        date_of_death=person.date_of_death,
        citizenship=person.citizenship,
        address=text.normalize(residence.address_line) if residence else None,
        municipality_code=residence.municipality_code if residence else None,
        municipality_name=residence.municipality_name if residence else None,
    )


def education(found: Any) -> Education:
    return Education(
        qualifications=tuple(
            Qualification(
                title=item.title,
                isced_level=item.isced_level,
                institution=item.institution,
                completed_on=item.completed_on,
            )
            for item in found.qualifications
        ),
        certificates=tuple(
            ProfessionalCertificate(title=item.title, isco_code=item.isco_code)
            for item in found.professional_certificates
        ),
    )


def employments(found: Any, today: dt.date) -> Employments:
    return Employments(
        tuple(
            Employment(
                employer_name=item.employer_name,
                employer_code=item.employer_code,
                occupation_title=item.occupation_title,
                isco_code=item.isco_code,
                start_date=item.start_date,
                end_date=item.end_date,
                status=str(item.status),
                active=str(item.status) == "ACTIVE" or item.end_date is None or item.end_date >= today,
            )
            for item in found.employments
        )
    )


def social_assistance(found: Any) -> SocialAssistance:
    return SocialAssistance(
        status=str(found.status), category=str(found.category), since=found.since, office=found.office
    )


def health_insurance(found: Any) -> HealthInsurance:
    return HealthInsurance(
        insured=found.insured,
        basis=str(found.basis) if found.basis else None,
        valid_until=found.valid_until,
    )


def values_of(name: str, answer: Any, today: dt.date) -> Any:
    """The typed values of register `name` from its client's answer."""
    if name == "employment":
        return employments(answer, today)
    return {
        "population": population,
        "education": education,
        "social_assistance": social_assistance,
        "health_insurance": health_insurance,
    }[name](answer)
