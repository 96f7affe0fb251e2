"""What a request may ask the engine to do: no SERVICE, no LOAD.

pyoxigraph's HTTP client would fetch any IRI a `SERVICE` pattern or a `LOAD` names, loopback
and private addresses included. There is no switch to turn it off, so:

- `inspect_query` and `inspect_update` parse the text with rdflib's SPARQL 1.1 grammar and refuse
  it when its parse tree holds a `ServiceGraphPattern` or a `Load` anywhere (inside OPTIONAL,
  FILTER EXISTS, subqueries, any case and spacing). A text rdflib cannot parse is refused too
  (fail closed), with rdflib's line and column. Every update goes through `inspect_update`.
- `screen_query` is the query workers' check, a thousand times cheaper: a query can only hold a
  SERVICE keyword if its text holds the letters "service" (in any case, once SPARQL's \\u and
  \\U escapes are decoded, as the engine decodes them before parsing); the same goes for LOAD.
  A text without either word cannot make the engine fetch anything and goes straight to the
  engine, whose own parser reports its syntax errors; a text with either word anywhere (even
  in a string, an IRI or a comment) takes the full `inspect_query`.

>>> inspect_query("select * { ?s ?p ?o }")
'SELECT'
>>> inspect_query("ASK { OPTIONAL { sErViCe   <http://127.0.0.1:9/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
migkg.server.security.Refused: SERVICE is not allowed on this endpoint: it would make the server fetch a remote endpoint
"""

import re
import threading
from functools import lru_cache

from migkg.errors import MigkgError, QuerySyntaxError

#: parse-tree node names and why each is refused
_FORBIDDEN = {
    "ServiceGraphPattern": "SERVICE is not allowed on this endpoint: it would make the server fetch a remote endpoint",
    "Load": "LOAD is not allowed on this endpoint: it would make the server fetch a remote document; "
    "load files with `migkg load` or PUT/POST them to /store",
}

#: words whose absence proves a text cannot hold a SERVICE pattern or a LOAD operation
_TELLTALE_WORDS = ("service", "load")

#: SPARQL's codepoint escapes, which apply to the whole text before it is parsed
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

#: the prologue (BASE and PREFIX declarations, comments, spaces) and the query form keyword after it
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_QUERY_FORM = re.compile(
    rf"(?:\s+|\#[^\n]*|(?i:BASE)\s*{_IRI}|(?i:PREFIX)\s*[^\s:<>#]*:\s*{_IRI})*"
    r"(?i:(SELECT|ASK|CONSTRUCT|DESCRIBE))(?![\w-])"
)

#: rdflib's pyparsing grammar is not safe to run from two threads at once
_PARSE_LOCK = threading.Lock()

_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class Refused(MigkgError):
    """A request that parses but asks for something this endpoint never does (HTTP 403)."""

    http_status = 403


def load_parser() -> None:
    """Import rdflib's SPARQL grammar now (it takes a few hundred ms; the fork server does it once for every worker)."""
    import rdflib.plugins.sparql.parser  # noqa: F401


def _node_names(tree) -> set[str]:
    """The names of every CompValue in a parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return names


def _syntax_error(error, what: str) -> QuerySyntaxError:
    """rdflib's parse error as our QuerySyntaxError, keeping line and column."""
    found = f", near {error.line.strip()[:60]!r}" if error.line else ""
    return QuerySyntaxError(
        f"malformed or unsupported SPARQL 1.1 {what}: {error.msg}{found}", line=error.lineno, column=error.col
    )


def _refuse_forbidden(names: set[str]) -> None:
    for name, reason in _FORBIDDEN.items():
        if name in names:
            raise Refused(reason)


@lru_cache(maxsize=1024)
def inspect_query(sparql: str) -> str:
    """The form of a query ("SELECT", "ASK", "CONSTRUCT" or "DESCRIBE") once it is known safe.

    :raises QuerySyntaxError: rdflib's SPARQL 1.1 grammar does not accept it (line and column given).
    :raises Refused: it holds a SERVICE pattern.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with _PARSE_LOCK:
            tree = parseQuery(sparql)
    except ParseException as error:
        raise _syntax_error(error, "query") from error
    names = _node_names(tree)
    _refuse_forbidden(names)
    form = _FORMS.get(getattr(tree[1], "name", ""))
    if form is None:
        raise QuerySyntaxError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form


def _codepoint(match: re.Match) -> str:
    value = int(match.group(1) or match.group(2), 16)
    return chr(value) if value <= 0x10FFFF else match.group(0)


def _readings(sparql: str) -> list[str]:
    """The text as written, and after each round of codepoint-escape decoding until nothing changes."""
    readings = [sparql]
    while "\\u" in readings[-1] or "\\U" in readings[-1]:
        decoded = _CODEPOINT_ESCAPE.sub(_codepoint, readings[-1])
        if decoded == readings[-1]:
            break
        readings.append(decoded)
    return readings


def may_fetch(sparql: str) -> bool:
    """Whether the text holds, anywhere and in any case, a word that SERVICE or LOAD would need."""
    return any(word in reading.casefold() for reading in _readings(sparql) for word in _TELLTALE_WORDS)


def query_form(sparql: str) -> str | None:
    """The query form keyword after the prologue ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), or None."""
    match = _QUERY_FORM.match(_readings(sparql)[-1])
    return match.group(1).upper() if match else None


def screen_query(sparql: str) -> str | None:
    """Check a query cheaply before the engine runs it; gives its form when known (None: the engine's result says).

    Only a text that mentions "service" or "load" (in any case, escapes decoded) could make the
    engine fetch a remote resource; such a text takes the full `inspect_query`. Anything else is
    left to the engine's parser, which reports syntax errors itself.

    :raises Refused, QuerySyntaxError: as `inspect_query`, for a text that mentions either word.
    """
    if may_fetch(sparql):
        return inspect_query(sparql)
    return query_form(sparql)


def inspect_update(sparql: str) -> bool:
    """Check that an update is safe to run; True when it names its own dataset (USING or WITH).

    :raises QuerySyntaxError: rdflib's SPARQL 1.1 Update grammar does not accept it.
    :raises Refused: it holds a LOAD or a SERVICE pattern.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSE_LOCK:
            tree = parseUpdate(sparql)
    except ParseException as error:
        raise _syntax_error(error, "update") from error
    _refuse_forbidden(_node_names(tree))
    return _names_dataset(tree)


def _names_dataset(tree) -> bool:
    """Whether any operation of an update has a WITH or USING clause."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "Modify" and ("withClause" in node or "using" in node):
                return True
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return False
