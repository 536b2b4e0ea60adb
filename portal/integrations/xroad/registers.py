"""The six consumed registers bundled, so that the app builds them once from its configuration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portal.integrations.xroad.business import BusinessRegister
from portal.integrations.xroad.client import ServiceId, XRoadClient
from portal.integrations.xroad.education import EducationRegister
from portal.integrations.xroad.employment import EmploymentRegister
from portal.integrations.xroad.health_insurance import HealthInsuranceRegister
from portal.integrations.xroad.population import PopulationRegister
from portal.integrations.xroad.social_assistance import SocialAssistanceRegister

# The keys of the service-id mapping, which are the contracts' file names and each register's `name`.
SERVICE_KEYS = ("population", "education", "employment", "social-assistance", "business", "health-insurance")


@dataclass(frozen=True)
class Registers:
    population: PopulationRegister
    education: EducationRegister
    employment: EmploymentRegister
    social_assistance: SocialAssistanceRegister
    business: BusinessRegister
    health_insurance: HealthInsuranceRegister

    @classmethod
    def build(cls, client: XRoadClient, services: Mapping[str, ServiceId]) -> Registers:
        """All six registers over one client; `services` maps each key of SERVICE_KEYS to its id."""
        missing = [key for key in SERVICE_KEYS if key not in services]
        if missing:
            raise ValueError(f"No X-Road service id for the register(s) {', '.join(missing)}")
        return cls(
            population=PopulationRegister(client, services["population"]),
            education=EducationRegister(client, services["education"]),
            employment=EmploymentRegister(client, services["employment"]),
            social_assistance=SocialAssistanceRegister(client, services["social-assistance"]),
            business=BusinessRegister(client, services["business"]),
            health_insurance=HealthInsuranceRegister(client, services["health-insurance"]),
        )
