"""One source in, one document's quads out: decode, pick a loader, parse, emit. All or nothing."""

import hashlib
from datetime import datetime

from migkg.loaders.emit import emit
from migkg.loaders.memo import document_scope
from migkg.loaders.records import Document, Extraction, LoaderWarning
from migkg.loaders.registry import detect_loader, get_loader
from migkg.loaders.sources import Source
from migkg.loaders.text import decode, detect_language, normalise


def read_document(source: Source) -> tuple[Document, list[LoaderWarning]]:
    """The decoded, normalised document a parser reads, and the decoding warnings.

    :raises LoaderError: empty, binary or undecodable bytes.
    """
    raw_text, warnings = decode(source.data, source.name)
    text = normalise(raw_text)
    checksum = hashlib.sha256(source.data).hexdigest()
    return Document(source.name, source.key, text, checksum, detect_language(text)), warnings


def extract(
    source: Source,
    *,
    loader: str | None = None,
    base: str | None = None,
    loaded_at: datetime | None = None,
) -> Extraction:
    """Run the named loader (or the one that recognises the text) over one source.

    Nothing partial comes back: any error aborts the whole document. `loaded_at` fixes the
    load time recorded in the graph (default: now), e.g. for reproducible output.

    :raises LoaderError: no loader accepts the document (or an unknown name), the bytes are
        empty, binary or undecodable, or the parser cannot read it; names the file and line.
    """
    with document_scope():
        document, warnings = read_document(source)
        chosen = get_loader(loader) if loader else detect_loader(document.text, source.name)
        extracted = chosen.parse(document)
        warnings = warnings + list(extracted.warnings)
        quads = emit(
            document,
            extracted,
            loader=chosen.name,
            loader_version=getattr(chosen, "version", "1"),
            source_name=source.name,
            loaded_at=loaded_at,
            base=base,
        )
    graph = quads[0].graph_name if quads else None
    return Extraction(graph, quads, warnings, document.checksum, chosen.name, document.language)
