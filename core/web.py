"""The web shell: home, language choice, PWA manifest and error pages."""

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException, InternalServerError

from core import i18n, jobs
from core.api import is_api_request, problem_response
from core.extensions import db

log = logging.getLogger(__name__)

bp = Blueprint("web", __name__)

HOME_LINKS = "mijoz_home_links"


def add_home_links(app, provider: Callable) -> None:
    """Register a provider of links for the home page: it takes the user
    and returns (label, url) pairs. Domain packages call this."""
    app.extensions.setdefault(HOME_LINKS, []).append(provider)


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a path on this site, else `fallback`."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return fallback
    if target.startswith("//") or "\\" in target:
        return fallback
    return target


@bp.get("/")
@login_required
def home():
    """Show where the user can go: their workspaces and the console."""
    providers = current_app.extensions.get(HOME_LINKS, [])
    links = [link for provider in providers for link in provider(current_user)]
    if len(links) == 1:
        return redirect(links[0][1])
    return render_template("home.html", links=links)


@bp.get("/jobs/<job_id>")
@login_required
def job_status(job_id: str):
    """Report a background job's progress to the user who started it."""
    found = jobs.status(job_id)
    if not found or found.get("owner") != str(current_user.id):
        abort(404)
    return {key: found[key] for key in ("state", "done", "total") if key in found}


@bp.post("/language")
def choose_language():
    """Remember the language the user picked, then go back."""
    chosen = request.form.get("lang")
    back = safe_next(request.form.get("next"), url_for("web.home"))
    response = redirect(back)
    if chosen in i18n.LANGUAGES:
        session["locale"] = chosen
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
        if current_user.is_authenticated:
            current_user.locale = chosen
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """Describe the app for installation on a phone's home screen."""
    body = {
        "name": "Mijoz",
        "short_name": "Mijoz",
        "description": _("Customers, sales and campaigns of your business"),
        "lang": i18n.select_locale().replace("_", "-"),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f766e",
        "icons": [
            {
                "src": url_for("static", filename=f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    response = current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )
    response.cache_control.max_age = 3600
    return response


def handle_http_error(error: HTTPException):
    """Answer an HTTP error as problem+json for the API, a page otherwise."""
    db.session.rollback()
    if is_api_request():
        return problem_response(error)
    status = error.code or 500
    template = "errors/page.html"
    return render_template(template, status=status, error=error), status


def handle_unexpected(error: Exception):
    """Log an unhandled exception and answer a 500 without its details."""
    log.exception("unhandled error", extra={"path": request.path})
    return handle_http_error(InternalServerError())


def init_app(app) -> None:
    """Register the shell's routes, error handlers and template helpers."""
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)

    @app.context_processor
    def _shell():
        return {"request_id": g.get("request_id")}
