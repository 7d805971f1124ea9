"""REST conventions: the API object, problem responses and cursor pages."""

import base64
import binascii
import uuid

import marshmallow as ma
from flask import Response, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

PREFIX = "/api/v1"
PROBLEM = "application/problem+json"

_TITLES = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid input"),
    429: _l("Too many requests"),
    500: _l("Internal error"),
}


class MijozApi(Api):
    """flask-smorest's Api, with errors left to `problem_response`.

    The stock Api registers an app-wide handler that answers every error in
    JSON, web pages included; ours dispatches by path instead (see web.py).
    """

    def _register_error_handlers(self):
        pass


def is_api_request() -> bool:
    """Return True when the current request is for the REST API."""
    return request.path.startswith(PREFIX + "/") or request.path == PREFIX


def problem(status: int, title: str | None = None, **members) -> Response:
    """Return an RFC 9457 problem document; `members` add to the body."""
    body = {
        "type": "about:blank",
        "title": title or str(_TITLES.get(status, "Error")),
        "status": status,
        **members,
    }
    return Response(current_app.json.dumps(body), status=status, mimetype=PROBLEM)


def problem_response(error: HTTPException) -> Response:
    """Render an HTTP error as an RFC 9457 problem document."""
    status = error.code or 500
    body = {}
    data = getattr(error, "data", None) or {}
    if status == 400 and "Invalid JSON" in str(data.get("messages")):
        body["detail"] = _("The request body is not valid JSON.")
    elif data.get("messages"):
        body["detail"] = _("Some fields are missing or not valid.")
        body["errors"] = data["messages"]
    elif error.description and status != 500:
        body["detail"] = str(error.description)
    if status == 500:
        body["detail"] = _("Something went wrong on our side; it has been logged.")

    response = problem(status, str(_TITLES.get(status, error.name)), **body)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    for name, value in (getattr(error, "response", None) or Response()).headers:
        if name.lower() in ("retry-after", "allow") or name.lower().startswith(
            "x-ratelimit"
        ):
            response.headers[name] = value
    return response


# -- cursor pagination ----------------------------------------------------


class CursorArgs(ma.Schema):
    """Query arguments of a cursor-paginated list."""

    cursor = ma.fields.String(
        load_default=None, metadata={"description": "From `next_cursor`."}
    )
    limit = ma.fields.Integer(
        load_default=50, validate=ma.validate.Range(min=1, max=200)
    )


def encode_cursor(last_id: uuid.UUID) -> str:
    """Return an opaque cursor that continues after `last_id`."""
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str) -> uuid.UUID:
    """Return the id a cursor continues after; raise ValueError if bad."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return uuid.UUID(bytes=raw)
    except (binascii.Error, ValueError) as error:
        raise ValueError("bad cursor") from error


def page(session, query, id_column, cursor: str | None, limit: int) -> dict:
    """Run `query` one page at a time, ordered by its time-ordered ids.

    Return {"items": [...], "next_cursor": str | None}. A bad cursor raises
    ValueError, which the caller turns into a 400.
    """
    if cursor:
        query = query.where(id_column > decode_cursor(cursor))
    rows = list(session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": rows,
        "next_cursor": encode_cursor(rows[-1].id) if more and rows else None,
    }


def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """Return the output schema of a page of `item_schema`."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema)),
            "next_cursor": ma.fields.String(allow_none=True),
        },
        name=f"{item_schema.__name__.removesuffix('Schema')}Page",
    )


api = MijozApi()
