"""Loaders: documents in, RDF out, every fact traced to its sentence.

    for source in iter_sources(["corpus/"]):
        extraction = extract(source)          # or extract(source, loader="catalogue")
        store.extend(extraction.quads)        # all in the graph extraction.document
"""

import importlib

#: public name -> the module that defines it; imported on first use, so that a command needing only
#: `iter_sources` (a build of RDF files) does not pay for every loader's rules
_EXPORTS = {
    "Loader": "migkg.loaders.base",
    "Extraction": "migkg.loaders.records",
    "extract": "migkg.loaders.extraction",
    "read_document": "migkg.loaders.extraction",
    "LoaderWarning": "migkg.loaders.records",
    "LOADERS": "migkg.loaders.registry",
    "detect_loader": "migkg.loaders.registry",
    "get_loader": "migkg.loaders.registry",
    "Source": "migkg.loaders.sources",
    "iter_sources": "migkg.loaders.sources",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'migkg.loaders' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "LOADERS",
    "Extraction",
    "Loader",
    "LoaderWarning",
    "Source",
    "detect_loader",
    "extract",
    "get_loader",
    "iter_sources",
    "read_document",
]
