"""Where documents come from: files, directories, glob patterns, http(s) URLs, standard input."""

import glob
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from migkg.errors import LoaderError

#: seconds to wait for a URL to answer
URL_TIMEOUT = 30
#: files a directory source skips besides hidden ones
SKIPPED_NAMES = frozenset({"README.md"})
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """One document's raw bytes and the names it goes by.

    name: as given (path, URL or '<stdin>'); key: names the document's IRI (file name without
    extension, or the URL's last path segment).
    """

    name: str
    key: str
    data: bytes


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def _url_key(url: str) -> str:
    parsed = urlparse(url)
    segments = [segment for segment in parsed.path.split("/") if segment]
    return segments[-1] if segments else parsed.netloc


def _read_url(url: str) -> Source:
    import requests  # only when a URL is read: it costs a build of local files 0.1 s of start-up

    try:
        response = requests.get(url, timeout=URL_TIMEOUT)
    except requests.RequestException as error:
        raise LoaderError(f"cannot fetch the URL: {error}", source=url) from error
    if response.status_code != 200:
        raise LoaderError(f"the URL answered HTTP {response.status_code} {response.reason}", source=url)
    return Source(url, _url_key(url), response.content)


def _read_file(path: Path, name: str) -> Source:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoaderError(f"cannot read the file: {error.strerror or error}", source=name) from error
    return Source(name, path.stem, data)


def _directory_files(directory: Path) -> list[Path]:
    files = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or path.name in SKIPPED_NAMES:
            continue
        if path.is_file():
            files.append(path)
    return files


def iter_sources(specs: Iterable[str], *, stdin: BinaryIO | None = None) -> Iterator[Source]:
    """The documents the specs name, in order: each file, each file under a directory
    (recursively, sorted, skipping hidden files and README.md), each glob match (sorted), each
    http(s) URL, and standard input for '-' (`stdin`, default the process's).

    :raises LoaderError: a path that does not exist, a pattern nothing matches, a URL that fails.
    """
    for spec in specs:
        if spec == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield Source(STDIN_NAME, "stdin", stream.read())
        elif _is_url(spec):
            yield _read_url(spec)
        elif Path(spec).is_dir():
            for path in _directory_files(Path(spec)):
                yield _read_file(path, str(path))
        elif Path(spec).is_file():
            yield _read_file(Path(spec), spec)
        elif glob.has_magic(spec):
            matches = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            if not matches:
                raise LoaderError("no file matches this pattern", source=spec)
            for match in matches:
                yield _read_file(Path(match), match)
        else:
            raise LoaderError("no such file or directory", source=spec)
