"""Create the app's database role and grant it what it may do."""

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection


def ensure_app_role(connection: Connection, role: str, password: str | None) -> None:
    """Create `role` if missing: it logs in, owns nothing, bypasses no RLS.

    Called as the owner after migrations; safe to run again.
    """
    if connection.dialect.name != "postgresql":
        return

    exists = connection.scalar(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    )
    quoted = connection.dialect.identifier_preparer.quote(role)
    if not exists:
        connection.execute(
            text(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB")
        )
    if password:
        literal = password.replace("'", "''")
        connection.execute(text(f"ALTER ROLE {quoted} PASSWORD '{literal}'"))

    database = connection.dialect.identifier_preparer.quote(
        connection.scalar(text("SELECT current_database()"))
    )
    for statement in (
        f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
        f"TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, "
        f"UPDATE, DELETE ON TABLES TO {quoted}",
        # The audit log is append-only for the app.
        f"REVOKE UPDATE, DELETE ON audit_log FROM {quoted}",
        f"REVOKE ALL ON alembic_version FROM {quoted}",
    ):
        connection.execute(text(statement))


def grant(owner_url: str, role: str, password: str | None) -> None:
    """Connect as the owner and run `ensure_app_role`."""
    engine = create_engine(owner_url)
    with engine.begin() as connection:
        ensure_app_role(connection, role, password)
    engine.dispose()


def upgrade_database(app) -> None:
    """Apply every migration as the owner, then grant the app's role."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
    grant(
        app.config["MIJOZ_OWNER_DATABASE_URL"],
        app.config["MIJOZ_APP_DB_ROLE"],
        app.config["MIJOZ_APP_DB_PASSWORD"],
    )
