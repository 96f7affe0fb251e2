"""Loaders: documents in, RDF out, every fact traced to its sentence."""
