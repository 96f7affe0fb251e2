"""Blueprint pages: dereferenceable IRIs, resource pages, country pages, ontology, dumps.

Every IRI `{base}id/{kind}/{slug}` answers at `/id/{kind}/{slug}` whatever the configured base
(MIGKG_BASE_IRI), and concepts at `/vocab/...`. They name things, not documents, so they answer
303 See Other: to `/page/...` (HTML) or `/data/....{ttl,jsonld,nt,rdf}` (RDF) by the Accept
header. `/id/....ttl` (and the other extensions) answers the RDF directly. Countries have EU
IRIs; their page is `/country/{alpha-2}`. docs/pages.md has the whole scheme.
"""

import functools
import gzip
import hashlib
import os
import tempfile
import threading
from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, send_file
from pyoxigraph import NamedNode, Triple

from migkg.server import charts, get_store
from migkg.server.resource import (
    MEDIA_TYPE_EXTENSION,
    RDF_FORMATS,
    country_actions,
    country_for_code,
    country_timeline,
    describe,
    description_triples,
    exists,
    iri_for_id_path,
    iri_for_vocab_path,
    linked_resources,
    schema_org,
    serialize,
    store_version,
    timeline,
)
from migkg.ontology import docs as ontology_docs
from migkg.server.ui import LANGUAGES, base, current_lang, presenter, translate
import migkg.ontology as ontology_files
from migkg.triples import export, iris
from migkg.triples.namespaces import ONTOLOGY_IRI
from migkg.triples.store import GraphStore

bp = Blueprint("pages", __name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: media types a client may ask for, besides those of RDF_FORMATS, and the format each means
RDF_ALIASES = {"application/x-turtle": "ttl", "application/json": "jsonld", "application/xml": "rdf", "text/plain": "nt"}


# --- negotiation ---------------------------------------------------------------------------


def split_extension(path: str) -> tuple[str, str | None]:
    """('action/x', 'ttl') for 'action/x.ttl'; the extension is None unless it is an RDF format's."""
    stem, dot, extension = path.rpartition(".")
    if dot and extension in RDF_FORMATS and "/" not in extension:
        return stem, extension
    return path, None


def negotiate(*, html: bool) -> str | None:
    """'html' or an RDF extension from the Accept header (q-values honoured), or None if nothing fits.

    No Accept header gives HTML when `html` is allowed, else Turtle.
    """
    accept = request.accept_mimetypes
    offers = (list(HTML_TYPES) if html else []) + [media for media, _ in RDF_FORMATS.values()] + list(RDF_ALIASES)
    if not accept:
        return "html" if html else "ttl"
    best = accept.best_match(offers)
    if best is None:
        return None
    if best in HTML_TYPES:
        return "html"
    return MEDIA_TYPE_EXTENSION.get(best) or RDF_ALIASES[best]


def alternates_header(page: str | None, data_stem: str) -> str:
    """A Link header listing the HTML page and every RDF serialisation."""
    links = []
    if page:
        links.append(f'<{page}>; rel="alternate"; type="text/html"')
    for extension, (media, _) in RDF_FORMATS.items():
        links.append(f'<{data_stem}.{extension}>; rel="alternate"; type="{media}"')
    return ", ".join(links)


def not_acceptable() -> Response:
    """406 listing what the server can send."""
    offered = ", ".join(list(HTML_TYPES) + [media for media, _ in RDF_FORMATS.values()])
    return Response(f"Not Acceptable: this resource is available as {offered}\n", status=406, mimetype="text/plain")


def rdf_response(triples, extension: str, *, page: str | None, data_stem: str) -> Response:
    """RDF in the format of `extension`, with Vary and Link headers."""
    media, _ = RDF_FORMATS[extension]
    response = Response(serialize(triples, extension), mimetype=media)
    if media != "application/rdf+xml":
        response.content_type = f"{media}; charset=utf-8"
    response.vary.add("Accept")
    response.headers["Link"] = alternates_header(page, data_stem)
    return response


def see_other(page: str, data_stem: str) -> Response:
    """303 to the page or the data, by Accept."""
    choice = negotiate(html=True)
    if choice is None:
        return not_acceptable()
    target = page if choice == "html" else f"{data_stem}.{choice}"
    response = redirect(target, code=303)
    response.vary.add("Accept")
    response.headers["Link"] = alternates_header(page, data_stem)
    return response


def _existing(iri: str) -> NamedNode:
    """The node for `iri` if the graph knows it; 404 for an unknown IRI or one that is not valid."""
    try:
        node = NamedNode(iri)
    except (ValueError, UnicodeError):
        abort(404, "this path names no valid IRI")
    if not exists(get_store(), node):
        abort(404, f"nothing is known about {iri}")
    return node


# --- IRIs ----------------------------------------------------------------------------------


@bp.route("/id/<path:path>")
def identifier(path: str):
    """A minted IRI: 303 to its page or its data; with an extension, the data itself."""
    stem, extension = split_extension(path)
    node = _existing(iri_for_id_path(stem, base()))
    if extension:
        return rdf_response(
            description_triples(get_store(), node), extension, page=f"/page/{stem}", data_stem=f"/data/{stem}"
        )
    return see_other(f"/page/{stem}", f"/data/{stem}")


@bp.route("/vocab/<path:path>")
def vocabulary(path: str):
    """A concept or concept scheme IRI: 303 to its page or data, like /id/."""
    stem, extension = split_extension(path)
    node = _existing(iri_for_vocab_path(stem))
    if extension:
        return rdf_response(
            description_triples(get_store(), node), extension, page=f"/page/vocab/{stem}", data_stem=f"/data/vocab/{stem}"
        )
    return see_other(f"/page/vocab/{stem}", f"/data/vocab/{stem}")


def _iri_of_local(path: str) -> str:
    """The IRI a /page/ or /data/ path describes."""
    if path.startswith("vocab/"):
        return iri_for_vocab_path(path[len("vocab/") :])
    return iri_for_id_path(path, base())


@bp.route("/data/<path:path>")
def data(path: str):
    """The RDF description of a resource: the extension's format, else negotiated (Turtle by default)."""
    stem, extension = split_extension(path)
    node = _existing(_iri_of_local(stem))
    chosen = extension or negotiate(html=False)
    if chosen is None or chosen == "html":
        return not_acceptable()
    return rdf_response(description_triples(get_store(), node), chosen, page=f"/page/{stem}", data_stem=f"/data/{stem}")


@bp.route("/page/<path:path>")
def page(path: str):
    """The HTML page about a minted resource or a concept."""
    node = _existing(_iri_of_local(path))
    return resource_page(node, data_stem=f"/data/{path}", id_path=None if path.startswith("vocab/") else f"/id/{path}")


# --- resource pages ------------------------------------------------------------------------


def resource_page(node: NamedNode, *, data_stem: str, id_path: str | None, template: str = "resource.html", **extra):
    """Render a resource's page with its facts, provenance, links, timeline and JSON-LD."""
    store = get_store()
    shown = presenter()
    description = describe(store, node, shown)
    entries = extra.pop("timeline_entries", None)
    if entries is None:
        entries = timeline(store, node, shown)
    link_map = charts.link_map(description.label, linked_resources(description))
    html = render_template(
        template,
        d=description,
        timeline=entries,
        link_map=link_map,
        jsonld=schema_org(description, shown),
        data_stem=data_stem,
        formats=RDF_FORMATS,
        id_path=id_path,
        **extra,
    )
    response = Response(html, mimetype="text/html")
    response.headers["Link"] = alternates_header(None, data_stem)
    return response


@bp.route("/country/<code>")
def country(code: str):
    """A country's page (Actions for it, timeline, charts); RDF by Accept or extension."""
    stem, extension = split_extension(code)
    node = country_for_code(stem)
    if node is None:
        abort(404, f"{stem!r} is not an ISO 3166-1 country code")
    _existing(node.value)
    alpha2 = iris.country_code(node) or stem.upper()
    page_url, data_stem = f"/country/{alpha2}", f"/country/{alpha2}"
    chosen = extension or negotiate(html=True)
    if chosen is None:
        return not_acceptable()
    if chosen != "html":
        return rdf_response(description_triples(get_store(), node), chosen, page=page_url, data_stem=data_stem)
    store = get_store()
    shown = presenter()
    chart_list = [
        charts.bar_chart(translate("Actions per year"), charts.year_counts(store, country=node)),
        charts.bar_chart(translate("Actions per theme"), charts.theme_counts(store, shown, country=node)),
    ]
    response = resource_page(
        node,
        data_stem=data_stem,
        id_path=None,
        template="country.html",
        timeline_entries=country_timeline(store, node, shown),
        actions=country_actions(store, node, shown),
        charts=[c for c in chart_list if c.bars],
        code=alpha2,
    )
    response.vary.add("Accept")
    return response


# --- ontology ------------------------------------------------------------------------------

def ontology_triples() -> set[Triple]:
    """The ontology's triples: the store's ontology graph, else the shipped migkg.ttl."""
    graph = NamedNode(ONTOLOGY_IRI)
    triples = {q.triple for q in get_store().quads(graph=graph)}
    if triples:
        return triples
    return set(pyoxigraph.parse(path=str(ontology_files.path("ontology")), format=pyoxigraph.RdfFormat.TURTLE))


@functools.lru_cache(maxsize=len(LANGUAGES))
def ontology_html(language: str) -> str:
    """The ontology's documentation page from `migkg ontology docs`, with its language link made local."""
    page = ontology_docs.render(language)
    return page.replace('href="fr/index.html"', 'href="/ontology?lang=fr"').replace(
        'href="../index.html"', 'href="/ontology?lang=en"'
    )


@bp.route("/ontology")
@bp.route("/ontology.<extension>")
def ontology(extension: str | None = None):
    """The ontology: HTML documentation by default, Turtle, RDF/XML, JSON-LD or N-Triples by Accept or extension."""
    if extension is not None and extension not in RDF_FORMATS:
        abort(404)
    chosen = extension or negotiate(html=True)
    if chosen is None:
        return not_acceptable()
    if chosen != "html":
        return rdf_response(ontology_triples(), chosen, page="/ontology", data_stem="/ontology")
    response = Response(ontology_html(current_lang()), mimetype="text/html")
    response.vary.add("Accept")
    response.headers["Link"] = alternates_header("/ontology", "/ontology")
    return response


# --- dumps ---------------------------------------------------------------------------------

#: dump file name → (media type, how to write it)
DUMPS = {
    "migkg.nq.gz": ("application/gzip", "nq.gz"),
    "migkg.trig": ("application/trig", "trig"),
    "migkg.ttl": ("text/turtle", "ttl"),
}
_dump_lock = threading.Lock()


def dump_directory() -> Path:
    """Where generated dumps are cached: MIGKG_DUMP_DIR, else a per-store folder in the temp dir."""
    configured = current_app.config.get("MIGKG_DUMP_DIR")
    if configured:
        return Path(configured)
    store = get_store()
    key = hashlib.sha1(str(store.path or f"memory-{id(store)}").encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"migkg-dumps-{key}"


def write_dump(store: GraphStore, kind: str, target: Path) -> None:
    """Write the store with `migkg export`'s writer: N-Quads (gzipped), TriG, or the union as Turtle."""
    partial = target.with_name(target.name + f".{os.getpid()}.{threading.get_ident()}.part")
    try:
        if kind == "nq.gz":
            with gzip.open(partial, "wb") as out:
                export.export(store, out, "nq")
        else:
            with open(partial, "wb") as out:
                export.export(store, out, kind)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()


def cached_dump(name: str) -> Path:
    """The dump file for the store's current version, written if not cached yet."""
    store = get_store()
    version = hashlib.sha1(store_version(store).encode()).hexdigest()[:16]
    directory = dump_directory() / version
    target = directory / name
    with _dump_lock:
        if not target.exists():
            directory.mkdir(parents=True, exist_ok=True)
            write_dump(store, DUMPS[name][1], target)
    return target


@bp.route("/dumps")
def dumps():
    """Links to the dataset's dump files and its VoID description."""
    return render_template("dumps.html", dumps=DUMPS)


@bp.route("/dumps/<name>")
def dump_file(name: str):
    """One dump file, generated on demand and cached per version of the store, sent in chunks."""
    if name not in DUMPS:
        abort(404, f"no dump {name!r}; available: {', '.join(DUMPS)}")
    path = cached_dump(name)
    response = send_file(path, mimetype=DUMPS[name][0], as_attachment=True, download_name=name, conditional=True)
    return response


@bp.errorhandler(404)
def not_found(error):
    """A 404 page in HTML for browsers, plain text for everyone else."""
    message = getattr(error, "description", "") or "Not Found"
    if negotiate(html=True) == "html" and request.accept_mimetypes.accept_html:
        return render_template("error.html", status=404, message=message), 404
    return Response(f"Not Found: {message}\n", status=404, mimetype="text/plain")

