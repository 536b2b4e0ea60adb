"""Who a person is called: the population register's names win over eID's.

TARA sends names in capitals; the register has them as the person writes them. eID names only
stand in for a person the register has not named (yet): see `auth.complete_login`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from portal.models import Person


def adopt_register_names(session: Session, person_id: int, population: dict[str, Any] | None) -> bool:
    """Take the names from a population register answer (a prefill section); True if it had them."""
    if not population or population.get("status") != "ok":
        return False
    values = population.get("values") or {}
    given, family = values.get("given_names"), values.get("family_name")
    if not given or not family:
        return False
    person = session.get(Person, person_id)
    if person is None:
        return False
    person.given_name, person.family_name, person.names_from_register = given, family, True
    return True
