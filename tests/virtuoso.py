"""A throw-away Virtuoso server (Debian's virtuoso-opensource-7) for the remote-store tests.

`VirtuosoServer(directory).start()` writes a minimal virtuoso.ini into `directory` with its
SQL and HTTP ports on free 127.0.0.1 ports, runs `virtuoso-t +foreground`, and waits until
/sparql answers. Updates go through /sparql-auth with the dba account (HTTP Digest), which the
fresh database creates with password dba. `stop()` ends the process it started, by its pid.
The `virtuoso` fixture gives one server per test module.
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from bench.peers import free_port, virtuoso_ini

BINARY = "/usr/bin/virtuoso-t"
USER = PASSWORD = "dba"
START_SECONDS = 90


class VirtuosoServer:
    """One virtuoso-t process with its database in `directory`."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.http_port = free_port()
        self.sql_port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        """The public endpoint (queries only)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def auth_url(self) -> str:
        """The authenticated endpoint (queries and updates, HTTP Digest)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def start(self) -> "VirtuosoServer":
        """Write the configuration, start the server and wait until /sparql answers.

        :raises RuntimeError: it did not come up in START_SECONDS; the message has its log's end.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(virtuoso_ini(self.directory, sql_port=self.sql_port, http_port=self.http_port))
        log = (self.directory / "console.log").open("wb")
        self.process = subprocess.Popen(
            [BINARY, "+foreground", "+configfile", str(ini)], cwd=self.directory, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                answer = requests.get(self.sparql_url, params={"query": "ASK { }"}, timeout=5)
                if answer.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            threading.Event().wait(0.25)
        self.stop()
        tail = (self.directory / "console.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"Virtuoso did not start on 127.0.0.1:{self.http_port}:\n{tail}")

    def stop(self) -> None:
        """Stop the process this object started (SIGTERM, then SIGKILL after 30 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A running Virtuoso for the module's tests; credentials dba/dba."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        yield server
    finally:
        server.stop()
