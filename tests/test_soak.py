"""A 30-second soak (bench/soak.py) against a real `migkg serve` on loopback: nothing fails, nothing is lost.

The full run is `python -m bench.soak` (10 minutes); docs/reliability.md has its figures.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_thirty_second_soak_loses_no_write_and_fails_no_request(tmp_path):
    report_path = tmp_path / "soak.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--seconds", "30", "--clients", "4", "--report", str(report_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )
    assert report_path.exists(), completed.stderr
    report = json.loads(report_path.read_text())
    assert report["requests"] > 20, report
    assert report["writes_acknowledged"] > 0, "the soak made no write: it tested nothing"
    kinds = set(report["latency_ms"]["by_kind"])
    assert {"update", "gsp:put"} <= kinds and any(k.startswith("select:") for k in kinds), kinds
    assert report["errors"] == 0, report["error_samples"]
    assert report["writes_missing"] == 0, report["missing_samples"]
    assert report["memory"]["samples"], "server memory was never sampled"
    assert report["memory"]["flat"], report["memory"]
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "p99" in completed.stdout and "errors" in completed.stdout
