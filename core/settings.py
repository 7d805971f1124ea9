"""Read the application's settings from the environment."""

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_DOMAINS = "tenants,onboarding,subsidies,reporting"


def _database_url(raw: str) -> str:
    """Name the psycopg 3 driver explicitly for PostgreSQL URLs."""
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw.removeprefix("postgres://")
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw.removeprefix("postgresql://")
    return raw


def app_database_url(owner_url: str, role: str, password: str | None) -> str:
    """Return the URL the web app uses: the owner's database, the app's role."""
    url = make_url(owner_url)
    if url.get_backend_name() != "postgresql":
        return owner_url
    return url.set(username=role, password=password or None).render_as_string(
        hide_password=False
    )


def _secret_key(instance_path: Path, production: bool) -> str:
    """Return SECRET_KEY, or a key kept in the instance folder for development."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY must be set when MIJOZ_ENV=production")
    path = instance_path / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def from_environ(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ
    production = env.get("MIJOZ_ENV", "development") == "production"
    default_db = f"sqlite:///{instance_path / 'mijoz.db'}"
    owner_url = _database_url(env.get("DATABASE_URL", default_db))
    role = env.get("MIJOZ_APP_DB_ROLE", "mijoz_app")
    password = env.get("MIJOZ_APP_DB_PASSWORD")
    app_url = env.get("MIJOZ_APP_DATABASE_URL") or app_database_url(
        owner_url, role, password
    )
    redis_url = env.get("REDIS_URL") or None

    return {
        "MIJOZ_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": _database_url(app_url),
        "MIJOZ_OWNER_DATABASE_URL": owner_url,
        "MIJOZ_APP_DB_ROLE": role,
        "MIJOZ_APP_DB_PASSWORD": password,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "MIJOZ_DOMAINS": env.get("MIJOZ_DOMAINS", DEFAULT_DOMAINS),
        "MIJOZ_LOG_JSON": env.get("MIJOZ_LOG_JSON", "1" if production else "0") == "1",
        "MIJOZ_LOG_LEVEL": env.get("MIJOZ_LOG_LEVEL", "INFO"),
        "MIJOZ_JOBS_INLINE": redis_url is None,
        # How many proxies (nginx, a load balancer) stand in front of us.
        "MIJOZ_PROXIES": int(env.get("MIJOZ_PROXIES", "0")),
        "MIJOZ_LOGIN_LIMIT": env.get("MIJOZ_LOGIN_LIMIT", "10 per minute"),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "__Host-mijoz" if production else "mijoz",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "uz_Latn",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tashkent",
    }
