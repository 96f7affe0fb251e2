"""Benchmark: first build of a corpus against rebuilding it unchanged, and after changing one document.

The corpus is the bundled sample corpus copied COPIES times under distinct names (so each copy is
a document of its own, read by the real loaders). Prints the times and the ratio first/unchanged.

    python bench/build_incremental.py [--copies 8] [--store DIR]
"""

import argparse
import shutil
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from migkg.loaders import iter_sources
from migkg.triples.build import build
from migkg.triples.store import GraphStore


def make_corpus(directory: Path, copies: int) -> list[Path]:
    """COPIES copies of every sample document, named copyNN_<original name>."""
    sample = files("migkg") / "sample" / "corpus"
    paths = []
    for copy in range(copies):
        for entry in sorted(sample.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".txt"):
                path = directory / f"copy{copy:02d}_{entry.name}"
                path.write_bytes(entry.read_bytes())
                paths.append(path)
    return paths


def timed_build(store: GraphStore, corpus: Path) -> tuple[float, object]:
    """Seconds to read the sources and build them, and the report."""
    start = time.perf_counter()
    report = build(store, list(iter_sources([str(corpus)])))
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of the sample corpus (5 documents each)")
    parser.add_argument("--store", type=Path, help="store directory (default: a temporary one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="migkg-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        paths = make_corpus(corpus, args.copies)
        store = GraphStore.open(args.store or work / "store")
        first, report = timed_build(store, corpus)
        loaded = len(report.with_status("loaded", bundled=False))
        unchanged, report = timed_build(store, corpus)
        skipped = len(report.with_status("skipped", bundled=False))
        paths[0].write_bytes(paths[0].read_bytes() + b"\nOne more line at the end.\n")
        one_changed, report = timed_build(store, corpus)
        reloaded = len(report.with_status("loaded", bundled=False))
        print(f"documents:            {len(paths)}")
        print(f"first build:          {first:8.3f} s  ({loaded} loaded)")
        print(f"unchanged rebuild:    {unchanged:8.3f} s  ({skipped} skipped)")
        print(f"one document changed: {one_changed:8.3f} s  ({reloaded} reloaded)")
        print(f"ratio first/unchanged: {first / unchanged:.1f}x")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
