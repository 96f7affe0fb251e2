"""The Flask application: SPARQL endpoint, Graph Store, linked-data pages."""
