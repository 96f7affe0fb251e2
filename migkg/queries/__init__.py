"""The named SPARQL queries, one .rq file each."""
