"""`python -m bench [--short] [--sizes 1e5,1e6] [--seconds S] [--out FILE]`: the benchmarks in one run.

Measures, on this machine: loader throughput per loader, build throughput and peak memory against
raw pyoxigraph bulk_load, query latency (p50/p99 per query) and throughput at 1 and 8 clients for
every available peer (migkg, oxigraph serve, Virtuoso, rdflib-endpoint) on the same data,
interleaved round by round, answer agreement with pyoxigraph in-process, server start-up time, and
time to first byte and memory growth while streaming a large SELECT. Prints Markdown tables and
writes JSON (bench/results/latest.json by default). Bounded in time; see bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph
import requests

from bench import generate
from bench.load import post, run
from bench.mix import mix
from bench.peers import PEERS, Migkg, RdflibEndpoint, Virtuoso, tree_rss

RESULTS = Path(__file__).parent / "results"
RAW_BULK_LOAD = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2])
store.flush()
"""
OPTIMIZE = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
store.optimize()
store.flush()
"""


def _timed_process(command: list[str], *, timeout: float) -> dict:
    """Run `command`, sampling its process tree's memory every 50 ms: seconds, peak RSS (MB), finished or not."""
    started = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, stderr = process.communicate(timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        finished = False
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if finished and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed ({process.returncode}):\n{stderr.decode(errors='replace')[-2000:]}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    return {"seconds": seconds, "cpu_s": cpu, "peak_rss_mb": peak / 2**20, "finished": finished}


#: the bundled sample corpus: real documents, measured beside the generated ones
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "migkg" / "sample" / "corpus"


def loaders(workdir: Path, count: int) -> dict:
    """Documents/s and MB/s of text per loader over generated inputs."""
    return loader_throughput(generate.documents(count, workdir / "documents"))


def loaders_on_sample(rounds: int = 3) -> dict:
    """Documents/s and MB/s per loader over the bundled sample corpus, each document read `rounds` times."""
    paths = sorted(p for p in SAMPLE_CORPUS.iterdir() if p.is_file() and p.suffix != ".md")
    return loader_throughput(paths * rounds)


def loader_throughput(paths: list[Path]) -> dict:
    """Documents/s and MB/s of text per loader, one thread, after one warm-up document of each form.

    The loaders keep answers only while one document is read, so a document read again costs
    what it cost the first time (apart from the gazetteer's process-wide look-ups).
    """
    from migkg.loaders import Source, extract

    for path in paths[:4]:  # one of each form first: imports, models and caches are not throughput
        extract(Source(name=str(path), key=path.stem, data=path.read_bytes()))
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


def document_build(workdir: Path, count: int) -> dict:
    """`migkg build` of generated documents into a new on-disk store, read in one process and on
    every core (`--jobs`): wall-clock seconds, documents/s, MB/s of text, peak RSS of the process tree."""
    corpus = workdir / "build-documents"
    paths = generate.documents(count, corpus)
    size = sum(path.stat().st_size for path in paths)
    runs = {}
    for jobs in dict.fromkeys((1, os.cpu_count() or 1)):
        store = workdir / f"documents-store-{jobs}"
        timed = _timed_process([sys.executable, "-m", "migkg", "build", str(corpus), "--store", str(store),
                                "--jobs", str(jobs)], timeout=1800)
        shutil.rmtree(store, ignore_errors=True)
        runs[str(jobs)] = {"seconds": timed["seconds"], "documents_per_s": len(paths) / timed["seconds"],
                           "mb_per_s": size / 2**20 / timed["seconds"], "peak_rss_mb": timed["peak_rss_mb"]}
    shutil.rmtree(corpus, ignore_errors=True)
    return {"documents": len(paths), "bytes": size, "jobs": runs}


#: graphs of the generated data that `migkg build` loads from its own bundled sources, and the
#: document graphs they are renamed to for the build (a source may not write into them)
BUNDLED_GRAPH_RENAMES = {
    "<https://w3id.org/migkg/graph/countries>": "<https://w3id.org/migkg/id/document/generated-countries>",
    "<https://w3id.org/migkg/vocab/>": "<https://w3id.org/migkg/id/document/generated-vocabularies>",
}


def build_input(data: Path, out: Path) -> Path:
    """The generated N-Quads with the graphs the build owns renamed (same quads, same count)."""
    with data.open("rb") as source, out.open("wb") as target:
        renames = {f" {old} .\n".encode(): f" {new} .\n".encode() for old, new in BUNDLED_GRAPH_RENAMES.items()}
        for line in source:
            for old, new in renames.items():
                if line.endswith(old):
                    line = line[: -len(old)] + new
                    break
            target.write(line)
    return out


def build(workdir: Path, data: Path, triples: int, *, timeout: float) -> dict:
    """`migkg build` of the N-Quads file against raw pyoxigraph bulk_load into an on-disk store.

    Both read the same file (`build_input`: the generated data, its country and vocabulary graphs
    renamed, since the build loads those graphs from its own sources), each in its own process,
    timed wall-clock with their peak resident memory. `migkg build` also records its manifest,
    adds the bundled ontology and country table and computes the entailments graph; it is compared
    with raw bulk_load alone and, for reference, with raw bulk_load plus `optimize`.
    A build still running after `timeout` seconds is stopped and reported so. The store migkg
    serves afterwards is raw bulk_load of the generated data as it is, compacted, so that every
    peer answers from exactly the generated data.
    """
    same = build_input(data, workdir / "build-input.nq")
    load = os.getloadavg()[0]
    raw = _timed_process([sys.executable, "-c", RAW_BULK_LOAD, str(workdir / "raw-build-store"), str(same)],
                         timeout=timeout * 4)
    compact = _timed_process([sys.executable, "-c", OPTIMIZE, str(workdir / "raw-build-store")], timeout=timeout * 4)
    built = _timed_process([sys.executable, "-m", "migkg", "build", str(same), "--store", str(workdir / "build-store")],
                           timeout=timeout)
    load_after = os.getloadavg()[0]
    for scratch in ("raw-build-store", "build-store"):
        shutil.rmtree(workdir / scratch, ignore_errors=True)
    same.unlink()
    _timed_process([sys.executable, "-c", RAW_BULK_LOAD, str(workdir / "raw-store"), str(data)], timeout=timeout * 4)
    _timed_process([sys.executable, "-c", OPTIMIZE, str(workdir / "raw-store")], timeout=timeout * 4)
    return {
        "triples": triples,
        "raw_bulk_load_s": raw["seconds"],
        "raw_triples_per_s": triples / raw["seconds"],
        "raw_peak_rss_mb": raw["peak_rss_mb"],
        "raw_optimize_s": compact["seconds"],
        "raw_cpu_s": raw["cpu_s"],
        "migkg_build_s": built["seconds"],
        "migkg_build_cpu_s": built["cpu_s"],
        "cpu_ratio_to_raw": raw["cpu_s"] / built["cpu_s"] if built["cpu_s"] else None,
        "migkg_build_finished": built["finished"],
        "migkg_triples_per_s": triples / built["seconds"],
        "ratio_to_raw": raw["seconds"] / built["seconds"],
        "ratio_to_raw_and_optimize": (raw["seconds"] + compact["seconds"]) / built["seconds"],
        "peak_rss_mb": built["peak_rss_mb"],
        "load_average": [load, load_after],
    }


def _count(response: requests.Response, query: str) -> int:
    if "CONSTRUCT" in query.upper().split("WHERE")[0]:
        return len([line for line in response.text.splitlines() if line.strip()])
    body = response.json()
    return int(body["boolean"]) if "boolean" in body else len(body["results"]["bindings"])


def answer_counts(endpoint: str, queries: dict[str, str], *, timeout: float) -> dict[str, int | str]:
    """Rows (or triples, or the boolean as 0/1) a peer returns per query; an error is its description."""
    counts: dict[str, int | str] = {}
    with requests.Session() as session:
        for name, query in queries.items():
            try:
                response = post(session, endpoint, query, timeout=timeout)
            except requests.RequestException as error:
                counts[name] = f"error: {type(error).__name__}"
                continue
            counts[name] = _count(response, query) if response.status_code == 200 else f"HTTP {response.status_code}"
    return counts


def in_process(data: Path, queries: dict[str, str], seconds: float) -> tuple[dict, dict[str, int]]:
    """pyoxigraph in-process over an in-memory store, one thread: the floor every server adds to.

    Also the reference answers: row counts per query every peer must match.
    """
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
              client_counts: tuple[int, ...], reference: dict[str, int], migkg_store: Path,
              skip: set[str], answer_timeout: float, virtuoso_buffers: int | None = None) -> dict:
    """Every available peer on the same data and queries, interleaved: round r runs each peer in turn.

    migkg serves `migkg_store` (the raw bulk-loaded store of the same data); the others load `data`.
    """
    peers = []
    results: dict[str, dict] = {}
    for cls in PEERS:
        if not cls.available():
            print(f"  {cls.name}: not installed ({cls.available_hint}); skipped", file=sys.stderr)
            continue
        if cls.name in skip:
            results[cls.name] = {"skipped": "not run at this size (bounded time); see --rdflib-max"}
            continue
        if cls is Migkg:
            peer = Migkg(workdir / cls.name, store=migkg_store)
        elif cls is Virtuoso:
            peer = Virtuoso(workdir / cls.name, buffers=virtuoso_buffers)
        else:
            peer = cls(workdir / cls.name)
        peer.workdir.mkdir(parents=True, exist_ok=True)
        print(f"  {cls.name}: preparing", file=sys.stderr)
        started = time.perf_counter()
        peer.prepare(data)
        peer.prepare_seconds = time.perf_counter() - started
        peers.append(peer)
    try:
        for peer in peers:
            print(f"  {peer.name}: starting, checking answers", file=sys.stderr)
            peer.start(timeout=300)
            counts = answer_counts(peer.endpoint, queries, timeout=answer_timeout)
            results[peer.name] = {
                "startup_s": peer.startup_seconds,
                "prepare_s": peer.prepare_seconds,
                "answer_counts": counts,
                "answers_agree": {name: counts[name] == reference[name] for name in queries},
                "runs": {str(c): [] for c in client_counts},
                "pss_mb": [peer.memory() / 2**20],
            }
        for round_number in range(rounds):
            for clients in client_counts:
                for peer in peers:
                    print(f"  round {round_number + 1}/{rounds}, {clients} client(s): {peer.name}", file=sys.stderr)
                    outcome = run(peer.endpoint, queries, clients=clients, seconds=seconds)
                    results[peer.name]["runs"][str(clients)].append({
                        "throughput": outcome.throughput,
                        "completed": outcome.completed,
                        "errors": sum(outcome.errors.values()),
                        "load_average": os.getloadavg()[0],
                        "p50": {n: outcome.median(n) for n in queries},
                        "p99": {n: outcome.percentile(n, 0.99) for n in queries},
                    })
                    results[peer.name]["pss_mb"].append(peer.memory() / 2**20)
    finally:
        for peer in peers:
            peer.stop()
    _summarise(results, client_counts)
    return dict(sorted(results.items(), key=lambda item: "runs" not in item[1]))


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _summarise(results: dict[str, dict], client_counts: tuple[int, ...]) -> None:
    """Median throughput per client count, per-query medians of p50/p99 over rounds, and migkg ÷ peer ratios.

    A ratio is taken round by round (the two ran seconds apart) and the median of those is reported.
    """
    migkg = results.get("migkg", {})
    for name, entry in results.items():
        if "runs" not in entry:
            continue
        for clients in map(str, client_counts):
            runs = entry["runs"][clients]
            entry[f"throughput_{clients}"] = _median([r["throughput"] for r in runs])
            entry[f"errors_{clients}"] = sum(r["errors"] for r in runs)
            names = runs[0]["p50"] if runs else {}
            entry[f"p50_{clients}"] = {n: _median([r["p50"][n] for r in runs if r["p50"][n] is not None]) for n in names}
            entry[f"p99_{clients}"] = {n: _median([r["p99"][n] for r in runs if r["p99"][n] is not None]) for n in names}
            if "runs" in migkg:
                ratios = [m["throughput"] / p["throughput"]
                          for m, p in zip(migkg["runs"][clients], runs) if p["throughput"]]
                entry[f"migkg_ratio_{clients}"] = _median(ratios)


def stream(workdir: Path, rows: int) -> dict:
    """Time to first byte and server memory growth while `migkg serve` streams a `rows`-row SELECT (CSV).

    Uses bench/stream_million.py: a store of `rows` simple triples, one query worker, two passes;
    the second pass's growth is the cost of streaming (the first also warms the storage cache).
    """
    from bench import stream_million
    from bench.peers import free_port

    store = workdir / "stream-store"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", stream_million.BUILD, str(store), str(rows)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build_seconds = time.perf_counter() - started
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    server = subprocess.Popen([sys.executable, "-m", "migkg", "serve", "--store", str(store), "--port", str(port),
                               "--timeout", "600", "--max-rows", str(rows + 1), "--workers", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stream_million._wait_ready(url, server)
        passes = [stream_million._stream(url, server.pid, "csv") for _ in range(2)]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    mib = 2**20
    return {
        "rows": rows,
        "store_build_s": build_seconds,
        "passes": [{
            "first_byte_s": p["first_byte"],
            "total_s": p["elapsed"],
            "rows_per_s": rows / p["elapsed"],
            "body_mb": p["size"] / mib,
            "lines": p["lines"],
            "rss_before_mb": p["baseline"] / mib,
            "rss_peak_mb": p["peak"] / mib,
            "growth_mb": (p["peak"] - p["baseline"]) / mib,
        } for p in passes],
    }


def _ms(value: float | None) -> str:
    return f"{value * 1000:.1f}" if value is not None else "-"


def _num(value: float | None, spec: str = ".1f") -> str:
    return format(value, spec) if value is not None else "-"


def table(report: dict) -> str:
    """The summary a person reads (Markdown tables)."""
    machine = report["machine"]
    lines = [f"{report['date']} — {machine['cpus']} CPUs, Python {machine['python']}, pyoxigraph {machine['pyoxigraph']}; "
             f"load average {machine['load_before']:.2f} before, {machine['load_after']:.2f} after "
             f"(per window: {machine['load_min']:.2f} to {machine['load_max']:.2f})"]
    for key, inputs in (("loaders", "generated inputs"), ("loaders_sample", "the sample corpus, each document 3 times")):
        if not report.get(key):
            continue
        lines += ["", f"### Loaders (one thread, {inputs})", "",
                  "| loader | documents | MB | documents/s | MB/s |", "| --- | ---: | ---: | ---: | ---: |"]
        for name, entry in report[key].items():
            lines.append(f"| {name} | {entry['documents']} | {entry['bytes'] / 2**20:.2f} | "
                         f"{entry['documents_per_s']:.1f} | {entry['mb_per_s']:.3f} |")
    if report.get("document_build"):
        db = report["document_build"]
        lines += ["", f"### `migkg build` of {db['documents']} generated documents ({db['bytes'] / 2**20:.2f} MB) "
                  "into a new store, loaders and writes included", "",
                  "| --jobs | seconds | documents/s | MB/s | peak RSS MB |", "| ---: | ---: | ---: | ---: | ---: |"]
        for jobs, run_ in db["jobs"].items():
            lines.append(f"| {jobs} | {run_['seconds']:.1f} | {run_['documents_per_s']:.1f} | {run_['mb_per_s']:.3f} | "
                         f"{run_['peak_rss_mb']:.0f} |")
    for size, entry in report["sizes"].items():
        lines += ["", f"### {int(size):,} triples ({entry['quads']:,} quads generated)", ""]
        b = entry["build"]
        state = "" if b["migkg_build_finished"] else f" (stopped after {b['migkg_build_s']:.0f} s, not finished: at most)"
        lines += [f"Build: `migkg build` {b['migkg_build_s']:.1f} s, {b['migkg_triples_per_s']:,.0f} triples/s{state}, "
                  f"peak RSS {b['peak_rss_mb']:.0f} MB; raw pyoxigraph bulk_load {b['raw_bulk_load_s']:.1f} s, "
                  f"{b['raw_triples_per_s']:,.0f} triples/s, peak RSS {b['raw_peak_rss_mb']:.0f} MB; "
                  f"ratio migkg ÷ raw **{b['ratio_to_raw']:.2f}** (÷ raw bulk_load + optimize "
                  f"{b['ratio_to_raw_and_optimize']:.2f}; CPU {b.get('migkg_build_cpu_s', 0):.1f} s against "
                  f"{b.get('raw_cpu_s', 0):.1f} s); load average {b['load_average'][0]:.1f} to "
                  f"{b['load_average'][1]:.1f}.", ""]
        floor = entry["in_process"]["throughput"]
        lines += [f"pyoxigraph in-process (in-memory store, one thread, no HTTP): {floor:.1f} queries/s.", ""]
        lines += ["| peer | q/s @1 | q/s @8 | migkg ÷ peer @1 | migkg ÷ peer @8 | errors | start-up s | memory MB (PSS, max) | result cache | answers |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for name, peer in entry["endpoints"].items():
            if "runs" not in peer:
                lines.append(f"| {name} | | | | | | | | | {peer.get('skipped', '')} |")
                continue
            differ = [k for k, v in peer["answers_agree"].items() if not v]
            answers = "all agree" if not differ else "**DIFFER**: " + ", ".join(
                f"{k} ({peer['answer_counts'][k]} vs {entry['reference'][k]})" for k in differ)
            cache = "none (engine on every request)" if name == "migkg" else "-"
            lines.append(
                f"| {name} | {_num(peer.get('throughput_1'))} | {_num(peer.get('throughput_8'))} | "
                f"{_num(peer.get('migkg_ratio_1'), '.2f')} | {_num(peer.get('migkg_ratio_8'), '.2f')} | "
                f"{peer.get('errors_1', 0) + peer.get('errors_8', 0)} | {_num(peer['startup_s'], '.2f')} | "
                f"{max(peer['pss_mb']):.0f} | {cache} | {answers} |")
        peers = [(n, p) for n, p in entry["endpoints"].items() if "runs" in p]
        for clients in ("1", "8"):
            lines += ["", f"p50 / p99 latency in ms per query at {clients} client(s), median over rounds:", "",
                      "| query | " + " | ".join(n for n, _ in peers) + " |",
                      "| --- |" + " ---: |" * len(peers)]
            for query in entry["reference"]:
                cells = [f"{_ms(p[f'p50_{clients}'].get(query))} / {_ms(p[f'p99_{clients}'].get(query))}" for _, p in peers]
                lines.append(f"| {query} | " + " | ".join(cells) + " |")
    if report.get("stream"):
        st = report["stream"]
        lines += ["", f"### Streaming a {st['rows']:,}-row SELECT (CSV) from `migkg serve`, one query worker", "",
                  "| pass | first byte s | total s | rows/s | body MB | server RSS before MB | peak MB | growth MB |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for k, run_ in enumerate(st["passes"], 1):
            lines.append(f"| {k} | {run_['first_byte_s']:.3f} | {run_['total_s']:.1f} | {run_['rows_per_s']:,.0f} | "
                         f"{run_['body_mb']:.1f} | {run_['rss_before_mb']:.0f} | {run_['rss_peak_mb']:.0f} | {run_['growth_mb']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="CI mode: 1e4 triples, short windows (under 2 minutes)")
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated triple counts (default 1e5,1e6)")
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds per peer per measurement window")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per size")
    parser.add_argument("--documents", type=int, default=40, help="generated documents for loader throughput")
    parser.add_argument("--stream-rows", type=int, default=1_000_000, help="rows of the streamed SELECT (0: skip)")
    parser.add_argument("--build-timeout", type=float, default=600.0,
                        help="seconds after which `migkg build` is stopped and reported unfinished")
    parser.add_argument("--rdflib-max", type=float, default=2e5,
                        help="largest size rdflib-endpoint is run at (it answers under 1 query/s at 1e6)")
    parser.add_argument("--answer-timeout", type=float, default=60.0, help="seconds per query of the answer check")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    if args.short:
        sizes, seconds, rounds, documents, stream_rows = [10_000], 2.0, 1, 8, 20_000
    else:
        sizes = [int(float(s)) for s in args.sizes.split(",")]
        seconds, rounds, documents, stream_rows = args.seconds, args.rounds, args.documents, args.stream_rows
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "short" if args.short else "full",
        "settings": {"sizes": sizes, "seconds": seconds, "rounds": rounds, "documents": documents,
                     "stream_rows": stream_rows, "build_timeout": args.build_timeout, "rdflib_max": args.rdflib_max},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "pyoxigraph": pyoxigraph.__version__,
                    "load_before": os.getloadavg()[0]},
        "sizes": {},
    }
    queries = mix()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="migkg-bench-") as tmp:
        workdir = Path(tmp)
        print(f"loaders: {documents} generated documents", file=sys.stderr)
        report["loaders"] = loaders(workdir, documents)
        report["loaders_sample"] = loaders_on_sample()
        print(f"build of {documents} generated documents, one process and --jobs {os.cpu_count()}", file=sys.stderr)
        report["document_build"] = document_build(workdir, documents)
        for size in sizes:
            sizedir = workdir / f"s{size}"
            sizedir.mkdir()
            data = sizedir / "data.nq"
            written = generate.rdf(size, data)
            print(f"{written:,} quads: build against raw bulk_load", file=sys.stderr)
            entry: dict = {"quads": written}
            entry["build"] = build(sizedir, data, written, timeout=args.build_timeout)
            print("in-process floor and reference answers", file=sys.stderr)
            entry["in_process"], entry["reference"] = in_process(data, queries, seconds)
            skip = {RdflibEndpoint.name} if size > args.rdflib_max else set()
            entry["endpoints"] = endpoints(sizedir, data, queries, seconds=seconds, rounds=rounds,
                                           client_counts=(1, 8), reference=entry["reference"],
                                           migkg_store=sizedir / "raw-store", skip=skip,
                                           answer_timeout=args.answer_timeout,
                                           virtuoso_buffers=20_000 if args.short else None)
            report["sizes"][str(size)] = entry
        if stream_rows:
            print(f"streaming {stream_rows:,} rows", file=sys.stderr)
            report["stream"] = stream(workdir, stream_rows)
    loads = [r["load_average"] for e in report["sizes"].values() for p in e["endpoints"].values()
             for runs in p.get("runs", {}).values() for r in runs]
    report["machine"].update(load_after=os.getloadavg()[0], load_min=min(loads, default=0.0),
                             load_max=max(loads, default=0.0), wall_s=time.monotonic() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(table(report))
    print(f"\nJSON written to {args.out} ({report['machine']['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
