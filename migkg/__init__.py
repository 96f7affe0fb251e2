"""migkg: a knowledge graph of migration-governance cooperation."""

__version__ = "0.1.0"
__all__ = ["__version__"]
