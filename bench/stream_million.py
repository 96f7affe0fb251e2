"""Stream a one-million-row SELECT result from `migkg serve` and measure the server's memory meanwhile.

    python -m bench.stream_million [--rows 1000000] [--format csv|json|tsv|xml] [--keep DIR]

Builds a store of ROWS simple triples in a temporary directory (in its own process, so the store
is free afterwards), starts the server on a free 127.0.0.1 port with a row cap above ROWS,
streams `SELECT ?s ?v WHERE { ?s ?p ?v }` twice to /dev/null while sampling the resident memory
of the server's process tree (application process and its one query worker) every 50 ms, and
prints for each run: time to first byte, total time, rows/s, bytes, the tree's memory before the
run and at its peak, and the growth.

The first run also warms the storage engine's block cache (bounded, and kept: a second pass over
the same data adds nothing to it); the second run's growth is what streaming the result costs.
Constant-memory streaming shows as a second-run growth that stays flat whatever --rows is.
"""

import argparse
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.peers import free_port, tree_rss

BUILD = """
import sys
from pyoxigraph import Literal, NamedNode, Quad
from migkg.triples.store import GraphStore

store = GraphStore.open(sys.argv[1])
rows = int(sys.argv[2])
graph = NamedNode("http://example.org/graph/bench")
predicate = NamedNode("http://example.org/value")
batch = 100_000
for start in range(0, rows, batch):
    store.extend(Quad(NamedNode(f"http://example.org/item/{i}"), predicate, Literal(f"value {i}"), graph)
                 for i in range(start, min(rows, start + batch)))
store.optimize()
store.flush()
"""


def _wait_ready(url: str, process: subprocess.Popen, limit: float = 900) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=30)
            return
        except (requests.ConnectionError, requests.Timeout):
            threading.Event().wait(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", default="csv", choices=["csv", "json", "tsv", "xml"])
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (default: a temporary directory)")
    args = parser.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="migkg-stream-"))
    store = workdir / "store"
    if not (store / "CURRENT").exists():
        print(f"building {args.rows:,} triples into {store} ...", file=sys.stderr)
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", BUILD, str(store), str(args.rows)], check=True)
        print(f"built in {time.monotonic() - started:.1f} s", file=sys.stderr)

    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    server = subprocess.Popen(
        [sys.executable, "-c", "from migkg.server.cli import serve; serve()", "--store", str(store),
         "--port", str(port), "--timeout", "600", "--max-rows", str(args.rows + 1), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(url, server)
        threading.Event().wait(1.0)
        runs = [_stream(url, server.pid, args.format) for _ in range(2)]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    mib = 1024 * 1024
    print(f"rows requested      {args.rows:,} ({args.format})")
    for label, run in zip(("first run (cold cache)", "second run"), runs):
        print(label)
        print(f"  body                {run['size'] / mib:,.1f} MiB, {run['lines']:,} lines")
        print(f"  time to first byte  {run['first_byte']:.2f} s")
        print(f"  total time          {run['elapsed']:.2f} s ({args.rows / run['elapsed']:,.0f} rows/s, "
              f"{run['size'] / mib / run['elapsed']:.1f} MiB/s)")
        print(f"  server memory       {run['baseline'] / mib:,.1f} MiB before, {run['peak'] / mib:,.1f} MiB peak, "
              f"growth {(run['peak'] - run['baseline']) / mib:,.1f} MiB")


def _stream(url: str, pid: int, format_name: str) -> dict:
    """Stream the whole result once, sampling the server tree's memory; the figures of that run."""
    baseline = tree_rss(pid)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    first_byte = None
    size = lines = 0
    with requests.get(url, stream=True, timeout=600, params={
        "query": "SELECT ?s ?v WHERE { ?s ?p ?v }", "format": format_name,
    }) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=256 * 1024):
            if first_byte is None:
                first_byte = time.monotonic() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    return {"baseline": baseline, "peak": peak, "first_byte": first_byte, "elapsed": elapsed, "size": size,
            "lines": lines}


if __name__ == "__main__":
    main()
