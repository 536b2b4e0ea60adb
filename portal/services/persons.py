"""Who a person is called: the population register's names win over eID's.

TARA sends names in capitals; the register has them as the person writes them. eID names only
stand in for a person the register has not named (yet): see `auth.complete_login`.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from portal import text
from portal.models import AuditTag, Person
from portal.models.register_snapshot import Population, Section
from portal.services import audit

log = logging.getLogger(__name__)


def adopt_register_names(session: Session, person_id: int, population: Section[Population] | None) -> bool:
    """Take the names from a population register answer (a prefill section); True if it had them."""
    if population is None or population.values is None:
        return False
    given, family = population.values.given_names, population.values.family_name
    if not given or not family:
        return False
    person = session.get(Person, person_id)
    if person is None:
        return False
    try:
        given, family = text.clean(given), text.clean(family)
    except text.UnsafeText as exc:
        # A register should never send these: keep the names we have, and leave a trace.
        log.warning("Population register names refused for person %s: %s", person_id, exc)
        audit.record(
            session,
            AuditTag.REGISTER_ANOMALY,
            actor_role="system",
            purpose="population register names hold control or bidi characters; not adopted",
            subject_person_id=person_id,
            details={"register": "population", "field": "names", "characters": exc.characters},
        )
        return False
    person.given_name, person.family_name, person.names_from_register = given, family, True
    return True
