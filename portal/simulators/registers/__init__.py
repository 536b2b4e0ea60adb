"""Simulators of the six national registers the portal consumes over X-Road (see contracts/).

`create_simulator(profile)` is a WSGI app serving the security server's URL space
(`/r1/DEV/GOV/70000002/population/persons/v1/persons/38001085718`, ...) over a deterministic
synthetic population; `personas(profile)` are its named test persons; `parse_faults` reads
`PORTAL_XROAD_FAULTS`. Like the other simulators, this package never imports the portal.
"""

from __future__ import annotations

from portal.simulators.registers.app import create_simulator
from portal.simulators.registers.faults import Fault, parse_faults
from portal.simulators.registers.personas import Persona, personas
from portal.simulators.registers.population import population
from portal.simulators.registers.services import SERVICES

__all__ = ["SERVICES", "Fault", "Persona", "create_simulator", "parse_faults", "personas", "population"]
