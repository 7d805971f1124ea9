"""Sign-in and sign-out pages."""

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from core.accounts import services
from core.accounts.forms import LoginForm
from core.extensions import db, limiter
from core.web import safe_next

bp = Blueprint("accounts", __name__, template_folder="templates")


def _login_limit() -> str:
    return current_app.config["MIJOZ_LOGIN_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))

    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            locale = session.get("locale")
            session.clear()
            services.start_session(
                db.session, user, request.remote_addr, request.user_agent.string
            )
            login_user(user)
            if locale:
                session["locale"] = locale
            target = safe_next(request.args.get("next"), url_for("web.home"))
            return redirect(target)
        form.password.errors.append(_("Wrong e-mail or password."))

    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """End this login session for good and return to the sign-in page."""
    services.end_session(db.session, current_user.get_id())
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    return redirect(url_for("accounts.login"))
