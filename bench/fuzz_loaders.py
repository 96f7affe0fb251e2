"""Coverage-guided fuzzing of the loaders with atheris (libFuzzer), run by hand.

    pip install atheris
    python -m bench.fuzz_loaders corpus-dir/ -max_total_time=600
    python -m bench.fuzz_loaders -runs=100000

The seeds are the sample corpus, tests/data/documents and tests/data/fuzz; libFuzzer adds what
it finds to the first directory given (created if missing; default $TMPDIR/migkg-fuzz-corpus). Each input goes through
`migkg.loaders.extract`, with detection, then under every loader; anything but a LoaderError
is a crash: libFuzzer writes the input to `crash-*` — copy it to tests/data/fuzz/ so the test
suite replays it.
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from migkg.errors import LoaderError
    from migkg.loaders import LOADERS, Source, extract

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "migkg" / "sample" / "corpus", ROOT / "tests" / "data" / "documents", ROOT / "tests" / "data" / "fuzz")
LOADER_NAMES = [None] + [cls.name for cls in LOADERS]


def one_input(data: bytes) -> None:
    """Extract one input with detection and with each loader; only LoaderError may escape extract."""
    if not data:
        return
    choice = LOADER_NAMES[data[0] % len(LOADER_NAMES)]
    source = Source("fuzz-input.txt", "fuzz-input", data[1:])
    try:
        extract(source, loader=choice)
    except LoaderError:
        return


def _with_seeds(argv: list[str]) -> list[str]:
    """libFuzzer arguments, with a writable corpus directory first and the seed directories after it."""
    directories = [arg for arg in argv[1:] if not arg.startswith("-")]
    if not directories:
        directories = [str(Path(tempfile.gettempdir()) / "migkg-fuzz-corpus")]
    Path(directories[0]).mkdir(parents=True, exist_ok=True)
    options = [arg for arg in argv[1:] if arg.startswith("-")]
    return [argv[0], *options, *directories, *(str(d) for d in SEED_DIRS if d.is_dir())]


def main() -> None:
    atheris.Setup(_with_seeds(sys.argv), one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
