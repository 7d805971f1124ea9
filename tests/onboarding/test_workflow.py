"""The onboarding workflow: listed moves only, each recorded with who and why."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from core.audit import AuditEntry
from onboarding import workflow
from onboarding.models import ApplicationStatus as S
from onboarding.models import StatusChange
from onboarding.workflow import TRANSITIONS, WorkflowError, change_status
from tests.onboarding import factories


@pytest.fixture(autouse=True)
def english(app):
    """Read the messages in the language of the source strings."""
    with app.test_request_context(), force_locale("en"):
        yield


def history(session, application) -> list[StatusChange]:
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.application_id == application.id)
            .order_by(StatusChange.at, StatusChange.id)
        )
    )


def audits(session, application) -> int:
    return session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == "application.status",
            AuditEntry.object_id == str(application.id),
        )
    )


@pytest.mark.parametrize(
    "move", TRANSITIONS, ids=[f"{t.source}-{t.target}" for t in TRANSITIONS]
)
def test_every_allowed_transition_works(session, admin, move):
    application = factories.at_status(session, move.source, admin)
    before = len(history(session, application))

    change = factories.make(session, move, application, admin)

    assert application.status == move.target
    changes = history(session, application)
    assert len(changes) == before + 1
    assert (changes[-1].from_status, changes[-1].to_status) == (
        move.source,
        move.target,
    )
    assert change.by_user_id == (None if move.system else admin.id)
    assert change.reason == (factories.REASON if move.needs_reason else None)


def test_officers_may_decide_too(session, officer):
    application = factories.at_status(session, S.ELIGIBLE, officer)

    change_status(session, application, S.APPROVED, actor=officer)

    assert application.status == S.APPROVED


def test_an_illegal_transition_is_refused_and_nothing_changes(session, admin):
    application = factories.at_status(session, S.ELIGIBLE, admin)
    before = (len(history(session, application)), audits(session, application))

    with pytest.raises(WorkflowError) as refused:
        change_status(session, application, S.GRADUATED, actor=admin)

    assert "“Eligible” cannot become “Graduated”" in str(refused.value)
    session.flush()
    assert application.status == S.ELIGIBLE
    assert (len(history(session, application)), audits(session, application)) == before


@pytest.mark.parametrize(
    ("status", "target", "who", "reason", "words"),
    [
        (S.APPLIED, S.ELIGIBLE, "admin", None, "cannot be made by a person"),
        (S.ELIGIBLE, S.APPROVED, None, None, "staff"),
        (S.ELIGIBLE, S.APPROVED, "analyst", None, "role does not allow"),
        (S.ELIGIBLE, S.APPROVED, "consultant", None, "role does not allow"),
        (S.ELIGIBLE, S.REJECTED, "admin", "   ", "reason"),
        (S.INELIGIBLE, S.APPROVED, "admin", None, "reason"),
        (S.PROVISIONED, S.DROPPED, "officer", "", "reason"),
        (S.ELIGIBLE, S.REJECTED, "admin", "x" * 2001, "at most 2000"),
        (S.REJECTED, S.APPROVED, "admin", "Qayta koʻrib chiqildi", "cannot become"),
        (S.GRADUATED, S.DROPPED, "admin", "Yopildi", "cannot become"),
        (S.ELIGIBLE, "finished", "admin", None, "no such status"),
    ],
)
def test_refusals_say_why(request, session, status, target, who, reason, words):
    actor = request.getfixturevalue(who) if who else None
    deciders = request.getfixturevalue("admin")
    application = factories.at_status(session, status, deciders)
    before = len(history(session, application))

    with pytest.raises(WorkflowError) as refused:
        change_status(session, application, target, actor=actor, reason=reason)

    assert words in str(refused.value)
    assert application.status == status
    assert len(history(session, application)) == before


def test_history_records_who_when_and_why(session, admin, officer):
    application = factories.at_status(session, S.ELIGIBLE, admin)

    change_status(session, application, S.APPROVED, actor=admin)
    change_status(session, application, S.PROVISIONED, actor=None)
    change_status(session, application, S.DROPPED, actor=officer, reason="Yopildi")

    rows = [
        (c.from_status, c.to_status, c.by_user_id, c.reason)
        for c in history(session, application)
    ]
    assert rows == [
        (None, S.APPLIED, None, None),
        (S.APPLIED, S.ELIGIBLE, None, None),
        (S.ELIGIBLE, S.APPROVED, admin.id, None),
        (S.APPROVED, S.PROVISIONED, None, None),
        (S.PROVISIONED, S.DROPPED, officer.id, "Yopildi"),
    ]
    assert all(c.at is not None for c in history(session, application))
    entry = session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "application.status",
            AuditEntry.object_id == str(application.id),
            AuditEntry.actor_id == officer.id,
        )
    )
    assert entry.details["to_status"] == "dropped"
    assert entry.details["reason"] == "Yopildi"


def test_the_table_reaches_every_status_from_applied():
    for status in S:
        assert factories.path_to(status) is not None

    sources = {t.source for t in TRANSITIONS}
    assert {S.REJECTED, S.GRADUATED, S.DROPPED}.isdisjoint(sources)


def test_available_moves_depend_on_the_role(session, admin, analyst):
    assert [t.target for t in workflow.available(S.ELIGIBLE, admin)] == [
        S.APPROVED,
        S.REJECTED,
    ]
    assert workflow.available(S.ELIGIBLE, analyst) == []
    assert workflow.available(S.APPROVED, admin) == []
