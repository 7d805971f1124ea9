"""Run migrations as the database owner, never as the app's role."""

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, pool

from core.extensions import db


def run() -> None:
    url = current_app.config["MIJOZ_OWNER_DATABASE_URL"]
    metadata = db.metadata

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
