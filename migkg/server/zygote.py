"""The fork server: one single-threaded process that loads the store once and forks the query workers from it.

The engine (migkg.server.engine) starts it with `python -m migkg.server.zygote FD KIND LOCATION`.
It loads the store view into memory (an N-Quads snapshot, or a RocksDB checkpoint of at most
MIGKG_WORKER_MEMORY_QUADS quads), then waits for requests on its socket:

- ("spawn", source), followed by one file descriptor (SCM_RIGHTS): fork a worker that answers
  queries on that descriptor (migkg.server.worker.serve); the reply is ("spawned", pid) or
  ("failed", message). The worker shares the loaded store with this process and every other
  worker, copy-on-write, so a new worker costs a fork, not a reload.
- ("reap", pid): the engine has killed this worker; collect its exit status.

Workers are only reaped on request, so a worker's pid stays reserved until the engine says it has
finished with it (the engine kills by pid or pidfd without racing pid reuse).

Forking is only safe from a process with one thread: this process never opens RocksDB itself
(its background threads outlive the store), but has a short-lived child dump the checkpoint into
a pipe and parses that; and it checks that it has one thread before every fork (a spawn request
gets ("failed", ...) otherwise).

When the engine's end of the socket closes, this process waits for its workers to finish their
current query and exit (their own pipes have closed), and kills them at once if the engine
process itself is gone.
"""

import gc
import os
import signal
import sys
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle

import pyoxigraph
from pyoxigraph import RdfFormat

from migkg.errors import StoreError
from migkg.server import security, worker
from migkg.triples.store import GraphStore

#: seconds between checks for workers to reap (after a kill request, or while shutting down)
REAP_INTERVAL = 0.2


def thread_count() -> int:
    """The number of threads of this process (Linux: /proc/self/task)."""
    return len(os.listdir("/proc/self/task"))


def load_checkpoint(location: str, limit: int) -> GraphStore | None:
    """An in-memory copy of the on-disk store view at `location`, or None when it holds more than `limit` quads.

    A forked child opens the view (RocksDB starts threads, which must not exist in this process)
    and writes its size, then its quads as N-Quads, into a pipe this process parses.

    :raises StoreError: the view cannot be opened or read.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the dumping child: never returns
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                try:
                    view = GraphStore.open(location, read_only=True)
                    size = len(view)
                except (StoreError, OSError, RuntimeError) as error:
                    out.write(("error " + str(error).replace("\n", " ") + "\n").encode())
                else:
                    out.write(f"quads {size}\n".encode())
                    if size <= limit:
                        view.dump(out, RdfFormat.N_QUADS)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            header = pipe.readline().decode(errors="replace").strip()
            kind, _, value = header.partition(" ")
            if kind != "quads":
                raise StoreError(f"cannot open the store view {location}: {value or 'the reader exited'}")
            if int(value) > limit:
                return None
            store = GraphStore.open(None)
            store.extend(pyoxigraph.parse(pipe, format=RdfFormat.N_QUADS))
    except (SyntaxError, OSError) as error:
        raise StoreError(f"cannot copy the store view {location} into memory: {error}") from error
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0:
        raise StoreError(f"the reader of the store view {location} failed (status {status})")
    return store


def load_image(source: tuple[str, str], limit: int) -> GraphStore | None:
    """The store the workers share: a snapshot or small checkpoint in memory; None for a view they open on disk.

    The image's default graph is filled with the merge of its named graphs
    (GraphStore.materialise_union), which the workers' queries then read.
    """
    kind, location = source
    if kind == "snapshot":
        image = worker.open_view(source)
    elif limit <= 0:
        return None
    else:
        image = load_checkpoint(location, limit)
    if image is not None:
        image.materialise_union()
    return image


class Zygote:
    """The fork server's state: its socket, the loaded store, and the workers it has forked."""

    def __init__(self, control: Connection, source: tuple[str, str], limit: int):
        self.control = control
        self.limit = limit
        self.source = source
        self.image = load_image(source, limit)
        self.children: set[int] = set()
        self.to_reap: set[int] = set()
        self.engine_pid = os.getppid()

    def spawn(self, source: tuple[str, str], fd: int) -> None:
        """Fork a worker answering on `fd` (closed here afterwards); reply with its pid."""
        try:
            if source != self.source:
                # the old copy goes before the new one is loaded; a failed load is retried on the next spawn
                self.image, self.source = None, None
                self.image = load_image(source, self.limit)
                self.source = source
            if thread_count() != 1:
                raise StoreError(f"the fork server has {thread_count()} threads; forking a worker is not safe")
        except StoreError as error:
            os.close(fd)
            self.control.send(("failed", str(error)))
            return
        # objects that exist now are never collected by the workers, so collecting does not copy their pages
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            try:
                self.control.close()
                worker.run_forked(fd, source, self.image)
            finally:
                os._exit(0)
        os.close(fd)
        self.children.add(pid)
        self.control.send(("spawned", pid))

    def reap(self) -> None:
        """Collect every requested worker that has exited."""
        for pid in list(self.to_reap):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.to_reap.discard(pid)
                self.children.discard(pid)

    def serve(self) -> None:
        """Answer the engine until its end of the socket closes."""
        while True:
            if self.to_reap and not self.control.poll(REAP_INTERVAL):
                self.reap()
                continue
            try:
                message = self.control.recv()
            except (EOFError, OSError):
                return
            if message[0] == "spawn":
                self.spawn(tuple(message[1]), recv_handle(self.control))
            elif message[0] == "reap":
                self.to_reap.add(message[1])
                self.reap()

    def shut_down(self) -> None:
        """Wait for the workers to exit (their pipes have closed); kill them if the engine process is gone."""
        while self.children:
            if os.getppid() != self.engine_pid:
                for pid in self.children:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            self.to_reap = set(self.children)
            self.reap()
            if self.children:
                signal.sigtimedwait([signal.SIGCHLD], REAP_INTERVAL)


def main(argv: list[str]) -> None:
    """Entry point: `python -m migkg.server.zygote FD KIND LOCATION` (started by the engine)."""
    fd, kind, location = argv
    # Ctrl-C reaches the whole process group: the server shuts down, and this process follows it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    control = Connection(int(fd))
    security.load_parser()  # once here rather than in every worker
    try:
        zygote = Zygote(control, (kind, location), worker.memory_quads_limit())
    except StoreError as error:
        control.send(("fatal", str(error)))
        return
    control.send(("ready", os.getpid()))
    try:
        zygote.serve()
    finally:
        zygote.shut_down()


if __name__ == "__main__":
    main(sys.argv[1:])
