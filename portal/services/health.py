from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from portal import migrations
from portal.extensions import db


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(value == "ok" for value in self.checks.values())


def readiness() -> Readiness:
    report = Readiness()
    try:
        with db.engine.connect() as connection:
            current = migrations.current_revisions(connection)
        report.checks["database"] = "ok"
        report.checks["migrations"] = "ok" if current == migrations.head_revisions() else "pending"
    except SQLAlchemyError:
        report.checks["database"] = "unreachable"
    return report
