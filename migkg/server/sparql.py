"""Blueprint sparql: the SPARQL 1.1 Protocol at /sparql (query and update operations).

Queries: GET ?query=, POST application/x-www-form-urlencoded (query=), POST application/sparql-query.
Updates: POST form (update=) or application/sparql-update, with `Authorization: Bearer <token>`.
A GET without a query shows the query page to browsers and the Service Description to RDF clients.
"""

import hmac
import re
import threading

from flask import Blueprint, Response, current_app, redirect, request, url_for
from pyoxigraph import NamedNode
from werkzeug.datastructures import MultiDict

from migkg.server import security
from migkg.server.engine import get_engine
from migkg.server.errors import BadRequest, Forbidden, Unauthorized, UnsupportedMediaType

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

#: serialises writes in this process (the store's own transactions keep each write atomic)
WRITE_LOCK = threading.Lock()

_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.-]+)", re.IGNORECASE)


def _body_text() -> str:
    """The request body as text: UTF-8 is the protocol's only encoding.

    :raises UnsupportedMediaType: another charset is declared.
    :raises BadRequest: the bytes are not UTF-8.
    """
    declared = _CHARSET.search(request.headers.get("Content-Type", ""))
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise UnsupportedMediaType(f"the body must be UTF-8, not {declared.group(1)}")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not valid UTF-8 (byte {error.start})") from error


def _one(params: MultiDict, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"give one '{name}' parameter, not {len(values)}")
    return values[0] if values else None


def _operation() -> tuple[str | None, str | None, MultiDict]:
    """(query, update, parameters) from a protocol request; exactly one of query and update is set.

    :raises BadRequest, UnsupportedMediaType: the request breaks the protocol.
    """
    params = MultiDict(request.args)
    query = update = None
    if request.method == "POST":
        content_type = (request.mimetype or "").lower()
        if not content_type:
            raise UnsupportedMediaType(
                f"a POST to /sparql needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
            )
        if content_type == FORM:
            _body_text()
            for key, values in request.form.lists():
                for value in values:
                    params.add(key, value)
            query, update = _one(params, "query"), _one(params, "update")
        elif content_type == QUERY_TYPE:
            if "query" in params or "update" in params:
                raise BadRequest(f"with {QUERY_TYPE} the query is the body, not a parameter")
            query = _body_text()
        elif content_type == UPDATE_TYPE:
            if "query" in params or "update" in params:
                raise BadRequest(f"with {UPDATE_TYPE} the update is the body, not a parameter")
            update = _body_text()
        else:
            raise UnsupportedMediaType(
                f"cannot read a {content_type} body; send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
            )
    else:
        if "update" in params:
            raise BadRequest("updates must be sent with POST, not GET")
        query = _one(params, "query")
    if query is not None and update is not None:
        raise BadRequest("a request carries either a query or an update, not both")
    return query, update, params


def check_token() -> None:
    """Allow a write only with `Authorization: Bearer <MIGKG_UPDATE_TOKEN>`.

    :raises Forbidden: no token is configured, or the one given is wrong.
    :raises Unauthorized: no bearer token was sent.
    """
    expected = current_app.config.get("MIGKG_UPDATE_TOKEN")
    if not expected:
        raise Forbidden("this endpoint is read-only: no update token is configured (migkg serve --update-token)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("writes need an 'Authorization: Bearer <token>' header")
    if not hmac.compare_digest(given.strip().encode(), str(expected).encode()):
        raise Forbidden("the bearer token is not valid for writes")


def _timeout() -> float:
    """The configured time limit, lowered (never raised) by a `timeout` parameter."""
    limit = float(current_app.config["MIGKG_TIMEOUT"])
    asked = request.values.get("timeout")
    if asked:
        try:
            value = float(asked)
        except ValueError as error:
            raise BadRequest(f"timeout={asked!r} is not a number of seconds") from error
        if value <= 0:
            raise BadRequest(f"timeout={asked!r} must be positive")
        return min(limit, value)
    return limit


def run_protocol_query(query: str, params: MultiDict) -> Response:
    """Run a query for the protocol and stream its result with the row-cap headers."""
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    # a protocol dataset replaces the union default graph: graphs not named in it are not in it
    dataset = bool(default_graphs or named_graphs)
    cap = int(current_app.config["MIGKG_MAX_ROWS"])
    result = get_engine().run(
        query,
        accept=request.headers.get("Accept"),
        format=params.get("format") or None,
        default_graph=default_graphs if dataset else None,
        named_graphs=named_graphs if dataset else None,
        base_iri=request.base_url,
        timeout=_timeout(),
        max_rows=cap,
    )
    request.environ["migkg.query_ms"] = round(result.elapsed * 1000, 1)
    response = Response(result, content_type=result.content_type, direct_passthrough=True)
    response.headers["X-Migkg-Row-Cap"] = str(cap)
    if result.truncated is not None:
        response.headers["X-Migkg-Truncated"] = "true" if result.truncated else "false"
    response.headers["Server-Timing"] = f"query;dur={result.elapsed * 1000:.1f}"
    response.vary.add("Accept")
    return response


def _rewrite_dataset(update: str, params: MultiDict) -> str:
    """Apply using-graph-uri / using-named-graph-uri by adding USING clauses to each operation."""
    using = params.getlist("using-graph-uri")
    using_named = params.getlist("using-named-graph-uri")
    if not using and not using_named:
        return update
    if security.inspect_update(update):
        raise BadRequest(
            "using-graph-uri/using-named-graph-uri cannot be combined with USING, USING NAMED or WITH in the update"
        )
    clauses = "".join(f" USING {_iri(value)}" for value in using)
    clauses += "".join(f" USING NAMED {_iri(value)}" for value in using_named)
    rewritten = insert_before_where(update, clauses + " ")
    security.inspect_update(rewritten)
    return rewritten


def _iri(value: str) -> str:
    """An IRI parameter in SPARQL syntax, refused unless it is a well-formed absolute IRI.

    :raises BadRequest: it is not (so nothing else can be slipped into the update with it).
    """
    try:
        return str(NamedNode(value))
    except ValueError as error:
        raise BadRequest(f"{value!r} is not an absolute IRI: {error}") from error


_TOKEN = re.compile(
    r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)'''
    r"""|(?P<open>\{)|(?P<close>\})|(?P<word>[A-Za-z_]+)""",
)


def insert_before_where(update: str, text: str) -> str:
    """Insert `text` before the WHERE of every DELETE/INSERT ... WHERE operation of an update.

    >>> insert_before_where("INSERT { ?s ?p 'where' } WHERE { ?s ?p ?o }", "USING <g> ")
    "INSERT { ?s ?p 'where' } USING <g> WHERE { ?s ?p ?o }"
    >>> insert_before_where("DELETE WHERE { ?s ?p ?o }", "USING <g> ")
    'DELETE WHERE { ?s ?p ?o }'
    """
    depth = 0
    previous_word = ""
    positions = []
    for match in _TOKEN.finditer(update):
        if match.group("open"):
            if depth == 0:
                previous_word = "{"
            depth += 1
        elif match.group("close"):
            depth -= 1
        elif match.group("word"):
            word = match.group("word").upper()
            if depth == 0 and word == "WHERE" and previous_word != "DELETE":
                positions.append(match.start())
            if depth == 0:
                previous_word = word
    for position in reversed(positions):
        update = update[:position] + text + update[position:]
    return update


def silence_graph_management(update: str) -> str:
    """Make CLEAR and DROP succeed on a graph that holds nothing, as on stores where every graph exists.

    >>> silence_graph_management("CLEAR GRAPH <g> ; drop silent graph <h>; INSERT DATA { <a> <b> 'clear' }")
    "CLEAR SILENT GRAPH <g> ; drop silent graph <h>; INSERT DATA { <a> <b> 'clear' }"
    """
    tokens = [m for m in _TOKEN.finditer(update) if m.group("word") or m.group("open") or m.group("close")]
    depth = 0
    positions = []
    for index, match in enumerate(tokens):
        if match.group("open"):
            depth += 1
        elif match.group("close"):
            depth -= 1
        elif depth == 0 and match.group("word").upper() in ("CLEAR", "DROP"):
            following = tokens[index + 1].group("word") if index + 1 < len(tokens) else None
            if (following or "").upper() != "SILENT":
                positions.append(match.end())
    for position in reversed(positions):
        update = update[:position] + " SILENT" + update[position:]
    return update


def run_protocol_update(update: str, params: MultiDict) -> Response:
    """Check the token, check the update, run it in one transaction, tell the query workers."""
    check_token()
    security.inspect_update(update)
    update = silence_graph_management(_rewrite_dataset(update, params))
    from migkg.server import get_store

    store = get_store()
    with WRITE_LOCK:
        try:
            store.update(update, base_iri=request.base_url)
        except (RuntimeError, ValueError) as error:
            raise BadRequest(f"the update failed and changed nothing: {error}") from error
        store.flush()
        get_engine().written()
    return Response(status=204)


def _wants_html() -> bool:
    accept = request.accept_mimetypes
    if not accept:
        return False
    best = accept.best_match(["text/html", "text/turtle", "application/rdf+xml", "application/ld+json"])
    return best == "text/html" and accept["text/html"] > 0


def _query_page():
    if "ui.query_page" in current_app.view_functions:
        return redirect(url_for("ui.query_page"), code=303)
    html = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>SPARQL query</title>"
        "<h1>SPARQL query</h1><form method=get action=''>"
        "<textarea name=query rows=12 cols=80>SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea><br>"
        "<select name=format><option>json</option><option>xml</option><option>csv</option>"
        "<option>tsv</option><option>ttl</option></select> <button>Run</button></form></html>"
    )
    return Response(html, mimetype="text/html")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """The SPARQL 1.1 Protocol: query by GET/POST, update by POST."""
    query, update, params = _operation()
    if update is not None:
        return run_protocol_update(update, params)
    if query is None:
        if request.method == "POST":
            raise BadRequest("the request has neither a 'query' nor an 'update'")
        if _wants_html():
            return _query_page()
        from migkg.server.service import service_description_response

        return service_description_response()
    return run_protocol_query(query, params)
