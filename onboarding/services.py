"""Take applications, find them for the console, and move them along."""

import re
import secrets
import uuid

import phonenumbers
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, refdata
from core.accounts.models import ProgrammeRole, User
from core.audit import utcnow
from onboarding import eligibility, workflow
from onboarding.jobs import provision
from onboarding.models import Application, ApplicationStatus, StatusChange
from tenants.models import Tenant
from tenants.phones import PhoneError, normalise_phone

STAFF = tuple(ProgrammeRole)
MAX_EMPLOYEES = 1_000_000
MAX_TURNOVER = 10**15  # whole so'm; far above any small firm
_REFERENCE_LETTERS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


class ApplicationError(ValueError):
    """An application that cannot be taken; the message is for the applicant
    and `field` names the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def mobile_phone(raw: str) -> str:
    """Return an Uzbek mobile number as E.164, or raise PhoneError saying why."""
    e164 = normalise_phone(raw)
    number = phonenumbers.parse(e164, None)
    if number.country_code != 998:
        raise PhoneError(
            _(
                "Enter an Uzbek mobile number (+998 …); numbers of other "
                "countries are not accepted."
            )
        )
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if phonenumbers.number_type(number) not in mobile:
        raise PhoneError(_("This is a landline number; enter a mobile number."))
    return e164


def stir_taken(session: Session, stir: str) -> str | None:
    """Return why the STIR may not apply now, or None when it may."""
    found = session.scalar(
        select(Application.status)
        .where(
            Application.stir == stir,
            Application.status.in_(workflow.BLOCKS_NEW_APPLICATION),
        )
        .limit(1)
    )
    if found in workflow.UNDER_REVIEW:
        return _(
            "An application for the STIR %(stir)s is already being reviewed. "
            "There is no need to apply again: we will contact you.",
            stir=stir,
        )
    if found is not None or session.scalar(
        select(Tenant.id).where(Tenant.stir == stir)
    ):
        return _(
            "A firm with the STIR %(stir)s has already been accepted into the "
            "programme, so it cannot apply again.",
            stir=stir,
        )
    return None


def _check_fields(data: dict) -> None:
    """Raise ApplicationError for a value no form should have let through."""
    if not re.fullmatch(r"\d{9}", data["stir"]):
        raise ApplicationError(_("The STIR must be exactly 9 digits."), "stir")
    for field, known in (
        ("legal_form", refdata.legal_form),
        ("sector", refdata.sector),
        ("region", refdata.region),
    ):
        if known(data[field]) is None:
            raise ApplicationError(_("Choose a value from the list."), field)
    district = refdata.district(data["district"])
    if district is None or district.region != data["region"]:
        raise ApplicationError(_("Choose a district of the chosen region."), "district")
    if not 0 <= data["employees"] <= MAX_EMPLOYEES:
        raise ApplicationError(_("The number of employees is not valid."), "employees")
    if not 0 <= data["turnover"] <= MAX_TURNOVER:
        raise ApplicationError(_("The turnover is not valid."), "turnover")


def _new_reference(session: Session) -> str:
    while True:
        raw = "".join(secrets.choice(_REFERENCE_LETTERS) for _ in range(8))
        reference = f"{raw[:4]}-{raw[4:]}"
        if not session.scalar(
            select(Application.id).where(Application.reference == reference)
        ):
            return reference


def submit_application(session: Session, locale: str, **data) -> Application:
    """Take an application, check it against its programme's rules and
    return it, eligible or ineligible.

    `data` holds the form's fields. Raises ApplicationError (storing
    nothing) for a bad value or a STIR that may not apply now, and
    PhoneError for an unusable phone number.
    """
    data["business_name"] = data["business_name"].strip()
    data["owner_name"] = data["owner_name"].strip()
    data["email"] = data["email"].strip().lower()
    _check_fields(data)
    try:
        data["phone"] = mobile_phone(data["phone"])
    except PhoneError as error:
        raise ApplicationError(str(error), "phone") from error

    taken = stir_taken(session, data["stir"])
    if taken:
        raise ApplicationError(taken, "stir")

    programme = eligibility.default_programme(session)
    application = Application(
        programme_id=programme.id,
        reference=_new_reference(session),
        locale=locale,
        consent_at=utcnow(),
        **data,
    )
    workflow.record_start(application)
    try:
        # The unique index closes the gap between the check and the insert.
        with session.begin_nested():
            session.add(application)
            session.flush()
    except IntegrityError as error:
        message = stir_taken(session, data["stir"]) or _(
            "The application could not be saved; please send it again."
        )
        raise ApplicationError(message, "stir") from error
    audit.record(
        session, "application.submit", application, reference=application.reference
    )

    passed = eligibility.check(session, application)
    target = ApplicationStatus.ELIGIBLE if passed else ApplicationStatus.INELIGIBLE
    workflow.change_status(session, application, target, actor=None)
    return application


def _visible(query: Select, viewer: User) -> Select:
    """Keep a query to the applications `viewer` may see."""
    if viewer.programme_role == ProgrammeRole.CONSULTANT:
        query = query.where(Application.assigned_consultant_id == viewer.id)
    # TODO: officers may come to be limited to their own regions; that needs
    # a region on the officer's account and a filter here.
    return query


def application_query(
    viewer: User,
    status: str | None = None,
    region: str | None = None,
    district: str | None = None,
    sector: str | None = None,
    q: str | None = None,
) -> Select:
    """Return a select of the applications `viewer` may see, filtered."""
    query = _visible(select(Application), viewer)
    for column, value in (
        (Application.status, status),
        (Application.region, region),
        (Application.district, district),
        (Application.sector, sector),
    ):
        if value:
            query = query.where(column == value)
    text = (q or "").strip().lower()
    if text:
        query = query.where(
            or_(
                func.lower(Application.business_name).contains(text, autoescape=True),
                Application.stir.startswith(text, autoescape=True),
            )
        )
    return query


def get_visible(
    session: Session, application_id: uuid.UUID, viewer: User
) -> Application | None:
    """Return the application if `viewer` may see it, else None."""
    query = application_query(viewer).where(Application.id == application_id)
    return session.scalar(query)


def get_by_reference(session: Session, reference: str) -> Application | None:
    """Return the application with this reference, or None."""
    return session.scalar(select(Application).where(Application.reference == reference))


def transition(
    session: Session,
    application: Application,
    target: str,
    actor: User,
    reason: str | None = None,
    base_url: str | None = None,
) -> StatusChange:
    """Move an application on behalf of a member of staff; return the change.

    Approval queues the job that provisions the firm's workspace; its
    invitation link starts with `base_url`. Raises WorkflowError, changing
    nothing, when the move is not allowed.
    """
    # TODO: the invitation link is built on the approver's own address
    # (request.host_url); a public base URL in core.settings would let jobs
    # and commands build it too.
    # Lock the row so two officers deciding at once cannot both move it.
    session.refresh(application, with_for_update=True)
    change = workflow.change_status(
        session, application, target, actor=actor, reason=reason
    )
    if change.to_status == ApplicationStatus.APPROVED:
        provision.enqueue(str(application.id), base_url or "")
    return change


def consultants(session: Session) -> list[User]:
    """Return the active consultants, by name."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.programme_role == ProgrammeRole.CONSULTANT,
                User.active.is_(True),
            )
            .order_by(User.name)
        )
    )


def assign_consultant(
    session: Session,
    application: Application,
    consultant_id: uuid.UUID | None,
    actor: User,
) -> None:
    """Give the application to a consultant, or to nobody with None.

    Raises ApplicationError when the id is not an active consultant's.
    """
    if consultant_id is not None:
        consultant = session.get(User, consultant_id)
        if (
            consultant is None
            or not consultant.active
            or consultant.programme_role != ProgrammeRole.CONSULTANT
        ):
            raise ApplicationError(
                _("Choose a consultant from the list."), "consultant"
            )
    application.assigned_consultant_id = consultant_id
    audit.record(
        session,
        "application.assign",
        application,
        actor_id=actor.id,
        consultant_id=str(consultant_id) if consultant_id else None,
    )
