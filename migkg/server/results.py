"""Streaming writers for SPARQL results (JSON, XML, CSV, TSV), one solution at a time.

pyoxigraph's own results serialiser consumes a whole result and cannot stop at a row cap, so
solutions are written here row by row: memory stays constant however many rows stream out, and
the caller stops at the cap. Terms are pyoxigraph terms.

>>> from pyoxigraph import Literal, NamedNode, Variable
>>> out = []
>>> writer = SolutionsWriter("json", [Variable("s"), Variable("label")], out.append)
>>> writer.row([NamedNode("http://example.org/a"), Literal("Rabat", language="en")])
>>> writer.close()
>>> b"".join(out).decode()
'{"head":{"vars":["s","label"]},"results":{"bindings":[\\n{"s":{"type":"uri","value":"http://example.org/a"},"label":{"type":"literal","value":"Rabat","xml:lang":"en"}}\\n]}}\\n'
"""

import csv
import io
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_STRING_NODE = NamedNode(XSD_STRING)
#: bytes of CSV gathered before they are emitted
_CSV_BATCH = 64 * 1024


def _dumps(text: str) -> str:
    """A JSON string literal (UTF-8 kept as is); the C encoder json.dumps uses, without its overhead."""
    return encode_basestring(text)


def json_term(term) -> str:
    """A term as a SPARQL 1.1 JSON results binding object."""
    kind = type(term)
    if kind is NamedNode:
        return '{"type":"uri","value":' + _dumps(term.value) + "}"
    if kind is Literal:
        language = term.language
        if language:
            return '{"type":"literal","value":%s,"xml:lang":%s}' % (_dumps(term.value), _dumps(language))
        datatype = term.datatype
        if datatype == _XSD_STRING_NODE:
            return '{"type":"literal","value":' + _dumps(term.value) + "}"
        return '{"type":"literal","value":%s,"datatype":%s}' % (_dumps(term.value), _dumps(datatype.value))
    if kind is BlankNode:
        return '{"type":"bnode","value":' + _dumps(term.value) + "}"
    if isinstance(term, Triple):
        return '{"type":"triple","value":{"subject":%s,"predicate":%s,"object":%s}}' % (
            json_term(term.subject),
            json_term(term.predicate),
            json_term(term.object),
        )
    raise TypeError(f"not an RDF term: {term!r}")


def xml_term(term) -> str:
    """A term as the content of a SPARQL XML results <binding>."""
    kind = type(term)
    if kind is NamedNode:
        return f"<uri>{escape(term.value)}</uri>"
    if kind is BlankNode:
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind is Literal:
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        datatype = term.datatype
        if datatype == _XSD_STRING_NODE:
            return f"<literal>{escape(term.value)}</literal>"
        return f"<literal datatype={quoteattr(datatype.value)}>{escape(term.value)}</literal>"
    if isinstance(term, Triple):
        return (
            f"<triple><subject>{xml_term(term.subject)}</subject><predicate>{xml_term(term.predicate)}"
            f"</predicate><object>{xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def csv_term(term) -> str:
    """A term as a SPARQL CSV cell: IRIs and lexical forms bare, blank nodes as _:label."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    return str(term)


class SolutionsWriter:
    """Writes a SELECT result in one of json, xml, csv, tsv; `emit` receives bytes."""

    def __init__(self, format_name: str, variables: Sequence, emit: Callable[[bytes], object]):
        self.format = format_name
        self.names = [v.value for v in variables]
        self._keys = [_dumps(name) + ":" for name in self.names]
        self.emit = emit
        self.count = 0
        if format_name == "json":
            emit(('{"head":{"vars":[%s]},"results":{"bindings":[\n' % ",".join(map(_dumps, self.names))).encode())
        elif format_name == "xml":
            head = "".join(f"<variable name={quoteattr(n)}/>" for n in self.names)
            emit(
                (
                    '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head>{head}</head><results>\n"
                ).encode()
            )
        elif format_name == "csv":
            self._buffer = io.StringIO()
            self._csv = csv.writer(self._buffer, lineterminator="\r\n")
            self._csv.writerow(self.names)
            self._flush_csv()
        elif format_name == "tsv":
            emit(("\t".join("?" + n for n in self.names) + "\n").encode())
        else:
            raise ValueError(f"unknown results format {format_name!r}")

    def _flush_csv(self) -> None:
        self.emit(self._buffer.getvalue().encode())
        self._buffer.seek(0)
        self._buffer.truncate()

    def row(self, values: Sequence) -> None:
        """Write one solution; `values` follows the variables' order, None for unbound."""
        if self.format == "json":
            cells = ",".join(key + json_term(v) for key, v in zip(self._keys, values) if v is not None)
            self.emit((("," if self.count else "") + "{" + cells + "}\n").encode())
        elif self.format == "xml":
            cells = "".join(
                f"<binding name={quoteattr(n)}>{xml_term(v)}</binding>"
                for n, v in zip(self.names, values)
                if v is not None
            )
            self.emit(f"<result>{cells}</result>\n".encode())
        elif self.format == "csv":
            self._csv.writerow([csv_term(v) for v in values])
            if self._buffer.tell() >= _CSV_BATCH:
                self._flush_csv()
        else:
            self.emit(("\t".join("" if v is None else str(v) for v in values) + "\n").encode())
        self.count += 1

    def close(self) -> None:
        """Write the end of the document."""
        if self.format == "csv":
            self._flush_csv()
        if self.format == "json":
            self.emit(b"]}}\n")
        elif self.format == "xml":
            self.emit(b"</results></sparql>\n")


def boolean_document(format_name: str, value: bool) -> bytes:
    """An ASK result in one of json, xml, csv, tsv."""
    word = "true" if value else "false"
    if format_name == "json":
        return ('{"head":{},"boolean":%s}\n' % word).encode()
    if format_name == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if format_name in ("csv", "tsv"):
        return f"{word}\n".encode()
    raise ValueError(f"unknown results format {format_name!r}")
