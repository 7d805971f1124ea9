"""Console pages of applications, for the programme's staff."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from core import refdata
from core.accounts.access import programme_role_required
from core.accounts.models import User
from core.extensions import db
from onboarding import services, workflow
from onboarding.forms import AssignForm, TransitionForm
from onboarding.models import Application, ApplicationStatus
from onboarding.workflow import WorkflowError

bp = Blueprint(
    "onboarding_console", __name__, url_prefix="/console", template_folder="templates"
)
# Every member of staff may read; anyone else gets 404, as for no page.
bp.before_request(programme_role_required(*services.STAFF)(lambda: None))
deciders = programme_role_required(*workflow.DECIDERS)

PAGE_SIZE = 25


def clean_filters(args) -> dict:
    """Return the queue's filters from query arguments, unknown values dropped."""
    status = args.get("status", "")
    region = args.get("region", "")
    district = refdata.district(args.get("district", ""))
    filters = {
        "status": status if status in set(ApplicationStatus) else None,
        "region": region if refdata.region(region) else None,
        "sector": args.get("sector")
        if refdata.sector(args.get("sector", ""))
        else None,
        "q": args.get("q", "").strip()[:100] or None,
    }
    if district and district.region == filters["region"]:
        filters["district"] = district.code
    return filters


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 100_000))
    except ValueError:
        return 1


@bp.get("/applications")
def applications():
    """List applications a page at a time, newest first, with filters."""
    filters = clean_filters(request.args)
    query = services.application_query(current_user, **filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(_page_number(request.args.get("page")), pages)
    rows = db.session.scalars(
        query.order_by(Application.created_at.desc(), Application.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return render_template(
        "onboarding/console_applications.html",
        applications=rows,
        filters=filters,
        shown={key: value for key, value in filters.items() if value},
        total=total,
        page=page,
        pages=pages,
        statuses=workflow.STATUS_LABELS,
        refdata=refdata,
    )


def _visible_or_404(application_id: uuid.UUID) -> Application:
    application = services.get_visible(db.session, application_id, current_user)
    if application is None:
        abort(404)
    return application


@bp.get("/applications/<uuid:application_id>")
def application(application_id):
    """Show an application: its details, eligibility, history and actions."""
    found = _visible_or_404(application_id)
    can_decide = current_user.has_role(*workflow.DECIDERS)
    assign_form = None
    if can_decide:
        assign_form = AssignForm(consultant=str(found.assigned_consultant_id or ""))
        assign_form.consultant.choices = [("", _("Nobody"))] + [
            (str(person.id), person.name) for person in services.consultants(db.session)
        ]
    consultant = (
        db.session.get(User, found.assigned_consultant_id)
        if found.assigned_consultant_id
        else None
    )
    return render_template(
        "onboarding/console_application.html",
        application=found,
        transitions=workflow.available(found.status, current_user),
        form=TransitionForm(),
        assign_form=assign_form,
        consultant=consultant,
    )


@bp.post("/applications/<uuid:application_id>/transition")
@deciders
def transition(application_id):
    """Move an application to the status chosen on its page."""
    found = _visible_or_404(application_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for(".application", application_id=found.id))

    try:
        change = services.transition(
            db.session,
            found,
            form.target.data,
            current_user,
            reason=form.reason.data,
            base_url=request.host_url,
        )
    except WorkflowError as error:
        flash(str(error), "error")
    else:
        flash(
            _(
                "The application is now “%(status)s”.",
                status=workflow.label(change.to_status),
            ),
            "success",
        )
    return redirect(url_for(".application", application_id=found.id))


@bp.post("/applications/<uuid:application_id>/consultant")
@deciders
def assign(application_id):
    """Give the application to a consultant, or take it away."""
    found = _visible_or_404(application_id)
    form = AssignForm()
    if form.validate_on_submit():
        raw = form.consultant.data or ""
        try:
            consultant_id = uuid.UUID(raw) if raw else None
            services.assign_consultant(db.session, found, consultant_id, current_user)
        except ValueError:
            flash(_("Choose a consultant from the list."), "error")
        else:
            flash(_("The consultant has been changed."), "success")
    return redirect(url_for(".application", application_id=found.id))


def home_links(user) -> list[tuple[str, str]]:
    """Offer the console on the home page to the programme's staff."""
    if user.programme_role is None:
        return []
    return [(_("Programme console: applications"), url_for(f"{bp.name}.applications"))]
