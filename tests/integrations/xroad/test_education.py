from __future__ import annotations

import datetime as dt

import pytest

from portal.integrations.xroad import MalformedResponse, Registers
from portal.integrations.xroad.education import ProfessionalCertificate, Qualification
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

EXAMPLES = spec("education")["paths"]["/v1/persons/{personalCode}/qualifications"]["get"]["responses"]["200"][
    "content"
]["application/json"]["examples"]
WITH_RECORDS = EXAMPLES["withRecords"]["value"]


def test_qualifications_and_certificates(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(WITH_RECORDS)

    result = registers.education.qualifications("38001085718", context=CONTEXT)

    assert result.qualifications[0] == Qualification(
        isced_level=7,
        field_code="0613",
        title="Master of Science in Engineering (Software Engineering)",
        institution="Tallinna Tehnikaülikool",
        completed_on=dt.date(2005, 6, 17),
        document_number="MA-005731",
    )
    assert [q.isced_level for q in result.qualifications] == [7, 3]
    assert result.professional_certificates[1] == ProfessionalCertificate(
        title="Forklift truck operator",
        isco_code="8344",
        level=None,
        issued_on=dt.date(2011, 9, 5),
        valid_until=None,
        issuer="Tallinna Polütehnikum",
    )
    assert result.professional_certificates[0].valid_until == dt.date(2026, 3, 21)
    assert fake.last.url.path == (
        "/r1/DEV/GOV/70000003/education/qualifications/v1/persons/38001085718/qualifications"
    )


def test_no_records_are_empty_tuples(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(EXAMPLES["none"]["value"])

    result = registers.education.qualifications("38001085718", context=CONTEXT)

    assert result.qualifications == ()
    assert result.professional_certificates == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"iscedLevel": True}, "qualifications[0].iscedLevel"),
        ({"iscedLevel": "7"}, "qualifications[0].iscedLevel"),
        ({"iscedLevel": 7.0}, "qualifications[0].iscedLevel"),
        ({"completedOn": "20050617"}, "qualifications[0].completedOn"),
        ({"completedOn": "2005-W24-5"}, "qualifications[0].completedOn"),
    ],
)
def test_malformed_qualification(
    change: dict[str, object], field: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    body = {**WITH_RECORDS, "qualifications": [{**WITH_RECORDS["qualifications"][0], **change}]}
    fake.answer(body)

    with pytest.raises(MalformedResponse, match=f"'{field}'".replace("[", r"\[").replace("]", r"\]")):
        registers.education.qualifications("38001085718", context=CONTEXT)


def test_missing_list_is_malformed(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({"qualifications": []})

    with pytest.raises(MalformedResponse, match="'professionalCertificates' is missing"):
        registers.education.qualifications("38001085718", context=CONTEXT)
