"""employer companies and vacancies: company profiles, vacancies with place and language rows,
the state-change history and public reports (the full-text index is the search module's own)

Revision ID: 0016_vacancies
Revises: 0015_trainings_and_measures
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0016_vacancies"
down_revision: str | None = "0015_trainings_and_measures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registry_code", sa.String(length=20), nullable=False, comment="business registry code"),
        sa.Column("name", sa.String(length=300), nullable=False, comment="from the business register"),
        sa.Column("address", sa.String(length=500), nullable=True, comment="from the business register"),
        sa.Column(
            "register_checked_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="when name and address were last read from the register",
        ),
        sa.Column(
            "verified",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="a counsellor trusts it: may publish directly where the profile allows it",
        ),
        sa.Column("contact_person", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=True, comment="plain text, shown on vacancy pages"),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="stops two tabs from overwriting each other"
        ),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_company")),
        sa.UniqueConstraint("registry_code", name=op.f("uq_employer_company_registry_code")),
    )
    op.create_table(
        "vacancy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "employer_code",
            sa.String(length=20),
            nullable=False,
            comment="the company's business registry code",
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("occupation_code", sa.String(length=4), nullable=False, comment="ISCO-08 unit group"),
        sa.Column(
            "description",
            sa.Text(),
            nullable=False,
            comment="limited HTML, sanitised on input and again on output (services/vacancy_text.py)",
        ),
        sa.Column(
            "remote",
            sa.Enum("on_site", "hybrid", "remote", name="remotework", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "working_time",
            sa.Enum("full", "part", "shifts", name="vacancyworkingtime", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "contract",
            sa.Enum("permanent", "fixed_term", "seasonal", name="contracttype", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("contract_end", sa.Date(), nullable=True, comment="fixed-term contracts only"),
        sa.Column(
            "wage_min", sa.Integer(), nullable=False, comment="gross per month, whole units of `currency`"
        ),
        sa.Column(
            "wage_max", sa.Integer(), nullable=False, comment="gross per month, whole units of `currency`"
        ),
        sa.Column(
            "currency",
            sa.String(length=3),
            nullable=False,
            comment="the country profile's currency, ISO 4217",
        ),
        sa.Column(
            "education_level", sa.Integer(), nullable=True, comment="ISCED 2011 level required; None: any"
        ),
        sa.Column(
            "driving_licence",
            sa.String(length=40),
            nullable=True,
            comment="licence categories required, comma separated (B,C1)",
        ),
        sa.Column("experience_years", sa.Integer(), nullable=False),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True, comment="None: as soon as possible"),
        sa.Column("deadline", sa.Date(), nullable=False, comment="last day to apply; expires after it"),
        sa.Column(
            "apply_method",
            sa.Enum("portal", "email", "website", name="applymethod", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("apply_address", sa.String(length=500), nullable=True, comment="e-mail or https URL"),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "draft", "submitted", "published", "closed", name="vacancystate", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column(
            "closure_reason",
            sa.Enum("filled", "withdrawn", "expired", name="closurereason", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column(
            "needs_check",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="published but a counsellor still has to look: direct publishing or a report",
        ),
        sa.Column(
            "check_flags",
            sa.JSON(),
            nullable=False,
            comment="what the automatic check found: wording, low_wage, duplicate",
        ),
        sa.Column("created_by_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_by_role",
            sa.Enum(
                "employer", "counsellor", "system", "public", name="actorrole", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "published_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="first publication",
        ),
        sa.Column(
            "edited_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="last edit while published: the visible 'updated' date",
        ),
        sa.Column("closed_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="stops two tabs from overwriting each other"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_person_id"],
            ["person.id"],
            name=op.f("fk_vacancy_created_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_code"],
            ["employer_company.registry_code"],
            name=op.f("fk_vacancy_employer_code_employer_company"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy")),
    )
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancy_created_by_person_id"), ["created_by_person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vacancy_deadline"), ["deadline"], unique=False)
        batch_op.create_index("ix_vacancy_employer_state", ["employer_code", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_needs_check"), ["needs_check"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_occupation_code"), ["occupation_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_state"), ["state"], unique=False)
        batch_op.create_index("ix_vacancy_state_published_at", ["state", "published_at"], unique=False)

    op.create_table(
        "vacancy_language",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False, comment="ISO 639-1"),
        sa.Column("level", sa.String(length=8), nullable=False, comment="CEFR A1-C2 or 'native'"),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_language_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_language")),
        sa.UniqueConstraint("vacancy_id", "language", name=op.f("uq_vacancy_language_vacancy_id")),
    )
    with op.batch_alter_table("vacancy_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_language_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "vacancy_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_place_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_place")),
        sa.UniqueConstraint("vacancy_id", "municipality_code", name=op.f("uq_vacancy_place_vacancy_id")),
    )
    with op.batch_alter_table("vacancy_place", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancy_place_municipality_code"), ["municipality_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vacancy_place_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "vacancy_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("handled_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("handled_by_person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["handled_by_person_id"],
            ["person.id"],
            name=op.f("fk_vacancy_report_handled_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_report_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_report")),
    )
    with op.batch_alter_table("vacancy_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_report_handled_at"), ["handled_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_report_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "vacancy_state_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "actor_role",
            sa.Enum(
                "employer", "counsellor", "system", "public", name="actorrole", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "from_state",
            sa.Enum(
                "draft", "submitted", "published", "closed", name="vacancystate", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "draft", "submitted", "published", "closed", name="vacancystate", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True, comment="return reason, closure reason, edit note"),
        sa.ForeignKeyConstraint(
            ["actor_person_id"],
            ["person.id"],
            name=op.f("fk_vacancy_state_change_actor_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_state_change_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_state_change")),
    )
    with op.batch_alter_table("vacancy_state_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_state_change_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vacancy_state_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_state_change_vacancy_id"))

    op.drop_table("vacancy_state_change")
    with op.batch_alter_table("vacancy_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_report_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_vacancy_report_handled_at"))

    op.drop_table("vacancy_report")
    with op.batch_alter_table("vacancy_place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_place_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_vacancy_place_municipality_code"))

    op.drop_table("vacancy_place")
    with op.batch_alter_table("vacancy_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_language_vacancy_id"))

    op.drop_table("vacancy_language")
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_index("ix_vacancy_state_published_at")
        batch_op.drop_index(batch_op.f("ix_vacancy_state"))
        batch_op.drop_index(batch_op.f("ix_vacancy_occupation_code"))
        batch_op.drop_index(batch_op.f("ix_vacancy_needs_check"))
        batch_op.drop_index("ix_vacancy_employer_state")
        batch_op.drop_index(batch_op.f("ix_vacancy_deadline"))
        batch_op.drop_index(batch_op.f("ix_vacancy_created_by_person_id"))

    op.drop_table("vacancy")
    op.drop_table("employer_company")
