"""Extraction on several cores: documents are read in worker processes and handed back in order.

    for source, extraction in extract_in_order(sources, wanted, jobs=2):
        ...  # extraction: an Extraction, a LoaderError, or None for a source not wanted

The workers fork from a server process that imported the loaders once (multiprocessing's
"forkserver"), so they start in milliseconds and never inherit the caller's threads or open
store. A worker hands its quads back as N-Quads in a scratch file, which the caller parses about
eight times faster than it would unpickle the same terms. At most `2 * jobs` documents are out at
once, so memory and scratch space stay bounded on any corpus.
"""

import multiprocessing
import os
import pickle
import select
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat

from migkg.errors import LoaderError, MigkgError
from migkg.loaders.records import Extraction
from migkg.loaders.sources import Source


class WorkerLost(MigkgError):
    """A worker process died (killed, or out of memory) while reading a document."""


def _extract_to_file(source: Source, loader: str | None, base: str | None, path: str) -> str:
    """In a worker: extract `source` and write the outcome to `path`; returns `path`.

    The outcome (N-Quads and the Extraction's other fields, or the LoaderError) goes through a file
    so that what crosses the pipe is a short message written at once: a worker killed halfway
    through sending megabytes would leave the pool waiting for the rest.
    """
    from migkg.loaders.extraction import extract

    try:
        extraction = extract(source, loader=loader, base=base)
    except LoaderError as error:
        outcome: tuple = ("failed", error)
    else:
        data = pyoxigraph.serialize(extraction.quads, format=RdfFormat.N_QUADS) or b""
        document = extraction.document.value if extraction.document is not None else None
        outcome = ("ok", data, document, extraction.warnings, extraction.checksum, extraction.loader, extraction.language)
    with open(path, "wb") as file:
        pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_outcome(path: str):
    """The Extraction, or the LoaderError, a worker wrote to `path` (the file is removed)."""
    with open(path, "rb") as file:
        outcome = pickle.load(file)
    os.unlink(path)
    if outcome[0] == "failed":
        return outcome[1]
    _, data, document, warnings, checksum, loader, language = outcome
    quads = list(pyoxigraph.parse(data, format=RdfFormat.N_QUADS))
    return Extraction(NamedNode(document) if document else None, quads, warnings, checksum, loader, language)


def _start_worker(caller: int) -> None:
    """In a worker, first: Ctrl-C is for the calling process, which stops the workers itself; and
    the worker ends as soon as the caller does, whatever it is doing then (Linux: a pidfd).

    The second matters when the caller is killed outright: a worker waiting on the task queue would
    wait for ever, and keep the fork server alive with it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "pidfd_open"):
        threading.Thread(target=_exit_with, args=(caller,), name="migkg-caller-watch", daemon=True).start()


def _exit_with(caller: int) -> None:
    """Wait, without polling, until process `caller` ends; then end this process."""
    try:
        watched = os.pidfd_open(caller)
    except ProcessLookupError:
        os._exit(1)
    select.select([watched], [], [])  # a pidfd turns readable when its process ends
    os._exit(1)


def _pool(jobs: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["migkg.loaders.extraction"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))


def extract_in_order(
    sources: list[Source],
    wanted: list[bool],
    *,
    jobs: int,
    loader: str | None = None,
    base: str | None = None,
) -> Iterator[tuple[Source, object]]:
    """(source, Extraction | LoaderError | None) for every source, in the order given.

    The sources whose `wanted` flag is true are read in `jobs` worker processes; the others come
    back with None.

    :raises WorkerLost: a worker process died; the documents already handed back stay valid.
    """
    window: deque[tuple[Source, Future | None]] = deque()
    with tempfile.TemporaryDirectory(prefix="migkg-extract-") as scratch, _pool(jobs) as pool:
        try:
            for number, (source, take) in enumerate(zip(sources, wanted)):
                path = os.path.join(scratch, f"{number}.pickle")
                window.append((source, pool.submit(_extract_to_file, source, loader, base, path) if take else None))
                while len(window) > 2 * jobs or (window and window[0][1] is None):
                    yield _collect(window.popleft())
            while window:
                yield _collect(window.popleft())
        except BrokenProcessPool as error:  # raised by submit once a worker has died
            raise _lost(window[0][0] if window else source) from error
        finally:
            for _, future in window:
                if future is not None:
                    future.cancel()


def _collect(pending: tuple[Source, Future | None]) -> tuple[Source, object]:
    source, future = pending
    if future is None:
        return source, None
    try:
        return source, _read_outcome(future.result())
    except BrokenProcessPool as error:
        raise _lost(source) from error


def _lost(source: Source) -> WorkerLost:
    return WorkerLost(
        f"a loader process died (killed, or out of memory) before {source.name} was read; the documents "
        "before it are stored; run again with --jobs 1 to read one document at a time"
    )
