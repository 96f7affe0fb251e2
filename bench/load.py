"""Closed-loop HTTP load: N client threads send the query mix for a bounded time; latencies per query."""

import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

ACCEPT = {
    "select": "application/sparql-results+json",
    "construct": "application/n-triples",
}


@dataclass
class Outcome:
    """What one run measured: per-query latencies (seconds), errors, wall time."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0

    @property
    def completed(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def throughput(self) -> float:
        return self.completed / self.wall if self.wall else 0.0

    def percentile(self, name: str, q: float) -> float | None:
        values = sorted(self.latencies.get(name, []))
        if not values:
            return None
        return values[min(len(values) - 1, int(q * len(values)))]

    def median(self, name: str) -> float | None:
        values = self.latencies.get(name, [])
        return statistics.median(values) if values else None


def _accept(query: str) -> str:
    return ACCEPT["construct"] if "CONSTRUCT" in query.upper().split("WHERE")[0] else ACCEPT["select"]


def post(session, endpoint: str, query: str, *, timeout: float):
    """One SPARQL Protocol query as a form POST (`query=`), which every peer accepts."""
    return session.post(endpoint, data={"query": query}, headers={"Accept": _accept(query)}, timeout=timeout)


def run(endpoint: str, queries: dict[str, str], *, clients: int, seconds: float, max_requests: int = 100_000) -> Outcome:
    """Send `queries` round-robin from `clients` threads to `endpoint` (form POST) for `seconds`."""
    outcome = Outcome(latencies={name: [] for name in queries}, errors={name: 0 for name in queries})
    lock = threading.Lock()
    names = list(queries)
    deadline = time.monotonic() + seconds
    sent = [0]

    def client(offset: int) -> None:
        session = requests.Session()
        i = offset
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            name = names[i % len(names)]
            i += 1
            query = queries[name]
            started = time.perf_counter()
            try:
                response = post(session, endpoint, query, timeout=max(5.0, seconds * 2))
                _ = response.content
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    outcome.latencies[name].append(elapsed)
                else:
                    outcome.errors[name] += 1

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.wall = time.perf_counter() - started
    return outcome
