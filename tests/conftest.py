"""Shared fixtures: paths to the bundled sample corpus and test data."""

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CORPUS = TESTS.parent / "migkg" / "sample" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled sample corpus (five documents and their README)."""
    return CORPUS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: hand-made documents and expected facts."""
    return TESTS / "data"
