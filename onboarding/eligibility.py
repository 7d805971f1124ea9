"""Eligibility rules: data per programme, checked on submission, explained.

A rule is a kind and its parameters. Each kind has a check that returns
whether the application passed and the values behind the verdict; the
verdict is stored as a message key and those values, and put into words
in the reader's language only when shown.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, refdata
from core.i18n import format_number, format_som
from onboarding.models import Application, EligibilityResult, EligibilityRule, Programme

log = logging.getLogger(__name__)

DEFAULT_PROGRAMME = "raqamli-biznes"
DEFAULT_PROGRAMME_NAME = "Raqamli biznes"

MESSAGES = {
    "stir_format.passed": _l(
        "The STIR %(stir)s has 9 digits and does not start with 0."
    ),
    "stir_format.failed": _l(
        "A STIR has 9 digits and does not start with 0; %(stir)s does not fit."
    ),
    "max_employees.passed": _l(
        "%(value)s employees: within the programme's limit of %(limit)s."
    ),
    "max_employees.failed": _l(
        "%(value)s employees: more than the programme's limit of %(limit)s."
    ),
    "max_turnover.passed": _l(
        "Annual turnover of %(value)s: within the programme's limit of %(limit)s."
    ),
    "max_turnover.failed": _l(
        "Annual turnover of %(value)s: more than the programme's limit of %(limit)s."
    ),
    "allowed_sectors.passed": _l("The sector “%(name)s” takes part in the programme."),
    "allowed_sectors.failed": _l("The programme does not cover the sector “%(name)s”."),
    "allowed_regions.passed": _l("The programme runs in %(name)s."),
    "allowed_regions.failed": _l("The programme does not run in %(name)s yet."),
    "allowed_legal_forms.passed": _l("The legal form “%(name)s” may take part."),
    "allowed_legal_forms.failed": _l(
        "The legal form “%(name)s” may not take part in the programme."
    ),
}


def default_rules() -> list[tuple[str, dict]]:
    """Return the rules the default programme starts with.

    Small firms only: no mining, utilities, finance, state bodies,
    households as employers or foreign missions, and no joint-stock
    companies or joint ventures. The migration seeds the same rules.
    """
    return [
        ("stir_format", {}),
        ("max_employees", {"max": 100}),
        ("max_turnover", {"max": 10_000_000_000}),
        ("allowed_sectors", {"codes": list("ACEFGHIJLMNPQRS")}),
        ("allowed_regions", {"codes": [r.code for r in refdata.regions()]}),
        (
            "allowed_legal_forms",
            {"codes": ["yatt", "mchj", "ok", "xk", "fermer", "dehqon", "kooperativ"]},
        ),
    ]


class RuleError(ValueError):
    """A rule whose kind or parameters make no sense."""


@dataclass(frozen=True)
class Kind:
    """What a kind of rule needs and how it judges an application."""

    validate: Callable[[dict], None]
    check: Callable[[dict, Application], tuple[bool, dict]]


def _no_parameters(params: dict) -> None:
    if params:
        raise RuleError("this kind takes no parameters")


def _a_maximum(params: dict) -> None:
    limit = params.get("max")
    if type(limit) is not int or limit < 0:
        raise RuleError("'max' must be a whole number of at least 0")


def _codes_of(known: Callable[[str], object]) -> Callable[[dict], None]:
    def validate(params: dict) -> None:
        codes = params.get("codes")
        if not isinstance(codes, list) or not all(
            isinstance(c, str) and known(c) for c in codes
        ):
            raise RuleError("'codes' must be a list of known codes")

    return validate


def _stir(params: dict, app: Application) -> tuple[bool, dict]:
    return bool(re.fullmatch(r"[1-9]\d{8}", app.stir)), {"stir": app.stir}


def _at_most(attribute: str) -> Callable[[dict, Application], tuple[bool, dict]]:
    def check(params: dict, app: Application) -> tuple[bool, dict]:
        value = getattr(app, attribute)
        return value <= params["max"], {"value": value, "limit": params["max"]}

    return check


def _one_of(attribute: str) -> Callable[[dict, Application], tuple[bool, dict]]:
    def check(params: dict, app: Application) -> tuple[bool, dict]:
        code = getattr(app, attribute)
        return code in params["codes"], {"code": code}

    return check


KINDS: dict[str, Kind] = {
    "stir_format": Kind(_no_parameters, _stir),
    "max_employees": Kind(_a_maximum, _at_most("employees")),
    "max_turnover": Kind(_a_maximum, _at_most("turnover")),
    "allowed_sectors": Kind(_codes_of(refdata.sector), _one_of("sector")),
    "allowed_regions": Kind(_codes_of(refdata.region), _one_of("region")),
    "allowed_legal_forms": Kind(_codes_of(refdata.legal_form), _one_of("legal_form")),
}


def validate_rule(kind: str, parameters: dict) -> None:
    """Raise RuleError unless `kind` is known and `parameters` suit it."""
    if kind not in KINDS:
        raise RuleError(f"unknown kind of rule {kind!r}")
    if not isinstance(parameters, dict):
        raise RuleError("parameters must be an object")
    KINDS[kind].validate(parameters)


def add_rule(
    session: Session,
    programme: Programme,
    kind: str,
    parameters: dict,
    order: int | None = None,
) -> EligibilityRule:
    """Add a rule to a programme and return it; raise RuleError if it is
    malformed. Without `order` it goes last."""
    validate_rule(kind, parameters)
    if order is None:
        orders = session.scalars(
            select(EligibilityRule.order).where(
                EligibilityRule.programme_id == programme.id
            )
        )
        order = max(orders, default=0) + 10
    rule = EligibilityRule(
        programme_id=programme.id, kind=kind, parameters=parameters, order=order
    )
    session.add(rule)
    session.flush()
    audit.record(session, "eligibility_rule.add", rule, kind=kind, **parameters)
    return rule


def default_programme(session: Session) -> Programme:
    """Return the default programme, creating it with its rules if missing."""
    programme = session.scalar(
        select(Programme).where(Programme.code == DEFAULT_PROGRAMME)
    )
    if programme is None:
        programme = Programme(code=DEFAULT_PROGRAMME, name=DEFAULT_PROGRAMME_NAME)
        session.add(programme)
        session.flush()
        for kind, parameters in default_rules():
            add_rule(session, programme, kind, parameters)
    return programme


def active_rules(session: Session, programme_id) -> list[EligibilityRule]:
    """Return a programme's active rules in their order."""
    return list(
        session.scalars(
            select(EligibilityRule)
            .where(
                EligibilityRule.programme_id == programme_id,
                EligibilityRule.active.is_(True),
            )
            .order_by(EligibilityRule.order, EligibilityRule.id)
        )
    )


def check(session: Session, application: Application) -> bool:
    """Judge `application` by its programme's active rules, store one result
    per rule, and return True when it passed every one.

    A rule of an unknown kind or with broken parameters is logged and left
    out rather than deciding anything.
    """
    passed_all = True
    for position, rule in enumerate(active_rules(session, application.programme_id)):
        try:
            validate_rule(rule.kind, rule.parameters)
        except RuleError as error:
            log.error(
                "eligibility rule skipped",
                extra={"rule": str(rule.id), "kind": rule.kind, "error": str(error)},
            )
            continue

        passed, params = KINDS[rule.kind].check(rule.parameters, application)
        application.results.append(
            EligibilityResult(
                rule_id=rule.id,
                kind=rule.kind,
                position=position,
                passed=passed,
                explanation=f"{rule.kind}.{'passed' if passed else 'failed'}",
                params=params,
            )
        )
        passed_all = passed_all and passed
    return passed_all


def _shown(kind: str, params: dict) -> dict:
    """Return a result's values as the reader should see them."""
    shown = dict(params)
    locale = str(get_locale() or refdata.DEFAULT_LOCALE)
    if kind == "max_turnover":
        shown["value"] = format_som(params["value"])
        shown["limit"] = format_som(params["limit"])
    elif kind == "max_employees":
        shown["value"] = format_number(params["value"])
        shown["limit"] = format_number(params["limit"])
    elif kind.startswith("allowed_"):
        lookup = {
            "allowed_sectors": refdata.sector,
            "allowed_regions": refdata.region,
            "allowed_legal_forms": refdata.legal_form,
        }[kind]
        found = lookup(params["code"])
        shown["name"] = found.name(locale) if found else params["code"]
    return shown


def explain(result: EligibilityResult) -> str:
    """Return a stored result in plain words, in the current language."""
    message = MESSAGES.get(result.explanation)
    try:
        if message is None:
            raise KeyError(result.explanation)
        return str(message) % _shown(result.kind, result.params or {})
    except (KeyError, TypeError):
        if result.passed:
            return _("The rule “%(kind)s” is met.", kind=result.kind)
        return _("The rule “%(kind)s” is not met.", kind=result.kind)
