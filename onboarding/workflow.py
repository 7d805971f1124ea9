"""The onboarding workflow: which status may follow which, and who moves it.

    applied → eligible | ineligible → approved | rejected → provisioned
            → trained → active → graduated, or dropped from provisioned,
            trained or active.

`TRANSITIONS` is the only place these moves are written down; every change
goes through `change_status`, which refuses anything not listed.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import ProgrammeRole, User
from onboarding.models import Application, ApplicationStatus, StatusChange

S = ApplicationStatus
DECIDERS = frozenset({ProgrammeRole.ADMIN, ProgrammeRole.OFFICER})
MAX_REASON = 2000

STATUS_LABELS = {
    S.APPLIED: _l("Applied"),
    S.ELIGIBLE: _l("Eligible"),
    S.INELIGIBLE: _l("Not eligible"),
    S.APPROVED: _l("Approved"),
    S.REJECTED: _l("Rejected"),
    S.PROVISIONED: _l("Workspace ready"),
    S.TRAINED: _l("Trained"),
    S.ACTIVE: _l("Active"),
    S.GRADUATED: _l("Graduated"),
    S.DROPPED: _l("Dropped out"),
}


class WorkflowError(ValueError):
    """A status change that may not happen; the message is for the user."""


@dataclass(frozen=True)
class Transition:
    """One allowed move: who may make it and whether it needs a reason.

    `system` moves are made by the application itself (the eligibility
    check, the provisioning job), never by a person.
    """

    source: ApplicationStatus
    target: ApplicationStatus
    label: str
    roles: frozenset[ProgrammeRole] = frozenset()
    system: bool = False
    needs_reason: bool = False


_drop = _l("Mark as dropped out")

# TODO: active, graduated and dropped should follow from measured usage by a
# daily job (DESIGN.md); until it exists, officers set them by hand, and the
# job will need `system=True` on those rows.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.APPLIED, S.ELIGIBLE, _l("Meets the rules"), system=True),
    Transition(S.APPLIED, S.INELIGIBLE, _l("Fails a rule"), system=True),
    Transition(S.ELIGIBLE, S.APPROVED, _l("Approve"), DECIDERS),
    Transition(S.ELIGIBLE, S.REJECTED, _l("Reject"), DECIDERS, needs_reason=True),
    Transition(
        S.INELIGIBLE,
        S.APPROVED,
        _l("Approve despite the rules"),
        DECIDERS,
        needs_reason=True,
    ),
    Transition(S.INELIGIBLE, S.REJECTED, _l("Reject"), DECIDERS, needs_reason=True),
    Transition(S.APPROVED, S.PROVISIONED, _l("Workspace created"), system=True),
    Transition(S.PROVISIONED, S.TRAINED, _l("Mark as trained"), DECIDERS),
    Transition(S.TRAINED, S.ACTIVE, _l("Mark as active"), DECIDERS),
    Transition(S.ACTIVE, S.GRADUATED, _l("Mark as graduated"), DECIDERS),
    Transition(S.PROVISIONED, S.DROPPED, _drop, DECIDERS, needs_reason=True),
    Transition(S.TRAINED, S.DROPPED, _drop, DECIDERS, needs_reason=True),
    Transition(S.ACTIVE, S.DROPPED, _drop, DECIDERS, needs_reason=True),
)

# Statuses in which the firm's STIR may not apply again.
BLOCKS_NEW_APPLICATION = frozenset(S) - {S.REJECTED}
UNDER_REVIEW = frozenset({S.APPLIED, S.ELIGIBLE, S.INELIGIBLE})


def label(status: ApplicationStatus | str) -> str:
    """Return a status in words, in the current language."""
    return str(STATUS_LABELS[ApplicationStatus(status)])


def find(source: ApplicationStatus, target: ApplicationStatus) -> Transition | None:
    """Return the transition from `source` to `target`, or None."""
    for transition in TRANSITIONS:
        if transition.source == source and transition.target == target:
            return transition
    return None


def available(status: ApplicationStatus, user: User | None) -> list[Transition]:
    """Return the moves `user` may make from `status`, in table order."""
    if user is None or user.programme_role is None:
        return []
    return [
        t for t in TRANSITIONS if t.source == status and user.programme_role in t.roles
    ]


def record_start(application: Application) -> StatusChange:
    """Record that an application has just been made; return the change."""
    change = StatusChange(from_status=None, to_status=S.APPLIED)
    application.status = S.APPLIED
    application.changes.append(change)
    return change


def change_status(
    session: Session,
    application: Application,
    target: ApplicationStatus | str,
    *,
    actor: User | None,
    reason: str | None = None,
) -> StatusChange:
    """Move `application` to `target` and return the recorded change.

    `actor` None means the application itself makes the move. Raises
    WorkflowError, changing nothing, when the move is not in the table, the
    actor may not make it, or a reason it needs is missing.
    """
    try:
        target = ApplicationStatus(target)
    except ValueError as error:
        raise WorkflowError(_("There is no such status.")) from error

    current = application.status
    transition = find(current, target)
    if transition is None:
        raise WorkflowError(
            _(
                "An application that is “%(current)s” cannot become “%(target)s”.",
                current=label(current),
                target=label(target),
            )
        )
    if actor is None and not transition.system:
        raise WorkflowError(_("Only a member of the programme's staff may do this."))
    if actor is not None and actor.programme_role not in transition.roles:
        if not transition.roles:
            raise WorkflowError(
                _(
                    "The application makes this change itself; it cannot be "
                    "made by a person."
                )
            )
        raise WorkflowError(_("Your role does not allow this change."))

    reason = (reason or "").strip() or None
    if transition.needs_reason and reason is None:
        raise WorkflowError(_("Write down the reason for this change."))
    if reason is not None and len(reason) > MAX_REASON:
        raise WorkflowError(
            _("The reason must be at most %(n)d characters.", n=MAX_REASON)
        )

    change = StatusChange(
        application_id=application.id,
        from_status=current,
        to_status=target,
        by_user_id=actor.id if actor else None,
        reason=reason,
    )
    application.status = target
    application.changes.append(change)
    session.flush()
    audit.record(
        session,
        "application.status",
        application,
        actor_id=actor.id if actor else None,
        reference=application.reference,
        from_status=str(current),
        to_status=str(target),
        reason=reason,
    )
    return change
