"""Workspace use is counted in memory and written in batches."""

from datetime import date, timedelta

from sqlalchemy import func, select

from core import usage
from core.usage import UsageDay
from tests.tenants.conftest import bearer

PHONE = "Mozilla/5.0 (Linux; Android 12; SM-A135F) Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"


def test_phone_browsers_are_told_apart():
    assert usage.is_phone(PHONE)
    assert usage.is_phone("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")
    assert not usage.is_phone(DESKTOP)


def test_requests_are_counted_without_a_write_each(app, client, session, firm):
    from tenants import services

    _, secret = services.create_token(session, firm.tenant, firm.owner, "t")
    session.commit()
    app.extensions["mijoz_usage"].take()
    rows_before = session.scalar(select(func.count()).select_from(UsageDay))

    url = f"/api/v1/w/{firm.tenant.slug}/customers"
    for agent in (PHONE, PHONE, DESKTOP):
        client.get(url, headers=bearer(secret) | {"User-Agent": agent})

    # Nothing written yet: the counts wait in memory.
    assert session.scalar(select(func.count()).select_from(UsageDay)) == rows_before
    usage.flush(app)

    row = session.scalar(select(UsageDay).where(UsageDay.tenant_id == firm.tenant.id))
    assert (row.requests, row.phone_requests) == (3, 2)
    assert row.user_id == firm.owner.id


def test_batches_add_up(app, session, firm):
    today = date.today()
    key = (firm.tenant.id, today, firm.owner.id)
    usage.write(session, {key: [2, 1]})
    usage.write(session, {key: [3, 0]})
    session.flush()

    summary = usage.period_usage(session, firm.tenant.id, today, today)
    assert summary.requests == 5
    assert summary.active_days == 1
    assert summary.active_users == 1
    assert summary.phone_share == 0.2


def test_period_usage_counts_days_and_users(session, firm):
    start = date(2026, 11, 1)
    counts = {
        (firm.tenant.id, start + timedelta(days=d), user.id): [1, 1]
        for d in range(3)
        for user in (firm.owner, firm.staff)
    }
    usage.write(session, counts)
    session.flush()

    summary = usage.period_usage(session, firm.tenant.id, start, start + timedelta(29))
    assert (summary.active_days, summary.active_users) == (3, 2)
    assert summary.phone_share == 1.0
    empty = usage.period_usage(
        session, firm.tenant.id, date(2020, 1, 1), date(2020, 1, 31)
    )
    assert empty.requests == 0 and empty.phone_share == 0.0


def test_page_visits_are_counted_for_the_member(app, client, session, firm):
    from tests import factories

    session.commit()
    app.extensions["mijoz_usage"].take()
    factories.login(client, firm.staff.email)
    client.get(f"/w/{firm.tenant.slug}/customers/", headers={"User-Agent": PHONE})

    counts = app.extensions["mijoz_usage"].take()
    key = next(k for k in counts if k[0] == firm.tenant.id)
    assert key[2] == firm.staff.id
    assert counts[key] == [1, 1]
