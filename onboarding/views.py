"""Public pages: the application form, its result, and the owner's invitation."""

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_login import login_user

from core import i18n
from core.accounts.services import AccountError, start_session
from core.extensions import db, limiter
from onboarding import provisioning, services
from onboarding.forms import ApplicationForm, SetPasswordForm
from onboarding.services import ApplicationError

bp = Blueprint(
    "onboarding",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/onboarding",
)

APPLY_LIMIT = "20 per minute;200 per hour"
INVITE_LIMIT = "20 per minute"
REMEMBERED = "onboarding_applications"
KEEP_REMEMBERED = 5


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(APPLY_LIMIT, methods=["POST"])
def apply():
    """Show the application form and take an application."""
    form = ApplicationForm()
    if request.method == "POST" and "refresh" in request.form:
        # Without JavaScript, choosing a region posts the form back to fill
        # in its districts; nothing is checked or stored yet.
        return render_template("onboarding/apply.html", form=form)

    if form.validate_on_submit():
        try:
            application = services.submit_application(
                db.session, locale=str(get_locale()), **form.application_data()
            )
        except ApplicationError as error:
            field = getattr(form, error.field or "", form.business_name)
            field.errors.append(str(error))
        else:
            _remember(application.reference)
            return redirect(url_for(".submitted", reference=application.reference))

    return render_template("onboarding/apply.html", form=form)


@bp.get("/apply/districts")
def districts():
    """Return the district field for a region, for the form to swap in."""
    form = ApplicationForm(formdata=None, region=request.args.get("region", ""))
    return render_template("onboarding/_district.html", form=form)


@bp.get("/apply/<reference>")
def submitted(reference: str):
    """Show an application's reference and eligibility to whoever made it."""
    if reference not in session.get(REMEMBERED, []):
        abort(404)
    application = services.get_by_reference(db.session, reference)
    if application is None:
        abort(404)
    return render_template("onboarding/submitted.html", application=application)


def _remember(reference: str) -> None:
    """Let this browser see the application it has just made, and no other."""
    kept = [r for r in session.get(REMEMBERED, []) if r != reference]
    session[REMEMBERED] = [*kept, reference][-KEEP_REMEMBERED:]


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit(INVITE_LIMIT, methods=["POST"])
def invite(token: str):
    """Let a new owner choose a password, then sign them in to the workspace."""
    invitation = provisioning.find_invitation(db.session, token)
    if invitation is None:
        return _private(render_template("onboarding/invite_invalid.html"), 404)

    _speak_the_language_of(invitation.user)
    workspace = url_for("workspace.home", slug=invitation.tenant.slug)
    if not invitation.sets_password:
        flash(_("Sign in with your password to open the workspace."), "info")
        return redirect(url_for("accounts.login", next=workspace))

    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = provisioning.accept_invitation(
                db.session, invitation, form.password.data
            )
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            _sign_in(user)
            flash(_("Your password is set. Welcome to your workspace!"), "success")
            return redirect(workspace)

    page = render_template("onboarding/invite.html", form=form, invitation=invitation)
    return _private(page, 200)


def _private(body: str, status: int):
    """Answer a page whose URL holds a secret: never cached, never referred."""
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _speak_the_language_of(user) -> None:
    """Show the page in the owner's language unless the browser chose one."""
    chosen = session.get("locale") or request.cookies.get(i18n.COOKIE)
    if chosen not in i18n.LANGUAGES and user.locale in i18n.LANGUAGES:
        g.locale = user.locale
        refresh()


def _sign_in(user) -> None:
    """Start a fresh login session for `user`, as the sign-in page does."""
    locale = session.get("locale")
    session.clear()
    start_session(db.session, user, request.remote_addr, request.user_agent.string)
    login_user(user)
    if locale:
        session["locale"] = locale
