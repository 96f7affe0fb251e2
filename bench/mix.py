"""The benchmark query mix: ten realistic queries over the generated shape, plus the named queries."""

PREFIXES = """PREFIX mkg: <https://w3id.org/migkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: name -> SPARQL (without prefixes); each has the shape its name says
MIX = {
    "point-lookup": """SELECT ?p ?o WHERE { <http://publications.europa.eu/resource/authority/country/BDI> ?p ?o }""",
    "aggregate-per-theme": """SELECT ?theme (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mkg:Action ; mkg:theme ?theme } GROUP BY ?theme ORDER BY DESC(?n)""",
    "date-range": """SELECT ?a ?start WHERE { ?a a mkg:Action ; mkg:startDate ?start .
        FILTER (STR(?start) >= "2015-01" && STR(?start) < "2016-07") } LIMIT 200""",
    "multi-join": """SELECT ?title ?kind ?origin WHERE { ?a a mkg:Action ; dcterms:title ?title ; mkg:beneficiary ?c ;
        mkg:hasActivity ?act ; mkg:expertDeployment ?d . ?act mkg:activityKind ?kind . ?d mkg:expertOrigin ?origin .
        ?c mkg:countryCode "BI" }""",
    "text-filter": """SELECT ?a ?title WHERE { ?a a mkg:Action ; dcterms:title ?title FILTER (CONTAINS(LCASE(STR(?title)), "remittances 1")) } LIMIT 50""",
    "optional-listing": """SELECT ?a ?title ?start ?end WHERE { { SELECT ?a WHERE { ?a a mkg:Action } ORDER BY ?a LIMIT 20 OFFSET 100 }
        ?a dcterms:title ?title . OPTIONAL { ?a mkg:startDate ?start } OPTIONAL { ?a mkg:endDate ?end } } ORDER BY ?a""",
    "property-path": """SELECT DISTINCT ?origin WHERE { ?c mkg:countryCode "KE" . ?a mkg:beneficiary ?c ; mkg:expertDeployment/mkg:expertOrigin ?origin }""",
    "construct": """CONSTRUCT { ?a dcterms:title ?t ; mkg:beneficiary ?c } WHERE { ?a a mkg:Action ; dcterms:title ?t ; mkg:beneficiary ?c ; mkg:ongoing true } LIMIT 300""",
    "ask": """ASK { ?n a mkg:NewsItem ; mkg:mentions <https://w3id.org/migkg/id/dialogue/rabat-process> }""",
    "news-per-dialogue": """SELECT ?d (COUNT(?n) AS ?items) WHERE { ?n a mkg:NewsItem ; mkg:mentions ?d . ?d a mkg:MigrationDialogue } GROUP BY ?d""",
}


def mix() -> dict[str, str]:
    """The mix with prefixes prepended."""
    return {name: PREFIXES + text for name, text in MIX.items()}
