"""Commands of migkg.loaders."""

commands = []
