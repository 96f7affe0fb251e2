"""Loaders: documents in, RDF out, every fact traced to its sentence.

    for source in iter_sources(["corpus/"]):
        extraction = extract(source)          # or extract(source, loader="catalogue")
        store.extend(extraction.quads)        # all in the graph extraction.document
"""

from migkg.loaders.base import Loader as Loader
from migkg.loaders.extraction import Extraction as Extraction
from migkg.loaders.extraction import extract as extract
from migkg.loaders.extraction import read_document as read_document
from migkg.loaders.records import LoaderWarning as LoaderWarning
from migkg.loaders.registry import LOADERS as LOADERS
from migkg.loaders.registry import detect_loader as detect_loader
from migkg.loaders.registry import get_loader as get_loader
from migkg.loaders.sources import Source as Source
from migkg.loaders.sources import iter_sources as iter_sources

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
