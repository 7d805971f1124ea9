"""Make SQLite behave like the database we deploy on."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # Foreign keys are off unless asked for on every connection.
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        # Let SQLAlchemy, not the driver, open transactions, so savepoints
        # nest inside the real transaction.
        dbapi_connection.isolation_level = None


def _on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def install() -> None:
    """Attach the SQLite fixes to every engine, once."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
