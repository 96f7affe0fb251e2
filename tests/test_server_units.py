"""The server's pure parts (negotiation, safety checks, results writers, update rewriting) and the
internal query API other blueprints use (`run_query`), with an in-memory store."""

import doctest
import json

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple, Variable

from migkg.errors import QuerySyntaxError
from migkg.server import create_app, negotiation, results, security, sparql
from migkg.server.engine import QueryFailed, run_query
from migkg.triples.store import GraphStore


@pytest.mark.parametrize("module", [negotiation, security, results, sparql])
def test_doctests(module):
    failures, tests = doctest.testmod(module)
    assert tests > 0 and failures == 0


@pytest.mark.parametrize("form, accept, fmt, expected", [
    ("SELECT", None, None, "json"),
    ("SELECT", "", None, "json"),
    ("SELECT", "*/*", None, "json"),
    ("SELECT", "application/sparql-results+xml", None, "xml"),
    ("SELECT", "text/csv;q=0.8, text/tab-separated-values", None, "tsv"),
    ("SELECT", "text/*;q=0.5, application/*;q=0.4", None, "csv"),
    ("ASK", "application/xml", None, "xml"),
    ("SELECT", "text/turtle", "csv", "csv"),
    ("SELECT", None, "application/sparql-results+json", "json"),
    ("CONSTRUCT", None, None, "ttl"),
    ("CONSTRUCT", "application/ld+json;q=0.9, application/n-triples", None, "nt"),
    ("DESCRIBE", "application/json", None, "jsonld"),
    ("CONSTRUCT", "text/plain", None, "nt"),
    ("CONSTRUCT", None, "json", "jsonld"),
    ("CONSTRUCT", None, "xml", "rdfxml"),
    ("GRAPH", "application/trig, */*;q=0.1", None, "trig"),
])
def test_negotiation_table(form, accept, fmt, expected):
    assert negotiation.choose(form, accept=accept, format_param=fmt).name == expected


@pytest.mark.parametrize("form, accept, fmt", [
    ("SELECT", "text/turtle", None),
    ("SELECT", "text/html", None),
    ("CONSTRUCT", "application/sparql-results+json", None),
    ("SELECT", None, "ttl"),
    ("CONSTRUCT", None, "csv"),
    ("SELECT", None, "yaml"),
])
def test_negotiation_refusals(form, accept, fmt):
    with pytest.raises(negotiation.NotAcceptable):
        negotiation.choose(form, accept=accept, format_param=fmt)


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("ask {}", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://example.org/a>", "DESCRIBE"),
    ("SELECT ?x WHERE { ?x mkg:title ?t }", "SELECT"),
    ('SELECT ("SERVICE <http://x/> {}" AS ?s) {}', "SELECT"),
])
def test_safe_queries_pass(text, form):
    assert security.inspect_query(text) == form


def test_query_errors_carry_rdflib_line_and_column():
    with pytest.raises(QuerySyntaxError) as caught:
        security.inspect_query("SELECT *\nWHERE { ?s ?p }")
    assert caught.value.line == 2 and caught.value.column is not None


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("  # a comment\nprefix ex: <http://example.org/#x>\nBASE <http://example.org/>\n ask {}", "ASK"),
    ("PREFIX : <http://example.org/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe<http://example.org/a>", "DESCRIBE"),
    ("\\u0053ELECT * {}", "SELECT"),
    ("SELECTED * {}", None),
    ("{ ?s ?p ?o }", None),
])
def test_screening_reads_the_form_without_parsing(text, form):
    assert security.screen_query(text) == form


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000073ervice <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { sErViCe SILENT ?endpoint { ?s ?p ?o } } }",
])
def test_screening_refuses_service_in_every_spelling(text):
    with pytest.raises((security.Refused, QuerySyntaxError)):
        security.screen_query(text)


def test_screening_sends_every_mention_of_the_words_to_the_full_check():
    assert security.may_fetch('SELECT ("download" AS ?x) {}')
    assert security.may_fetch("SELECT * { ?s <http://example.org/Service> ?o }")
    assert security.may_fetch("SELECT * { ?s ?p ?o } # servICE")
    assert security.may_fetch("SELECT * { \\u017Fervice }")  # LATIN SMALL LETTER LONG S folds to s
    assert not security.may_fetch("SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    # a mention in a literal passes the full check
    assert security.screen_query('SELECT ("SERVICE <http://x/> {}" AS ?s) {}') == "SELECT"
    # and text the SPARQL 1.1 grammar does not accept is refused when it mentions either word
    with pytest.raises(QuerySyntaxError):
        security.screen_query("SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://127.0.0.1:9/> { ?s ?q ?r } } }")


@pytest.mark.parametrize("update, names_dataset", [
    ("INSERT DATA { <http://a> <http://b> 1 }", False),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("DELETE { ?s ?p ?o } USING NAMED <http://g> WHERE { ?s ?p ?o }", True),
    ("CLEAR ALL ; DROP SILENT GRAPH <http://g>", False),
])
def test_updates_pass_and_say_whether_they_name_a_dataset(update, names_dataset):
    assert security.inspect_update(update) is names_dataset


def test_using_clauses_go_before_each_where_outside_strings_iris_and_comments():
    update = ("INSERT { GRAPH <http://x/where> { ?s ?p \"WHERE\" } } # WHERE in a comment\n"
              "WHERE { ?s ?p ?o } ;\nDELETE WHERE { ?a ?b ?c } ;\nDELETE { ?s ?p ?o } where { ?s ?p ?o }")
    rewritten = sparql.insert_before_where(update, "USING <http://g> ")
    assert rewritten.count("USING <http://g> ") == 2
    assert "USING <http://g> WHERE { ?s ?p ?o } ;" in rewritten
    assert "USING <http://g> where { ?s ?p ?o }" in rewritten
    assert security.inspect_update(rewritten) is True


def test_results_writers_cover_every_term_kind():
    variables = [Variable("a"), Variable("b"), Variable("c"), Variable("d")]
    row = [NamedNode("http://example.org/a"), BlankNode("b1"), Literal("1", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
           Triple(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("é <&>"))]
    documents = {}
    for name in ("json", "xml", "csv", "tsv"):
        out = []
        writer = results.SolutionsWriter(name, variables, out.append)
        writer.row(row)
        writer.row([None, None, Literal("x", language="fr"), None])
        writer.close()
        documents[name] = b"".join(out).decode()
    data = json.loads(documents["json"])
    assert data["results"]["bindings"][0]["b"] == {"type": "bnode", "value": "b1"}
    assert data["results"]["bindings"][0]["d"]["value"]["object"]["value"] == "é <&>"
    assert data["results"]["bindings"][1] == {"c": {"type": "literal", "value": "x", "xml:lang": "fr"}}
    assert "&lt;&amp;&gt;" in documents["xml"]
    assert documents["csv"].splitlines()[2] == ",,x,"
    assert documents["tsv"].splitlines()[1].split("\t")[:3] == ["<http://example.org/a>", "_:b1", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>']


@pytest.fixture
def memory_app():
    store = GraphStore.open(None)
    store.extend([
        Quad(NamedNode("http://example.org/a"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
             Literal("A", language="en"), NamedNode("http://example.org/g")),
    ])
    app = create_app({"TESTING": True, "MIGKG_WORKERS": 1, "MIGKG_TIMEOUT": 5}, store=store)
    yield app
    app.extensions["migkg.engine"].close()


def test_run_query_for_other_blueprints_over_an_in_memory_store(memory_app):
    with memory_app.app_context():
        result = run_query("SELECT ?s ?label WHERE { ?s rdfs:label ?label }",
                           substitutions={"s": NamedNode("http://example.org/a")})
        assert result.json()["results"]["bindings"][0]["label"]["value"] == "A"
        graph = run_query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert graph.media_type == "application/ld+json"
        assert json.loads(graph.read())[0]["@id"] == "http://example.org/a"
        with pytest.raises(security.Refused):
            run_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").read()
        with pytest.raises(QuerySyntaxError) as caught:
            run_query("SELECT * WHERE { ?s ?p }").read()
        assert caught.value.http_status == 400 and caught.value.line == 1
        with pytest.raises(QueryFailed) as failed:
            run_query("SELECT * WHERE { ?s ?p ?o }", substitutions={"x": Literal("1")}).read()
        assert failed.value.http_status == 400


def test_in_memory_workers_see_writes(memory_app):
    with memory_app.app_context():
        store = memory_app.extensions["migkg"]
        assert run_query("ASK { <http://example.org/b> ?p ?o }").json()["boolean"] is False
        store.update("INSERT DATA { <http://example.org/b> <http://example.org/p> 1 }")
        memory_app.extensions["migkg.engine"].written()
        assert run_query("ASK { <http://example.org/b> ?p ?o }").json()["boolean"] is True
