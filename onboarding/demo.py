"""Demo applications in every status, across the regions, with histories."""

from datetime import timedelta

from sqlalchemy import select

from core import demo, refdata
from core.accounts.models import ProgrammeRole, User
from core.audit import utcnow
from core.extensions import db
from onboarding import eligibility, workflow
from onboarding.models import Application
from onboarding.models import ApplicationStatus as S

# name, legal form, sector, region, employees, turnover (so'm), final status
FIRMS = [
    ("Andijon Avto Servis", "mchj", "G", "UZ-AN", 12, 1_400_000_000, S.APPLIED),
    ("Buxoro Zardoʻzi", "yatt", "C", "UZ-BU", 4, 380_000_000, S.APPLIED),
    ("Jizzax Mebel", "xk", "C", "UZ-JI", 18, 2_100_000_000, S.ELIGIBLE),
    ("Qarshi Sut Mahsulotlari", "mchj", "C", "UZ-QA", 35, 4_800_000_000, S.ELIGIBLE),
    ("Navoiy Kon Texnika", "aj", "B", "UZ-NW", 240, 31_000_000_000, S.INELIGIBLE),
    ("Namangan Moliya Maslahat", "mchj", "K", "UZ-NG", 9, 900_000_000, S.INELIGIBLE),
    ("Samarqand Non", "ok", "C", "UZ-SA", 7, 610_000_000, S.APPROVED),
    ("Termiz Logistika", "mchj", "H", "UZ-SU", 22, 3_300_000_000, S.APPROVED),
    ("Guliston Paxta Savdo", "mchj", "G", "UZ-SI", 15, 14_200_000_000, S.REJECTED),
    ("Chilonzor Goʻzallik Saloni", "yatt", "S", "UZ-TK", 5, 240_000_000, S.REJECTED),
    ("Chirchiq IT Yechimlar", "mchj", "J", "UZ-TO", 11, 1_900_000_000, S.PROVISIONED),
    ("Fargʻona Meva Agro", "fermer", "A", "UZ-FA", 26, 2_700_000_000, S.PROVISIONED),
    ("Xiva Sayyoh Mehmonxonasi", "xk", "I", "UZ-XO", 14, 1_100_000_000, S.TRAINED),
    ("Nukus Baliq Xoʻjaligi", "dehqon", "A", "UZ-QR", 8, 450_000_000, S.TRAINED),
    ("Andijon Tikuvchilik", "mchj", "C", "UZ-AN", 64, 6_200_000_000, S.ACTIVE),
    ("Yunusobod Stomatologiya", "mchj", "Q", "UZ-TK", 19, 2_400_000_000, S.ACTIVE),
    ("Buxoro Gilam", "ok", "C", "UZ-BU", 30, 3_900_000_000, S.GRADUATED),
    ("Samarqand Oʻquv Markazi", "xk", "P", "UZ-SA", 16, 870_000_000, S.GRADUATED),
    ("Qoʻqon Shirinliklari", "yatt", "C", "UZ-FA", 6, 320_000_000, S.DROPPED),
    (
        "Urganch Qurilish Materiallari",
        "mchj",
        "F",
        "UZ-XO",
        120,
        8_900_000_000,
        S.DROPPED,
    ),
]

ONWARD = {
    S.APPROVED: [S.APPROVED],
    S.REJECTED: [S.REJECTED],
    S.PROVISIONED: [S.APPROVED, S.PROVISIONED],
    S.TRAINED: [S.APPROVED, S.PROVISIONED, S.TRAINED],
    S.ACTIVE: [S.APPROVED, S.PROVISIONED, S.TRAINED, S.ACTIVE],
    S.GRADUATED: [S.APPROVED, S.PROVISIONED, S.TRAINED, S.ACTIVE, S.GRADUATED],
    S.DROPPED: [S.APPROVED, S.PROVISIONED, S.TRAINED, S.DROPPED],
}

REASONS = {
    S.REJECTED: "Firma soliq hisobotlarini 2025-yildan beri topshirmagan.",
    S.DROPPED: "Egasi CRM dan foydalanishni toʻxtatdi, telefonga javob bermayapti.",
    S.APPROVED: "Xodimlar mavsumiy ishchilar hisobiga koʻpaygan; doimiylari 60 nafar.",
}
_FIRST = ["Alisher", "Gulnora", "Rustam", "Madina", "Sardor", "Feruza", "Oybek"]
_LAST = ["Karimov", "Rahimova", "Tursunov", "Saidova", "Qodirov", "Ergasheva"]


def _staff(email: str, role: ProgrammeRole) -> User | None:
    """Return the demo member of staff, or any other with the role."""
    user = db.session.scalar(select(User).where(User.email == email))
    return user or db.session.scalar(select(User).where(User.programme_role == role))


@demo.step(30, "programme applications")
def applications(run: demo.DemoRun) -> None:
    """Add applications in every status, with results and status histories."""
    rng = run.rng
    admin = _staff("admin@mijoz.uz", ProgrammeRole.ADMIN)
    officer = _staff("officer@mijoz.uz", ProgrammeRole.OFFICER) or admin
    consultant = _staff("consultant@mijoz.uz", ProgrammeRole.CONSULTANT)
    programme = eligibility.default_programme(db.session)

    for n, (name, form, sector, region, staff, turnover, final) in enumerate(FIRMS):
        when = utcnow() - timedelta(days=rng.randint(60, 200), hours=rng.randint(0, 9))
        application = Application(
            programme_id=programme.id,
            reference=f"DEMO-{n + 1:03d}",
            business_name=name,
            stir=f"{400_000_000 + n * 104_723:09d}",
            legal_form=form,
            sector=sector,
            region=region,
            district=rng.choice(refdata.districts(region)).code,
            employees=staff,
            turnover=turnover,
            owner_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            phone=f"+99890{rng.randrange(1_000_000, 9_999_999)}",
            email=f"ariza{n + 1}@demo.mijoz.uz",
            locale="ru" if n % 5 == 4 else "uz_Latn",
            consent_at=when,
            created_at=when,
        )
        start = workflow.record_start(application)
        start.at = when
        db.session.add(application)
        db.session.flush()
        if final == S.APPLIED or admin is None:
            continue

        passed = eligibility.check(db.session, application)
        steps = [S.ELIGIBLE if passed else S.INELIGIBLE, *ONWARD.get(final, [])]
        for target in steps:
            when += timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 8))
            actor = _actor(application.status, target, admin, officer)
            change = workflow.change_status(
                db.session,
                application,
                target,
                actor=actor,
                reason=_reason(application.status, target),
            )
            change.at = when
        if consultant and final in ONWARD and n % 2 == 0:
            application.assigned_consultant_id = consultant.id
    db.session.flush()


def _actor(source: S, target: S, admin: User, officer: User) -> User | None:
    transition = workflow.find(source, target)
    if transition is None or transition.system:
        return None
    return admin if target in (S.APPROVED, S.REJECTED) else officer


def _reason(source: S, target: S) -> str | None:
    transition = workflow.find(source, target)
    if transition is None or not transition.needs_reason:
        return None
    return REASONS[target]


def register() -> None:
    """Nothing to do: importing this module registers the step."""
