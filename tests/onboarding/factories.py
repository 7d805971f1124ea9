"""Make onboarding test data: form input, applications at any status, staff."""

import itertools
from collections import deque

from core.accounts.models import ProgrammeRole
from core.audit import utcnow
from onboarding import services, workflow
from onboarding.eligibility import default_programme
from onboarding.models import Application, ApplicationStatus
from tests import factories

_stirs = itertools.count(1)
REASON = "Tekshiruv natijasiga koʻra."


def new_stir() -> str:
    """Return a STIR no other test data uses."""
    return f"{510_000_000 + next(_stirs) * 7:09d}"


def form_data(**overrides) -> dict:
    """Return valid input of the application form, as a browser sends it."""
    data = {
        "business_name": f"Baraka Savdo {next(_stirs)}",
        "stir": new_stir(),
        "legal_form": "mchj",
        "sector": "G",
        "region": "UZ-TK",
        "district": "1726262",
        "employees": "12",
        "turnover": "1 500 000 000",
        "owner_name": "Alisher Karimov",
        "phone": "90 123 45 67",
        "email": f"egasi{next(_stirs)}@example.uz",
        "consent": "y",
        "send": "1",
    }
    data.update(overrides)
    return data


def service_data(form: dict) -> dict:
    """Return form input as the application service takes it."""
    data = {k: v for k, v in form.items() if k not in ("consent", "send")}
    data["employees"] = int(data["employees"])
    data["turnover"] = int(str(data["turnover"]).replace(" ", ""))
    return data


def application(session, locale: str = "uz_Latn", **overrides) -> Application:
    """Submit an application through the service; it comes back checked."""
    data = service_data(form_data(**overrides))
    made = services.submit_application(session, locale=locale, **data)
    session.flush()
    return made


def unchecked(session, **overrides) -> Application:
    """Return an application that has not been checked yet: status applied."""
    data = service_data(form_data(**overrides))
    made = Application(
        programme_id=default_programme(session).id,
        reference=f"T-{next(_stirs):07d}",
        locale="uz_Latn",
        consent_at=utcnow(),
        **data | {"phone": "+998901234567"},
    )
    workflow.record_start(made)
    session.add(made)
    session.flush()
    return made


def staff(session, role: ProgrammeRole, **fields):
    return factories.user(session, role, **fields)


def path_to(target: ApplicationStatus) -> list[workflow.Transition]:
    """Return the shortest list of moves from `applied` to `target`."""
    start = ApplicationStatus.APPLIED
    queue = deque([(start, [])])
    seen = {start}
    while queue:
        status, path = queue.popleft()
        if status == target:
            return path
        for move in workflow.TRANSITIONS:
            if move.source == status and move.target not in seen:
                seen.add(move.target)
                queue.append((move.target, [*path, move]))
    raise ValueError(target)


def make(session, move: workflow.Transition, application: Application, actor):
    """Make one move as the system or as `actor`, with a reason if needed."""
    return workflow.change_status(
        session,
        application,
        move.target,
        actor=None if move.system else actor,
        reason=REASON if move.needs_reason else None,
    )


def at_status(session, status: ApplicationStatus, actor, **overrides) -> Application:
    """Return an application walked to `status` without side effects.

    An eligible one is made for every status reached through `eligible`;
    `ineligible` and the moves after it get too many employees.
    """
    if status == ApplicationStatus.APPLIED:
        return unchecked(session, **overrides)
    path = path_to(status)
    if path[0].target == ApplicationStatus.INELIGIBLE:
        overrides.setdefault("employees", "500")
    made = application(session, **overrides)
    for move in path[1:]:
        make(session, move, made, actor)
    session.flush()
    return made
