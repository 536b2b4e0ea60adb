"""`flask --app app db upgrade`, `flask --app app seed`: the same code paths as the web app."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from portal import migrations
from portal.extensions import db
from portal.models import StaffRole
from portal.profiles import NationalIdError, current_profile

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: head)."""
    migrations.upgrade(db.engine, revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. base)."""
    migrations.downgrade(db.engine, revision)
    click.echo(f"database at {revision}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Autogenerate a new migration from the models."""
    from alembic import command

    command.revision(migrations.alembic_config(db.engine), message=message, autogenerate=True)


@click.command("seed")
@with_appcontext
def seed() -> None:
    """Add demo data; running it again changes nothing."""
    from portal.services.seed import seed_demo_data

    result = seed_demo_data()
    click.echo(f"demo data: {result.created} created, {result.unchanged} already present")
    from portal.profiles import current_profile
    from portal.services.training_seed import seed_trainings

    trainings = seed_trainings(current_profile())
    click.echo(
        f"demo trainings and measures: {trainings.created} created, {trainings.unchanged} already present"
    )


staff_cli = AppGroup("staff", help="The staff table: who may use the back office.")


@staff_cli.command("add")
@click.argument("personal_code")
@click.option("--role", type=click.Choice([r.value for r in StaffRole]), required=True)
@click.option("--office", required=True)
def staff_add(personal_code: str, role: str, office: str) -> None:
    """Add PERSONAL_CODE as staff (or change their role and office)."""
    from portal.services.staff import add_staff

    try:
        entry = add_staff(current_profile(), personal_code, StaffRole(role), office)
    except NationalIdError as exc:
        raise click.BadParameter(str(exc), param_hint="PERSONAL_CODE") from None
    click.echo(f"staff: {entry.role} at {entry.office}")


@staff_cli.command("list")
def staff_list() -> None:
    """List staff members."""
    from portal.services.staff import list_staff

    for entry in list_staff():
        click.echo(f"{entry.national_code}\t{entry.role}\t{entry.office}\t{entry.name or '-'}")


@staff_cli.command("remove")
@click.argument("personal_code")
def staff_remove(personal_code: str) -> None:
    """Remove PERSONAL_CODE from the staff table."""
    from portal.services.staff import remove_staff

    try:
        removed = remove_staff(current_profile(), personal_code)
    except NationalIdError as exc:
        raise click.BadParameter(str(exc), param_hint="PERSONAL_CODE") from None
    if not removed:
        raise click.ClickException("no such staff member")
    click.echo("staff member removed")


audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the audit trail's hash chain; exit 1 at the first changed or missing event."""
    from portal.services.audit import verify_chain

    report = verify_chain(db.session)
    if report.broken_at is not None:
        click.echo(
            f"audit chain BROKEN at event {report.broken_at}: {report.problem} "
            f"({report.checked} events before it are intact)",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"audit chain intact: {report.checked} events")


@db_cli.command("grant")
@click.argument("app_role")
def grant(app_role: str) -> None:
    """Give APP_ROLE (PostgreSQL) what the running portal needs: read and write on its tables,
    but only INSERT and SELECT on the audit tables. Run as the owner (migrator) role."""
    from portal.database_roles import grant_application_role

    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("database roles exist only on PostgreSQL")
    with db.engine.begin() as connection:
        grant_application_role(connection, app_role)
    click.echo(f"granted the application's privileges to {app_role}")


matching_cli = AppGroup("matching", help="Matching: a synthetic population for the benchmark.")


@matching_cli.command("generate")
@click.option("--jobseekers", type=int, default=100_000, show_default=True)
@click.option("--vacancies", type=int, default=100_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--outcomes", type=click.Path(dir_okay=False), help="write each person's next job (JSON)")
def matching_generate(jobseekers: int, vacancies: int, seed: int, outcomes: str | None) -> None:
    """Add JOBSEEKERS registered jobseekers and VACANCIES published vacancies, drawn from the
    country profile's distributions (benchmark and development databases only)."""
    from pathlib import Path

    from portal.services.matching.loading import load

    profile = current_profile()
    loaded = load(
        profile.code,
        jobseekers,
        vacancies,
        seed=seed,
        today=profile.today(),
        outcomes=Path(outcomes) if outcomes else None,
    )
    click.echo(
        f"{loaded.jobseekers} jobseekers, {loaded.vacancies} vacancies, {len(loaded.outcomes)} next jobs"
    )


reports_cli = AppGroup("reports", help="Reports: a synthetic year of data for the benchmark.")


@reports_cli.command("refresh")
def reports_refresh() -> None:
    """Recount the reports' per-day counts of decisions now (the nightly job's work)."""
    from portal.services.reports import summary

    written = summary.refresh(current_profile())
    click.echo(f"{written} per-day rows recounted, through {summary.built_through()}")


@reports_cli.command("generate")
@click.option("--jobseekers", type=int, default=100_000, show_default=True)
@click.option("--events", type=int, default=1_000_000, show_default=True, help="decisions + audit events")
@click.option("--seed", type=int, default=17, show_default=True)
def reports_generate(jobseekers: int, events: int, seed: int) -> None:
    """Add JOBSEEKERS people registered over the last year (registration, decision, inbox message,
    case) and audit events up to EVENTS events in all (benchmark and development databases only)."""
    from portal.services.reports.synthetic import generate

    made = generate(current_profile(), jobseekers, events, seed=seed)
    click.echo(
        f"{made.jobseekers} jobseekers, {made.decisions} decisions, {made.audit_events} audit events, "
        f"{made.appeals} appeals"
    )


search_cli = AppGroup("search", help="The search index of vacancies and trainings.")


@search_cli.command("generate")
@click.argument("count", type=click.IntRange(1, 1_000_000))
@click.option("--seed", type=int, default=1, help="the same seed gives the same vacancies")
def search_generate(count: int, seed: int) -> None:
    """Create COUNT synthetic vacancies with realistic text (the benchmark uses 100000)."""
    from portal.services.search.generator import generate

    made = generate(count, seed=seed)
    click.echo(f"{made.vacancies} vacancies ({made.published} published) from {made.companies} companies")


@search_cli.command("reindex")
def search_reindex() -> None:
    """Rebuild the search index from the vacancy and training tables."""
    from portal.models.search import EntryKind
    from portal.services.search.sources import reindex

    with db.write() as session:
        counts = reindex(session.connection())
    click.echo(f"indexed {counts[EntryKind.VACANCY]} vacancies and {counts[EntryKind.TRAINING]} trainings")


def init_app(app: Flask) -> None:
    app.cli.add_command(audit_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(seed)
    app.cli.add_command(staff_cli)
