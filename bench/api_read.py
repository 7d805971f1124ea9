"""Measure an authenticated API read against a bare Flask app doing the same.

Ours is the real app from `create_app`: a bearer token, the workspace from
the URL, the tenant set on the transaction, the product loaded through the
ORM and dumped by its schema. Bare is one Flask route on a plain SQLAlchemy
engine with the same URL, role and engine options: one select for the token,
the same `set_config` on PostgreSQL, a primary-key select of the product.
Both are driven in this process through `test_client()`.

With DATABASE_URL a database `mijoz_bench_<random>` is made on that server,
migrated as the owner, read as the app's role and dropped at the end;
without it a SQLite file in a temporary folder is used. The figures are
printed, never checked; the run stops only when a response is wrong.
"""

import argparse
import cProfile
import hashlib
import os
import platform
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, jsonify, request
from sqlalchemy import bindparam, create_engine, insert, select, text
from sqlalchemy.engine import make_url

from core import create_app, dbroles, tenancy
from core.accounts.services import create_user
from core.audit import utcnow
from core.extensions import db
from core.ids import new_id
from core.settings import _database_url, app_database_url
from tenants.models import ApiToken, Membership, Tenant, TenantStatus, WorkspaceRole
from tenants.sales.models import Product
from tenants.services import add_member, create_tenant, create_token

TARGET = 0.6
FIRM = {"legal_form": "mchj", "sector": "G", "region": "UZ-TK", "district": "1726262"}
PROFILE_TOP = 15
ROOT = Path(__file__).resolve().parent.parent
# Frames of the benchmark and the test client, left out of the profile.
HARNESS = (str(ROOT / "bench"), "werkzeug/test.py", "flask/testing.py")

# The bare app reads the same tables through Core: no session, no hooks.
_tokens, _tenants = ApiToken.__table__.c, Tenant.__table__.c
_members, _products = Membership.__table__.c, Product.__table__.c

# One select checks the token, joined as the real app joins it.
TOKEN_TENANT = (
    select(_tokens.tenant_id)
    .join(Tenant.__table__, _tenants.id == _tokens.tenant_id)
    .join(
        Membership.__table__,
        (_members.tenant_id == _tokens.tenant_id)
        & (_members.user_id == _tokens.user_id),
    )
    .where(
        _tokens.token_hash == bindparam("digest"),
        _tokens.revoked_at.is_(None),
        _tenants.status != TenantStatus.CLOSED,
    )
)
# The fields of ProductOut, the schema the real endpoint answers with.
FIELDS = ("id", "name", "sku", "unit_price", "active", "created_at")
PRODUCT_BY_KEY = select(*(_products[field] for field in FIELDS)).where(
    _products.tenant_id == bindparam("tenant"),
    _products.id == bindparam("id"),
)


@dataclass
class Workload:
    """The tenant under test, its secret and the products to read."""

    slug: str
    secret: str
    record_ids: list[uuid.UUID]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=_positive, default=2000, help="per round")
    parser.add_argument("--rounds", type=_positive, default=5)
    parser.add_argument("--warmup", type=_positive, default=200, help="per app")
    parser.add_argument("--tenants", type=_positive, default=50)
    parser.add_argument("--products", type=_positive, default=200, help="per tenant")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"profile ours afterwards and print the top {PROFILE_TOP} functions",
    )
    return parser.parse_args(argv)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


@contextmanager
def bench_database():
    """Yield (owner URL, app URL) of a database made for this run."""
    raw = os.environ.get("DATABASE_URL")
    if not raw:
        with tempfile.TemporaryDirectory(prefix="mijoz_bench_") as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            yield url, url
        return

    server = make_url(_database_url(raw))
    name = f"mijoz_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    try:
        owner = server.set(database=name).render_as_string(hide_password=False)
        role = os.environ.get("MIJOZ_APP_DB_ROLE", "mijoz_app")
        password = os.environ.get("MIJOZ_APP_DB_PASSWORD")
        yield owner, app_database_url(owner, role, password)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build_ours(owner_url: str, app_url: str) -> Flask:
    """Return the real app on the bench database, migrated and granted."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app_url,
            "MIJOZ_OWNER_DATABASE_URL": owner_url,
            "MIJOZ_LOG_LEVEL": "WARNING",
        }
    )
    dbroles.upgrade_database(app)
    return app


def seed(app: Flask, tenants: int, products: int, rng: random.Random) -> Workload:
    """Add firms with an owner and products each, and a token for one firm.

    Products go in one bulk insert per firm, with the firm set as tenant so
    row-level security accepts them.
    """
    chosen = rng.randrange(tenants)
    with app.app_context():
        session = db.session
        for n in range(tenants):
            tenant = create_tenant(
                session, name=f"Bench firm {n}", stir=f"{300_000_000 + n:09d}", **FIRM
            )
            owner = create_user(
                session,
                f"owner{n}@bench.example.uz",
                f"Owner {n}",
                secrets.token_urlsafe(16),
            )
            add_member(session, tenant, owner, WorkspaceRole.OWNER)
            with tenancy.tenant(session, tenant.id):
                ids = _add_products(session, tenant.id, owner.id, n, products)
            if n == chosen:
                __, secret = create_token(session, tenant, owner, "bench")
                workload = Workload(tenant.slug, secret, ids)
        session.commit()
    return workload


def _add_products(session, tenant_id, owner_id, n: int, count: int) -> list:
    ids = [new_id() for __ in range(count)]
    session.execute(
        insert(Product.__table__),
        [
            {
                "tenant_id": tenant_id,
                "id": product_id,
                "name": f"Mahsulot {n}-{i}",
                "sku": f"SKU-{n}-{i}" if i % 2 == 0 else None,
                "unit_price": 1_000 * (i + 1),
                "active": i % 10 != 0,
                "created_at": utcnow(),
            }
            for i, product_id in enumerate(ids)
        ],
    )
    return ids


def build_bare(url: str, engine_options: dict) -> Flask:
    """Return a one-route Flask app reading a product on a plain engine."""
    engine = create_engine(url, **engine_options)
    postgres = engine.dialect.name == "postgresql"
    app = Flask("bare")
    app.extensions["bench_engine"] = engine

    @app.get("/c/<uuid:record_id>")
    def product(record_id):
        scheme, __, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            abort(401)
        digest = hashlib.sha256(secret.strip().encode()).hexdigest()

        with engine.begin() as connection:
            tenant_id = connection.scalar(TOKEN_TENANT, {"digest": digest})
            if tenant_id is None:
                abort(401)
            if postgres:
                connection.execute(tenancy.SET_TENANT, {"tenant": str(tenant_id)})
            row = connection.execute(
                PRODUCT_BY_KEY, {"tenant": tenant_id, "id": record_id}
            ).first()

        if row is None:
            abort(404)
        body = row._asdict()
        body.update(id=str(row.id), created_at=row.created_at.isoformat())
        return jsonify(body)

    return app


def requests_per_second(client, paths: list[str], headers: dict) -> float:
    """Send a GET to each path and return how many were answered a second."""
    start = time.perf_counter()
    for path in paths:
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return len(paths) / (time.perf_counter() - start)


def check_same_answers(ours, bare, work: Workload, headers: dict) -> None:
    """Stop the run unless both apps return the same product documents."""
    for record_id in work.record_ids[:20]:
        mine = ours.get(_our_path(work.slug, record_id), headers=headers)
        theirs = bare.get(f"/c/{record_id}", headers=headers)
        if mine.get_json() != theirs.get_json():
            raise SystemExit(
                f"answers differ for {record_id}:\n"
                f"  ours {mine.get_json()}\n  bare {theirs.get_json()}"
            )


def _our_path(slug: str, record_id: uuid.UUID) -> str:
    return f"/api/v1/w/{slug}/products/{record_id}"


def measure(ours, bare, work: Workload, args, rng: random.Random):
    """Warm both apps up, then time them in alternating rounds.

    Return two lists of requests per second, ours and bare. The app that
    goes first swaps each round, so drift in the machine hits both.
    """
    headers = {"Authorization": f"Bearer {work.secret}"}
    check_same_answers(ours, bare, work, headers)

    def paths(count: int) -> tuple[list[str], list[str]]:
        picked = [rng.choice(work.record_ids) for __ in range(count)]
        return [_our_path(work.slug, c) for c in picked], [f"/c/{c}" for c in picked]

    mine, theirs = paths(args.warmup)
    requests_per_second(ours, mine, headers)
    requests_per_second(bare, theirs, headers)

    ours_rps, bare_rps = [], []
    for round_no in range(args.rounds):
        mine, theirs = paths(args.requests)
        runs = [(ours, mine, ours_rps), (bare, theirs, bare_rps)]
        if round_no % 2:
            runs.reverse()
        for client, batch, results in runs:
            results.append(requests_per_second(client, batch, headers))
    return ours_rps, bare_rps


def describe_database(app: Flask) -> str:
    """Return the database kind, version and name the app reads."""
    with app.app_context():
        engine = db.engine
        with engine.connect() as connection:
            if engine.dialect.name != "postgresql":
                version = connection.scalar(text("SELECT sqlite_version()"))
                return f"SQLite {version}, temporary file"
            version, name, role = connection.execute(
                text("SELECT version(), current_database(), current_user")
            ).one()
            return f"{version.split(' on ')[0]}, database {name} as role {role}"


def report(args, database: str, seeded: float, ours_rps: list, bare_rps: list):
    """Print the environment, each round and the medians with their ratio."""
    print("api_read: authenticated GET of one product, ours against bare Flask")
    print(f"  database  {database}")
    print(
        f"  data      {args.tenants} tenants x {args.products} products, "
        f"seeded in {seeded:.1f} s"
    )
    print(
        f"  runs      {args.rounds} rounds x {args.requests} requests, "
        f"{args.warmup} warm-up requests per app"
    )
    print(
        f"  python    {platform.python_version()} on {platform.machine()}, "
        f"REDIS_URL {'set' if os.environ.get('REDIS_URL') else 'unset'}"
    )
    print()
    print(f"  {'round':<8}{'ours req/s':>12}{'bare req/s':>12}{'ratio':>8}")
    for n, (mine, theirs) in enumerate(zip(ours_rps, bare_rps, strict=True), 1):
        print(f"  {n:<8}{mine:>12.0f}{theirs:>12.0f}{mine / theirs:>8.2f}")

    ours_median = statistics.median(ours_rps)
    bare_median = statistics.median(bare_rps)
    ratio = ours_median / bare_median
    print(
        f"  {'median':<8}{ours_median:>12.0f}{bare_median:>12.0f}{ratio:>8.2f}"
        f"   (target {TARGET:.2f})"
    )


def profile_ours(ours, work: Workload, count: int, rng: random.Random) -> None:
    """Profile `count` reads through the real app; print the costliest calls."""
    headers = {"Authorization": f"Bearer {work.secret}"}
    paths = [_our_path(work.slug, rng.choice(work.record_ids)) for __ in range(count)]
    profiler = cProfile.Profile()
    profiler.runcall(requests_per_second, ours, paths, headers)

    stats = pstats.Stats(profiler)
    rows = [
        (where, figures)
        for where, figures in stats.stats.items()
        if not any(part in where[0] for part in HARNESS)
    ]
    rows.sort(key=lambda row: row[1][3], reverse=True)
    print()
    print(f"profile of ours, {count} requests, by cumulative time (harness left out)")
    print(f"  {'cum ms/req':>10}{'own ms/req':>11}{'calls/req':>10}  function")
    for (path, line, name), (__, calls, own, cum, __) in rows[:PROFILE_TOP]:
        print(
            f"  {cum * 1000 / count:>10.3f}{own * 1000 / count:>11.3f}"
            f"{calls / count:>10.1f}  {_short(path)}:{line}({name})"
        )


def _short(path: str) -> str:
    for marker in ("site-packages/", f"{ROOT}/", "lib/python"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main(argv: list[str] | None = None) -> int:
    """Seed a database, time both apps and print the figures."""
    args = parse_args(argv)
    rng = random.Random(args.seed)
    # Keep the instance folder untouched: no key file is written for this run.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))

    with bench_database() as (owner_url, app_url):
        ours_app = build_ours(owner_url, app_url)
        started = time.perf_counter()
        work = seed(ours_app, args.tenants, args.products, rng)
        seeded = time.perf_counter() - started
        bare_app = build_bare(
            ours_app.config["SQLALCHEMY_DATABASE_URI"],
            ours_app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        )
        try:
            ours, bare = ours_app.test_client(), bare_app.test_client()
            ours_rps, bare_rps = measure(ours, bare, work, args, rng)
            database = describe_database(ours_app)
            report(args, database, seeded, ours_rps, bare_rps)
            if args.profile:
                profile_ours(ours, work, args.requests, rng)
        finally:
            bare_app.extensions["bench_engine"].dispose()
            ours_app.extensions["mijoz_usage"].take()  # its database is dropped
            with ours_app.app_context():
                db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
