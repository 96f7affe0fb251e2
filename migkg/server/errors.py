"""HTTP errors of the server: every failure answers with a status and a plain-text message, never a trace.

One function, `error_response`, builds every error body. MigkgError subclasses carry their own
status; werkzeug's HTTPExceptions (404, 405, 413 ...) keep theirs; anything else is a 500 whose
details go to the log only.
"""

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from migkg.errors import MigkgError

log = logging.getLogger("migkg.server")

#: URL prefixes whose errors are always plain text (machine clients); others may be rendered as pages
PLAIN_PREFIXES = ("/sparql", "/store", "/.well-known/void", "/service")


class Unauthorized(MigkgError):
    """A write without credentials (HTTP 401)."""

    http_status = 401


class Forbidden(MigkgError):
    """A write with wrong credentials, or when writes are switched off (HTTP 403)."""

    http_status = 403


class BadRequest(MigkgError):
    """A request that breaks the protocol: missing or conflicting parameters (HTTP 400)."""

    http_status = 400


class UnsupportedMediaType(MigkgError):
    """A request body in a media type this endpoint does not read (HTTP 415)."""

    http_status = 415


class NotFound(MigkgError):
    """A graph that is not in the store (HTTP 404)."""

    http_status = 404


def error_response(status: int, message: str, *, headers: dict | None = None) -> Response:
    """The one shape of every error the server sends: status, plain text, one line of explanation."""
    body = f"{status} {message.strip()}\n"
    response = Response(body, status=status, mimetype="text/plain")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _is_plain() -> bool:
    return request.path.startswith(PLAIN_PREFIXES)


def register_error_handlers(app: Flask) -> None:
    """Install the handlers: MigkgError and HTTPException as plain text, anything else as a bare 500."""

    @app.errorhandler(MigkgError)
    def _migkg_error(error: MigkgError):
        status = getattr(error, "http_status", 500)
        if status >= 500:
            log.warning("%s %s: %s", request.method, request.path, error)
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="migkg"'
        return error_response(status, str(error), headers=headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if not _is_plain() or error.code is None:
            return error
        response = error_response(error.code, error.description or error.name)
        if error.code == 405:
            for name, value in error.get_headers():
                if name.lower() == "allow":
                    response.headers["Allow"] = value
        return response

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.error("unhandled error on %s %s", request.method, request.path, exc_info=original)
        return error_response(500, "internal server error; the incident has been logged")
