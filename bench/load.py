"""Closed-loop HTTP load: N client threads send the query mix for a bounded time; latencies per query.

The load clients use `http.client` with one keep-alive connection each: the generator shares the
machine with the server under test, and `requests` costs about 2.2 ms of CPU per request against
0.6 ms for `http.client`, CPU the servers would otherwise have.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

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


class _Client:
    """One keep-alive HTTP/1.1 connection to a SPARQL endpoint, reopened after a failure."""

    def __init__(self, endpoint: str, timeout: float):
        url = urlsplit(endpoint)
        self.host, self.port = url.hostname, url.port or 80
        self.path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def query(self, query: str) -> bool:
        """POST `query` as a form; True when the whole body came back with status 200.

        A kept-alive connection the server has closed in the meantime is reopened once, as any client does.
        """
        body = urlencode({"query": query})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _accept(query)}
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request("POST", self.path, body, headers)
                response = self.connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if reused and attempt == 1:
                    continue
                return False
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status == 200
        return False


def run(endpoint: str, queries: dict[str, str], *, clients: int, seconds: float, max_requests: int = 100_000) -> Outcome:
    """Send `queries` round-robin from `clients` threads to `endpoint` (form POST) for `seconds`."""
    outcome = Outcome(latencies={name: [] for name in queries}, errors={name: 0 for name in queries})
    lock = threading.Lock()
    names = list(queries)
    deadline = time.monotonic() + seconds
    sent = [0]

    def client(offset: int) -> None:
        connection = _Client(endpoint, timeout=max(5.0, seconds * 2))
        i = offset
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            name = names[i % len(names)]
            i += 1
            started = time.perf_counter()
            ok = connection.query(queries[name])
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
