"""Fuzzing the HTTP surface with schemathesis against a live `migkg serve` on 127.0.0.1.

Requests are generated from migkg/server/openapi.json for every operation, with the update
token (so write paths parse their bodies too). No response may be a 5xx; status codes,
content types and JSON bodies must match the description. Bounded for CI; more examples per
operation with MIGKG_FUZZ_EXAMPLES.
"""

import os
from importlib.resources import files
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.soak import LiveServer, build_store

TOKEN = "fuzz-http-token-61d0a9c3e7"
EXAMPLES = int(os.environ.get("MIGKG_FUZZ_EXAMPLES", "5"))
DOCUMENTS = Path(__file__).parent / "data" / "security"


@schemathesis.check
def no_server_error_but_a_timeout(ctx, response, case):
    """No 5xx, except the documented 503 of a query stopped at its time limit (or that found no free worker in it)."""
    if response.status_code < 500:
        return None
    if response.status_code == 503 and any(word in response.text.lower() for word in (" limit", "busy")):
        return None
    raise AssertionError(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}")


CHECKS = [no_server_error_but_a_timeout, status_code_conformance, content_type_conformance, response_schema_conformance]

#: /openapi.json is checked in tests/test_openapi.py; the live app serves it once the blueprint is registered
schema = schemathesis.openapi.from_path(str(files("migkg.server") / "openapi.json"))


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fuzz-http")
    assert build_store(directory / "store", [str(DOCUMENTS)]).returncode == 0
    server = LiveServer(directory / "store", "--workers", "2", "--timeout", "5", token=TOKEN,
                        log_path=directory / "server.log")
    yield server
    server.stop()
    assert "Traceback" not in server.output, server.output[-4000:]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("MIGKG_FUZZ_EXAMPLES"),
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_match_the_description(case, live):
    response = case.call(base_url=live.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    case.validate_response(response, checks=CHECKS)
