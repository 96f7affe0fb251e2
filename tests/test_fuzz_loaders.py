"""Fuzzing the loaders and the build: any input ends in a graph, a LoaderWarning or a LoaderError.

Inputs: arbitrary text, arbitrary bytes, and the sample and test documents mutated the way real
inputs go wrong (lines deleted, inserted, duplicated; dashes lost; non-breaking spaces; cut
short). Nothing may escape but LoaderError, whose message names the file (and the line when it
gives one). Whatever a loader produces must survive export and import unchanged.

Bounded for CI; for a long run set MIGKG_FUZZ_EXAMPLES (examples per property), e.g.
`MIGKG_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_loaders.py`. Inputs that once broke a loader
live in tests/data/fuzz/ and are replayed by `test_regression_inputs`.
"""

import io
import os
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from migkg.errors import LoaderError
from migkg.loaders import LOADERS, LoaderWarning, Source, extract
from migkg.triples.build import build
from migkg.triples.store import GraphStore

TESTS = Path(__file__).parent
DOCUMENT_DIRS = (TESTS.parent / "migkg" / "sample" / "corpus", TESTS / "data" / "documents")
REGRESSIONS = TESTS / "data" / "fuzz"
#: examples per property; the default keeps this file well under two minutes
EXAMPLES = int(os.environ.get("MIGKG_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not os.environ.get("MIGKG_FUZZ_EXAMPLES"),
)

#: the expensive properties (a whole extraction plus export or build per example) skip shrinking
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def _documents() -> dict[str, bytes]:
    found = {}
    for directory in DOCUMENT_DIRS:
        for path in sorted(directory.iterdir()):
            if path.is_file() and path.name != "README.md":
                found[path.name] = path.read_bytes()
    return found


DOCUMENTS = _documents()
LOADER_NAMES = [cls.name for cls in LOADERS]


def _run(name: str, data: bytes, loader: str | None = None):
    """extract() on one input: the Extraction, or the LoaderError it raised (anything else fails the test)."""
    source = Source(name, Path(name).stem, data)
    try:
        extraction = extract(source, loader=loader)
    except LoaderError as error:
        message = str(error)
        assert message.startswith(f"{name}:") or message.startswith(f"{name} "), (
            f"the error does not name the file first: {message!r}"
        )
        assert error.source == name
        if error.line is not None:
            assert isinstance(error.line, int) and error.line >= 1, message
            assert message.startswith(f"{name}:{error.line}: ")
        assert len(message) > len(name) + 5, "the error says nothing about what is wrong"
        return error
    for warning in extraction.warnings:
        assert isinstance(warning, LoaderWarning), warning
        assert warning.source == name
        assert warning.message.strip()
    graphs = {quad.graph_name for quad in extraction.quads}
    assert graphs <= {extraction.document}, f"quads outside the document graph: {graphs}"
    return extraction


# --- mutations of real documents -------------------------------------------------------------------


@st.composite
def mutated_documents(draw) -> tuple[str, bytes]:
    """A sample or test document with a few random edits of the kinds real inputs suffer."""
    name = draw(st.sampled_from(sorted(DOCUMENTS)))
    text = DOCUMENTS[name].decode("utf-8")
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "swap", "dashes", "nbsp", "truncate",
                                          "chars", "blank"]))
        position = draw(st.integers(0, max(0, len(lines) - 1)))
        if operation == "delete" and len(lines) > 1:
            span = draw(st.integers(1, 5))
            del lines[position:position + span]
        elif operation == "insert":
            lines.insert(position, draw(st.one_of(
                st.text(max_size=80),
                st.sampled_from(lines or [""]),
                st.sampled_from(["Duration:", "Objective:", "Summary:", "present", "</item>", "<item>",
                                 "Mon, 31 Feb 2019 25:61:00 +0000", "2426 April 2012", "September 20112–April 2013",
                                 "]]>", "<![CDATA[", "&amp;&#0;&#xD800;", "<?xml version='1.0'?>"]),
            )))
        elif operation == "duplicate" and lines:
            span = draw(st.integers(1, 10))
            lines[position:position] = lines[position:position + span]
        elif operation == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
        elif operation == "dashes":
            lines = ["".join(ch for ch in line if ch not in DASHES) for line in lines]
        elif operation == "nbsp":
            lines = [line.replace(" ", "\u00a0") if draw(st.booleans()) else line for line in lines]
        elif operation == "truncate":
            joined = "\n".join(lines)
            cut = draw(st.integers(0, len(joined)))
            lines = joined[:cut].split("\n")
        elif operation == "chars" and lines:
            line = lines[position]
            at = draw(st.integers(0, len(line)))
            lines[position] = line[:at] + draw(st.text(min_size=1, max_size=5)) + line[at:]
        elif operation == "blank":
            lines = [line for line in lines if line.strip()]
    return name, "\n".join(lines).encode("utf-8", errors="surrogatepass")


# --- the properties --------------------------------------------------------------------------------


@FUZZ
@given(text=st.text(max_size=3000))
@example(text="")
@example(text="\u00a0\n\n\t")
@example(text="Duration:\n")
@example(text="<rss><channel><item><title>x</title></item></channel></rss>")
def test_arbitrary_text_never_crashes(text):
    _run("fuzz-text.txt", text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=3000))
@example(data=b"\xff\xfe\x00\x00")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\x00" * 64)
def test_arbitrary_bytes_never_crash(data):
    _run("fuzz-bytes.bin", data)


@FUZZ
@given(text=st.text(max_size=2000), loader=st.sampled_from(LOADER_NAMES))
def test_forcing_a_loader_on_arbitrary_text_never_crashes(text, loader):
    _run("fuzz-forced.txt", text.encode("utf-8", errors="surrogatepass"), loader=loader)


@FUZZ
@given(document=mutated_documents())
def test_mutated_documents_never_crash(document):
    name, data = document
    _run(name, data)


@FUZZ
@given(document=mutated_documents(), loader=st.sampled_from(LOADER_NAMES))
def test_mutated_documents_under_every_loader_never_crash(document, loader):
    name, data = document
    _run(name, data, loader=loader)


def _canonical(quads) -> set:
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _assert_round_trip(extraction) -> None:
    """Export (N-Quads, TriG) then import gives the same dataset, with pyoxigraph and with rdflib."""
    original = _canonical(extraction.quads)
    store = GraphStore.open(None)
    store.extend(extraction.quads)
    for rdf_format in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
        buffer = io.BytesIO()
        store.dump(buffer, rdf_format)
        again = list(pyoxigraph.parse(buffer.getvalue(), rdf_format))
        assert _canonical(again) == original, f"{rdf_format} round trip changed the data"
    nquads = io.BytesIO()
    store.dump(nquads, pyoxigraph.RdfFormat.N_QUADS)
    theirs = rdflib.Dataset()
    theirs.parse(data=nquads.getvalue().decode("utf-8"), format="nquads")
    ours = rdflib.Graph()
    ours.parse(data=pyoxigraph.serialize([q.triple for q in extraction.quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
               .decode("utf-8"), format="nt")
    graph = theirs.graph(rdflib.URIRef(extraction.document.value))
    assert isomorphic(graph, ours), "rdflib reads the N-Quads export as a different graph"


@pytest.mark.slow
@settings(FUZZ, max_examples=max(5, EXAMPLES // 2), phases=NO_SHRINK)
@given(document=mutated_documents())
def test_export_then_import_is_isomorphic(document):
    name, data = document
    outcome = _run(name, data)
    if isinstance(outcome, LoaderError):
        return
    _assert_round_trip(outcome)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_round_trips(name):
    outcome = _run(name, DOCUMENTS[name])
    assert not isinstance(outcome, LoaderError), outcome
    _assert_round_trip(outcome)


@pytest.mark.slow
@settings(FUZZ, max_examples=max(5, EXAMPLES // 3), phases=NO_SHRINK)
@given(document=mutated_documents())
def test_build_records_a_failure_and_keeps_what_is_stored(document):
    """A broken document fails alone; the graphs already stored stay exactly as they were."""
    name, data = document
    store = GraphStore.open(None)
    intact_name = sorted(DOCUMENTS)[0]
    first = build(store, [Source(intact_name, "intact", DOCUMENTS[intact_name])], bundled=False)
    assert first.ok
    before = set(store.quads(None, None, None, None))
    report = build(store, [Source(name, "mutated", data)], bundled=False)
    (outcome,) = report.outcomes
    assert outcome.status in ("loaded", "failed")
    after = set(store.quads(None, None, None, None))
    intact_graph = next(iter(first.outcomes[0].graphs))
    assert {q for q in before if q.graph_name == intact_graph} == {q for q in after if q.graph_name == intact_graph}
    if outcome.status == "failed":
        assert outcome.error and name in outcome.error
        mutated_graphs = {q.graph_name for q in after} - {q.graph_name for q in before}
        assert not any("mutated" in g.value for g in mutated_graphs), "a failed document left quads behind"


def test_regression_inputs():
    """Inputs fuzzing once found crashing (tests/data/fuzz/): each must now load or fail with a LoaderError."""
    inputs = sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.name != "README.md")
    assert inputs, f"no regression inputs in {REGRESSIONS}"
    for path in inputs:
        outcome = _run(path.name, path.read_bytes())
        if not isinstance(outcome, LoaderError):
            _assert_round_trip(outcome)
