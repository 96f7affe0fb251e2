"""`migkg doctor`: checks a deployment and says what to fix.

Each check returns a `Check` (status OK, INFO, WARN or FAIL, one line of findings and, unless
OK, a hint saying what to do). `run_checks(store_spec)` runs them all without printing; the
command prints one line per check and exits with status 1 when any check FAILs.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from pyoxigraph import NamedNode

from migkg.errors import MigkgError
from migkg.triples.namespaces import MKG, OWL, RDF
from migkg.triples.store import (
    ENTAILMENTS_GRAPH,
    MANIFEST_GRAPH,
    ONTOLOGY_GRAPH,
    default_store_path,
    is_remote_spec,
    open_store,
    store_option,
)

OK, INFO, WARN, FAIL = "OK", "INFO", "WARN", "FAIL"

#: free space below which the store's disk is a warning, and a failure
LOW_DISK_BYTES = 1024**3
CRITICAL_DISK_BYTES = 100 * 1024**2
#: an update token shorter than this is guessable
MIN_TOKEN_LENGTH = 16
#: manifest loaders whose graphs are RDF files or bundled data, not documents read by a loader
NON_DOCUMENT_LOADERS = frozenset({"rdf", "ontology", "countries"})
#: seconds an external program (java, chromium) may take to print its version
PROGRAM_TIMEOUT = 20


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was looked at, what was found, and how to fix it."""

    name: str
    status: str
    message: str
    fix: str | None = None

    def line(self) -> str:
        """`STATUS  name  message`, and a second line `fix: hint` when there is one."""
        text = f"{self.status:<4}  {self.name:<12} {self.message}"
        return f"{text}\n      {'':<12} fix: {self.fix}" if self.fix else text


# --- the store ----------------------------------------------------------------------------------


def _build_hint(spec) -> str:
    return f"run `migkg build --store {spec}`"


def _count(store, sparql: str) -> int:
    rows = list(store.query(sparql, union=False))
    return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0


def _document_graphs(store) -> dict[NamedNode, str]:
    """Graphs the manifest says a document loader wrote, with the source each came from."""
    rows = store.query(
        f"""SELECT ?graph ?source WHERE {{ GRAPH {MANIFEST_GRAPH} {{
              ?entry {MKG.loader} ?loader ; <http://purl.org/dc/terms/hasPart> ?graph .
              OPTIONAL {{ ?entry <http://purl.org/dc/terms/source> ?source }}
              FILTER (STR(?loader) NOT IN ({", ".join(f'"{name}"' for name in sorted(NON_DOCUMENT_LOADERS))}))
            }} }}""",
        union=False,
    )
    return {row["graph"]: (row["source"].value if row["source"] is not None else "?") for row in rows}


def _manifest_graphs(store) -> set[NamedNode]:
    rows = store.query(
        f"SELECT ?graph WHERE {{ GRAPH {MANIFEST_GRAPH} {{ ?entry <http://purl.org/dc/terms/hasPart> ?graph }} }}",
        union=False,
    )
    return {row["graph"] for row in rows}


def store_checks(spec) -> list[Check]:
    """Opens the store read-only and checks its contents against what `migkg build` writes."""
    shown = spec if spec is not None else default_store_path()
    try:
        store = open_store(spec, read_only=True)
    except MigkgError as error:
        return [Check("store", FAIL, f"cannot open {shown}: {error}", _build_hint(shown))]
    try:
        return _content_checks(store, shown)
    finally:
        store.close()


def _content_checks(store, shown) -> list[Check]:
    checks = []
    graphs = set(store.named_graphs())
    triples = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    documents = _document_graphs(store)
    checks.append(Check("store", OK, f"{shown} opens: {triples} triples in {len(graphs)} named graphs, "
                                     f"{len(documents)} document graphs"))
    if not graphs:
        checks.append(Check("contents", FAIL, "the store is empty", _build_hint(shown)))
        return checks

    missing = sorted((g for g in _manifest_graphs(store) if g not in graphs), key=str)
    undescribed = sorted(
        (g for g in documents if g in graphs
         and not list(store.quads(g, RDF.type, MKG.SourceDocument, g))),
        key=str,
    )
    if missing:
        checks.append(Check("consistency", FAIL,
                            f"{len(missing)} graphs recorded by the build are absent, e.g. {missing[0].value}",
                            f"{_build_hint(shown)} to reload them"))
    elif undescribed:
        first = undescribed[0]
        checks.append(Check("consistency", FAIL,
                            f"{len(undescribed)} document graphs lack their mkg:SourceDocument description, "
                            f"e.g. {first.value} (from {documents[first]})",
                            f"run `migkg build --rebuild --store {shown}`"))
    else:
        checks.append(Check("consistency", OK, f"every one of the {len(documents)} document graphs "
                                               "describes its source document"))

    if not store.contains_named_graph(ONTOLOGY_GRAPH):
        checks.append(Check("ontology", FAIL, f"the ontology graph {ONTOLOGY_GRAPH.value} is not loaded",
                            _build_hint(shown)))
    elif not list(store.quads(ONTOLOGY_GRAPH, RDF.type, OWL.Ontology, ONTOLOGY_GRAPH)):
        checks.append(Check("ontology", FAIL, f"the graph {ONTOLOGY_GRAPH.value} holds no owl:Ontology",
                            f"run `migkg build --rebuild --store {shown}`"))
    else:
        size = sum(1 for _ in store.quads(None, None, None, ONTOLOGY_GRAPH))
        checks.append(Check("ontology", OK, f"loaded ({size} triples)"))

    if store.contains_named_graph(ENTAILMENTS_GRAPH):
        size = sum(1 for _ in store.quads(None, None, None, ENTAILMENTS_GRAPH))
        checks.append(Check("entailments", OK, f"present ({size} triples)"))
    else:
        checks.append(Check("entailments", FAIL, "the entailments graph is absent: class and inverse-property "
                                                 "queries miss answers", _build_hint(shown)))
    return checks


# --- the host -------------------------------------------------------------------------------------


def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{count} B"
        value /= 1024
    return f"{count} B"


def disk_check(spec) -> Check:
    """Free space on the file system that holds (or will hold) the store."""
    if is_remote_spec(spec):
        return Check("disk", INFO, f"the store is remote ({spec}); its disk is checked where it runs")
    path = Path(spec) if spec is not None else default_store_path()
    usage = shutil.disk_usage(_existing_ancestor(path))
    message = f"{_size(usage.free)} free of {_size(usage.total)} where {path} lives"
    if usage.free < CRITICAL_DISK_BYTES:
        return Check("disk", FAIL, message, "free disk space or move the store (--store) before building or writing")
    if usage.free < LOW_DISK_BYTES:
        return Check("disk", WARN, message, "free disk space: builds and compaction need room to write")
    return Check("disk", OK, message)


def token_check(environ=os.environ) -> Check:
    """Whether MIGKG_UPDATE_TOKEN enables writes, and whether it is long enough."""
    token = environ.get("MIGKG_UPDATE_TOKEN") or ""
    if not token:
        return Check("token", INFO, "MIGKG_UPDATE_TOKEN is not set: the endpoint is read-only",
                     "set MIGKG_UPDATE_TOKEN (e.g. `openssl rand -hex 32`) if clients must write")
    if len(token) < MIN_TOKEN_LENGTH:
        return Check("token", WARN, f"MIGKG_UPDATE_TOKEN is set but only {len(token)} characters long",
                     f"use at least {MIN_TOKEN_LENGTH} random characters, e.g. `openssl rand -hex 32`")
    return Check("token", OK, "MIGKG_UPDATE_TOKEN is set: authorised clients may write")


def _program_output(command: list[str]) -> str | None:
    """The combined output of a version command, or None when the program is absent or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROGRAM_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return (done.stderr + done.stdout).strip()


def java_check(run: Callable[[list[str]], str | None] = _program_output) -> Check:
    """Java for the OWL reasoner (HermiT through owlready2)."""
    output = run(["java", "-version"])
    if output is None:
        return Check("java", WARN, "`java -version` fails: the OWL reasoner (migkg reason) cannot run",
                     "install a Java runtime, e.g. `apt-get install openjdk-17-jre-headless`")
    match = re.search(r'version "([^"]+)"', output)
    version = match.group(1) if match else output.splitlines()[0]
    return Check("java", OK, f"Java {version} for the OWL reasoner")


def chromium_check(run: Callable[[list[str]], str | None] = _program_output) -> Check:
    """Chromium, used only by the browser tests of the pages."""
    for program in ("chromium", "chromium-browser", "google-chrome"):
        output = run([program, "--version"])
        if output is not None:
            return Check("chromium", INFO, f"{output.splitlines()[-1]} (browser tests of the pages can run)")
    return Check("chromium", INFO, "no Chromium: only the browser tests of the pages need it")


def run_checks(spec=None, *, environ=os.environ) -> list[Check]:
    """Every check, in the order the command prints them; `spec` is a --store value (None: the default)."""
    return [*store_checks(spec), disk_check(spec), token_check(environ), java_check(), chromium_check()]


@click.command("doctor")
@store_option
def doctor(store):
    """Check a deployment: the store, disk space, the update token, Java; say what to fix.

    Prints one line per check (OK, INFO, WARN or FAIL) with a fix hint; exits with status 1
    when any check fails.
    """
    checks = run_checks(store)
    colours = {OK: "green", INFO: "blue", WARN: "yellow", FAIL: "red"}
    for check in checks:
        click.secho(check.line(), fg=colours[check.status])
    failed = [check for check in checks if check.status == FAIL]
    if failed:
        click.echo(f"{len(failed)} check(s) failed", err=True)
        raise click.exceptions.Exit(1)


commands = [doctor]
