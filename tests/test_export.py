"""Exports: every format reads back into a fresh store as the same (isomorphic) data."""

import gzip
import json

import pyoxigraph
import pytest
from click.testing import CliRunner
from pyoxigraph import DefaultGraph, NamedNode, Quad
from test_build_corpus import canonical, write_corpus

from migkg.cli import cli
from migkg.loaders import iter_sources
from migkg.triples.build import build
from migkg.triples.export import EXTENSIONS, FORMATS, context, format_for
from migkg.triples.store import ONTOLOGY_GRAPH, GraphStore

EXTENSION_OF = {"nq": ".nq", "trig": ".trig", "ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    write_corpus(root / "corpus", 6)
    path = root / "store"
    with GraphStore.open(path) as store:
        assert build(store, list(iter_sources([str(root / "corpus")]))).ok
    return path


def read_back(data: bytes, format_name: str) -> list[Quad]:
    return list(pyoxigraph.parse(data, FORMATS[format_name]))


def as_default_graph(quads) -> list[Quad]:
    return [Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads]


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_export_then_import_is_isomorphic(store_path, tmp_path, format_name):
    out = tmp_path / f"dump{EXTENSION_OF[format_name]}.gz"
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    back = read_back(gzip.decompress(out.read_bytes()), format_name)
    fresh = GraphStore.open(None)
    fresh.engine.extend(back)
    with GraphStore.open(store_path, read_only=True) as store:
        if FORMATS[format_name].supports_datasets:
            assert canonical(fresh.quads()) == canonical(store.quads())
        else:
            # the union of all graphs, as one graph
            assert canonical(fresh.quads()) == canonical(as_default_graph(store.quads()))


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_one_graph_exports_alone(store_path, format_name):
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store_path), "--format", format_name, "--graph", ONTOLOGY_GRAPH.value]
    )
    assert result.exit_code == 0, result.output
    back = read_back(result.stdout_bytes, format_name)
    with GraphStore.open(store_path, read_only=True) as store:
        expected = list(store.quads(None, None, None, ONTOLOGY_GRAPH))
    if FORMATS[format_name].supports_datasets and format_name != "jsonld":
        assert canonical(back) == canonical(expected)
    else:
        assert canonical(as_default_graph(back)) == canonical(as_default_graph(expected))


def test_jsonld_is_compacted_with_the_published_context(store_path):
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--format", "jsonld"])
    document = json.loads(result.stdout_bytes)
    assert document["@context"] == context()
    assert context()["mkg"] == "https://w3id.org/migkg/ontology#"
    assert "mkg:Country" in result.stdout


def test_format_comes_from_the_extension_and_unknown_ones_are_refused(store_path, tmp_path):
    assert format_for("x/dump.trig.gz", None) == "trig"
    assert format_for("graph.JSONLD", None) == "jsonld"
    assert format_for(None, None) == "nq"
    assert set(EXTENSIONS.values()) == set(FORMATS)
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--out", str(tmp_path / "dump.csv")])
    assert result.exit_code == 2
    assert "give --format" in result.output and not (tmp_path / "dump.csv").exists()


def test_an_unknown_graph_is_refused(store_path, tmp_path):
    out = tmp_path / "none.ttl"
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store_path), "--out", str(out), "--graph", "https://example.org/none"]
    )
    assert result.exit_code == 2 and not out.exists()
    assert "no graph <https://example.org/none>" in result.output


def test_quads_keep_their_graph_names(store_path):
    result = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--format", "nq"])
    graphs = {q.graph_name for q in read_back(result.stdout_bytes, "nq")}
    assert ONTOLOGY_GRAPH in graphs and NamedNode("https://w3id.org/migkg/graph/entailments") in graphs
