"""API schemas of applications."""

import marshmallow as ma
from flask_login import current_user

from core import refdata
from onboarding import eligibility, workflow
from onboarding.models import ApplicationStatus

STATUSES = [status.value for status in ApplicationStatus]


def _known(lookup, what: str):
    def validate(value: str) -> None:
        if lookup(value) is None:
            raise ma.ValidationError(f"Unknown {what} code.")

    return validate


class ApplicationQuery(ma.Schema):
    """Filters of the application list."""

    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf(STATUSES))
    region = ma.fields.String(
        load_default=None, validate=_known(refdata.region, "region")
    )
    district = ma.fields.String(
        load_default=None, validate=_known(refdata.district, "district")
    )
    sector = ma.fields.String(
        load_default=None, validate=_known(refdata.sector, "sector")
    )
    q = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(max=100),
        metadata={"description": "Part of the name, or the start of the STIR."},
    )


class ResultOut(ma.Schema):
    """How the application fared against one eligibility rule."""

    kind = ma.fields.String()
    passed = ma.fields.Boolean()
    explanation = ma.fields.Function(
        eligibility.explain,
        metadata={"description": "The verdict in words, in the caller's language."},
    )


class ChangeOut(ma.Schema):
    """One step of the application's history."""

    from_status = ma.fields.String(allow_none=True)
    to_status = ma.fields.String()
    by = ma.fields.Function(
        lambda change: change.by_user.name if change.by_user else None,
        metadata={"description": "Who made the change; null for the system."},
    )
    at = ma.fields.DateTime()
    reason = ma.fields.String(allow_none=True)


class ApplicationSummaryOut(ma.Schema):
    """An application as the list shows it."""

    id = ma.fields.UUID()
    reference = ma.fields.String()
    business_name = ma.fields.String()
    stir = ma.fields.String()
    status = ma.fields.String(metadata={"enum": STATUSES})
    status_label = ma.fields.Function(lambda app: workflow.label(app.status))
    legal_form = ma.fields.String()
    sector = ma.fields.String()
    region = ma.fields.String()
    district = ma.fields.String()
    employees = ma.fields.Integer()
    turnover = ma.fields.Integer(metadata={"description": "Whole soʻm a year."})
    assigned_consultant_id = ma.fields.UUID(allow_none=True)
    created_at = ma.fields.DateTime()


class ApplicationOut(ApplicationSummaryOut):
    """An application with its contact, eligibility, history and next steps."""

    owner_name = ma.fields.String()
    phone = ma.fields.String()
    email = ma.fields.String()
    locale = ma.fields.String()
    tenant_id = ma.fields.UUID(allow_none=True)
    eligibility = ma.fields.List(ma.fields.Nested(ResultOut), attribute="results")
    history = ma.fields.List(ma.fields.Nested(ChangeOut), attribute="changes")
    transitions = ma.fields.Function(
        lambda app: [
            {"target": str(t.target), "needs_reason": t.needs_reason}
            for t in workflow.available(app.status, current_user)
        ],
        metadata={"description": "The moves the caller may make now."},
    )


class TransitionIn(ma.Schema):
    """A move of the application to another status."""

    target = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    reason = ma.fields.String(
        load_default=None, validate=ma.validate.Length(max=workflow.MAX_REASON)
    )
