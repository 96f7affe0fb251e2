"""Writing query results: SPARQL results formats, RDF formats, and a plain-text table."""

import shutil
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from migkg.errors import UnsupportedFormat

#: --format values for SELECT and ASK results
RESULTS_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
#: --format values for CONSTRUCT and DESCRIBE results
GRAPH_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
FORMAT_NAMES = ("table", *RESULTS_FORMATS, *GRAPH_FORMATS)


def plain(term) -> str:
    """A term as a person reads it: the IRI, the literal's text, or _:id; '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def table(variables: list[str], rows: Iterable[list[str]], *, width: int | None = None) -> str:
    """A fixed-width text table, columns shrunk to fit `width` (the terminal's by default)."""
    rows = list(rows)
    width = width or shutil.get_terminal_size((160, 24)).columns
    sizes = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    budget = max(width - 3 * (len(sizes) - 1), len(sizes) * 6)
    while sum(sizes) > budget and max(sizes) > 8:
        widest = sizes.index(max(sizes))
        sizes[widest] -= 1

    def cut(text: str, size: int) -> str:
        return text if len(text) <= size else text[: size - 1] + "…"

    lines = [" | ".join(cut(v, s).ljust(s) for v, s in zip(variables, sizes))]
    lines.append("-+-".join("-" * s for s in sizes))
    lines += [" | ".join(cut(c, s).ljust(s) for c, s in zip(row, sizes)) for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def write(results, fmt: str, output) -> int:
    """Serialise `results` in `fmt` to the binary stream `output`; returns the number of rows or triples.

    :raises UnsupportedFormat: the format does not fit the kind of result.
    """
    if isinstance(results, (QuerySolutions, QueryBoolean)):
        if fmt == "table":
            if isinstance(results, QueryBoolean):
                output.write(f"{'yes' if bool(results) else 'no'}\n".encode())
                return 1
            variables = [v.value for v in results.variables]
            rows = [[plain(solution[v]) for v in variables] for solution in results]
            output.write(table(variables, rows).encode("utf-8"))
            return len(rows)
        if fmt not in RESULTS_FORMATS:
            raise UnsupportedFormat(f"--format {fmt} does not fit SELECT or ASK results; use one of table, {', '.join(RESULTS_FORMATS)}")
        results.serialize(output, RESULTS_FORMATS[fmt])
        return -1
    if fmt == "table":
        fmt = "ttl"
    if fmt not in GRAPH_FORMATS:
        raise UnsupportedFormat(f"--format {fmt} does not fit CONSTRUCT or DESCRIBE results; use one of {', '.join(GRAPH_FORMATS)}")
    results.serialize(output, GRAPH_FORMATS[fmt])
    return -1
