from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.integrations.xroad import Registers, ServiceId
from tests.contract import service_root
from tests.contract_requests import CONSUMED
from tests.integrations.xroad.fake import FakeSecurityServer

# Straight from the contracts' server URLs, `/r1/{service id}`.
SERVICES = {name: ServiceId.parse(service_root(name).removeprefix("/r1/")) for name in CONSUMED}


@pytest.fixture
def fake() -> FakeSecurityServer:
    return FakeSecurityServer()


@pytest.fixture
def registers(fake: FakeSecurityServer) -> Iterator[Registers]:
    client = fake.client()
    yield Registers.build(client, SERVICES)
    client.close()
