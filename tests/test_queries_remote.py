"""Every named query gives the same answers on the embedded store and on a real Virtuoso."""

import pytest
from virtuoso import PASSWORD, USER, virtuoso  # noqa: F401  (the fixture)

from migkg import queries
from migkg.loaders import extract, iter_sources
from migkg.queries.output import plain
from migkg.triples.build import build
from migkg.triples.store import GraphStore, open_store

pytestmark = pytest.mark.virtuoso

ID = "https://w3id.org/migkg/id/"
#: parameters for the queries that take them, chosen in the sample corpus
PARAMETERS = {
    "country-profile": [{"country": "BI"}, {"country": "MA"}],
    "provenance": [{"resource": ID + "action/burundi-ii-migration-and-development"}],
    "action-activities": [{}, {"action": ID + "action/burundi-ii-migration-and-development"}],
}


@pytest.fixture(scope="module")
def both(virtuoso, corpus_dir, tmp_path_factory):  # noqa: F811
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIGKG_REMOTE_USER", USER)
        patch.setenv("MIGKG_REMOTE_PASSWORD", PASSWORD)
        sources = list(iter_sources([str(corpus_dir)]))
        extractions = {}

        def extract_once(source, **options):
            if source.name not in extractions:
                extractions[source.name] = extract(source, **options)
            return extractions[source.name]

        local = GraphStore.open(tmp_path_factory.mktemp("local") / "store")
        assert build(local, sources, extract=extract_once).ok
        remote = open_store(virtuoso.auth_url)
        assert build(remote, sources, extract=extract_once).ok
        yield local, remote
        local.close()
        remote.close()


def _answers(store, named, values) -> list[tuple]:
    results = store.query(named.text, substitutions=named.bind(values))
    variables = [v.value for v in results.variables]
    return sorted(tuple(plain(solution[v]) for v in variables) for solution in results)


CASES = [(name, values) for name in queries.names() for values in PARAMETERS.get(name, [{}])]


@pytest.mark.parametrize(("name", "values"), CASES, ids=[f"{n}-{'-'.join(v.values()) or 'all'}" for n, v in CASES])
def test_same_answers_embedded_and_virtuoso(both, name, values):
    local, remote = both
    named = queries.get(name)
    embedded = _answers(local, named, values)
    assert embedded, f"{name} answers nothing on the sample corpus"
    assert _answers(remote, named, values) == embedded
