"""Full-text search over the labels and texts of the graph, English and French, accents ignored.

The index is an in-memory SQLite FTS5 table built from the store on first use and rebuilt when
the store's version changes. Queries are words, not FTS5 syntax: each word must appear, the last
one may be a prefix ("migra" finds "migration"), case and accents do not matter.
"""

import re
import sqlite3
import threading
import weakref
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from migkg.server.resource import store_version
from migkg.triples.store import GraphStore

#: properties whose text is indexed, and the column each goes to
INDEXED = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "label",
    "http://purl.org/dc/terms/title": "label",
    "https://w3id.org/migkg/ontology#acronym": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "label",
    "https://w3id.org/migkg/ontology#summary": "body",
    "https://w3id.org/migkg/ontology#objective": "body",
    "https://w3id.org/migkg/ontology#body": "body",
    "http://www.w3.org/2000/01/rdf-schema#comment": "body",
    "http://www.w3.org/2004/02/skos/core#definition": "body",
}
#: marks around matched words in snippets (control characters never found in labels)
MATCH_START, MATCH_END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """A resource that matches: its IRI and a stretch of its text with the matches marked."""

    iri: str
    snippet: str


def fts_query(text: str) -> str | None:
    """The FTS5 expression for words typed by a user (every word, last one as a prefix), or None."""
    words = _WORD.findall(text)[:12]
    if not words:
        return None
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet split into (text, is_match) pieces for safe rendering."""
    parts = []
    for piece in re.split(f"({MATCH_START}[^{MATCH_END}]*{MATCH_END})", snippet):
        if not piece:
            continue
        if piece.startswith(MATCH_START):
            parts.append((piece.strip(MATCH_START + MATCH_END), True))
        else:
            parts.append((piece, False))
    return parts


class SearchIndex:
    """An FTS5 index of one version of the store."""

    def __init__(self, store: GraphStore):
        self.version = store_version(store)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(iri UNINDEXED, label, body, tokenize='unicode61 remove_diacritics 2')"
        )
        self._db.executemany("INSERT INTO docs (iri, label, body) VALUES (?, ?, ?)", self._rows(store))
        self._db.commit()

    @staticmethod
    def _rows(store: GraphStore):
        """(iri, labels, texts) per resource, read by direct pattern lookups per indexed property."""
        texts: dict[str, dict[str, dict[str, None]]] = {}
        for predicate, column in INDEXED.items():
            for quad in store.quads(None, NamedNode(predicate)):
                if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal):
                    columns = texts.setdefault(quad.subject.value, {"label": {}, "body": {}})
                    columns[column][quad.object.value] = None
        for iri, columns in texts.items():
            yield iri, "\n".join(columns["label"]), "\n".join(columns["body"])

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def search(self, text: str, *, limit: int = 50, offset: int = 0) -> list[Hit]:
        """The resources whose labels or texts contain every word of `text`, best first."""
        expression = fts_query(text)
        if expression is None:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT iri, snippet(docs, -1, ?, ?, '…', 16) FROM docs WHERE docs MATCH ? "
                "ORDER BY bm25(docs, 0, 10.0, 1.0) LIMIT ? OFFSET ?",
                (MATCH_START, MATCH_END, expression, int(limit), int(offset)),
            ).fetchall()
        return [Hit(iri, snippet) for iri, snippet in rows]


_indexes: "weakref.WeakKeyDictionary[GraphStore, SearchIndex]" = weakref.WeakKeyDictionary()
_build_lock = threading.Lock()


def index_for(store: GraphStore) -> SearchIndex:
    """The search index of the store's current version, built if the store has changed."""
    with _build_lock:
        current = _indexes.get(store)
        if current is None or current.version != store_version(store):
            current = SearchIndex(store)
            _indexes[store] = current
        return current
