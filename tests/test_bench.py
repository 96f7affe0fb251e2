"""`python -m bench --short` end to end: every section in the JSON, every peer answering like pyoxigraph in-process.

Timings are the benchmark's output, never asserted here; only the structure and the answers are.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUERIES = 10


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "report.json"
    done = subprocess.run([sys.executable, "-m", "bench", "--short", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "### 10,000 triples" in done.stdout
    assert "generated documents" in done.stdout and "| --jobs |" in done.stdout
    return json.loads(out.read_text())


@pytest.mark.slow
def test_every_section_is_present(report):
    assert report["mode"] == "short"
    assert {"date", "machine", "settings", "loaders", "sizes", "stream"} <= report.keys()
    assert {"catalogue", "feed", "article"} <= report["loaders"].keys()
    for entry in report["loaders"].values():
        assert entry["documents"] > 0 and entry["bytes"] > 0 and entry["mb_per_s"] > 0
    documents = report["document_build"]
    assert documents["documents"] == report["settings"]["documents"] and "1" in documents["jobs"]
    assert all(run["documents_per_s"] > 0 and run["peak_rss_mb"] > 0 for run in documents["jobs"].values())
    (size,) = report["sizes"].values()
    assert size["build"]["migkg_build_finished"] is True
    assert size["build"]["peak_rss_mb"] > 0 and size["build"]["raw_peak_rss_mb"] > 0
    assert size["in_process"]["throughput"] > 0
    assert len(size["reference"]) == QUERIES


@pytest.mark.slow
def test_every_peer_ran_both_client_counts_without_errors(report):
    (size,) = report["sizes"].values()
    endpoints = size["endpoints"]
    assert {"migkg", "oxigraph-serve"} <= endpoints.keys()
    for name, peer in endpoints.items():
        for clients in ("1", "8"):
            runs = peer["runs"][clients]
            assert runs and all(run["completed"] > 0 for run in runs), (name, clients)
            assert peer[f"errors_{clients}"] == 0, (name, clients)
            assert peer[f"migkg_ratio_{clients}"] > 0
            assert set(peer[f"p50_{clients}"]) == set(size["reference"])
        assert peer["startup_s"] > 0


@pytest.mark.slow
def test_every_peer_agrees_with_pyoxigraph_in_process(report):
    (size,) = report["sizes"].values()
    reference = size["reference"]
    assert all(isinstance(count, int) for count in reference.values())
    assert sum(reference.values()) > QUERIES, "the mix must select real rows on the generated data"
    for name, peer in size["endpoints"].items():
        assert peer["answer_counts"] == reference, name
        assert all(peer["answers_agree"].values()), name


@pytest.mark.slow
def test_stream_section_measures_two_passes(report):
    stream = report["stream"]
    assert len(stream["passes"]) == 2
    for run in stream["passes"]:
        assert run["lines"] == stream["rows"] + 1  # CSV header and one line per row
        assert run["first_byte_s"] is not None and run["rss_peak_mb"] >= run["rss_before_mb"]
