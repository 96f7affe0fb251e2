"""Security of the live server beyond the core protocol tests (tests/test_server_security.py).

One `migkg serve` on 127.0.0.1 over a store built with `migkg build` from invented documents
that carry HTML and script in their titles and bodies. Each test fails on a naive server:
SERVICE/LOAD in forms the basic checks miss, writes with wrong credentials, query bombs,
oversized and malformed requests, path traversal, markup injection, CORS and the token in logs.
"""

import http.client
import json
import socket
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import requests

from bench.soak import LiveServer, build_store

TOKEN = "sec-token-3b9f0e7d51c2a8466e"
DATA = Path(__file__).parent / "data" / "security"
PACKAGE = Path(__file__).resolve().parent.parent / "migkg"


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("security")
    path = directory / "store"
    with open(directory / "build.log", "wb") as log:
        completed = build_store(path, [str(DATA)], log=log)
    assert completed.returncode == 0, (directory / "build.log").read_text()
    return path


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    log = tmp_path_factory.mktemp("security-log") / "server.log"
    running = LiveServer(store, "--workers", "2", "--timeout", "3", token=TOKEN, log_path=log)
    yield running
    running.stop()


class Listener:
    """A loopback HTTP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.connections = 0
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            try:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 0\r\n\r\n")
            finally:
                connection.close()

    def contacted(self, wait: float = 0.1) -> bool:
        threading.Event().wait(wait)
        return self.connections > 0

    def close(self) -> None:
        self.closed.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture()
def listener():
    running = Listener()
    yield running
    running.close()


def _dump(server: LiveServer) -> set[str]:
    response = requests.get(server.url + "/store", headers={"Accept": "application/n-quads"}, timeout=60)
    assert response.status_code == 200
    return set(response.text.splitlines())


def _alive(server: LiveServer) -> None:
    response = server.query("ASK { ?s ?p ?o }")
    assert response.status_code == 200 and response.json()["boolean"] is True


def _raw(server: LiveServer, method: str, target: str, *, headers: dict | None = None, body: bytes = b"") -> tuple[int, bytes]:
    """A request with the target sent byte for byte (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body or None)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- SERVICE and LOAD in the forms a keyword filter misses -----------------------------------------


QUERY_FORMS = [
    "BASE <{url}>\nSELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <\\u0068ttp{rest}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE#comment\n<{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE\r\n\t<{url}>{?s ?p ?o} }",
    "SELECT * WHERE { { { OPTIONAL { ?a ?b ?c FILTER EXISTS { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } } } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER (EXISTS { SERVICE <{url}> { ?s ?p ?o } } || true) }",
    "SELECT (EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?e) WHERE { }",
    "PREFIX : <{url}>\nSELECT * WHERE { SERVICE :sparql { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?x { 1 } SERVICE SILENT <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", QUERY_FORMS)
@pytest.mark.parametrize("transport", ["get", "form", "direct"])
def test_service_in_any_form_and_transport_makes_no_outbound_request(server, listener, template, transport):
    query = template.replace("{url}", listener.url).replace("{rest}", listener.url[1:])
    if transport == "get":
        response = requests.get(server.url + "/sparql", params={"query": query}, timeout=30)
    elif transport == "form":
        response = requests.post(server.url + "/sparql", data={"query": query}, timeout=30)
    else:
        response = server.query(query)
    assert response.status_code in (400, 403), (response.status_code, response.text[:300])
    assert not listener.contacted(), f"the server fetched {listener.url} for: {query!r}"


UPDATE_FORMS = [
    "INSERT { <http://example.org/s> <http://example.org/p> ?o } WHERE { SERVICE <{url}> { ?x ?y ?o } }",
    "WITH <http://example.org/g> INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "PREFIX r: <{url}>\nLOAD r:data.ttl",
    "LOAD#comment\n<{url}data.ttl> INTO GRAPH <http://example.org/g>",
    "lOaD SiLeNt <{url}x>",
    "BASE <{url}>\nLOAD <data.ttl>",
    "CREATE SILENT GRAPH <http://example.org/new> ;\nLOAD <{url}data.ttl> INTO GRAPH <http://example.org/new>",
]


@pytest.mark.parametrize("template", UPDATE_FORMS)
@pytest.mark.parametrize("transport", ["form", "direct"])
def test_load_and_service_in_updates_make_no_outbound_request_and_change_nothing(server, listener, template, transport):
    before = _dump(server)
    update = template.replace("{url}", listener.url)
    if transport == "form":
        response = requests.post(server.url + "/sparql", data={"update": update}, timeout=30, headers=server.auth())
    else:
        response = server.update(update)
    assert response.status_code in (400, 403), (response.status_code, response.text[:300])
    assert not listener.contacted(), f"the server fetched {listener.url} for: {update!r}"
    assert _dump(server) == before


def test_named_query_parameters_cannot_smuggle_a_service_call(server, listener):
    listing = requests.get(server.url + "/queries", headers={"Accept": "application/json"}, timeout=30)
    assert listing.status_code == 200
    described = listing.json()
    assert described, "no named queries to test"
    payload = f'x"> }} SERVICE <{listener.url}> {{ ?a ?b ?c }} # '
    for named in described:
        params = {p["name"]: payload for p in named["parameters"]} or {"extra": payload}
        response = requests.get(f"{server.url}/queries/{named['name']}", params=params, timeout=30,
                                headers={"Accept": "application/sparql-results+json"})
        assert response.status_code < 500, (named["name"], response.status_code, response.text[:300])
    search = requests.get(server.url + "/search", params={"q": payload}, timeout=30)
    assert search.status_code < 500
    assert not listener.contacted()


# --- credentials ----------------------------------------------------------------------------------


WRONG_CREDENTIALS = [
    {},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"Authorization": "Bearer"},
    {"Authorization": f"Bearer  {TOKEN[:8]}"},
    {"X-Update-Token": TOKEN},
]


@pytest.mark.parametrize("headers", WRONG_CREDENTIALS, ids=range(len(WRONG_CREDENTIALS)))
def test_writes_with_missing_or_wrong_credentials_change_nothing(server, headers):
    before = _dump(server)
    graph = "http://example.org/graph/intruder"
    turtle = {"Content-Type": "text/turtle", **headers}
    attempts = [
        requests.post(server.url + "/sparql", timeout=30, data=b"INSERT DATA { <http://example.org/x> <http://example.org/y> 1 }",
                      headers={"Content-Type": "application/sparql-update", **headers}),
        requests.post(server.url + "/sparql", timeout=30, data={"update": "CLEAR ALL"}, headers=headers),
        requests.post(server.url + "/sparql", timeout=30, params={"access_token": TOKEN},
                      data=b"DROP ALL", headers={"Content-Type": "application/sparql-update", **headers}),
        requests.put(server.url + "/store", params={"graph": graph}, data=b"<http://a> <http://b> <http://c> .",
                     headers=turtle, timeout=30),
        requests.post(server.url + "/store", params={"graph": graph}, data=b"<http://a> <http://b> <http://c> .",
                      headers=turtle, timeout=30),
        requests.post(server.url + "/store", data=b"<http://a> <http://b> <http://c> .", headers=turtle, timeout=30),
        requests.put(server.url + "/store", params={"default": ""}, data=b"", headers=turtle, timeout=30),
        requests.delete(server.url + "/store", params={"default": ""}, headers=headers, timeout=30),
        requests.delete(server.url + "/store/graphs/anything", headers=headers, timeout=30),
    ]
    for response in attempts:
        assert response.status_code in (401, 403), (response.request.method, response.request.url, response.status_code)
        if response.status_code == 401:
            assert response.headers.get("WWW-Authenticate", "").lower().startswith("bearer")
    assert _dump(server) == before


# --- query bombs ----------------------------------------------------------------------------------


BOMBS = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (<http://www.w3.org/2000/01/rdf-schema#label>|!<http://www.w3.org/2000/01/rdf-schema#label>)* ?o . "
    "?o (<http://www.w3.org/2000/01/rdf-schema#label>|!<http://www.w3.org/2000/01/rdf-schema#label>)* ?x . "
    "?x (<http://www.w3.org/2000/01/rdf-schema#label>|!<http://www.w3.org/2000/01/rdf-schema#label>)* ?y }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x:none>)+ ?b . ?b (!<urn:x:none>)+ ?c . ?c (!<urn:x:none>)+ ?d }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER (REGEX(CONCAT(STR(?b), STR(?d), STR(?f)), '(a+)+$')) }",
]


@pytest.mark.slow
@pytest.mark.parametrize("bomb", BOMBS, ids=["path-star", "path-plus-join", "cartesian-regex"])
def test_a_query_bomb_stops_at_the_timeout_while_others_are_served(server, bomb):
    answered: list[float] = []
    refused: list[str] = []
    stop = threading.Event()
    _wait_for_every_worker(server, 2)

    def other_client() -> None:
        while not stop.is_set():
            started = time.monotonic()
            response = server.query("SELECT ?s WHERE { ?s a owl:Class } LIMIT 3")
            if response.status_code == 200:
                answered.append(time.monotonic() - started)
            else:
                refused.append(f"{response.status_code} {response.text.strip()}")

    def send_bomb() -> requests.Response:
        for _ in range(3):  # a worker killed by the previous bomb may still be starting: wait for it
            response = server.query(bomb, timeout=120)
            if not (response.status_code == 503 and "busy" in response.text):
                return response
            threading.Event().wait(2.0)
        return response

    started = time.monotonic()
    result: dict = {}
    bomber = threading.Thread(target=lambda: result.setdefault("r", send_bomb()))
    bomber.start()
    threading.Event().wait(0.3)
    others = threading.Thread(target=other_client)
    others.start()
    bomber.join(timeout=120)
    stop.set()
    others.join(timeout=60)
    elapsed = time.monotonic() - started
    response = result["r"]
    assert response.status_code == 503, (response.status_code, response.text[:200])
    assert "limit" in response.text.lower(), response.text
    assert elapsed < 3 + 20, f"the bomb ran {elapsed:.1f} s against a 3 s limit"
    assert len(answered) >= 2, f"no other client was served while the bomb ran: {refused[:3]}"
    _alive(server)


def _wait_for_every_worker(server: LiveServer, workers: int, limit: float = 60.0) -> None:
    """Until `workers` queries sent at once are all answered (a worker killed at a deadline is replaced by then)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        barrier = threading.Barrier(workers)
        statuses: list[int] = []

        def one() -> None:
            barrier.wait()
            statuses.append(server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=30).status_code)

        threads = [threading.Thread(target=one) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if statuses == [200] * workers:
            return
        threading.Event().wait(0.5)
    raise AssertionError(f"the server did not get {workers} workers back within {limit} s")


# --- oversized and malformed requests --------------------------------------------------------------


def test_oversized_headers_are_refused_and_the_server_stays_up(server):
    for headers in (
        {"X-Big": "a" * 100_000},
        {f"X-H{i}": "v" for i in range(300)},
        {"Cookie": "c=" + "b" * 70_000},
    ):
        try:
            response = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers=headers, timeout=30)
            assert response.status_code in (400, 413, 431), response.status_code
        except requests.ConnectionError:
            pass  # closing the connection on a huge header block is a refusal too
        _alive(server)


def test_an_oversized_request_line_is_refused(server):
    query = "ASK { FILTER (" + " || ".join(["true"] * 20_000) + ") }"
    try:
        response = requests.get(server.url + "/sparql", params={"query": query}, timeout=30)
        assert response.status_code in (400, 413, 414, 431), response.status_code
    except requests.ConnectionError:
        pass
    _alive(server)


def test_oversized_bodies_on_every_writable_route_are_refused(server):
    body = b"<http://a> <http://b> \"" + b"x" * (70 * 1024 * 1024) + b"\" .\n"
    for method, path, headers in (
        ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("PUT", "/store?graph=http://example.org/big", {"Content-Type": "application/n-triples", **server.auth()}),
    ):
        try:
            response = requests.request(method, server.url + path, data=body, headers=headers, timeout=60)
            assert response.status_code == 413, (path, response.status_code)
        except requests.ConnectionError:
            pass
        _alive(server)


MALFORMED_TARGETS = [
    "/sparql?query=%E0%A4%A",
    "/sparql?query=%ZZ%ZZ",
    "/sparql?query=ASK%20%7B%7D%FF%FE",
    "/sparql?query=%C0%AF",
    "/sparql?query=ASK%20%7B%7D&default-graph-uri=%FF",
    "/sparql?query=ASK%20%7B%7D&timeout=%FF",
    "/store?graph=http%3A%2F%2Fexample.org%2F%FF",
    "/search?q=%FF%FE%FD",
    "/search?q=%",
    "/id/action/%FF%FE",
    "/page/action/%C3%28",
    "/data/action/%ED%A0%80.ttl",
    "/queries/actions?country=%FF",
    "/country/%FF",
    "/dumps/%FF",
    "/browse/%FF",
]


@pytest.mark.parametrize("target", MALFORMED_TARGETS)
def test_malformed_percent_encoding_and_utf8_in_urls_are_never_500(server, target):
    status, body = _raw(server, "GET", target, headers={"Accept": "application/sparql-results+json, text/html;q=0.5"})
    assert status < 500, (target, status, body[:300])
    assert b"Traceback" not in body


@pytest.mark.parametrize("content_type, body", [
    ("application/sparql-query", b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }"),
    ("application/sparql-update", b"INSERT DATA { <http://a> <http://b> \"\xc0\xaf\" }"),
    ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D%FF"),
    ("application/x-www-form-urlencoded", b"query=%E0%A4%A"),
    ("application/x-www-form-urlencoded", b"update=INSERT%20DATA%20%7B%7D%C3%28"),
    ("application/sparql-query; charset=latin-1", b"ASK {}"),
])
def test_invalid_utf8_in_bodies_is_a_client_error(server, content_type, body):
    before = _dump(server)
    status, text = _raw(server, "POST", "/sparql", headers={"Content-Type": content_type, **server.auth()}, body=body)
    assert 400 <= status < 500, (status, text[:300])
    assert _dump(server) == before


def test_invalid_utf8_in_a_graph_store_upload_is_400(server):
    status, text = _raw(server, "PUT", "/store?graph=http://example.org/graph/bad",
                        headers={"Content-Type": "text/turtle", **server.auth()},
                        body=b"<http://a> <http://b> \"\xff\xfe\" .")
    assert status == 400, (status, text[:300])


# --- path traversal -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canary(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "canary.txt"
    path.write_text("CANARY-9f2c41 outside the package")
    return path


def _traversals(canary: Path) -> list[str]:
    static = PACKAGE / "server" / "static"
    depth = len(static.parts) - 1
    up = "../" * depth
    relative = up + str(canary).lstrip("/")
    variants = [
        relative,
        relative.replace("/", "%2f"),
        relative.replace("../", "..%2f"),
        relative.replace("../", "%2e%2e%2f"),
        relative.replace("../", "%2e%2e/"),
        relative.replace("../", "..%5c"),
        relative.replace("../", "..\\"),
        relative.replace("../", "%252e%252e%252f"),
        relative.replace("../", "..%c0%af"),
        relative.replace("../", "....//"),
        str(canary),
        quote(str(canary), safe=""),
        "/" + str(canary),
        "%2f" + quote(str(canary).lstrip("/"), safe=""),
        up + "etc/passwd",
        ("..%2f" * depth) + "etc%2fpasswd",
        "C:%5cWindows%5cwin.ini",
        "..%00/etc/passwd",
    ]
    return variants


ROUTES = ["/static/{p}", "/dumps/{p}", "/ontology.{p}", "/page/{p}", "/data/{p}", "/id/{p}", "/vocab/{p}",
          "/queries/{p}", "/browse/{p}", "/browse/class/{p}", "/country/{p}", "/store/{p}", "/{p}"]


@pytest.mark.parametrize("route", ROUTES)
def test_path_traversal_never_reads_files_outside_the_package(server, canary, route):
    for payload in _traversals(canary):
        target = route.replace("{p}", payload)
        if not target.startswith("/"):
            target = "/" + target
        for _ in range(3):  # follow redirects on the same server only
            status, body = _raw(server, "GET", target, headers={"Accept": "text/html, */*;q=0.1"})
            assert b"CANARY-9f2c41" not in body, f"{target} served the canary file"
            assert b"root:x:0:0" not in body, f"{target} served /etc/passwd"
            assert status < 500, (target, status, body[:200])
            if status in (301, 302, 303, 307, 308):
                location = _location(server, target)
                if location is None:
                    break
                target = location
                continue
            assert status in (200, 400, 403, 404, 405, 406), (target, status)
            if status == 200:
                assert route in ("/browse/{p}", "/browse/class/{p}", "/{p}", "/page/{p}", "/id/{p}", "/country/{p}",
                                 "/queries/{p}"), f"{target} answered 200"
            break


def _location(server: LiveServer, target: str) -> str | None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", target, headers={"Accept": "text/html"})
        location = connection.getresponse().getheader("Location")
    finally:
        connection.close()
    if not location:
        return None
    parsed = urlparse(location)
    if parsed.netloc and parsed.netloc != f"127.0.0.1:{server.port}":
        return None
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


# --- markup injection through document text --------------------------------------------------------


class _Markup(HTMLParser):
    """Collects what a browser would execute: script bodies, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self.handlers: list[str] = []
        self.injected_tags: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src") and value and value.strip().lower().startswith("javascript:"):
                self.handlers.append(f"{tag} {name}={value}")
        if tag in ("img", "svg") and (attributes.get("src") == "x" or "onload" in attributes or "onerror" in attributes):
            self.injected_tags.append(tag)
        if tag == "script":
            self._script_type = attributes.get("type") or "text/javascript"
            self.scripts.append((self._script_type, ""))

    def handle_data(self, data):
        if self._script_type is not None:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None


def _assert_inert(html: str, where: str) -> None:
    markup = _Markup()
    markup.feed(html)
    assert not markup.handlers, f"{where}: event handlers from the data: {markup.handlers}"
    assert not markup.injected_tags, f"{where}: injected tags {markup.injected_tags}"
    for kind, body in markup.scripts:
        if "json" in kind:
            json.loads(body)  # a '</script>' in the data would have cut it short
        else:
            assert "alert(" not in body, f"{where}: injected script {body[:200]!r}"


def _injected_resources(server: LiveServer) -> list[str]:
    response = server.query(
        "SELECT DISTINCT ?s WHERE { ?s a ?type ; ?p ?o "
        "FILTER (STRSTARTS(STR(?s), 'https://w3id.org/migkg/id/') && isLiteral(?o) && CONTAINS(STR(?o), 'alert(')) }"
    )
    assert response.status_code == 200
    return [row["s"]["value"] for row in response.json()["results"]["bindings"]]


def _local_path(iri: str) -> str:
    """The server path of a minted IRI (the server answers for the default base https://w3id.org/migkg/)."""
    return "/" + iri.removeprefix("https://w3id.org/migkg/")


def test_document_text_is_escaped_on_every_page_that_shows_it(server):
    resources = _injected_resources(server)
    assert len(resources) >= 2, f"the injected documents produced too few resources: {resources}"
    shown = 0
    for iri in resources:
        path = _local_path(iri)
        response = requests.get(server.url + path, headers={"Accept": "text/html"}, timeout=30)
        assert response.status_code == 200, (path, response.status_code)
        _assert_inert(response.text, path)
        if "&lt;script&gt;alert(" in response.text or "alert(" in response.text:
            shown += 1
    assert shown, "no page showed the injected text at all: nothing was tested"


@pytest.mark.parametrize("path, params", [
    ("/search", {"q": "alert"}),
    ("/search", {"q": "<script>alert(7)</script>"}),
    ("/search", {"q": '"><img src=x onerror=alert(8)>'}),
    ("/query", {"query": "</textarea><script>alert(9)</script>"}),
    ("/sparql", {"query": "SELECT * WHERE { ?s ?p '</script><script>alert(10)</script>' }"}),
    ("/", {}),
    ("/browse", {}),
    ("/queries", {}),
    ("/queries/country-profile", {"country": "<script>alert(11)</script>"}),
    ("/page/news/%3Cscript%3Ealert(12)%3C%2Fscript%3E", {}),
    ("/id/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(13)%3E", {}),
    ("/country/%3Cscript%3Ealert(14)%3C%2Fscript%3E", {}),
    ("/browse/class/%3Csvg%20onload%3Dalert(15)%3E", {}),
])
def test_reflected_input_is_escaped(server, path, params):
    response = requests.get(server.url + path, params=params, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code < 500, (path, response.status_code)
    if "html" in response.headers.get("Content-Type", ""):
        _assert_inert(response.text, path)
    else:
        assert "<script>alert(" not in response.text or "html" not in response.headers.get("Content-Type", "")


def test_data_formats_keep_the_text_and_answer_in_their_own_media_types(server):
    path = _local_path(_injected_resources(server)[0])
    response = requests.get(server.url + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "alert(" in response.text, "the RDF lost the text it must carry as data"


# --- CORS -----------------------------------------------------------------------------------------


def test_without_cors_no_cross_origin_headers_anywhere(server):
    for method, path in (("GET", "/sparql?query=ASK%20%7B%7D"), ("GET", "/"), ("GET", "/.well-known/void"),
                         ("OPTIONS", "/sparql"), ("OPTIONS", "/store")):
        response = requests.request(method, server.url + path, timeout=30, headers={
            "Origin": "https://evil.example.net", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization"})
        assert response.status_code < 500
        leaked = [h for h in response.headers if h.lower().startswith("access-control-")]
        assert not leaked, (method, path, leaked)


@pytest.fixture(scope="module")
def cors_server(store, tmp_path_factory):
    """A second server on a backup of the store, with one allowed origin."""
    directory = tmp_path_factory.mktemp("cors")
    copy = directory / "store"
    from migkg.triples.store import GraphStore

    with GraphStore.open(store, read_only=True) as opened:
        opened.backup(copy)
    running = LiveServer(copy, "--workers", "1", "--cors", "https://app.example.org", log_path=directory / "server.log")
    yield running
    running.stop()


@pytest.mark.parametrize("origin", [
    "https://app.example.org.evil.net",
    "https://evil.net/https://app.example.org",
    "http://app.example.org",
    "https://app.example.org:8443",
    "null",
    "https://APP.example.org.evil.net",
])
def test_cors_echoes_only_the_configured_origin(cors_server, origin):
    response = requests.get(cors_server.url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": origin}, timeout=30)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers, origin
    preflight = requests.options(cors_server.url + "/store", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Headers" not in preflight.headers


def test_cors_for_the_configured_origin_on_pages_and_preflight(cors_server):
    origin = "https://app.example.org"
    response = requests.get(cors_server.url + "/.well-known/void", headers={"Origin": origin}, timeout=30)
    assert response.headers.get("Access-Control-Allow-Origin") == origin
    assert "Origin" in response.headers.get("Vary", "")
    preflight = requests.options(cors_server.url + "/store", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code in (200, 204)
    assert preflight.headers.get("Access-Control-Allow-Origin") == origin
    assert "PUT" in preflight.headers.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Credentials" not in preflight.headers


# --- the token stays out of the logs --------------------------------------------------------------


def test_the_update_token_is_never_written_to_the_server_output(server):
    graph = "http://example.org/graph/logged"
    accepted = [
        server.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}"),
        requests.put(server.url + "/store", params={"graph": graph + "/2"}, data=b'<http://a> <http://b> "1" .',
                     headers={"Content-Type": "application/n-triples", **server.auth()}, timeout=30),
        requests.delete(server.url + "/store", params={"graph": graph + "/2"}, headers=server.auth(), timeout=30),
    ]
    assert [r.status_code for r in accepted] == [204, 201, 204], [r.text for r in accepted]
    refused = [
        requests.post(server.url + "/sparql", data=b"INSERT DATA { <http://a> <http://b> 1 }", timeout=30,
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}-wrong"}),
        requests.post(server.url + "/sparql", data=b"INSERT DATA { <http://a> <http://b> 1 }", timeout=30,
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Basic {TOKEN}"}),
        server.update("INSERT DATA { this is not sparql }"),
        server.update("LOAD <http://127.0.0.1:9/data.ttl>"),
    ]
    assert all(400 <= r.status_code < 500 for r in refused), [r.status_code for r in refused]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "INSERT" not in server.output and "/store" not in server.output:
        threading.Event().wait(0.1)
    # the credentials test sends the token in a URL itself (?access_token=): those lines are the client's doing
    output = "\n".join(line for line in server.output.splitlines() if "access_token=" not in line)
    assert "/store" in output, "the access log shows no request: nothing was checked"
    assert TOKEN not in output
    assert TOKEN[:12] not in output
