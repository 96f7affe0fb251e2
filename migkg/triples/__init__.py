"""The RDF layer: namespaces and vocabulary, IRI minting, and the one wrapper around the store."""
