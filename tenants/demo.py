"""Demo firms in every region and sector, with owners, staff and customers."""

import random
from datetime import date, timedelta

import click

from core import demo, refdata, tenancy
from core.accounts.services import create_user
from core.extensions import db
from tenants import services
from tenants.customers.custom_fields import create_definition
from tenants.customers.services import create_customer
from tenants.models import WorkspaceRole

_TRADES = {
    "A": "agro",
    "C": "tikuv",
    "F": "qurilish",
    "G": "savdo",
    "H": "logistika",
    "I": "oshxona",
    "J": "IT",
    "M": "konsalting",
    "N": "xizmat",
    "P": "oʻquv markazi",
    "Q": "klinika",
    "R": "sport",
    "S": "goʻzallik saloni",
}
_WORDS = [
    "Baraka",
    "Nur",
    "Oltin",
    "Zamon",
    "Ipak yoʻli",
    "Sharq",
    "Yulduz",
    "Bahor",
    "Samo",
    "Orzu",
    "Diyor",
    "Barkamol",
    "Mehr",
    "Ezgu",
    "Navroʻz",
    "Tong",
]
_FIRST = [
    "Alisher",
    "Dilshod",
    "Gulnora",
    "Shahnoza",
    "Rustam",
    "Oybek",
    "Madina",
    "Sardor",
    "Zarina",
    "Jahongir",
    "Feruza",
    "Ulugʻbek",
    "Kamola",
    "Sherzod",
]
_LAST = [
    "Karimov",
    "Rahimova",
    "Tursunov",
    "Saidova",
    "Qodirov",
    "Ergasheva",
    "Nazarov",
    "Yoʻldosheva",
    "Abdullayev",
    "Xolmatova",
    "Gʻaniyev",
    "Mirzayeva",
]
_OPERATORS = ["90", "91", "93", "94", "95", "97", "98", "99", "33", "88"]


def _person(rng) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _customer_extras(rng) -> dict:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(16_000))
    return {
        "tags": rng.sample(["VIP", "ulgurji", "doimiy", "yangi"], rng.randint(0, 2)),
        "consent": rng.random() < 0.6,
        "source": rng.choice(["doʻkon", "Instagram", "Telegram", "tavsiya"]),
        "custom_fields": {"tugilgan_kun": born.isoformat()},
    }


def _phone(rng) -> str:
    return f"+998{rng.choice(_OPERATORS)}{rng.randrange(1_000_000, 9_999_999)}"


@demo.step(
    20,
    "firms, owners and staff",
    logins={
        "owner1@demo.mijoz.uz": "owner of the first firm",
        "staff1@demo.mijoz.uz": "staff of the first firm",
        "owner2@demo.mijoz.uz": "owner of the second firm",
    },
)
def firms(run: demo.DemoRun) -> None:
    """Add firms across all regions and sectors, each with a few customers."""
    rng = run.rng
    regions = refdata.regions()
    sectors = refdata.sectors()
    forms = [form.code for form in refdata.legal_forms()]

    with click.progressbar(range(run.firms), label="Firms") as bar:
        for n in bar:
            region = regions[n % len(regions)]
            sector = sectors[n % len(sectors)]
            district = rng.choice(refdata.districts(region.code))
            trade = _TRADES.get(sector.code, "biznes")
            tenant = services.create_tenant(
                db.session,
                name=f"{rng.choice(_WORDS)} {trade} {n + 1}",
                stir=f"{300000000 + n * 7919:09d}",
                legal_form=rng.choice(forms),
                sector=sector.code,
                region=region.code,
                district=district.code,
            )
            owner = create_user(
                db.session,
                f"owner{n + 1}@demo.mijoz.uz",
                _person(rng),
                demo.PASSWORD,
                phone=_phone(rng),
            )
            staff = create_user(
                db.session,
                f"staff{n + 1}@demo.mijoz.uz",
                _person(rng),
                demo.PASSWORD,
                phone=_phone(rng),
            )
            services.add_member(db.session, tenant, owner, WorkspaceRole.OWNER)
            services.add_member(db.session, tenant, staff, WorkspaceRole.STAFF)

            with tenancy.tenant(db.session, tenant.id):
                create_definition(db.session, "Tugʻilgan kun", "date")
                extra = random.Random(n)  # keeps the shared stream unchanged
                for _ in range(rng.randint(5, 15)):
                    create_customer(
                        db.session,
                        _person(rng),
                        phone=_phone(rng),
                        created_by=owner.id,
                        **_customer_extras(extra),
                    )
                db.session.flush()


def register() -> None:
    """Nothing to do: importing this module registers the step."""
