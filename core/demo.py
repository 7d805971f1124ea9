"""Fill an empty database with a realistic programme to try Mijoz on.

Each domain package registers a step; steps run in order, share one
random generator and one list of logins, and the logins are printed last.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

import click
from sqlalchemy import func, select

from core.accounts.models import ProgrammeRole, User
from core.accounts.services import create_user
from core.extensions import db

PASSWORD = "Mijoz-demo-2026"


@dataclass
class DemoRun:
    """What the steps share."""

    firms: int
    rng: random.Random


_steps: list[tuple[int, str, Callable[[DemoRun], None]]] = []
_logins: dict[str, str] = {}


def step(order: int, name: str, logins: dict[str, str] | None = None) -> Callable:
    """Register a demo step; lower orders run first. `logins` maps the
    e-mails it creates for people to try to what each one is."""

    def register(func: Callable[[DemoRun], None]) -> Callable:
        if name not in {existing for _, existing, _ in _steps}:
            _steps.append((order, name, func))
            _logins.update(logins or {})
        return func

    return register


def print_logins() -> None:
    """Print the demo logins and their shared password."""
    click.echo(f"Demo logins (password for all: {PASSWORD}):")
    for email, what in _logins.items():
        click.echo(f"  {email:30} {what}")


@step(
    10,
    "programme staff",
    logins={
        "admin@mijoz.uz": "programme administrator",
        "officer@mijoz.uz": "subsidy officer (maker)",
        "checker@mijoz.uz": "subsidy officer (checker)",
        "consultant@mijoz.uz": "consultant",
        "analyst@mijoz.uz": "analyst",
    },
)
def programme_staff(run: DemoRun) -> None:
    """Add one member of staff for each programme role."""
    people = [
        ("admin@mijoz.uz", "Dilnoza Rahimova", ProgrammeRole.ADMIN),
        ("officer@mijoz.uz", "Jasur Karimov", ProgrammeRole.OFFICER),
        ("checker@mijoz.uz", "Malika Yusupova", ProgrammeRole.OFFICER),
        ("consultant@mijoz.uz", "Bekzod Tursunov", ProgrammeRole.CONSULTANT),
        ("analyst@mijoz.uz", "Nodira Saidova", ProgrammeRole.ANALYST),
    ]
    for email, name, role in people:
        create_user(db.session, email, name, PASSWORD, role)


def run(firms: int, seed: int) -> None:
    """Run every step unless the database already has users."""
    if db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has data; the demo was not loaded.")
        print_logins()
        return

    shared = DemoRun(firms=firms, rng=random.Random(seed))
    for _, name, run_step in sorted(_steps, key=lambda s: s[0]):
        click.echo(f"Demo: {name}")
        run_step(shared)
    # One commit: a demo that fails half-way leaves nothing behind.
    db.session.commit()
    print_logins()
