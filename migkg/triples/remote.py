"""RemoteStore: the GraphStore interface over any SPARQL 1.1 Query/Update server (tested with Virtuoso).

Results come back as pyoxigraph objects (SELECT through `pyoxigraph.parse_query_results`,
CONSTRUCT/DESCRIBE as triples), so callers do not care which backend answers.

Configuration: `--store http://host:port/sparql` (the query endpoint). Updates go to
$MIGKG_REMOTE_UPDATE_URL, else to the same URL (for GraphDB `/repositories/ID` the update URL is
`/repositories/ID/statements`; for Fuseki `/DATASET/query` or `/DATASET/sparql` it is
`/DATASET/update`). Credentials: $MIGKG_REMOTE_USER and $MIGKG_REMOTE_PASSWORD (HTTP Basic or
Digest, whichever the server asks for), or a bearer token in $MIGKG_REMOTE_TOKEN.

Union default graph: queries see the merge of the project's graphs (those the build's manifest
lists, plus the entailments and the manifest), sent as `default-graph-uri`/`named-graph-uri`,
so a server's own system graphs (Virtuoso's virtrdf#...) stay out of the answers.
"""

import json
import os
import re
import time
from collections.abc import Iterable, Mapping

import pyoxigraph
import requests
from pyoxigraph import BlankNode, NamedNode, Quad, QueryResultsFormat, RdfFormat, Triple

from migkg.errors import QuerySyntaxError, StoreError, UsageProblem
from migkg.triples.namespaces import PREFIXES
from migkg.triples.store import ENTAILMENTS_GRAPH, MANIFEST_GRAPH, quads_as_update_data, replacement_update

USER_ENV = "MIGKG_REMOTE_USER"
PASSWORD_ENV = "MIGKG_REMOTE_PASSWORD"
TOKEN_ENV = "MIGKG_REMOTE_TOKEN"
UPDATE_URL_ENV = "MIGKG_REMOTE_UPDATE_URL"
#: seconds before a request is abandoned
TIMEOUT = 120
#: quads per INSERT DATA / DELETE DATA operation (Virtuoso's parser runs out of stack near 5000 lines)
DATA_CHUNK = 500
#: seconds the list of the project's graphs is reused before it is read again
GRAPH_LIST_TTL = 5.0

_HAS_PART = "<http://purl.org/dc/terms/hasPart>"
_COMMENT = re.compile(r"#[^\n]*")
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>|define\s+\S+\s+\S+)\s*)*", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read after the prologue.

    :raises QuerySyntaxError: none of them starts the query.
    """
    body = _PROLOGUE.sub("", _COMMENT.sub("", sparql), count=1)
    match = _FORM.match(body)
    if not match:
        raise QuerySyntaxError("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return match.group(1).upper()


def bind_values(sparql: str, form: str, substitutions: Mapping[str, object]) -> str:
    """`sparql` with `VALUES (?a ?b) { (x y) }` as the first element of its WHERE clause.

    :raises QuerySyntaxError: no WHERE clause (or group) to put the values in.
    """
    names = " ".join(f"?{name}" for name in substitutions)
    values = " ".join(str(term) for term in substitutions.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    match = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if match is None and form in ("SELECT", "ASK"):
        match = re.search(r"\{", sparql)
    if match is None:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: match.end()] + block + sparql[match.end():]


def update_url_for(query_url: str) -> str:
    """Where updates go, from the query URL (see the module docstring)."""
    if os.environ.get(UPDATE_URL_ENV):
        return os.environ[UPDATE_URL_ENV]
    if re.search(r"/repositories/[^/]+/?$", query_url):
        return query_url.rstrip("/") + "/statements"
    fuseki = re.match(r"(.*/[^/]+)/(?:query|sparql)/?$", query_url)
    if fuseki and ":3030/" in query_url:
        return fuseki.group(1) + "/update"
    return query_url


class RemoteTriples:
    """The triples of a CONSTRUCT or DESCRIBE answer; iterable, and serialisable like pyoxigraph's QueryTriples."""

    def __init__(self, triples: list[Triple]):
        self._triples = triples

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output=None, format: RdfFormat = RdfFormat.N_TRIPLES):
        """Like QueryTriples.serialize: bytes when `output` is None, else written to it."""
        return pyoxigraph.serialize(self._triples, output, format)


class RemoteStore:
    """A SPARQL 1.1 server behind the GraphStore interface (see the module docstring)."""

    is_remote = True

    def __init__(self, url: str, *, update_url: str | None = None, read_only: bool = False,
                 user: str | None = None, password: str | None = None, token: str | None = None):
        self.url = url
        self.update_url = update_url or update_url_for(url)
        self.read_only = read_only
        self.path = None
        self.virtuoso = False
        self._big_data_const = True
        self._credentials = (user, password) if user else None
        self._session = requests.Session()
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        self._graphs_cache: tuple[float, list[NamedNode]] | None = None

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> "RemoteStore":
        """Connect to the endpoint at `url` (credentials from the environment) and check that it answers.

        :raises StoreError: the server is unreachable, refuses the credentials, or is no SPARQL endpoint.
        """
        store = cls(url, read_only=read_only, user=os.environ.get(USER_ENV), password=os.environ.get(PASSWORD_ENV),
                    token=os.environ.get(TOKEN_ENV))
        response = store._post(url, {"query": "ASK { }"}, accept="application/sparql-results+json")
        store.virtuoso = "virtuoso" in response.headers.get("Server", "").lower()
        return store

    # --- HTTP -------------------------------------------------------------------------------------

    def _auth_for(self, response: requests.Response):
        challenge = response.headers.get("WWW-Authenticate", "")
        user, password = self._credentials
        if challenge.lower().startswith("digest"):
            return requests.auth.HTTPDigestAuth(user, password)
        return requests.auth.HTTPBasicAuth(user, password)

    def _post(self, url: str, data, *, accept: str) -> requests.Response:
        try:
            response = self._session.post(url, data=data, headers={"Accept": accept}, timeout=TIMEOUT)
            if response.status_code == 401 and self._credentials and self._session.auth is None:
                self._session.auth = self._auth_for(response)
                response = self._session.post(url, data=data, headers={"Accept": accept}, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {error}") from error
        if response.status_code in (401, 403) or "No permission" in response.text[:500]:
            raise StoreError(
                f"{url} refused the request (HTTP {response.status_code}); set {USER_ENV} and {PASSWORD_ENV} "
                "to an account allowed to query and update"
            )
        if response.status_code == 400:
            raise QuerySyntaxError(f"{url} rejected the request: {_first_line(response.text)}")
        if response.status_code >= 300:
            raise StoreError(f"{url} answered HTTP {response.status_code}: {_first_line(response.text)}")
        return response

    # --- reading ----------------------------------------------------------------------------------

    def _prologue(self) -> str:
        return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

    def project_graphs(self) -> list[NamedNode]:
        """The graphs the build wrote (from the manifest), plus the entailments and the manifest."""
        now = time.monotonic()
        if self._graphs_cache and now - self._graphs_cache[0] < GRAPH_LIST_TTL:
            return self._graphs_cache[1]
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH {MANIFEST_GRAPH} {{ ?entry {_HAS_PART} ?g }} }}", {})
        graphs = sorted({row["g"] for row in rows} | {ENTAILMENTS_GRAPH, MANIFEST_GRAPH}, key=lambda g: g.value)
        self._graphs_cache = (now, graphs)
        return graphs

    def _select(self, sparql: str, params: Mapping[str, object]):
        response = self._post(self.url, {"query": self._prologue() + sparql, **params},
                              accept="application/sparql-results+json")
        return pyoxigraph.parse_query_results(self._normalised_results(response.content), QueryResultsFormat.JSON)

    def _normalised_results(self, content: bytes) -> bytes:
        """SPARQL JSON results with Virtuoso's quirks undone: `nodeID://` blank nodes, booleans as 1/0."""
        if not self.virtuoso:
            return content
        results = json.loads(content)
        for binding in results.get("results", {}).get("bindings", []):
            for term in binding.values():
                if term.get("type") == "bnode":
                    term["value"] = re.sub(r"[^A-Za-z0-9]", "", term["value"].removeprefix("nodeID://"))
                elif term.get("datatype") == "http://www.w3.org/2001/XMLSchema#boolean":
                    term["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])
        return json.dumps(results).encode("utf-8")

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, object] | None = None,
        union: bool = True,
        default_graph: Iterable[NamedNode] | None = None,
        named_graphs: Iterable[NamedNode] | None = None,
        base_iri: str | None = None,
    ):
        """Run a query on the server; same arguments and result types as GraphStore.query.

        `substitutions` become a VALUES block at the start of the WHERE clause (the values join
        the pattern, as pyoxigraph's substitutions do for the usual shapes of query).

        :raises QuerySyntaxError: the server rejects the query as malformed.
        :raises StoreError: the server fails or cannot be reached.
        """
        form = query_form(sparql)
        if substitutions:
            sparql = bind_values(sparql, form, substitutions)
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        params: dict[str, object] = {}
        if default_graph is not None:
            params["default-graph-uri"] = [g.value for g in default_graph]
        elif union and not _DATASET_CLAUSE.search(sparql):
            params["default-graph-uri"] = [g.value for g in self.project_graphs()]
        if named_graphs is not None:
            params["named-graph-uri"] = [g.value for g in named_graphs]
        elif "default-graph-uri" in params:
            params["named-graph-uri"] = [g.value for g in self.project_graphs()]
        if form in ("SELECT", "ASK"):
            return self._select(sparql, params)
        response = self._post(self.url, {"query": self._prologue() + sparql, **params}, accept="application/n-triples")
        try:
            triples = [q.triple for q in pyoxigraph.parse(response.content, RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            raise StoreError(f"{self.url} sent triples that do not parse: {error}") from error
        return RemoteTriples(triples)

    def quads(self, subject=None, predicate=None, obj=None, graph=None) -> list[Quad]:
        """The quads matching a pattern (None matches anything), in the project's graphs.

        One request per graph, so that a server's cap on result rows applies per graph.
        """
        if graph is None:
            return [q for g in self.project_graphs() for q in self.quads(subject, predicate, obj, g)]
        bound = {name: term for name, term in (("s", subject), ("p", predicate), ("o", obj)) if term is not None}
        values = ""
        if bound:
            values = (" VALUES (" + " ".join(f"?{n}" for n in bound) + ") { ("
                      + " ".join(map(str, bound.values())) + ") }")
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{{values} GRAPH {graph} {{ ?s ?p ?o }} }}", {})
        return [Quad(row["s"], row["p"], row["o"], graph) for row in rows]

    def named_graphs(self) -> list[NamedNode]:
        """The project's graphs that hold triples on the server."""
        rows = self._select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?g { "
            + " ".join(map(str, self.project_graphs())) + " } }", {},
        )
        return sorted((row["g"] for row in rows), key=lambda g: g.value)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        """Whether the server holds triples in `graph`."""
        return bool(self._select(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", {}))

    def __len__(self) -> int:
        graphs = " ".join(map(str, self.project_graphs()))
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ {graphs} }} }}", {})
        return int(next(iter(rows))["n"].value)

    def graph_filter(self, variable: str) -> str:
        """A SPARQL group element that keeps ?`variable` to graphs the build's manifest lists."""
        return f"GRAPH {MANIFEST_GRAPH} {{ ?manifestEntry_{variable} {_HAS_PART} ?{variable} }}"

    def describe(self) -> str:
        """The endpoint, for messages."""
        return self.url

    # --- writing ----------------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update on the server (one request).

        :raises UsageProblem: the store was opened read-only.
        """
        if self.read_only:
            raise UsageProblem(f"{self.url} was opened read-only")
        text = self._prologue() + (f"BASE <{base_iri}>\n" if base_iri else "") + sparql
        self._graphs_cache = None
        if self.virtuoso and self._big_data_const:
            # let Virtuoso pass big INSERT DATA payloads as data instead of compiling them into SQL text
            # (its limit is 10000 lines of SQL); an endpoint that cannot run that way says so
            try:
                self._post(self.update_url, {"update": "define sql:big-data-const 1\n" + text}, accept="*/*")
                return
            except QuerySyntaxError as error:
                if "big-data-const 0" not in str(error):
                    raise
                self._big_data_const = False
        self._post(self.update_url, {"update": text}, accept="*/*")

    def replace_graphs(self, drop: Iterable[NamedNode], insert: Iterable[Quad], *,
                       forget: Iterable[tuple[NamedNode, NamedNode]] = (), delete: Iterable[Quad] = (),
                       then: str = "") -> None:
        """Drop `drop`, delete `forget` (graph, subject) pairs and `delete`, insert `insert`, run `then`: ONE request.

        Whether the server applies a request all-or-nothing is up to it (docs/store.md).
        """
        insert = list(insert)
        ground = [q for q in insert if not _has_blank_node(q)]
        with_blank_nodes = [q for q in insert if _has_blank_node(q)]
        text = replacement_update(drop, ground, forget=forget, delete=delete, chunk=DATA_CHUNK)
        operations = [text] if text else []
        if with_blank_nodes:
            # blank nodes are not allowed in INSERT DATA by some servers: a template keeps them linked
            operations.append("INSERT {\n" + "\n".join(quads_as_update_data(with_blank_nodes)) + "\n} WHERE { }")
        if then.strip():
            operations.append(then)
        if operations:
            self.update(" ;\n".join(operations))

    def extend(self, quads: Iterable[Quad]) -> None:
        """Add quads (one request)."""
        self.replace_graphs((), quads)

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove the given graphs (one request)."""
        self.replace_graphs(graphs, ())

    def flush(self) -> None:
        """Nothing to do: the server persists each request."""

    def optimize(self) -> None:
        """Nothing to do on a server."""

    def backup(self, target) -> None:
        """Not possible over SPARQL.

        :raises UsageProblem: always; export a dump instead.
        """
        raise UsageProblem(f"{self.url} is a remote endpoint; back it up with `migkg export --out FILE.nq.gz`")

    def close(self) -> None:
        """Close the HTTP session."""
        self._session.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _has_blank_node(quad: Quad) -> bool:
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "(no message)"
