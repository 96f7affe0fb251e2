"""Content negotiation for SPARQL results and RDF: pure functions, no Flask.

A result's kind decides the table: SELECT and ASK answer in SPARQL results formats, CONSTRUCT
and DESCRIBE (and Graph Store reads) in RDF formats. A `format` parameter, by short name or
media type, wins over the Accept header.

>>> choose("SELECT", accept="text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> choose("CONSTRUCT", accept=None).media_type
'text/turtle'
>>> choose("ASK", accept="*/*", format_param="tsv").name
'tsv'
>>> choose("SELECT", accept="text/turtle")
Traceback (most recent call last):
...
migkg.server.negotiation.NotAcceptable: none of the media types in Accept: text/turtle fits a SELECT result; available: application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values (or ?format=json|xml|csv|tsv)
"""

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from migkg.errors import UnsupportedFormat


class NotAcceptable(UnsupportedFormat):
    """No format the client accepts fits the result (HTTP 406)."""

    http_status = 406


@dataclass(frozen=True)
class Format:
    """A serialisation: short name (the `format` parameter), media type, and other names for it."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats say UTF-8)."""
        return f"{self.media_type}; charset=utf-8"


#: SPARQL results formats, the default first
RESULTS_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)

#: RDF formats, the default first
RDF_FORMATS = (
    Format("ttl", "text/turtle", ("application/x-turtle", "turtle")),
    Format("nt", "application/n-triples", ("text/plain", "ntriples")),
    Format("rdfxml", "application/rdf+xml", ("xml", "rdf")),
    Format("jsonld", "application/ld+json", ("json-ld", "application/json", "json")),
    Format("trig", "application/trig"),
    Format("nq", "application/n-quads", ("nquads", "text/x-nquads")),
)

#: query forms whose result is a table of solutions or a boolean
RESULTS_FORMS = frozenset({"SELECT", "ASK"})
#: query forms whose result is a graph
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form can be answered in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "GRAPH")."""
    return RESULTS_FORMATS if form.upper() in RESULTS_FORMS else RDF_FORMATS


def by_name(name: str, form: str) -> Format:
    """The format of `form`'s table called `name` (short name, alias or media type).

    :raises NotAcceptable: no such format for this kind of result.
    """
    wanted = name.strip().lower()
    table = formats_for(form)
    for fmt in table:
        if wanted == fmt.name or wanted == fmt.media_type or wanted in fmt.aliases:
            return fmt
    names = "|".join(f.name for f in table)
    raise NotAcceptable(f"format={name!r} does not fit a {form.upper()} result; use one of {names}")


def choose(form: str, *, accept: str | None, format_param: str | None = None) -> Format:
    """The format for a result of `form`, from the `format` parameter or the Accept header.

    No Accept header (or an empty one) gives the table's default.

    :raises NotAcceptable: the client accepts nothing this result can be written in.
    """
    if format_param:
        return by_name(format_param, form)
    table = formats_for(form)
    parsed = parse_accept_header(accept or "", MIMEAccept)
    if not parsed:
        return table[0]
    # primary media types first: on a tie werkzeug prefers the earlier offer
    offers = [fmt.media_type for fmt in table]
    offers += [alias for fmt in table for alias in fmt.aliases if "/" in alias]
    best = parsed.best_match(offers)
    if best is None:
        available = ", ".join(f.media_type for f in table)
        names = "|".join(f.name for f in table)
        raise NotAcceptable(
            f"none of the media types in Accept: {accept} fits a {form.upper()} result; "
            f"available: {available} (or ?format={names})"
        )
    return by_name(best, form)


def rdf_format_for_media_type(media_type: str) -> Format | None:
    """The RDF format a request body's Content-Type names (parameters ignored), or None."""
    bare = media_type.split(";", 1)[0].strip().lower()
    for fmt in RDF_FORMATS:
        if bare == fmt.media_type or (bare in fmt.aliases and "/" in bare):
            return fmt
    return None
