"""The access log: one line per request, written when the last byte of the response has gone.

Format (logger `migkg.access`, INFO):

    127.0.0.1 "GET /sparql?query=... HTTP/1.1" 200 1234B 12.3ms query=4.5ms rows=10 truncated=false

Time is the whole request, streaming included; `query=` is the time the query took to its first
result (when the request ran one). Request headers are never logged, so neither is the
Authorization header nor its token; the query string is cut at 300 characters.
"""

import logging
import time
from urllib.parse import unquote_plus

access_log = logging.getLogger("migkg.access")

MAX_TARGET = 300


class _LoggedBody:
    """Wraps a WSGI response iterable: counts bytes and logs the line on close()."""

    def __init__(self, body, on_close):
        self.body = body
        self.on_close = on_close
        self.size = 0

    def __iter__(self):
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close(self.size)


class AccessLog:
    """WSGI middleware that writes one access-log line per request."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status_holder = {}

        def _start_response(status, headers, exc_info=None):
            status_holder["status"] = status.split(" ", 1)[0]
            status_holder["headers"] = headers
            return start_response(status, headers, exc_info)

        def _log(size: int) -> None:
            elapsed = (time.perf_counter() - started) * 1000
            target = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                target += "?" + unquote_plus(environ["QUERY_STRING"]).replace("\n", " ")
            if len(target) > MAX_TARGET:
                target = target[: MAX_TARGET - 3] + "..."
            extra = ""
            if "migkg.query_ms" in environ:
                extra = f" query={environ['migkg.query_ms']}ms"
            headers = dict((k.lower(), v) for k, v in status_holder.get("headers", []))
            if "x-migkg-truncated" in headers:
                extra += f" truncated={headers['x-migkg-truncated']}"
            access_log.info(
                '%s "%s %s %s" %s %dB %.1fms%s',
                environ.get("REMOTE_ADDR", "-"),
                environ.get("REQUEST_METHOD", "-"),
                target,
                environ.get("SERVER_PROTOCOL", "-"),
                status_holder.get("status", "-"),
                size,
                elapsed,
                extra,
            )

        body = self.app(environ, _start_response)
        return _LoggedBody(body, _log)
