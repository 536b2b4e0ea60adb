"""The X-Road query log's personal codes are pseudonymised when a person is anonymised: a narrow
PostgreSQL function the application role may call, though it may not UPDATE the log itself; the
eID protocol log is deleted by age (an index for it)

Revision ID: 0027_xroad_query_pseudonymise
Revises: 0026_company_notice_language
Create Date: 2026-12-03

`xroad_query` is append-only for the application role (portal/database_roles.py). The retention job
(portal/services/retention.py) must still replace an anonymised person's personal code in it. The
function below runs with its owner's rights (SECURITY DEFINER) and does exactly that and nothing
else: the new value must be the `ANON<id>` code of a person already anonymised, so it cannot rewrite
the log to name anyone. On SQLite (development) there are no roles: the service updates directly.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from alembic import op

from portal.database_roles import APP_ROLE_SETTING, PSEUDONYMISE_FUNCTION, grant_application_role

revision: str = "0027_xroad_query_pseudonymise"
down_revision: str | None = "0026_company_notice_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PSEUDONYMISE_FUNCTION}(code text, subject text, pseudonym text)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    changed integer;
BEGIN
    IF code IS NULL OR code = '' OR pseudonym NOT LIKE 'ANON%' THEN
        RAISE EXCEPTION 'pseudonymise_xroad_query: a personal code and an ANON pseudonym are needed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM person WHERE national_code = pseudonym AND anonymised_at IS NOT NULL) THEN
        RAISE EXCEPTION 'pseudonymise_xroad_query: % is not an anonymised person', pseudonym;
    END IF;
    UPDATE xroad_query
       SET subject_code = CASE WHEN subject_code = code THEN pseudonym ELSE subject_code END,
           on_behalf_of = CASE WHEN on_behalf_of = subject THEN pseudonym ELSE on_behalf_of END
     WHERE subject_code = code OR on_behalf_of = subject;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$
"""  # noqa: S608 - a constant function name, no input


def upgrade() -> None:
    # The calls made on a person's behalf, found by their country-prefixed code.
    op.create_index("ix_xroad_query_on_behalf_of", "xroad_query", ["on_behalf_of"])
    # The retention job deletes the eID protocol log by age.
    op.create_index("ix_eid_auth_log_created_at", "eid_auth_log", ["created_at"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(f"REVOKE ALL ON FUNCTION {PSEUDONYMISE_FUNCTION}(text, text, text) FROM PUBLIC")
    role = os.environ.get(APP_ROLE_SETTING, "").strip()
    if role:
        grant_application_role(bind, role)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {PSEUDONYMISE_FUNCTION}(text, text, text)")
    op.drop_index("ix_eid_auth_log_created_at", table_name="eid_auth_log")
    op.drop_index("ix_xroad_query_on_behalf_of", table_name="xroad_query")
