"""The web shell: pages, errors, health, metrics and the manifest."""

from tests import factories


def test_login_page_is_uzbek_latin_by_default(tmp_path):
    from core.app import create_app

    url = f"sqlite:///{tmp_path / 'default.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MIJOZ_OWNER_DATABASE_URL": url})
    response = app.test_client().get("/login")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="uz-Latn"' in page
    assert "Kirish" in page
    assert 'name="viewport"' in page
    assert "/manifest.webmanifest" in page


def test_home_requires_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_404_page_in_the_users_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "ru"})

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Такой страницы нет" in response.get_data(as_text=True)


def test_api_404_is_problem_json(client):
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_500_page_hides_the_error(client):
    page = client.get("/_test/boom")
    api = client.get("/api/v1/_test/boom")

    assert page.status_code == 500
    assert "secret internals" not in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    assert api.status_code == 500
    assert api.mimetype == "application/problem+json"
    assert "secret" not in api.get_data(as_text=True)


def test_http_errors_raised_in_views_render_pages(client):
    response = client.get("/_test/gone")

    assert response.status_code == 410
    assert "<html" in response.get_data(as_text=True)


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}

    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["database"] == "ok"


def test_metrics_count_requests(client):
    client.get("/healthz")

    body = client.get("/metrics").get_data(as_text=True)

    assert "mijoz_http_requests_total" in body
    assert 'endpoint="health.healthz"' in body


def test_request_id_is_echoed_or_made(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    kept = client.get("/healthz", headers={"X-Request-ID": "abcdef123456"})
    refused = client.get("/healthz", headers={"X-Request-ID": "<script>"})

    assert len(made) == 32
    assert kept.headers["X-Request-ID"] == "abcdef123456"
    assert refused.headers["X-Request-ID"] != "<script>"


def test_manifest_describes_an_installable_app(client):
    manifest = client.get("/manifest.webmanifest")

    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest.json["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest.json["icons"]:
        with client.get(icon["src"]) as response:
            assert response.status_code == 200
            assert response.mimetype == "image/png"


def test_static_vendor_assets_are_built(client):
    with client.get("/static/vendor/htmx.min.js") as response:
        assert response.status_code == 200


def test_json_log_lines_carry_request_and_user(app, client, session, capsys):
    import json
    import logging

    from core.observability import JsonFormatter

    user = factories.user(session)
    session.commit()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    from core.observability import ContextFilter

    handler.addFilter(ContextFilter())
    logger = logging.getLogger("core.accounts.services")
    logger.addHandler(handler)
    try:
        factories.login(client, user.email)
    finally:
        logger.removeHandler(handler)

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    attempt = next(line for line in lines if line["message"] == "login attempt")
    assert attempt["request_id"]
    assert attempt["email"] == user.email
