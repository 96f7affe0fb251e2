"""Commands of migkg.server."""

commands = []
