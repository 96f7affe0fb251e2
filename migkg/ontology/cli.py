"""Commands of migkg.ontology."""

commands = []
