"""`migkg doctor` on a healthy store, a missing one, and stores that lost what the build writes."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from migkg.cli import cli
from migkg.doctor import FAIL, OK, WARN, Check, disk_check, java_check, run_checks, token_check
from migkg.loaders import iter_sources
from migkg.triples.build import build
from migkg.triples.namespaces import MKG, RDF
from migkg.triples.store import ENTAILMENTS_GRAPH, ONTOLOGY_GRAPH, GraphStore

CORPUS = Path(__file__).parent.parent / "migkg" / "sample" / "corpus"


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> tuple[Path, int]:
    """The sample corpus built into a store (closed again), and how many documents loaded."""
    path = tmp_path_factory.mktemp("doctor") / "store"
    with GraphStore.open(path) as store:
        report = build(store, iter_sources([str(CORPUS)]))
    documents = [o for o in report.with_status("loaded") if o.name.startswith(str(CORPUS))]
    assert documents, report.outcomes
    return path, len(documents)


def _copy(built, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    with GraphStore.open(built[0]) as store:
        store.backup(target)
    return target


def _doctor(store_path, **env):
    result = CliRunner().invoke(cli, ["doctor", "--store", str(store_path)], env={"MIGKG_UPDATE_TOKEN": None, **env})
    return result.exit_code, result.output


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


def test_healthy_store_passes_every_store_check(built_store):
    path, documents = built_store
    code, output = _doctor(path)
    assert code == 0, output
    lines = {line.split()[1]: line.split()[0] for line in output.splitlines() if line and not line.startswith(" ")}
    for name in ("store", "consistency", "ontology", "entailments", "disk"):
        assert lines[name] == OK, output
    assert "FAIL" not in output
    assert f"{documents} document graphs" in output


def test_missing_store_fails_with_a_build_hint(tmp_path):
    code, output = _doctor(tmp_path / "nowhere")
    assert code == 1
    first = output.splitlines()[0]
    assert first.startswith(FAIL) and "store" in first
    assert f"migkg build --store {tmp_path / 'nowhere'}" in output
    assert not (tmp_path / "nowhere").exists(), "doctor must not create a store"


def test_a_directory_that_is_not_a_store_fails(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store")
    code, output = _doctor(tmp_path)
    assert code == 1
    assert output.startswith("FAIL") and ("not a migkg store" in output or "no store at" in output)


def test_store_without_the_ontology_graph_fails(built_store, tmp_path):
    copy = _copy(built_store, tmp_path)
    with GraphStore.open(copy) as store:
        store.drop_graphs([ONTOLOGY_GRAPH])
    code, output = _doctor(copy)
    assert code == 1
    checks = _by_name(run_checks(str(copy), environ={}))
    assert checks["ontology"].status == FAIL
    assert "migkg build" in checks["ontology"].fix
    assert checks["entailments"].status == OK


def test_store_without_entailments_fails(built_store, tmp_path):
    copy = _copy(built_store, tmp_path)
    with GraphStore.open(copy) as store:
        store.drop_graphs([ENTAILMENTS_GRAPH])
    checks = _by_name(run_checks(str(copy), environ={}))
    assert checks["entailments"].status == FAIL
    assert checks["ontology"].status == OK


def test_document_graph_without_its_source_description_fails(built_store, tmp_path):
    copy = _copy(built_store, tmp_path)
    with GraphStore.open(copy) as store:
        document = next(q.graph_name for q in store.quads(None, RDF.type, MKG.SourceDocument))
        store.update(f"DELETE DATA {{ GRAPH {document} {{ {document} a {MKG.SourceDocument} }} }}")
    checks = _by_name(run_checks(str(copy), environ={}))
    assert checks["consistency"].status == FAIL
    assert document.value in checks["consistency"].message
    assert "--rebuild" in checks["consistency"].fix


def test_doctor_reads_a_store_another_process_holds_open(built_store, tmp_path):
    copy = _copy(built_store, tmp_path)
    with GraphStore.open(copy):
        checks = _by_name(run_checks(str(copy), environ={}))
    assert checks["store"].status == OK, checks["store"].message


def test_empty_store_fails(tmp_path):
    with GraphStore.open(tmp_path / "empty"):
        pass
    checks = _by_name(run_checks(str(tmp_path / "empty"), environ={}))
    assert checks["contents"].status == FAIL


def test_token_check_distinguishes_unset_short_and_good():
    assert token_check({}).status == "INFO"
    assert token_check({"MIGKG_UPDATE_TOKEN": "abc"}).status == WARN
    assert token_check({"MIGKG_UPDATE_TOKEN": "x" * 40}).status == OK


def test_token_value_is_never_printed(built_store):
    secret = "s3cret-token-value-0123456789"
    code, output = _doctor(built_store[0], MIGKG_UPDATE_TOKEN=secret)
    assert code == 0
    assert secret not in output
    assert "MIGKG_UPDATE_TOKEN is set" in output


def test_java_check_reports_absent_java_as_a_warning_with_an_install_hint():
    check = java_check(lambda command: None)
    assert check.status == WARN and "java" in check.fix.lower()
    found = java_check(lambda command: 'openjdk version "17.0.9" 2023-10-17')
    assert found.status == OK and "17.0.9" in found.message


def test_java_check_runs_the_real_java_when_installed():
    import shutil

    check = java_check()
    assert check.status == (OK if shutil.which("java") else WARN)


def test_disk_check_for_a_store_not_yet_created(tmp_path):
    check = disk_check(str(tmp_path / "a" / "b" / "store"))
    assert check.status in (OK, WARN, FAIL)
    assert "free of" in check.message
