"""Commands of migkg.triples."""

commands = []
