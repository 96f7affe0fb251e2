"""The OWL ontology, SKOS vocabularies and SHACL shapes, read through importlib.resources."""
