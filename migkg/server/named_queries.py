"""Blueprint `named_queries`: /queries lists the named queries, /queries/NAME runs one.

Parameters come from the query string (`?country=BI`); `format` picks a result format as on
/sparql, otherwise the Accept header decides: an HTML table for browsers, any SPARQL results or
RDF format for programs. `/queries/NAME.rq` gives the query's text.
"""

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.exceptions import NotFound

from migkg import queries
from migkg.errors import UsageProblem
from migkg.server.engine import run_query

bp = Blueprint("named_queries", __name__)

HTML = "text/html"


def _wants_html() -> bool:
    """True when the client prefers HTML to every machine format (a browser)."""
    if "format" in request.args:
        return False
    accept = request.accept_mimetypes
    best = accept.best_match([HTML, "application/sparql-results+json", "application/json", "text/turtle"])
    return best == HTML


def _describe(named: queries.NamedQuery) -> dict:
    """A query's documentation as JSON-ready data."""
    return {
        "name": named.name,
        "title": named.title,
        "description": named.description,
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "description": p.description}
            for p in named.parameters
        ],
        "variables": list(named.variables),
        "examples": list(named.examples),
        "url": url_for("named_queries.run", name=named.name, _external=True),
        "text": url_for("named_queries.text", name=named.name, _external=True),
    }


def _lookup(name: str) -> queries.NamedQuery:
    if name not in queries.names():
        raise NotFound(f"no named query {name!r}; /queries lists them")
    return queries.get(name)


@bp.get("/queries")
def index():
    """Every named query with its documentation (HTML or JSON)."""
    described = [_describe(named) for named in queries.all_queries()]
    if _wants_html():
        return render_template("queries/index.html", queries=described)
    response = jsonify(described)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/queries/<name>.rq")
def text(name: str):
    """The query's SPARQL text."""
    named = _lookup(name)
    return Response(named.text, mimetype="application/sparql-query")


@bp.get("/queries/<name>")
def run(name: str):
    """Run one named query with parameters from the query string."""
    named = _lookup(name)
    values = {key: value for key, value in request.args.items() if key != "format"}
    try:
        substitutions = named.bind(values)
    except UsageProblem as error:
        raise UsageProblem(f"{error}; parameters go in the query string, e.g. ?{_example(named)}") from None
    if _wants_html():
        result = run_query(named.text, substitutions=substitutions, format="json")
        data = result.json()
        variables = data.get("head", {}).get("vars", [])
        rows = data.get("results", {}).get("bindings", [])
        response = Response(
            render_template(
                "queries/result.html",
                query=_describe(named),
                values=values,
                variables=variables,
                rows=rows,
                truncated=result.truncated,
                formats=("json", "xml", "csv", "tsv"),
            ),
            mimetype=HTML,
        )
    else:
        result = run_query(
            named.text, substitutions=substitutions, format=request.args.get("format"),
            accept=request.headers.get("Accept"),
        )
        response = Response(result, content_type=result.content_type)
        if result.truncated:
            response.headers["X-Migkg-Truncated"] = "true"
    response.headers["Vary"] = "Accept"
    return response


def _example(named: queries.NamedQuery) -> str:
    if not named.parameters:
        return "format=csv"
    parameter = named.parameters[0]
    sample = {"country": "BI", "iri": "https://w3id.org/migkg/id/…", "integer": "1", "date": "2014"}
    return f"{parameter.name}={sample.get(parameter.type, 'text')}"
