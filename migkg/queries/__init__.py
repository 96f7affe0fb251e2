"""The named SPARQL queries: one `.rq` file each, opened by a `#` comment block.

The block gives `title:`, `description:`, one `param:` line per parameter and `example:` lines;
an indented `#` line continues the key above it::

    # title: Activities of Actions
    # description: Every activity of every Action, or of one Action.
    # param: action iri optional  The Action whose activities to list.
    # example: migkg query action-activities --param action=https://w3id.org/migkg/id/action/x

Parameters are bound through pyoxigraph's substitutions, never pasted into the query text.
"""

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from migkg.errors import UsageProblem
from migkg.triples.iris import country_iri
from migkg.triples.namespaces import XSD

#: parameter types and what their values must look like
PARAMETER_TYPES = {
    "iri": "an absolute IRI such as https://w3id.org/migkg/id/action/x",
    "country": "an ISO 3166-1 alpha-2 country code such as BI",
    "string": "any text",
    "integer": "a whole number",
    "date": "an ISO 8601 date such as 2014 or 2014-04 or 2014-04-30",
}

_HEADER_LINE = re.compile(r"^#\s?(?P<text>.*)$")
_KEY = re.compile(r"^(?P<key>title|description|param|example):\s*(?P<value>.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][\w-]*)\s+(?P<type>\w+)(?:\s+(?P<optional>optional))?\s*(?P<description>.*)$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SELECT_VARS = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<vars>.*?)\s*(?:WHERE|\{|FROM)", re.I | re.M | re.S)


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: its variable, type and whether it must be given."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its text and the documentation from its comment block."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    text: str

    @property
    def variables(self) -> tuple[str, ...]:
        """The result variables a SELECT query projects, in order (empty for other forms)."""
        match = _SELECT_VARS.search(_strip_comments(self.text))
        if not match:
            return ()
        return tuple(_projected(match.group("vars")))

    def bind(self, values: dict[str, str]) -> dict[str, object]:
        """Check user-given parameter values and turn them into RDF terms for substitution.

        :raises UsageProblem: an unknown parameter, a missing required one, or a malformed value.
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            accepted = ", ".join(known) or "none"
            raise UsageProblem(f"query {self.name!r} has no parameter {unknown[0]!r} (it takes: {accepted})")
        missing = [p.name for p in self.parameters if p.required and p.name not in values]
        if missing:
            raise UsageProblem(f"query {self.name!r} needs the parameter {missing[0]!r} ({PARAMETER_TYPES[known[missing[0]].type]})")
        return {name: _term(known[name], value, self.name) for name, value in values.items()}


def _projected(select_clause: str) -> list[str]:
    """Variables named in a SELECT clause, taking `(expr AS ?v)` as ?v."""
    names = []
    depth = 0
    for token in re.findall(r"\(|\)|AS\s+\?\w+|\?\w+", select_clause, re.I):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.upper().startswith("AS"):
            names.append(token.split("?")[1])
        elif depth == 0:
            names.append(token[1:])
    return names


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _term(parameter: Parameter, value: str, query: str):
    """The RDF term for one parameter value."""
    problem = f"parameter {parameter.name!r} of query {query!r}: {value!r} is not {PARAMETER_TYPES[parameter.type]}"
    if parameter.type == "iri":
        if not _IRI.match(value):
            raise UsageProblem(problem)
        return NamedNode(value)
    if parameter.type == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise UsageProblem(problem)
        try:
            return country_iri(value)
        except UsageProblem:
            raise UsageProblem(problem) from None
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise UsageProblem(problem)
        return Literal(value, datatype=XSD.integer)
    if parameter.type == "date":
        if not _DATE.match(value):
            raise UsageProblem(problem)
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
        return Literal(value, datatype=datatype)
    return Literal(value)


def parse(name: str, text: str, *, origin: str | None = None) -> NamedQuery:
    """Read a query's comment block.

    :raises UsageProblem: the block names an unknown parameter type (`origin` names the file).
    """
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    current = None
    for line in text.splitlines():
        header = _HEADER_LINE.match(line.strip())
        if not header:
            if line.strip():
                break
            continue
        content = header.group("text")
        keyed = _KEY.match(content.strip())
        if keyed:
            current = keyed.group("key")
            fields[current].append(keyed.group("value").strip())
        elif current and content.strip() and fields[current]:
            if current in ("param", "example"):
                fields[current][-1] += " " + content.strip()
            else:
                fields[current].append(content.strip())
    parameters = []
    for spec in fields["param"]:
        match = _PARAM.match(spec)
        if not match or match.group("type") not in PARAMETER_TYPES:
            raise UsageProblem(f"{origin or name}: bad 'param:' line {spec!r}; expected 'NAME TYPE [optional] DESCRIPTION' with TYPE one of {', '.join(PARAMETER_TYPES)}")
        parameters.append(
            Parameter(
                name=match.group("name"),
                type=match.group("type"),
                required=not match.group("optional"),
                description=match.group("description").strip(),
            )
        )
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]) or name,
        description=" ".join(fields["description"]),
        parameters=tuple(parameters),
        examples=tuple(fields["example"]),
        text=text,
    )


def names() -> list[str]:
    """The names of the shipped queries, sorted."""
    return sorted(
        entry.name[: -len(".rq")]
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".rq")
    )


def get(name: str) -> NamedQuery:
    """The shipped query called `name`.

    :raises UsageProblem: there is no such query; the message lists them.
    """
    if name not in names():
        raise UsageProblem(f"no named query {name!r}; `migkg queries` lists them: {', '.join(names())}")
    text = (resources.files(__name__) / f"{name}.rq").read_text(encoding="utf-8")
    return parse(name, text)


def from_file(path: str | Path) -> NamedQuery:
    """A query read from a `.rq` file outside the package.

    :raises UsageProblem: the file cannot be read.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageProblem(f"cannot read the query file {path}: {error}") from error
    return parse(path.stem, text, origin=str(path))


def all_queries() -> list[NamedQuery]:
    """Every shipped query, by name."""
    return [get(name) for name in names()]
