"""`python -m bench [--short] [--sizes 1e5,1e6] [--seconds S] [--out FILE]`: the benchmarks in one run.

Measures, on this machine: loader throughput per loader, build throughput and peak memory against
raw pyoxigraph bulk_load, query latency (p50/p99 per query) and throughput at 1 and 8 clients for
every available peer on the same data, interleaved round by round, and server start-up time.
Prints a table and writes JSON (bench/results/latest.json by default). Bounded in time.
"""

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

from bench import generate
from bench.load import run
from bench.mix import mix
from bench.peers import PEERS, Migkg, tree_rss

RESULTS = Path(__file__).parent / "results"


def _peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def loaders(workdir: Path, count: int) -> dict:
    """Documents/s and MB/s of text per loader over generated inputs."""
    from migkg.loaders import Source, extract

    paths = generate.documents(count, workdir / "documents")
    per_loader: dict[str, dict] = {}
    for path in paths:
        data = path.read_bytes()
        started = time.perf_counter()
        extraction = extract(Source(name=str(path), key=path.stem, data=data))
        elapsed = time.perf_counter() - started
        entry = per_loader.setdefault(extraction.loader, {"documents": 0, "bytes": 0, "seconds": 0.0, "quads": 0})
        entry["documents"] += 1
        entry["bytes"] += len(data)
        entry["seconds"] += elapsed
        entry["quads"] += len(extraction.quads)
    for entry in per_loader.values():
        entry["documents_per_s"] = entry["documents"] / entry["seconds"]
        entry["mb_per_s"] = entry["bytes"] / 2**20 / entry["seconds"]
    return per_loader


def build(workdir: Path, data: Path, triples: int) -> dict:
    """`migkg build` of pre-made RDF against raw pyoxigraph bulk_load into an on-disk store."""
    raw_store = workdir / "raw-store"
    started = time.perf_counter()
    store = pyoxigraph.Store(str(raw_store))
    store.bulk_load(path=str(data))
    store.flush()
    raw_seconds = time.perf_counter() - started
    del store

    store_dir = workdir / "build-store"
    before = _peak_child_rss_mb()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "migkg", "build", str(data), "--store", str(store_dir)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return {
        "triples": triples,
        "raw_bulk_load_s": raw_seconds,
        "raw_triples_per_s": triples / raw_seconds,
        "migkg_build_s": seconds,
        "migkg_triples_per_s": triples / seconds,
        "ratio_to_raw": raw_seconds / seconds,
        "peak_rss_mb": max(_peak_child_rss_mb(), before),
    }


def _check_answers(endpoint_peer, queries: dict[str, str], reference: dict[str, int]) -> dict[str, bool]:
    """Does each peer return as many results as pyoxigraph in-process? (a fast wrong answer is no answer)."""
    import requests

    agreement = {}
    for name, query in queries.items():
        is_graph = "CONSTRUCT" in query.upper()
        response = requests.post(endpoint_peer.endpoint, data=query.encode(),
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/n-triples" if is_graph else "application/sparql-results+json"},
                                 timeout=120)
        if response.status_code != 200:
            agreement[name] = False
            continue
        if is_graph:
            count = len([line for line in response.text.splitlines() if line.strip()])
        else:
            body = response.json()
            count = int(body["boolean"]) if "boolean" in body else len(body["results"]["bindings"])
        agreement[name] = count == reference[name]
    return agreement


def in_process(data: Path, queries: dict[str, str], seconds: float) -> tuple[dict, dict[str, int]]:
    """pyoxigraph in-process, one thread: the floor every server adds to."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(data))
    reference, latencies = {}, {}
    for name, query in queries.items():
        result = store.query(query, use_default_graph_as_union=True)
        reference[name] = int(bool(result)) if isinstance(result, pyoxigraph.QueryBoolean) else len(list(result))
    deadline = time.monotonic() + seconds
    done = 0
    started = time.perf_counter()
    while time.monotonic() < deadline:
        for name, query in queries.items():
            t = time.perf_counter()
            result = store.query(query, use_default_graph_as_union=True)
            if not isinstance(result, pyoxigraph.QueryBoolean):
                for _ in result:
                    pass
            latencies.setdefault(name, []).append(time.perf_counter() - t)
            done += 1
    wall = time.perf_counter() - started
    p50 = {name: sorted(v)[len(v) // 2] for name, v in latencies.items()}
    return {"throughput": done / wall, "p50": p50}, reference


def endpoints(workdir: Path, data: Path, queries: dict[str, str], *, seconds: float, rounds: int,
              client_counts: tuple[int, ...], reference: dict[str, int]) -> dict:
    """Every available peer on the same data and queries, interleaved: round r runs each peer in turn."""
    peers = []
    for cls in PEERS:
        if not cls.available():
            print(f"  {cls.name}: not installed ({cls.available_hint}); skipped", file=sys.stderr)
            continue
        peer = cls(workdir / cls.name)
        peer.workdir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        peer.prepare(data)
        peer.prepare_seconds = time.perf_counter() - started
        peers.append(peer)
    results: dict[str, dict] = {}
    try:
        for peer in peers:
            peer.start()
            results[peer.name] = {
                "startup_s": peer.startup_seconds,
                "prepare_s": peer.prepare_seconds,
                "answers_agree": _check_answers(peer, queries, reference),
                "runs": {str(c): [] for c in client_counts},
                "rss_mb": [],
            }
        for _ in range(rounds):
            for clients in client_counts:
                for peer in peers:
                    outcome = run(peer.endpoint, queries, clients=clients, seconds=seconds)
                    results[peer.name]["runs"][str(clients)].append({
                        "throughput": outcome.throughput,
                        "errors": sum(outcome.errors.values()),
                        "p50": {n: outcome.median(n) for n in queries},
                        "p99": {n: outcome.percentile(n, 0.99) for n in queries},
                    })
                    results[peer.name]["rss_mb"].append(tree_rss(peer.process.pid) / 2**20)
    finally:
        for peer in peers:
            peer.stop()
    for name, entry in results.items():
        for clients, runs in entry["runs"].items():
            if runs:
                throughputs = sorted(r["throughput"] for r in runs)
                entry[f"throughput_{clients}"] = throughputs[len(throughputs) // 2]
    return results


def table(report: dict) -> str:
    """The summary a person reads."""
    lines = []
    for size, entry in report["sizes"].items():
        lines.append(f"\n== {size} triples ==")
        floor = entry["in_process"]["throughput"]
        lines.append(f"pyoxigraph in-process (1 thread): {floor:.1f} queries/s")
        migkg = entry["endpoints"].get("migkg", {})
        header = f"{'peer':<18}{'q/s @1':>10}{'q/s @8':>10}{'migkg÷peer @8':>15}{'start s':>9}{'RSS MB':>9}  answers"
        lines.append(header)
        for name, peer in entry["endpoints"].items():
            t1 = peer.get("throughput_1", 0.0)
            t8 = peer.get("throughput_8", 0.0)
            ratio = (migkg.get("throughput_8", 0.0) / t8) if t8 else float("nan")
            agree = all(peer["answers_agree"].values())
            rss = max(peer["rss_mb"]) if peer["rss_mb"] else 0
            lines.append(f"{name:<18}{t1:>10.1f}{t8:>10.1f}{ratio:>15.2f}{peer['startup_s']:>9.2f}{rss:>9.0f}  "
                         f"{'all agree' if agree else 'DIFFER: ' + ','.join(k for k, v in peer['answers_agree'].items() if not v)}")
        if "build" in entry:
            b = entry["build"]
            lines.append(f"build: {b['migkg_triples_per_s']:,.0f} triples/s vs raw bulk_load {b['raw_triples_per_s']:,.0f} "
                         f"(ratio {b['ratio_to_raw']:.2f}), peak RSS {b['peak_rss_mb']:.0f} MB")
        if migkg:
            lines.append("p50 / p99 ms per query at 8 clients (migkg):")
            last = migkg["runs"]["8"][-1] if migkg["runs"].get("8") else None
            if last:
                for name in last["p50"]:
                    p50, p99 = last["p50"][name], last["p99"][name]
                    if p50 is not None:
                        lines.append(f"  {name:<22}{p50 * 1000:>9.1f}{p99 * 1000:>9.1f}")
    if report.get("loaders"):
        lines.append("\n== loaders ==")
        for name, entry in report["loaders"].items():
            lines.append(f"{name:<12}{entry['documents_per_s']:>10.1f} docs/s{entry['mb_per_s']:>8.2f} MB/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="CI mode: 1e4 triples, short windows (under 2 minutes)")
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated triple counts (default 1e5,1e6)")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds per peer per measurement window")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per size")
    parser.add_argument("--documents", type=int, default=200, help="generated documents for loader throughput")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    if args.short:
        sizes, seconds, rounds, documents = [10_000], 2.0, 1, 24
    else:
        sizes, seconds, rounds, documents = [int(float(s)) for s in args.sizes.split(",")], args.seconds, args.rounds, args.documents
    report = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                          "pyoxigraph": pyoxigraph.__version__}, "sizes": {}, "mode": "short" if args.short else "full"}
    queries = mix()
    with tempfile.TemporaryDirectory(prefix="migkg-bench-") as tmp:
        workdir = Path(tmp)
        print(f"loaders: {documents} generated documents", file=sys.stderr)
        report["loaders"] = loaders(workdir, documents)
        for size in sizes:
            sizedir = workdir / f"s{size}"
            sizedir.mkdir()
            data = sizedir / "data.nq"
            written = generate.rdf(size, data)
            print(f"{written} quads: build, in-process floor, endpoints", file=sys.stderr)
            entry = {"quads": written}
            entry["build"] = build(sizedir, data, written)
            entry["in_process"], reference = in_process(data, queries, seconds)
            entry["endpoints"] = endpoints(sizedir, data, queries, seconds=seconds, rounds=rounds,
                                           client_counts=(1, 8), reference=reference)
            report["sizes"][str(size)] = entry
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(table(report))
    print(f"\nJSON written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
