"""Eligibility rules: each kind judges, every result is stored and explained."""

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from onboarding import eligibility
from onboarding.eligibility import RuleError, add_rule, explain, validate_rule
from onboarding.models import (
    Application,
    ApplicationStatus,
    EligibilityResult,
    EligibilityRule,
    Programme,
)
from tests.onboarding import factories


@pytest.fixture
def english(app):
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def programme(session):
    """A programme of its own, so each test sets exactly the rules it needs."""
    made = Programme(code=f"test-{factories.new_stir()}", name="Sinov")
    session.add(made)
    session.flush()
    return made


def judged(session, programme, **overrides) -> Application:
    """Return an unchecked application of `programme`, checked now."""
    application = factories.unchecked(session, **overrides)
    application.programme_id = programme.id
    eligibility.check(session, application)
    session.flush()
    return application


ZERO = "0" + factories.new_stir()[1:]  # 9 digits, but starting with 0

CASES = [
    ("stir_format", {}, {}, {"stir": ZERO}),
    ("max_employees", {"max": 10}, {"employees": "10"}, {"employees": "11"}),
    (
        "max_turnover",
        {"max": 1_000_000_000},
        {"turnover": "1000000000"},
        {"turnover": "1000000001"},
    ),
    ("allowed_sectors", {"codes": ["G", "C"]}, {"sector": "C"}, {"sector": "K"}),
    (
        "allowed_regions",
        {"codes": ["UZ-TK"]},
        {"region": "UZ-TK"},
        {"region": "UZ-AN", "district": "1703202"},
    ),
    (
        "allowed_legal_forms",
        {"codes": ["mchj"]},
        {"legal_form": "mchj"},
        {"legal_form": "aj"},
    ),
]


@pytest.mark.parametrize(("kind", "params", "good", "bad"), CASES)
def test_each_kind_passes_and_fails(session, programme, kind, params, good, bad):
    add_rule(session, programme, kind, params)

    passing = judged(session, programme, **good)
    failing = judged(session, programme, **bad)

    assert [(r.kind, r.passed) for r in passing.results] == [(kind, True)]
    assert [(r.kind, r.passed) for r in failing.results] == [(kind, False)]
    assert failing.results[0].explanation == f"{kind}.failed"


EXPLAINED = [
    ("stir_format", {}, {"stir": ZERO}, f"{ZERO} does not fit"),
    ("max_employees", {"max": 10}, {"employees": "1500"}, "1,500 employees: more"),
    (
        "max_turnover",
        {"max": 1_000_000_000},
        {"turnover": "2500000000"},
        "2,500,000,000\u00a0UZS: more than the programme's limit of 1,000,000,000",
    ),
    ("allowed_sectors", {"codes": ["G"]}, {"sector": "K"}, "Financial and insurance"),
    (
        "allowed_regions",
        {"codes": ["UZ-TK"]},
        {"region": "UZ-AN", "district": "1703202"},
        "does not run in Andijan Region yet",
    ),
    (
        "allowed_legal_forms",
        {"codes": ["mchj"]},
        {"legal_form": "aj"},
        "“Joint-stock company” may not take part",
    ),
]


@pytest.mark.parametrize(("kind", "params", "input", "words"), EXPLAINED)
def test_results_are_stored_and_explained(
    session, programme, english, kind, params, input, words
):
    add_rule(session, programme, kind, params)
    application = judged(session, programme, **input)

    stored = session.scalars(
        select(EligibilityResult).where(
            EligibilityResult.application_id == application.id
        )
    ).all()

    assert len(stored) == 1
    assert stored[0].rule_id is not None
    assert words in explain(stored[0])


def test_explanations_follow_the_readers_language(app, session, programme):
    add_rule(session, programme, "allowed_regions", {"codes": ["UZ-TK"]})
    application = judged(session, programme, region="UZ-TK")

    with app.test_request_context():
        with force_locale("ru"):
            russian = explain(application.results[0])
        with force_locale("en"):
            english = explain(application.results[0])

    assert "город Ташкент" in russian
    assert "Tashkent City" in english


def test_every_rule_is_checked_in_order(session, programme):
    add_rule(session, programme, "max_employees", {"max": 5}, order=20)
    add_rule(session, programme, "stir_format", {}, order=10)
    add_rule(session, programme, "allowed_sectors", {"codes": ["G"]}, order=30)

    application = judged(session, programme, employees="9")

    assert [(r.kind, r.passed) for r in application.results] == [
        ("stir_format", True),
        ("max_employees", False),
        ("allowed_sectors", True),
    ]


def test_inactive_and_broken_rules_decide_nothing(session, programme):
    add_rule(session, programme, "max_employees", {"max": 5}).active = False
    session.add(
        EligibilityRule(
            programme_id=programme.id, kind="max_turnover", parameters={"max": "x"}
        )
    )
    session.add(EligibilityRule(programme_id=programme.id, kind="moon_phase"))
    session.flush()

    application = judged(session, programme, employees="9")

    assert application.results == []


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("moon_phase", {}),
        ("stir_format", {"length": 9}),
        ("max_employees", {}),
        ("max_employees", {"max": -1}),
        ("max_employees", {"max": "100"}),
        ("max_employees", {"max": True}),
        ("allowed_sectors", {"codes": "G"}),
        ("allowed_sectors", {"codes": ["G", "ZZ"]}),
        ("allowed_regions", {"codes": ["UZ-XX"]}),
        ("allowed_legal_forms", {"codes": [1]}),
    ],
)
def test_malformed_rules_are_refused(session, programme, kind, params):
    with pytest.raises(RuleError):
        validate_rule(kind, params)
    with pytest.raises(RuleError):
        add_rule(session, programme, kind, params)


def test_submission_marks_eligible_and_ineligible(session):
    good = factories.application(session)
    bad = factories.application(session, employees="101")

    assert good.status == ApplicationStatus.ELIGIBLE
    assert bad.status == ApplicationStatus.INELIGIBLE
    failed = [r.kind for r in bad.results if not r.passed]
    assert failed == ["max_employees"]


def test_default_programme_comes_from_the_migration(session):
    programme = eligibility.default_programme(session)

    kinds = [r.kind for r in eligibility.active_rules(session, programme.id)]
    assert programme.code == "raqamli-biznes"
    assert kinds == [kind for kind, _ in eligibility.default_rules()]


def test_default_programme_is_made_when_missing(session):
    session.execute(delete(EligibilityRule))
    session.execute(delete(Programme).where(Programme.code == "raqamli-biznes"))

    programme = eligibility.default_programme(session)

    rules = eligibility.active_rules(session, programme.id)
    assert [r.kind for r in rules] == [kind for kind, _ in eligibility.default_rules()]
