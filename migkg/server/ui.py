"""Blueprint ui: the page chrome (language, interface words), home, search, browsing, query page.

The language of a page is `?lang=en|fr` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else English. Labels and texts are shown in that language when the
graph has them, else in English, else in whatever language they have.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph
from flask import Blueprint, abort, current_app, g, render_template, request
from pyoxigraph import Literal, NamedNode

from migkg.errors import MigkgError
from migkg.server import charts, get_store, negotiation, search, security
from migkg.server.resource import Presenter, Value, bind, normalise_base, store_version
from migkg.triples.namespaces import MKG, ONTOLOGY_IRI, VOCAB_BASE

bp = Blueprint("ui", __name__)

LANGUAGES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
LANG_COOKIE = "migkg_lang"
PAGE_SIZE = 100

#: interface words in French (English is the key)
FRENCH = {
    "Home": "Accueil",
    "Browse": "Parcourir",
    "Query": "Requête",
    "Ontology": "Ontologie",
    "Dumps": "Exports",
    "Search": "Rechercher",
    "Search the graph": "Rechercher dans le graphe",
    "Language": "Langue",
    "Resources per class": "Ressources par classe",
    "Latest documents": "Derniers documents",
    "Latest news": "Dernières actualités",
    "Countries": "Pays",
    "Themes": "Thèmes",
    "Dialogues": "Dialogues",
    "Programmes": "Programmes",
    "Classes": "Classes",
    "Actions per year": "Actions par année",
    "Actions per theme": "Actions par thème",
    "Actions per region": "Actions par région",
    "Actions": "Actions",
    "Timeline": "Chronologie",
    "Facts": "Faits",
    "Property": "Propriété",
    "Value": "Valeur",
    "Source": "Source",
    "Provenance": "Provenance",
    "Stated in": "Énoncé dans",
    "Links to": "Liens vers",
    "Linked from": "Liens entrants",
    "Other formats": "Autres formats",
    "No results.": "Aucun résultat.",
    "results": "résultats",
    "Run query": "Exécuter la requête",
    "Examples": "Exemples",
    "Results": "Résultats",
    "Download": "Télécharger",
    "SPARQL query": "Requête SPARQL",
    "Nothing found for": "Rien trouvé pour",
    "Type": "Type",
    "Count": "Nombre",
    "Page not found": "Page introuvable",
    "Next": "Suivant",
    "Previous": "Précédent",
    "Knowledge graph of migration-governance cooperation": "Graphe de connaissances de la coopération en gouvernance des migrations",
    "ongoing": "en cours",
    "Dataset dumps": "Exports du jeu de données",
    "Identifier": "Identifiant",
    "Classes and properties": "Classes et propriétés",
    "Skip to content": "Aller au contenu",
    "Facts drawn from this document": "Faits tirés de ce document",
    "Site": "Site",
    "Link to": "Lien vers",
    "Parameters": "Paramètres",
    "Error": "Erreur",
    "Content": "Contenu",
    "first rows only; download for all": "premières lignes seulement ; téléchargez pour tout voir",
    "Prefixes rdf rdfs owl xsd skos dcterms prov org foaf oa schema mkg are predeclared. Ctrl+Enter runs the query.":
        "Les préfixes rdf rdfs owl xsd skos dcterms prov org foaf oa schema mkg sont prédéclarés. Ctrl+Entrée exécute la requête.",
    "The whole dataset, written from the store on first request and kept until the data changes.":
        "Le jeu de données complet, écrit depuis le dépôt à la première demande et conservé jusqu’à ce que les données changent.",
    "every named graph (one per source document, ontology, vocabularies, countries, entailments)":
        "tous les graphes nommés (un par document source, ontologie, vocabulaires, pays, inférences)",
    "every named graph": "tous les graphes nommés",
    "the union of all graphs, without graph names": "l’union de tous les graphes, sans noms de graphes",
    "the dataset's description: endpoint, dumps, vocabularies, statistics.":
        "la description du jeu de données : point d’accès, exports, vocabulaires, statistiques.",
}


def current_lang() -> str:
    """The language of this request's page ('en' or 'fr')."""
    if "migkg_lang" not in g:
        asked = request.args.get("lang", "")
        if asked in LANGUAGES:
            g.migkg_lang = asked
        elif request.cookies.get(LANG_COOKIE) in LANGUAGES:
            g.migkg_lang = request.cookies[LANG_COOKIE]
        else:
            g.migkg_lang = request.accept_languages.best_match(LANGUAGES, default="en")
    return g.migkg_lang


def translate(text: str) -> str:
    """An interface word in the page's language."""
    return FRENCH.get(text, text) if current_lang() == "fr" else text


def base() -> str:
    """The configured base of minted IRIs."""
    return normalise_base(current_app.config.get("MIGKG_BASE_IRI"))


def presenter() -> Presenter:
    """A Presenter for this request (language, base, label cache)."""
    if "migkg_presenter" not in g:
        g.migkg_presenter = Presenter(get_store(), base(), current_lang())
    return g.migkg_presenter


def url_with(**params) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    args = request.args.to_dict()
    for key, value in params.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    path = "/" + request.path.lstrip("/")  # never '//host', which a browser reads as another site
    return path + ("?" + urlencode(args) if args else "")


@bp.app_context_processor
def chrome():
    """Values every template uses."""
    if not request:
        return {}
    return {
        "lang": current_lang(),
        "t": translate,
        "languages": LANGUAGES,
        "language_names": LANGUAGE_NAMES,
        "url_with": url_with,
    }


@bp.after_app_request
def remember_language(response):
    """Keep the language chosen with ?lang= in a cookie; HTML varies by language."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


@bp.route("/favicon.ico")
def favicon():
    """The site's icon, for pages (and browsers) that ask for /favicon.ico."""
    return current_app.send_static_file("favicon.svg")


# --- home ----------------------------------------------------------------------------------


def class_counts() -> list[tuple[Value, int, str]]:
    """(class, number of distinct instances, browse link) for every class of the ontology in use."""
    rows = list(
        get_store().query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER (STRSTARTS(STR(?c), STR(mkg:))) } GROUP BY ?c"
        )
    )
    shown = presenter()
    shown.prefetch(row["c"] for row in rows)
    counted = [
        (shown.label_of(row["c"].value), int(row["n"].value), "/browse/class/" + row["c"].value.split("#", 1)[1])
        for row in rows
        if row["c"].value.split("#", 1)[1] not in ("Evidence",)
    ]
    return sorted(counted, key=lambda item: (-item[1], item[0].text.lower()))


def latest(query: str, limit: int = 10) -> list[tuple[Value, str]]:
    """(resource, date) pairs from a query binding ?item and ?date, newest first."""
    rows = list(get_store().query(query + f" ORDER BY DESC(?date) LIMIT {int(limit) * 4}"))
    shown = presenter()
    shown.prefetch(row["item"] for row in rows)
    seen, result = set(), []
    for row in rows:
        if row["item"].value in seen:
            continue
        seen.add(row["item"].value)
        result.append((shown.value(row["item"]), row["date"].value))
    return result[:limit]


def cached(key: tuple, compute):
    """`compute()`, remembered for the store's current version (whole-graph counts cost a scan)."""
    store = get_store()
    version = store_version(store)
    cache = current_app.extensions.setdefault("migkg.pages_cache", {})
    hit = cache.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    value = compute()
    cache[key] = (version, value)
    return value


def _home_data() -> dict:
    shown = presenter()
    store = get_store()
    chart_list = [
        charts.bar_chart(translate("Actions per year"), charts.year_counts(store), href=lambda y: f"/browse/class/Action?year={y}"),
        charts.bar_chart(translate("Actions per theme"), charts.theme_counts(store, shown)),
        charts.bar_chart(translate("Actions per region"), charts.region_counts(store, shown)),
    ]
    return {
        "counts": class_counts(),
        "documents": latest("SELECT DISTINCT ?item ?date WHERE { ?item a mkg:SourceDocument ; prov:generatedAtTime ?date }"),
        "news": latest("SELECT DISTINCT ?item ?date WHERE { ?item a mkg:NewsItem ; dcterms:issued ?date }"),
        "charts": [c for c in chart_list if c.bars],
    }


@bp.route("/")
def home():
    """Counts, latest documents, search, browsing and charts (computed once per store version and language)."""
    return render_template("home.html", **cached(("home", current_lang()), _home_data))


# --- search --------------------------------------------------------------------------------


@bp.route("/search")
def search_page():
    """Full-text search over labels and texts, English and French."""
    text = request.args.get("q", "").strip()
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        abort(400, "offset must be a whole number")
    hits = []
    if text:
        found = search.index_for(get_store()).search(text, limit=PAGE_SIZE + 1, offset=offset)
        shown = presenter()
        shown.prefetch(NamedNode(hit.iri) for hit in found)
        hits = [(shown.value(NamedNode(hit.iri)), search.snippet_parts(hit.snippet)) for hit in found]
    more = len(hits) > PAGE_SIZE
    return render_template("search.html", q=text, hits=hits[:PAGE_SIZE], offset=offset, more=more, page_size=PAGE_SIZE)


# --- browsing ------------------------------------------------------------------------------

FACETS = {
    "countries": "Countries",
    "themes": "Themes",
    "dialogues": "Dialogues",
    "programmes": "Programmes",
}

#: facet → (query listing its items, query counting Actions or meetings per item); two small
#: queries merged in Python are far cheaper than one with an OPTIONAL over a path
_FACET_QUERIES = {
    "countries": (
        "SELECT DISTINCT ?item WHERE { ?item a mkg:Country . FILTER EXISTS { ?x ?p ?item FILTER (?p != rdf:type) } }",
        """SELECT ?item (COUNT(DISTINCT ?action) AS ?n) WHERE {
             ?action a mkg:Action .
             { ?action mkg:beneficiary ?item } UNION { ?action mkg:beneficiary ?region . ?region mkg:includesCountry ?item }
             ?item a mkg:Country
           } GROUP BY ?item""",
    ),
    "themes": (
        f"SELECT DISTINCT ?item WHERE {{ {{ ?item a mkg:Theme }} UNION {{ ?item skos:inScheme <{VOCAB_BASE}theme> }} }}",
        "SELECT ?item (COUNT(DISTINCT ?action) AS ?n) WHERE { ?action a mkg:Action ; mkg:theme ?item } GROUP BY ?item",
    ),
    "dialogues": (
        "SELECT DISTINCT ?item WHERE { ?item a mkg:MigrationDialogue }",
        """SELECT ?item (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?item a mkg:MigrationDialogue . { ?item mkg:hasMeeting ?m } UNION { ?m mkg:meetingOf ?item }
           } GROUP BY ?item""",
    ),
    "programmes": (
        "SELECT DISTINCT ?item WHERE { ?item a mkg:Programme }",
        "SELECT ?item (COUNT(DISTINCT ?action) AS ?n) WHERE { ?action mkg:partOfProgramme ?item } GROUP BY ?item",
    ),
}


@bp.route("/browse")
def browse_index():
    """The ways to browse: by class, country, theme, dialogue, programme."""
    return render_template("browse_index.html", counts=class_counts(), facets=FACETS)


@bp.route("/browse/<facet>")
def browse_facet(facet: str):
    """Countries, themes, dialogues or programmes with how many Actions (or meetings) each has."""
    if facet not in _FACET_QUERIES:
        abort(404)
    list_query, count_query = _FACET_QUERIES[facet]
    store = get_store()
    found = [row["item"] for row in store.query(list_query)]
    counts = {row["item"].value: int(row["n"].value) for row in store.query(count_query)}
    shown = presenter()
    shown.prefetch(found)
    items = sorted(((shown.value(item), counts.get(item.value, 0)) for item in found), key=lambda p: p[0].text.lower())
    count_label = "Count" if facet == "dialogues" else "Actions"
    return render_template("browse_facet.html", title=translate(FACETS[facet]), items=items, count_label=count_label)


@bp.route("/browse/class/<name>")
def browse_class(name: str):
    """The instances of one class of the ontology, by label, a page at a time."""
    try:
        cls = MKG[name]
    except AttributeError:
        abort(404)
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        abort(400, "offset must be a whole number")
    year = request.args.get("year", "")
    year_filter = ""
    if year:
        if not (year.isdigit() and len(year) == 4):
            abort(400, "year must be four digits, e.g. 2014")
        year_filter = bind("?item mkg:startDate ?start FILTER (STRSTARTS(STR(?start), $year))", year=Literal(year))
    store = get_store()
    query = f"""
        SELECT ?item (SAMPLE(?l) AS ?label) WHERE {{
          ?item a {cls} . {year_filter}
          OPTIONAL {{ ?item rdfs:label|skos:prefLabel|dcterms:title ?l }}
        }} GROUP BY ?item ORDER BY LCASE(STR(?label)) ?item LIMIT {PAGE_SIZE + 1} OFFSET {offset}"""
    rows = list(store.query(query))
    shown = presenter()
    shown.prefetch(row["item"] for row in rows)
    items = [shown.value(row["item"]) for row in rows]
    return render_template(
        "browse_class.html",
        cls=shown.label_of(cls.value),
        cls_href=f"/ontology#{name}",
        items=items[:PAGE_SIZE],
        more=len(items) > PAGE_SIZE,
        offset=offset,
        page_size=PAGE_SIZE,
        year=year,
    )


# --- query page ----------------------------------------------------------------------------

DEFAULT_QUERY = """SELECT ?action ?title ?start WHERE {
  ?action a mkg:Action ; dcterms:title ?title .
  OPTIONAL { ?action mkg:startDate ?start }
}
ORDER BY ?start
LIMIT 20
"""
#: rows the query page shows at most (downloads give everything)
PAGE_ROWS = 1000


@dataclass
class PageResult:
    """A query's answer as the query page shows it."""

    form: str
    variables: list[str]
    rows: list[list]
    boolean: bool | None = None
    truncated: bool = False


class QueryFailed(MigkgError):
    """A query that parsed but failed during evaluation."""

    http_status = 400


def run_for_page(store, text: str, *, max_rows: int) -> PageResult:
    """Run a read query for the page: through the endpoint's query engine (time limit, row cap)
    when the app has one, else directly on the store after the endpoint's safety check.

    :raises MigkgError: the query does not parse, is refused (SERVICE), times out, or fails.
    """
    form = security.inspect_query(text)
    limit = min(max_rows, PAGE_ROWS)
    truncated = False
    answer = None
    try:
        if "migkg.engine" in current_app.extensions:
            from migkg.server.engine import run_query

            graph_form = form in ("CONSTRUCT", "DESCRIBE")
            result = run_query(text, format="nt" if graph_form else "json", max_rows=limit + 1)
            body = result.read()
            truncated = bool(result.truncated)
            if graph_form:
                answer = [quad.triple for quad in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]
            else:
                answer = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        else:
            answer = store.query(text)
        return _page_result(form, answer, limit, truncated)
    except (OSError, RuntimeError, ValueError, SyntaxError) as error:
        raise QueryFailed(f"the query failed: {error}") from error
    finally:
        # pyoxigraph results must be dropped on the thread that made them; the parser's cached
        # exceptions can keep this frame alive until a collection on another thread
        answer = None  # noqa: F841


def _page_result(form: str, answer, limit: int, truncated: bool) -> PageResult:
    """The first `limit` rows of a query answer."""
    if form == "ASK":
        return PageResult(form, [], [], boolean=bool(answer))
    if form == "SELECT":
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            if len(rows) == limit:
                return PageResult(form, variables, rows, truncated=True)
            rows.append([solution[v] for v in variables])
        return PageResult(form, variables, rows, truncated=truncated)
    rows = []
    for triple in answer:
        if len(rows) == limit:
            return PageResult(form, ["subject", "predicate", "object"], rows, truncated=True)
        rows.append([triple.subject, triple.predicate, triple.object])
    return PageResult(form, ["subject", "predicate", "object"], rows, truncated=truncated)


def download_links(text: str, form: str) -> list[tuple[str, str]]:
    """(format name, URL on the SPARQL endpoint) for every format the result can be downloaded in."""
    return [
        (fmt.name, "/sparql?" + urlencode({"query": text, "format": fmt.name}))
        for fmt in negotiation.formats_for(form)
    ]


def _examples():
    from migkg import queries

    try:
        return queries.all_queries()
    except MigkgError:
        return []


@bp.route("/query")
def query_page():
    """The SPARQL editor; with ?query= it also runs the query and shows the results as a table."""
    text = request.args.get("query", "")
    examples = _examples()
    result, error, status = None, None, 200
    if text.strip():
        try:
            result = run_for_page(get_store(), text, max_rows=int(current_app.config.get("MIGKG_MAX_ROWS") or 1000))
        except MigkgError as problem:
            error, status = str(problem), problem.http_status
    shown = presenter()
    rows = []
    if result is not None and result.rows:
        terms = [term for row in result.rows for term in row if term is not None]
        shown.prefetch(terms)
        rows = [[shown.value(term) if term is not None else None for term in row] for row in result.rows]
    downloads = download_links(text, result.form) if result is not None else []
    return (
        render_template(
            "query.html",
            query=text or DEFAULT_QUERY,
            examples=examples,
            result=result,
            rows=rows,
            error=error,
            downloads=downloads,
            ontology=ONTOLOGY_IRI,
        ),
        status,
    )
