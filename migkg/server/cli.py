"""Commands of migkg.server: serve."""

import os
import subprocess
import sys
from pathlib import Path

import click

from migkg.errors import UsageProblem
from migkg.triples.store import default_store_path


def _needs_sample_build(path: Path) -> bool:
    return not path.exists() or not any(path.iterdir())


def _build_sample(path: Path) -> None:
    """Build the bundled sample corpus into `path` with `migkg build` (a separate process, so the store is free after)."""
    click.secho(f"No store at {path}: building the bundled sample corpus into it first.", err=True)
    completed = subprocess.run([sys.executable, "-m", "migkg", "build", "--store", str(path)], check=False)
    if completed.returncode != 0:
        raise UsageProblem(f"building the sample corpus into {path} failed (exit {completed.returncode})")


class _LazyApp:
    """A WSGI app built on its first request: the development reloader's watcher process never opens the store."""

    def __init__(self, config: dict):
        self.config = config
        self.app = None

    def __call__(self, environ, start_response):
        if self.app is None:
            from migkg.server import create_app

            self.app = create_app(self.config)
        return self.app(environ, start_response)


@click.command()
@click.option("--store", "store", metavar="DIR", default=None,
              help=f"Store directory [env MIGKG_STORE; default {default_store_path()}, built from the sample corpus if empty].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds a query may run before it is stopped [env MIGKG_TIMEOUT; default 30].")
@click.option("--max-rows", type=click.IntRange(min=1), default=None,
              help="Row cap of query results [env MIGKG_MAX_ROWS; default 10000].")
@click.option("--cors", metavar="ORIGINS", default=None,
              help="Allow cross-origin requests from '*' or a comma-separated list of origins [env MIGKG_CORS].")
@click.option("--update-token", metavar="TOKEN", envvar="MIGKG_UPDATE_TOKEN", default=None,
              help="Bearer token that allows updates and Graph Store writes [env MIGKG_UPDATE_TOKEN; none: read-only].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes, i.e. queries running at once [env MIGKG_WORKERS; default twice the CPU count, at least 4].")
@click.option("--dev", is_flag=True, help="Flask's development server with the reloader, instead of gunicorn.")
def serve(store, host, port, timeout, max_rows, cors, update_token, workers, dev):
    """Serve the SPARQL endpoint, the Graph Store and the linked-data pages.

    \b
    Examples:
      migkg serve
      migkg serve --store /srv/migkg/store --port 8080 --timeout 10 --cors '*'
      MIGKG_UPDATE_TOKEN=secret migkg serve --store /srv/migkg/store
    """
    spec = store or os.environ.get("MIGKG_STORE")
    if spec and str(spec).startswith(("http://", "https://")):
        raise UsageProblem(f"--store {spec}: the server serves a local store directory, not a remote endpoint")
    path = Path(spec) if spec else default_store_path()
    if not spec and _needs_sample_build(path):
        _build_sample(path)
    config = {"MIGKG_STORE": str(path)}
    for key, value in (
        ("MIGKG_TIMEOUT", timeout),
        ("MIGKG_MAX_ROWS", max_rows),
        ("MIGKG_CORS", cors),
        ("MIGKG_UPDATE_TOKEN", update_token),
        ("MIGKG_WORKERS", workers),
    ):
        if value is not None:
            config[key] = value
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    click.secho(f"migkg: serving {path} at {url} (SPARQL endpoint {url}sparql)", err=True, fg="green")
    if not update_token:
        click.secho("migkg: read-only (no update token)", err=True)
    if dev:
        from werkzeug.serving import run_simple

        from migkg.server.wsgi import configure_logging

        configure_logging()
        run_simple(host, port, _LazyApp(config), use_reloader=True, threaded=True)
        return
    from migkg.server.wsgi import serve as run_gunicorn

    run_gunicorn(config, host=host, port=port)


commands = [serve]
