"""The `mijoz` command: set-up, users, workers and demo data."""

import logging

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from core import dbroles, jobs
from core.accounts.models import ProgrammeRole
from core.accounts.services import AccountError, create_user
from core.extensions import db

log = logging.getLogger(__name__)


def _create_app():
    from core.app import create_app

    return create_app()


main = FlaskGroup(
    name="mijoz",
    create_app=_create_app,
    add_version_option=False,
    help="Mijoz: CRM workspaces for the programme's firms.",
)


@click.command("init-db")
@with_appcontext
def init_db():
    """Apply the migrations as the owner and grant the app's role."""
    dbroles.upgrade_database(current_app._get_current_object())
    click.echo("Database is up to date.")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option(
    "--programme-role",
    type=click.Choice([role.value for role in ProgrammeRole]),
    default=None,
    help="Leave out for a firm's owner or staff.",
)
@with_appcontext
def create_user_command(email, name, password, programme_role):
    """Add a user who can sign in."""
    try:
        user = create_user(
            db.session,
            email,
            name,
            password,
            ProgrammeRole(programme_role) if programme_role else None,
        )
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.email}.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker(burst):
    """Run an RQ worker for every queue, most urgent first."""
    import rq.scheduler
    from rq import Worker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run in-process.")
    rq.scheduler.DEFAULT_SCHEDULER_FALLBACK_PERIOD = jobs.SCHEDULER_TAKEOVER
    connection = jobs.redis_connection()
    Worker(
        list(jobs.QUEUES),
        connection=connection,
        job_monitoring_interval=jobs.MONITORING_INTERVAL,
        maintenance_interval=jobs.MAINTENANCE_INTERVAL,
        worker_ttl=jobs.WORKER_TTL,
    ).work(burst=burst, with_scheduler=True)


@click.command("cron")
@with_appcontext
def cron():
    """Enqueue the periodic jobs on their schedule. Run exactly one."""
    from rq.cron import CronScheduler

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: nothing to schedule.")
    scheduler = CronScheduler(connection=jobs.redis_connection())
    for entry in jobs.schedule():
        declared = jobs.get(entry.job)
        scheduler.register(
            jobs.execute,
            declared.queue,
            args=(declared.name, f"cron-{entry.id}", entry.args, {}),
            cron=entry.cron,
            job_timeout=declared.timeout,
            name=entry.id,
        )
        click.echo(f"Scheduled {entry.id}: {entry.cron}")
    scheduler.start()


@click.command("demo")
@click.option("--firms", default=60, show_default=True, help="How many firms.")
@click.option("--seed", default=2026, show_default=True)
@with_appcontext
def demo_command(firms, seed):
    """Fill an empty database with a realistic programme to try."""
    from core import demo

    demo.run(firms=firms, seed=seed)


@click.command("demo-logins")
@with_appcontext
def demo_logins():
    """Print the logins that `mijoz demo` creates."""
    from core import demo

    demo.print_logins()


commands = [init_db, create_user_command, worker, cron, demo_command, demo_logins]


if __name__ == "__main__":
    main()
