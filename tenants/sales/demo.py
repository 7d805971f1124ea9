"""Demo products and two years of sales for every demo firm.

Sales grow after the firm adopted the CRM (six months before its
workspace was made): a firm sells 30–60 % more a month afterwards, more
of it to known customers and over Telegram and online. Rows go in with
bulk inserts, and the summaries are rebuilt once per firm, so sixty firms
take seconds.
"""

from datetime import UTC, date, datetime, time, timedelta

import click
from sqlalchemy import insert, select

from core import demo, tenancy
from core.extensions import db
from core.ids import new_id
from tenants.customers.models import Customer
from tenants.models import Membership, Tenant
from tenants.sales.models import Channel, Order, OrderLine, PaymentMethod, Product
from tenants.sales.services import TASHKENT, rebuild_summaries, today

ADOPTION_LEAD = timedelta(days=182)
MONTHS = 24

# What firms of a sector sell, with a typical price in so'm.
_CATALOGUES = {
    "I": [
        ("Osh", 35_000),
        ("Somsa", 7_000),
        ("Lagʻmon", 30_000),
        ("Manti", 28_000),
        ("Shashlik", 18_000),
        ("Choy", 5_000),
        ("Non", 4_000),
        ("Salat", 15_000),
        ("Kompot", 8_000),
        ("Shoʻrva", 25_000),
        ("Norin", 32_000),
        ("Chuchvara", 26_000),
        ("Qatiq", 6_000),
        ("Tort", 120_000),
        ("Kofe", 15_000),
        ("Dimlama", 30_000),
        ("Mastava", 22_000),
        ("Sharbat", 10_000),
    ],
    "G": [
        ("Un, 50 kg", 320_000),
        ("Guruch, 1 kg", 18_000),
        ("Shakar, 1 kg", 13_500),
        ("Yogʻ, 1 l", 21_000),
        ("Choy, 100 g", 12_000),
        ("Makaron", 9_000),
        ("Tuxum, 10 dona", 16_000),
        ("Sut, 1 l", 11_000),
        ("Tuz", 3_000),
        ("Sovun", 6_000),
        ("Kir yuvish kukuni", 35_000),
        ("Qandolat", 45_000),
        ("Mineral suv", 4_500),
        ("Pishloq", 60_000),
        ("Kolbasa", 55_000),
        ("Non", 4_000),
        ("Yongʻoq, 1 kg", 90_000),
        ("Mayiz, 1 kg", 40_000),
    ],
    "S": [
        ("Soch olish", 50_000),
        ("Soch boʻyash", 250_000),
        ("Manikyur", 80_000),
        ("Pedikyur", 100_000),
        ("Qosh terish", 30_000),
        ("Yuz parvarishi", 150_000),
        ("Makiyaj", 200_000),
        ("Soqol olish", 30_000),
        ("Massaj", 180_000),
        ("Kiprik", 120_000),
        ("Shampun", 45_000),
        ("Soch uchun niqob", 60_000),
    ],
    "Q": [
        ("Shifokor koʻrigi", 120_000),
        ("Qon tahlili", 60_000),
        ("UZI", 150_000),
        ("EKG", 80_000),
        ("Tish tozalash", 200_000),
        ("Plomba", 250_000),
        ("Massaj kursi", 600_000),
        ("Emlash", 90_000),
        ("Konsultatsiya", 100_000),
        ("Rentgen", 110_000),
        ("Fizioterapiya", 70_000),
    ],
    "P": [
        ("Ingliz tili, oy", 450_000),
        ("Rus tili, oy", 400_000),
        ("Matematika, oy", 350_000),
        ("IELTS kursi", 1_200_000),
        ("Dasturlash, oy", 700_000),
        ("Kompyuter savodxonligi", 300_000),
        ("Buxgalteriya kursi", 900_000),
        ("Sinov imtihoni", 100_000),
        ("Darslik", 80_000),
        ("Individual dars", 150_000),
    ],
}
_GENERIC = [
    ("Konsultatsiya", 150_000), ("Xizmat, soat", 100_000), ("Yetkazib berish", 25_000),
    ("Oʻrnatish", 200_000), ("Taʼmirlash", 180_000), ("Tashxis", 80_000),
    ("Ehtiyot qism", 120_000), ("Material", 60_000), ("Paket xizmat", 500_000),
    ("Kafolat", 90_000), ("Shoshilinch xizmat", 250_000), ("Abonement", 400_000),
    ("Oʻqitish", 300_000), ("Hujjat tayyorlash", 70_000),
]  # fmt: skip


def register() -> None:
    """Nothing to do: importing this module registers the step."""


@demo.step(40, "products and two years of sales")
def sales(run: demo.DemoRun) -> None:
    """Add products and two years of sales to every firm."""
    rng = run.rng
    firms = db.session.scalars(select(Tenant).order_by(Tenant.created_at)).all()
    end = today()
    start = _month_start(end, -MONTHS)
    with click.progressbar(firms, label="Sales") as bar:
        for tenant in bar:
            with tenancy.tenant(db.session, tenant.id):
                _firm_sales(tenant, rng, start, end)
                db.session.flush()


def _month_start(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _firm_sales(tenant: Tenant, rng, start: date, end: date) -> None:
    session = db.session
    sellers = session.scalars(
        select(Membership.user_id).where(Membership.tenant_id == tenant.id)
    ).all() or [None]
    customers = session.scalars(select(Customer.id)).all()
    products = _products(tenant, rng)

    adopted = (tenant.created_at or datetime.now(UTC)).date() - ADOPTION_LEAD
    base = rng.randint(6, 18)
    lift = rng.uniform(1.3, 1.6)
    orders, lines = [], []
    month = start
    while month <= end:
        after = month >= adopted
        count = round(base * (lift if after else 1.0) * rng.uniform(0.85, 1.15))
        last_day = min(_month_start(month, 1) - timedelta(days=1), end)
        for _ in range(count):
            sold_on = month + timedelta(days=rng.randrange(last_day.day))
            order, order_lines = _order(
                tenant.id, rng, sold_on, after, customers, sellers, products
            )
            orders.append(order)
            lines.extend(order_lines)
        month = _month_start(month, 1)

    if orders:
        # Core inserts: the ORM's bulk insert leaves out None values, so
        # walk-in and customer sales would alternate into tiny batches.
        session.execute(insert(Order.__table__), orders)
        session.execute(insert(OrderLine.__table__), lines)
    rebuild_summaries(session)


def _products(tenant: Tenant, rng) -> list[dict]:
    catalogue = _CATALOGUES.get(tenant.sector, _GENERIC)
    chosen = rng.sample(catalogue, min(len(catalogue), rng.randint(10, 20)))
    rows = [
        {
            "tenant_id": tenant.id,
            "id": new_id(),
            "name": name,
            "sku": f"{tenant.sector}-{n + 1:03d}",
            # Prices differ a little from firm to firm, in round hundreds.
            "unit_price": int(round(price * rng.uniform(0.85, 1.2), -2)),
            "active": rng.random() > 0.05,
            "created_at": datetime.now(UTC),
        }
        for n, (name, price) in enumerate(chosen)
    ]
    db.session.execute(insert(Product.__table__), rows)
    return rows


def _order(tenant_id, rng, sold_on, after, customers, sellers, products):
    """Return one order's row and its lines' rows."""
    order_id = new_id()
    known = customers and rng.random() < (0.85 if after else 0.6)
    channels = [Channel.SHOP, Channel.PHONE, Channel.TELEGRAM, Channel.ONLINE]
    weights = [4, 2, 3, 2] if after else [7, 3, 1, 0.3]
    lines = []
    for position in range(rng.choices([1, 2, 3, 4], [5, 3, 2, 1])[0]):
        product = rng.choice(products)
        quantity = rng.choices([1, 2, 3, 5], [6, 3, 1, 0.5])[0]
        lines.append(
            {
                "tenant_id": tenant_id,
                "id": new_id(),
                "order_id": order_id,
                "position": position,
                "product_id": product["id"],
                "description": product["name"],
                "quantity": quantity,
                "unit_price": product["unit_price"],
                "line_total": quantity * product["unit_price"],
            }
        )
    stamp = datetime.combine(sold_on, time(rng.randint(9, 20)), TASHKENT)
    order = {
        "tenant_id": tenant_id,
        "id": order_id,
        "customer_id": rng.choice(customers) if known else None,
        "sold_on": sold_on,
        "channel": rng.choices(channels, weights)[0],
        "payment_method": rng.choices(list(PaymentMethod), [6, 3, 1, 3, 3, 1, 0.5])[0],
        "note": None,
        "total": sum(line["line_total"] for line in lines),
        "created_by": rng.choice(sellers),
        "created_at": stamp,
        "updated_at": stamp,
    }
    return order, lines
