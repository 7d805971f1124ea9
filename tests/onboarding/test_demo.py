"""The demo step: applications in every status, with results and histories."""

import itertools
import random

from sqlalchemy import select

from core.accounts.models import ProgrammeRole
from core.demo import DemoRun
from onboarding import demo, workflow
from onboarding.models import Application, ApplicationStatus
from tests.onboarding.factories import staff


def test_demo_adds_applications_in_every_status(session):
    for email, role in (
        ("admin@mijoz.uz", ProgrammeRole.ADMIN),
        ("officer@mijoz.uz", ProgrammeRole.OFFICER),
        ("consultant@mijoz.uz", ProgrammeRole.CONSULTANT),
    ):
        staff(session, role, email=email)

    demo.applications(DemoRun(firms=0, rng=random.Random(7)))

    made = session.scalars(
        select(Application).where(Application.reference.like("DEMO-%"))
    ).all()
    assert len(made) == len(demo.FIRMS) == 20
    assert {a.status for a in made} == set(ApplicationStatus)
    assert len({a.region for a in made}) == 14
    for application in made:
        steps = application.changes
        assert steps[0].to_status == ApplicationStatus.APPLIED
        for before, after in itertools.pairwise(steps):
            assert after.from_status == before.to_status
            assert workflow.find(before.to_status, after.to_status) is not None
            assert after.at > before.at
        if application.status != ApplicationStatus.APPLIED:
            assert application.results
    assert any(a.assigned_consultant_id for a in made)
