"""The project's exceptions: library code raises these, each surface (CLI, HTTP) translates them once."""


class MigkgError(Exception):
    """Base of every expected failure; the message says what is wrong and what to do."""

    #: exit status the CLI uses for this error
    exit_code = 1
    #: HTTP status the server uses for this error
    http_status = 500


class UsageProblem(MigkgError):
    """A wrong parameter or option value given by the user."""

    exit_code = 2
    http_status = 400


class StoreError(MigkgError):
    """The store cannot be opened, is locked, is not a store, or a remote store is unreachable."""

    http_status = 503


class QuerySyntaxError(UsageProblem):
    """A SPARQL query or update that does not parse; carries the line and column."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")


class UnsupportedFormat(UsageProblem):
    """A serialisation format that is not known or does not fit the result."""


class LoaderError(MigkgError):
    """A document no loader accepts, or that cannot be read; names the file and line."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(f"{where}{message}")

    def __reduce__(self):
        """Pickled (to cross from a worker process) as its formatted message, source and line."""
        return (_loader_error, (self.args[0], self.source, self.line))


def _loader_error(text: str, source: str | None, line: int | None) -> "LoaderError":
    error = LoaderError.__new__(LoaderError)
    Exception.__init__(error, text)
    error.source, error.line = source, line
    return error


class OntologyError(MigkgError):
    """The ontology or the shapes fail a check."""
