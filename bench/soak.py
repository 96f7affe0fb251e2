"""Soak test: a real `migkg serve` on loopback under mixed reads and writes for a bounded time.

Clients mix SELECT queries, paged listings (LIMIT/OFFSET), SPARQL updates (INSERT DATA into
fresh graphs) and Graph Store PUT/POST, all writes with the update token. At the end every
acknowledged write is looked up, failed requests are counted, and the server's memory (RSS of
its process tree, sampled every second) is fitted with a line after the warm-up.

    python -m bench.soak                        # 10 minutes on the sample corpus, 8 clients
    python -m bench.soak --seconds 60 --clients 4 --report soak.json

Prints requests, errors, p50/p99 latency and memory; writes a JSON report; exit status 1 when a
request failed, a write is missing, or memory grew. `LiveServer` (start, kill, restart a server
on a store) is also what the crash and security tests use.
"""

import argparse
import io
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pyoxigraph
import requests

from bench.peers import tree_rss

SOAK_BASE = "http://soak.example.org/"
#: share of the run (at most WARM_UP_MAX seconds) before memory samples count
WARM_UP_SHARE = 0.25
WARM_UP_MAX = 120.0
#: memory growth after the warm-up, extrapolated over the run, that counts as not flat
MAX_GROWTH_MIB = 64.0
CORPUS = Path(__file__).resolve().parent.parent / "migkg" / "sample" / "corpus"


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(store: Path, sources: list[str], *, log=None) -> subprocess.CompletedProcess:
    """`migkg build --store STORE SOURCES...` in its own process (the store is free afterwards)."""
    return subprocess.run([sys.executable, "-m", "migkg", "build", "--store", str(store), *sources],
                          stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL, check=False)


class LiveServer:
    """`migkg serve` on 127.0.0.1 and a free port, its stdout and stderr in `log_path`.

    Only this process and its own descendants are ever signalled, by pid.
    """

    def __init__(self, store: Path, *args: str, token: str | None = None, log_path: Path | None = None,
                 env: dict | None = None, ready_timeout: float = 90.0):
        self.store = Path(store)
        self.args = args
        self.token = token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path) if log_path else Path(tempfile.mkstemp(prefix="migkg-serve-", suffix=".log")[1])
        command = [sys.executable, "-m", "migkg", "serve", "--store", str(self.store),
                   "--host", "127.0.0.1", "--port", str(self.port), *args]
        process_env = {k: v for k, v in os.environ.items() if not k.startswith("MIGKG_")}
        if token:
            process_env["MIGKG_UPDATE_TOKEN"] = token
        process_env.update(env or {})
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=process_env,
                                        stdin=subprocess.DEVNULL)
        self.wait_ready(ready_timeout)

    @property
    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, limit: float) -> None:
        """Wait until /sparql answers; raises RuntimeError with the server's output if it never does."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.output}")
            try:
                requests.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=5)
                return
            except requests.RequestException:
                threading.Event().wait(0.1)
        raise RuntimeError(f"the server did not answer within {limit} s:\n{self.output}")

    def tree(self) -> list[psutil.Process]:
        """The server process and its descendants (gunicorn worker, query workers)."""
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss(self) -> int:
        """Resident memory of the whole process tree, in bytes."""
        return tree_rss(self.process.pid)

    def kill(self) -> None:
        """SIGKILL the server and every descendant at once, as a crash would."""
        tree = self.tree()
        for process in tree:
            try:
                process.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                continue
        psutil.wait_procs(tree, timeout=15)
        self.process.wait(timeout=15)
        self._log.close()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL for anything of its own still running after 15 s."""
        tree = self.tree()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        _, alive = psutil.wait_procs(tree, timeout=10)
        for process in alive:
            process.kill()
        self._log.close()

    # --- requests ------------------------------------------------------------------------------

    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def query(self, sparql: str, *, timeout: float = 60, **kwargs) -> requests.Response:
        """POST application/sparql-query, JSON results."""
        headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json",
                   **kwargs.pop("headers", {})}
        return requests.post(self.url + "/sparql", data=sparql.encode("utf-8"), headers=headers, timeout=timeout,
                             **kwargs)

    def update(self, sparql: str, *, timeout: float = 60, **kwargs) -> requests.Response:
        """POST application/sparql-update with the token."""
        headers = {"Content-Type": "application/sparql-update", **self.auth(), **kwargs.pop("headers", {})}
        return requests.post(self.url + "/sparql", data=sparql.encode("utf-8"), headers=headers, timeout=timeout,
                             **kwargs)

    def graph_counts(self, prefix: str) -> Counter:
        """Triples per named graph whose IRI starts with `prefix`, from a full N-Quads dump (no row cap)."""
        response = requests.get(self.url + "/store", headers={"Accept": "application/n-quads"}, timeout=300)
        response.raise_for_status()
        counts: Counter = Counter()
        for quad in pyoxigraph.parse(io.BytesIO(response.content), pyoxigraph.RdfFormat.N_QUADS):
            graph = quad.graph_name
            if isinstance(graph, pyoxigraph.NamedNode) and graph.value.startswith(prefix):
                counts[graph.value] += 1
        return counts


# --- the soak -------------------------------------------------------------------------------------


READS = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "labels": "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 20 OFFSET {offset}",
    "classes": "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 20",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 50 OFFSET {offset}",
    "ask": "ASK { ?s a owl:Class }",
}


@dataclass
class Tally:
    """What the clients did and saw, shared between threads under `lock`."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    writes: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, response: requests.Response | None, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_samples) < 20:
                    status = response.status_code if response is not None else "no response"
                    self.error_samples.append(f"{kind}: {status} {detail[:200]}")


def _triples(graph: str, count: int, nonce: str) -> str:
    return "\n".join(f"<{graph}/item/{i}> <{SOAK_BASE}value> \"{nonce} {i}\" ." for i in range(count))


class Client(threading.Thread):
    """One closed-loop client: picks an operation, sends it, records the outcome, until the deadline."""

    def __init__(self, number: int, server: LiveServer, tally: Tally, deadline: float, seed: int):
        super().__init__(daemon=True, name=f"soak-client-{number}")
        self.number = number
        self.server = server
        self.tally = tally
        self.deadline = deadline
        self.random = random.Random(seed)
        self.session = requests.Session()
        self.sent = 0
        self.my_graphs: list[str] = []

    def run(self) -> None:
        operations = ["read"] * 5 + ["page"] * 2 + ["update", "put", "post"]
        while time.monotonic() < self.deadline:
            getattr(self, "_" + self.random.choice(operations))()
            self.sent += 1

    def _send(self, kind: str, method: str, path: str, *, expect: tuple[int, ...], **kwargs):
        started = time.monotonic()
        try:
            response = self.session.request(method, self.server.url + path, timeout=120, **kwargs)
        except requests.RequestException as error:
            self.tally.record(kind, time.monotonic() - started, None, False, str(error))
            return None
        if method != "HEAD":
            _ = response.content
        ok = response.status_code in expect
        self.tally.record(kind, time.monotonic() - started, response, ok, response.text if not ok else "")
        return response if ok else None

    def _read(self) -> None:
        name = self.random.choice(["count", "classes", "ask", "labels"])
        query = READS[name].replace("{offset}", str(self.random.randrange(0, 500, 20)))
        self._send(f"select:{name}", "POST", "/sparql", expect=(200,), data=query.encode(),
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})

    def _page(self) -> None:
        query = READS["graphs"].replace("{offset}", str(self.random.randrange(0, 200, 50)))
        self._send("page:graphs", "GET", "/sparql", expect=(200,), params={"query": query},
                   headers={"Accept": "application/sparql-results+json"})

    def _fresh_graph(self, kind: str) -> str:
        return f"{SOAK_BASE}{kind}/{self.number}/{secrets.token_hex(8)}"

    def _update(self) -> None:
        graph, count = self._fresh_graph("update"), self.random.randint(1, 20)
        body = f"INSERT DATA {{ GRAPH <{graph}> {{\n{_triples(graph, count, 'u')}\n}} }}"
        if self._send("update", "POST", "/sparql", expect=(200, 204), data=body.encode(),
                      headers={"Content-Type": "application/sparql-update", **self.server.auth()}) is not None:
            with self.tally.lock:
                self.tally.writes[graph] = count

    def _put(self) -> None:
        graph, count = self._fresh_graph("put"), self.random.randint(1, 50)
        if self._send("gsp:put", "PUT", "/store", expect=(201, 204), params={"graph": graph},
                      data=_triples(graph, count, "p").encode(),
                      headers={"Content-Type": "application/n-triples", **self.server.auth()}) is not None:
            with self.tally.lock:
                self.tally.writes[graph] = count
            self.my_graphs.append(graph)

    def _post(self) -> None:
        """POST adds to one of this client's graphs (counts add up), or creates a graph when it has none."""
        count = self.random.randint(1, 10)
        if self.my_graphs:
            graph = self.random.choice(self.my_graphs)
            nonce = secrets.token_hex(4)
            if self._send("gsp:post", "POST", "/store", expect=(200, 201, 204), params={"graph": graph},
                          data=_triples(graph, count, nonce).encode(),
                          headers={"Content-Type": "application/n-triples", **self.server.auth()}) is not None:
                with self.tally.lock:
                    self.tally.writes[graph] += count
            return
        self._put()


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def memory_slope(samples: list[tuple[float, int]]) -> float:
    """Least-squares slope of RSS over time, in MiB per minute."""
    if len(samples) < 3:
        return 0.0
    times = [t for t, _ in samples]
    values = [rss / 2**20 for _, rss in samples]
    mean_t, mean_v = statistics.fmean(times), statistics.fmean(values)
    denominator = sum((t - mean_t) ** 2 for t in times)
    if denominator == 0:
        return 0.0
    return 60.0 * sum((t - mean_t) * (v - mean_v) for t, v in zip(times, values)) / denominator


def soak(server: LiveServer, *, seconds: float, clients: int, seed: int = 0, progress=None) -> dict:
    """Run the soak against a running server; returns the report as a dict (see the module docstring)."""
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    samples: list[tuple[float, int]] = []
    stop_sampling = threading.Event()

    def sample() -> None:
        while not stop_sampling.is_set():
            samples.append((time.monotonic() - started, server.rss()))
            if progress is not None and len(samples) % 30 == 0:
                done = sum(len(v) for v in tally.latencies.values())
                progress(f"{samples[-1][0]:.0f}s: {done} requests, {sum(tally.errors.values())} errors, "
                         f"RSS {samples[-1][1] / 2**20:.0f} MiB")
            stop_sampling.wait(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [Client(n, server, tally, deadline, seed * 1000 + n) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    stop_sampling.set()
    sampler.join()

    present = server.graph_counts(SOAK_BASE)
    missing = {g: n for g, n in tally.writes.items() if present.get(g, 0) != n}
    warm_up = min(WARM_UP_MAX, WARM_UP_SHARE * seconds)
    steady = [s for s in samples if s[0] >= warm_up]
    slope = memory_slope(steady)
    growth = slope * (wall - warm_up) / 60.0
    all_latencies = [v for values in tally.latencies.values() for v in values]
    report = {
        "seconds": round(wall, 1),
        "clients": clients,
        "requests": len(all_latencies),
        "requests_per_second": round(len(all_latencies) / wall, 1) if wall else 0.0,
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "error_samples": tally.error_samples,
        "latency_ms": {
            "p50": round(1000 * (_percentile(all_latencies, 0.5) or 0), 1),
            "p99": round(1000 * (_percentile(all_latencies, 0.99) or 0), 1),
            "by_kind": {kind: {"n": len(v), "p50": round(1000 * _percentile(v, 0.5), 1),
                               "p99": round(1000 * _percentile(v, 0.99), 1)}
                        for kind, v in sorted(tally.latencies.items()) if v},
        },
        "writes_acknowledged": len(tally.writes),
        "triples_acknowledged": sum(tally.writes.values()),
        "writes_missing": len(missing),
        "missing_samples": dict(list(missing.items())[:10]),
        "memory": {
            "warm_up_seconds": round(warm_up, 1),
            "rss_start_mib": round(samples[0][1] / 2**20, 1) if samples else None,
            "rss_after_warm_up_mib": round(steady[0][1] / 2**20, 1) if steady else None,
            "rss_end_mib": round(samples[-1][1] / 2**20, 1) if samples else None,
            "rss_max_mib": round(max(s[1] for s in samples) / 2**20, 1) if samples else None,
            "slope_mib_per_minute": round(slope, 2),
            "growth_after_warm_up_mib": round(growth, 1),
            "flat": growth < MAX_GROWTH_MIB,
            "samples": [(round(t, 1), round(rss / 2**20, 1)) for t, rss in samples],
        },
    }
    report["ok"] = report["errors"] == 0 and report["writes_missing"] == 0 and report["memory"]["flat"]
    return report


def summary(report: dict) -> str:
    """The lines the command prints."""
    memory = report["memory"]
    return "\n".join([
        f"{report['requests']} requests in {report['seconds']} s from {report['clients']} clients "
        f"({report['requests_per_second']}/s), {report['errors']} errors",
        f"latency p50 {report['latency_ms']['p50']} ms, p99 {report['latency_ms']['p99']} ms",
        f"writes acknowledged {report['writes_acknowledged']} ({report['triples_acknowledged']} triples), "
        f"missing {report['writes_missing']}",
        f"server RSS {memory['rss_start_mib']} -> {memory['rss_after_warm_up_mib']} (after warm-up) -> "
        f"{memory['rss_end_mib']} MiB, slope {memory['slope_mib_per_minute']} MiB/min "
        f"({'flat' if memory['flat'] else 'GROWING'})",
        "OK" if report["ok"] else "FAILED",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long the clients run (default 600)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--store", type=Path, help="store directory to serve (default: sample corpus built into a temp dir)")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes of the server (default 2)")
    parser.add_argument("--report", type=Path, default=Path("soak-report.json"), help="JSON report path")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="migkg-soak-") as scratch:
        store = options.store
        if store is None:
            store = Path(scratch) / "store"
            print(f"building the sample corpus into {store}", file=sys.stderr)
            build_store(store, [str(CORPUS)])
        token = secrets.token_hex(16)
        server = LiveServer(store, "--workers", str(options.workers), token=token,
                            log_path=Path(scratch) / "server.log")
        print(f"soaking {server.url} for {options.seconds:.0f} s with {options.clients} clients", file=sys.stderr)
        try:
            report = soak(server, seconds=options.seconds, clients=options.clients, seed=options.seed,
                          progress=lambda line: print(line, file=sys.stderr))
        finally:
            server.stop()
    options.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(summary(report))
    print(f"report: {options.report}", file=sys.stderr)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
