from __future__ import annotations

import pytest

from portal.integrations.xroad import SERVICE_KEYS, Registers, ServiceId
from tests.integrations.xroad.conftest import SERVICES
from tests.integrations.xroad.fake import FakeSecurityServer


def test_build_gives_each_register_its_service() -> None:
    client = FakeSecurityServer().client()

    registers = Registers.build(client, SERVICES)

    assert set(SERVICES) == set(SERVICE_KEYS)
    for key in SERVICE_KEYS:
        register = getattr(registers, key.replace("-", "_"))
        assert register.name == key
        assert register.service == SERVICES[key]
        assert register.client is client
    assert registers.social_assistance.service == ServiceId.parse("DEV/GOV/70000005/sas/beneficiaries")


def test_build_names_missing_services() -> None:
    services = {key: value for key, value in SERVICES.items() if key not in {"business", "education"}}

    with pytest.raises(ValueError, match="education, business"):
        Registers.build(FakeSecurityServer().client(), services)
