"""Bad input: clear errors or warnings naming the file and line; the rest loads; nothing half-written."""

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

import migkg.loaders as loaders
from migkg.cli import cli
from migkg.errors import LoaderError
from migkg.triples import iris
from migkg.triples.store import GraphStore

FIXED_TIME = datetime(2024, 1, 2, tzinfo=timezone.utc)

GOOD_ENTRY = """Jordan I: Labour Migration

Objective: The action supported the Ministry of Labour in managing labour migration.

Summary: A fact-finding mission took place in Amman in May 2016. Experts from the Italian national administration were deployed.

Duration: April 2016-December 2016
"""

NO_DURATION_ENTRY = """Lebanon: Document Security

Objective: The action strengthened document security at the airport of Beirut.

Summary: A training on document fraud was held in Beirut in March 2017.
"""

BAD_DATE_ENTRY = """Tunisia: Migration Data

Objective: The action improved migration data collection.

Summary: A workshop was held in Tunis in June 2018.

Duration: to be confirmed
"""


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def extract_file(path, **options):
    [source] = loaders.iter_sources([str(path)])
    return loaders.extract(source, loaded_at=FIXED_TIME, **options)


def titles(extraction):
    return sorted(q.object.value for q in extraction.quads if q.predicate.value.endswith("/title") and "action" in q.subject.value)


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", "")
    with pytest.raises(LoaderError, match=r"empty\.txt: the document is empty"):
        extract_file(path)


def test_whitespace_only_file(tmp_path):
    path = write(tmp_path, "blank.txt", "\n \u00a0\n".encode("utf-8").replace("\u00a0".encode(), b" "))
    with pytest.raises(LoaderError, match=r"blank\.txt: the document is empty"):
        extract_file(path)


def test_binary_file_names_the_line(tmp_path):
    path = write(tmp_path, "image.txt", b"line one\nline two\n\x89PNG\x00\x00\x00\rIHDR")
    with pytest.raises(LoaderError, match=r"image\.txt:3: binary file"):
        extract_file(path)


def test_latin1_document_loads_with_a_warning(tmp_path):
    content = GOOD_ENTRY.replace("Jordan I", "Côte d'Ivoire I").replace("Amman", "Abidjan")
    path = write(tmp_path, "latin1.txt", content.encode("latin-1"))
    extraction = extract_file(path)
    assert titles(extraction) == ["Côte d'Ivoire I: Labour Migration"]
    assert [str(w) for w in extraction.warnings] == [f"{path}:1: not UTF-8 (byte 0xf4); read as Windows-1252/Latin-1"]


def test_undecodable_bytes_name_the_line(tmp_path):
    path = write(tmp_path, "mixed.txt", b"first line\nsecond \xe9 line\nthird \x81\x8d line\n")
    with pytest.raises(LoaderError, match=r"mixed\.txt:3: undecodable bytes"):
        extract_file(path)


def test_entry_without_duration_warns_and_the_rest_loads(tmp_path):
    content = GOOD_ENTRY + "\n\u00a0\n\n" + NO_DURATION_ENTRY + "\n\u00a0\n\n" + GOOD_ENTRY.replace("Jordan I", "Jordan II")
    path = write(tmp_path, "catalogue.txt", content)
    extraction = extract_file(path)
    assert titles(extraction) == ["Jordan I: Labour Migration", "Jordan II: Labour Migration", "Lebanon: Document Security"]
    heading_line = content[: content.index("Lebanon:")].count("\n") + 1
    [warning] = extraction.warnings
    assert warning.source == str(path) and warning.line == heading_line
    assert "'Lebanon: Document Security' has no Duration:" in warning.message
    lebanon = iris.mint("action", "Lebanon: Document Security")
    assert not [q for q in extraction.quads if q.subject == lebanon and q.predicate.value.endswith("startDate")]


def test_unparseable_duration_warns_with_its_line(tmp_path):
    content = BAD_DATE_ENTRY + "\n\u00a0\n\n" + GOOD_ENTRY
    path = write(tmp_path, "dates.txt", content)
    extraction = extract_file(path)
    assert titles(extraction) == ["Jordan I: Labour Migration", "Tunisia: Migration Data"]
    line = content[: content.index("Duration: to be confirmed")].count("\n") + 1
    [warning] = extraction.warnings
    assert (warning.line, str(warning)) == (line, f"{path}:{line}: cannot read the duration 'to be confirmed' of entry 'Tunisia: Migration Data'; loaded without dates")


def test_truncated_document_loads_what_is_complete(tmp_path):
    content = GOOD_ENTRY + "\n\u00a0\n\n" + GOOD_ENTRY.replace("Jordan I", "Jordan II")
    truncated = content[: content.rindex("Summary:") + 40]
    path = write(tmp_path, "truncated.txt", truncated)
    extraction = extract_file(path)
    assert titles(extraction) == ["Jordan I: Labour Migration", "Jordan II: Labour Migration"]
    assert len(extraction.warnings) == 1 and "'Jordan II: Labour Migration' has no Duration:" in str(extraction.warnings[0])


def test_truncated_utf8_sequence_is_read_with_a_warning(tmp_path):
    data = GOOD_ENTRY.encode("utf-8") + "Côte".encode("utf-8")[:2]
    path = write(tmp_path, "cut.txt", data)
    extraction = extract_file(path)
    assert titles(extraction) == ["Jordan I: Labour Migration"]
    assert extraction.warnings and extraction.warnings[0].line == GOOD_ENTRY.count("\n") + 1


def test_forced_loader_on_the_wrong_kind_of_document_warns(tmp_path):
    path = write(tmp_path, "prose.txt", "Nothing here looks like a catalogue entry.\n")
    extraction = extract_file(path, loader="catalogue")
    assert [str(w) for w in extraction.warnings] == [f"{path}: no catalogue entry found"]


def test_nothing_half_written(tmp_path):
    good = write(tmp_path, "good.txt", GOOD_ENTRY)
    bad = write(tmp_path, "bad.txt", b"\x00\x01\x02")
    store = GraphStore.open(tmp_path / "store")
    store.extend(extract_file(good).quads)
    before = len(store)
    with pytest.raises(LoaderError):
        store.extend(extract_file(bad).quads)
    assert len(store) == before
    assert iris.mint("document", "bad") not in store.named_graphs()


def test_cli_reports_each_failure_and_prints_the_rest(tmp_path):
    good = write(tmp_path, "good.txt", GOOD_ENTRY)
    binary = write(tmp_path, "binary.txt", b"ok\n\x00")
    no_duration = write(tmp_path, "partial.txt", NO_DURATION_ENTRY)
    result = CliRunner().invoke(cli, ["extract", str(binary), str(no_duration), str(good), "--format", "nq"])
    assert result.exit_code == 1
    assert f"Error: {binary}:2: binary file" in result.stderr
    assert f"Warning: {no_duration}:1: entry 'Lebanon: Document Security' has no Duration:" in result.stderr
    assert "/id/document/good>" in result.stdout and "/id/document/partial>" in result.stdout
    assert "/id/document/binary>" not in result.stdout
