"""What a request may ask the engine to do: no SERVICE, no LOAD, only what rdflib's SPARQL 1.1 grammar accepts.

pyoxigraph's HTTP client would fetch any IRI a `SERVICE` pattern or a `LOAD` names, loopback
and private addresses included. There is no switch to turn it off, so every query and update is
parsed with rdflib's grammar first and refused when its parse tree holds a `ServiceGraphPattern`
or a `Load` anywhere (inside OPTIONAL, FILTER EXISTS, subqueries, any case and spacing). A text
rdflib cannot parse is refused too (fail closed), with rdflib's line and column.

>>> inspect_query("select * { ?s ?p ?o }")
'SELECT'
>>> inspect_query("ASK { OPTIONAL { sErViCe   <http://127.0.0.1:9/> { ?s ?p ?o } } }")
Traceback (most recent call last):
...
migkg.server.security.Refused: SERVICE is not allowed on this endpoint: it would make the server fetch a remote endpoint
"""

import threading
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from migkg.errors import MigkgError, QuerySyntaxError

#: parse-tree node names and why each is refused
_FORBIDDEN = {
    "ServiceGraphPattern": "SERVICE is not allowed on this endpoint: it would make the server fetch a remote endpoint",
    "Load": "LOAD is not allowed on this endpoint: it would make the server fetch a remote document; "
    "load files with `migkg load` or PUT/POST them to /store",
}

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


def _node_names(tree) -> set[str]:
    """The names of every CompValue in a parse tree."""
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


def _syntax_error(error: ParseException, what: str) -> QuerySyntaxError:
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


def inspect_update(sparql: str) -> bool:
    """Check that an update is safe to run; True when it names its own dataset (USING or WITH).

    :raises QuerySyntaxError: rdflib's SPARQL 1.1 Update grammar does not accept it.
    :raises Refused: it holds a LOAD or a SERVICE pattern.
    """
    try:
        with _PARSE_LOCK:
            tree = parseUpdate(sparql)
    except ParseException as error:
        raise _syntax_error(error, "update") from error
    _refuse_forbidden(_node_names(tree))
    return _names_dataset(tree)


def _names_dataset(tree) -> bool:
    """Whether any operation of an update has a WITH or USING clause."""
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
