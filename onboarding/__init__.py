"""Programme enrolment, onboarding workflow and technical assistance."""

from flask_babel import get_locale

from core import refdata
from core.api import api as rest_api
from core.web import add_home_links


def _named(lookup):
    """Return a template filter naming a reference code in the page's language."""

    def name(code: str | None) -> str:
        found = lookup(code or "")
        return found.name(str(get_locale() or refdata.DEFAULT_LOCALE)) if found else ""

    return name


def init_app(app) -> None:
    """Register the package's pages, API, jobs, demo step and home link."""
    from onboarding import api as applications_api
    from onboarding import console, demo, eligibility, views, workflow
    from onboarding import jobs as _jobs  # noqa: F401 - declares the jobs
    from tenants.phones import display_phone

    app.register_blueprint(views.bp)
    app.register_blueprint(console.bp)
    rest_api.register_blueprint(applications_api.bp)
    rest_api.spec.components.security_scheme("session", applications_api.SESSION_SCHEME)
    demo.register()
    add_home_links(app, console.home_links)

    filters = app.jinja_env.filters
    filters.setdefault("phone", display_phone)
    filters["status_label"] = workflow.label
    filters["explain"] = eligibility.explain
    filters["region_name"] = _named(refdata.region)
    filters["district_name"] = _named(refdata.district)
    filters["sector_name"] = _named(refdata.sector)
    filters["legal_form_name"] = _named(refdata.legal_form)
