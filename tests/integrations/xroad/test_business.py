from __future__ import annotations

import datetime as dt

import pytest

from portal.integrations.xroad import MalformedResponse, Registers
from portal.integrations.xroad.business import CompanyStatus, Representation, Representative, Role
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

PATHS = spec("business")["paths"]
COMPANY = PATHS["/v1/companies/{registryCode}"]["get"]["responses"]["200"]["content"]["application/json"][
    "example"
]
REPRESENTATIONS = PATHS["/v1/persons/{personalCode}/representations"]["get"]["responses"]["200"]["content"][
    "application/json"
]["example"]


def test_company(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(COMPANY)

    company = registers.business.company("14216734", context=CONTEXT)

    assert company.name == "Põhjarannik OÜ"
    assert company.legal_form == "OÜ"
    assert company.status is CompanyStatus.ACTIVE
    assert company.municipality_code == "0784"
    assert company.nace_code == "62.01"
    assert company.founded_on == dt.date(2017, 2, 14)
    assert company.representatives[0] == Representative(
        personal_code="38001085718",
        given_names="Jaak-Kristjan",
        family_name="Jõeorg",
        role=Role.BOARD_MEMBER,
        sole_right=True,
    )
    assert [r.role for r in company.representatives] == [Role.BOARD_MEMBER, Role.PROCURATOR, Role.OWNER]
    assert fake.last.url.path == "/r1/DEV/GOV/70000006/business/companies/v1/companies/14216734"


def test_representations(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(REPRESENTATIONS)

    result = registers.business.representations("38001085718", context=CONTEXT)

    assert result.representations == (
        Representation("14216734", "Põhjarannik OÜ", Role.BOARD_MEMBER, True),
        Representation("14216734", "Põhjarannik OÜ", Role.OWNER, False),
    )


def test_no_representations(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({"representations": []})

    assert registers.business.representations("38001085718", context=CONTEXT).representations == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"soleRight": "true"}, "representatives[0].soleRight"),
        ({"soleRight": 1}, "representatives[0].soleRight"),
        ({"role": "CEO"}, "representatives[0].role"),
        ({"personalCode": 38001085718}, "representatives[0].personalCode"),
    ],
)
def test_malformed_representative_hides_the_person(
    change: dict[str, object], field: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer({**COMPANY, "representatives": [{**COMPANY["representatives"][0], **change}]})

    with pytest.raises(MalformedResponse) as caught:
        registers.business.company("14216734", context=CONTEXT)
    assert f"'{field}'" in str(caught.value)
    assert "38001085718" not in str(caught.value)
    assert "Jaak-Kristjan" not in str(caught.value)
