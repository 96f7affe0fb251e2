"""Commands of migkg.queries."""

commands = []
