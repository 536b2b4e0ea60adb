"""The six register services, one module each; `SERVICES` maps X-Road service ids to them."""

from __future__ import annotations

from portal.simulators.registers.services import business, education, employment, health, population, social
from portal.simulators.registers.xroad import Service

SERVICES: dict[str, Service] = {
    service.service_id: service
    for service in (
        population.SERVICE,
        education.SERVICE,
        employment.SERVICE,
        social.SERVICE,
        business.SERVICE,
        health.SERVICE,
    )
}
