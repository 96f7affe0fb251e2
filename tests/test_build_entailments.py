"""The entailments the engine computes from rules are exactly those the closure in Python gives.

`entailment.derive` (Python sets, the remote stores' path) is the reference; `derive_in_engine`
and the bulk-written graph must match it on hand-made schemas with chains, cycles, inverses and
literal objects, on generated documents, and on the sample corpus, before and after a change.
"""

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from test_build_corpus import write_corpus, write_document

from migkg.loaders import iter_sources
from migkg.triples import entailment
from migkg.triples.build import build
from migkg.triples.store import ENTAILMENTS_GRAPH, GraphStore

EX = "https://example.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SCHEMA = NamedNode(EX + "schema")
DATA = NamedNode(EX + "data")


def ex(name: str) -> NamedNode:
    return NamedNode(EX + name)


def stored_entailments(store) -> set:
    return {(q.subject, q.predicate, q.object) for q in store.quads(None, None, None, ENTAILMENTS_GRAPH)}


def hand_made_store() -> GraphStore:
    """Chains, a cycle, an equivalence, inverses (one symmetric), literal and blank objects."""
    sub_class, sub_property = NamedNode(RDFS + "subClassOf"), NamedNode(RDFS + "subPropertyOf")
    schema = [
        (ex("A"), sub_class, ex("B")), (ex("B"), sub_class, ex("C")), (ex("C"), sub_class, ex("A")),
        (ex("C"), NamedNode(OWL + "equivalentClass"), ex("D")), (ex("D"), sub_class, ex("E")),
        (ex("p"), sub_property, ex("q")), (ex("q"), NamedNode(OWL + "inverseOf"), ex("r")),
        (ex("r"), sub_property, ex("s")), (ex("s"), NamedNode(OWL + "equivalentProperty"), ex("t")),
        (ex("t"), NamedNode(OWL + "inverseOf"), ex("u")), (ex("sym"), NamedNode(OWL + "inverseOf"), ex("sym")),
    ]
    data = [
        (ex("x"), TYPE, ex("A")), (ex("y"), TYPE, ex("D")), (ex("y"), TYPE, ex("E")),
        (ex("x"), ex("p"), ex("o")), (ex("x"), ex("p"), Literal("a literal")),
        (ex("x"), ex("sym"), ex("o")), (ex("o"), ex("u"), ex("x")),
        (ex("x"), ex("q"), ex("stated")), (ex("stated"), ex("r"), ex("x")),
    ]
    store = GraphStore.open(None)
    store.extend([Quad(s, p, o, SCHEMA) for s, p, o in schema] + [Quad(s, p, o, DATA) for s, p, o in data])
    return store


def test_engine_rules_give_the_python_closure_on_a_hand_made_schema():
    store = hand_made_store()
    schema = entailment.read_schema(store)
    expected = entailment.derive(store, schema)
    assert entailment.derive_in_engine(store, schema) == expected
    # spot checks of what the closure means
    assert (ex("x"), TYPE, ex("E")) in expected and (ex("x"), TYPE, ex("A")) not in expected
    assert (ex("x"), ex("q"), Literal("a literal")) in expected
    assert not [t for t in expected if t[2] == Literal("a literal") and t[1] != ex("q")]  # no inverse of a literal
    assert (ex("o"), ex("r"), ex("x")) in expected and (ex("o"), ex("t"), ex("x")) in expected
    assert (ex("x"), ex("u"), ex("o")) in expected  # p, q, inverse r, s, t, inverse u
    assert (ex("o"), ex("sym"), ex("x")) in expected
    assert (ex("x"), ex("q"), ex("stated")) not in expected  # stated in a data graph
    entailment.recompute(store)
    assert stored_entailments(store) == expected


def test_the_graph_is_kept_up_to_date_by_difference():
    store = hand_made_store()
    entailment.recompute(store)
    store.drop_graphs([DATA])
    store.extend([Quad(ex("z"), TYPE, ex("B"), DATA)])
    entailment.recompute(store)
    assert stored_entailments(store) == entailment.derive(store, entailment.read_schema(store))
    assert (ex("z"), TYPE, ex("E")) in stored_entailments(store)
    assert not [t for t in stored_entailments(store) if t[0] == ex("x")]


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory, corpus_dir):
    """Generated documents and the sample corpus, built on disk."""
    directory = tmp_path_factory.mktemp("entailments")
    corpus = directory / "corpus"
    write_corpus(corpus, 10)
    store = GraphStore.open(directory / "store")
    report = build(store, list(iter_sources([str(corpus), str(corpus_dir)])))
    assert report.ok, [o.error for o in report.outcomes]
    yield store, corpus
    store.close()


def test_the_built_graph_is_the_python_closure_on_the_corpora(built_corpus):
    store, corpus = built_corpus
    expected = entailment.derive(store, entailment.read_schema(store))
    assert len(expected) > 1000
    assert stored_entailments(store) == expected
    write_document(corpus, 4, 1)
    report = build(store, list(iter_sources([str(corpus)])))
    assert report.entailments_recomputed
    assert stored_entailments(store) == entailment.derive(store, entailment.read_schema(store))
