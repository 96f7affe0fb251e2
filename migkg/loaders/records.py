"""Plain records the loaders' parsers produce (no RDF: `emit` turns them into quads), and the
`Extraction` those quads end in, light enough for a process that only receives it.

Every record keeps the `Span` of the text that states it (character offsets into
`Document.text`), so the RDF can point at the sentence behind each fact.
"""

from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad


@dataclass(frozen=True)
class Span:
    """A stretch of the document's text: [start, end) character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class DateValue:
    """A date or range as ISO 8601 strings at the precision the text gives ('2010', '2010-02', '2017-03-13')."""

    start: str
    end: str | None = None
    ongoing: bool = False  # the range runs on ("present", "à ce jour"): no end

    def iso(self) -> str:
        """'start', 'start/end', or 'start/..' for an open range."""
        if self.ongoing:
            return f"{self.start}/.."
        return f"{self.start}/{self.end}" if self.end and self.end != self.start else self.start


@dataclass(frozen=True)
class EntityRef:
    """A named entity as resolved by the gazetteer.

    kind: country, organisation, dialogue, programme, project, region, person or place.
    key: ISO alpha-2 code for a country; otherwise the canonical key of docs/modelling.md
    (the gazetteer's acronym or canonical English name, else the full name the document gives).
    label: the words as written in the document.
    """

    kind: str
    key: str
    label: str
    span: Span | None = None
    #: the acronym the document defines for an organisation the gazetteer does not know ("Full Name (ACR)")
    acronym: str | None = None
    #: the name as the document writes it, where the key adds a country it lacks ("Kenya's Bureau of Labour
    #: Mobility" keyed "Bureau of Labour Mobility of Kenya"); an alternative label
    written: str | None = None


@dataclass
class LoaderWarning:
    """Something the loader could not read; the rest of the document still loads."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass
class ActivityRecord:
    """An activity inside an Action, or an event reported in the news."""

    kind: str  # English preferred label of the activity-kind scheme
    span: Span
    label: str | None = None
    date: DateValue | None = None
    place: EntityRef | None = None
    planned: bool = False
    participants: int | None = None
    countries: int | None = None
    participant_refs: list[EntityRef] = field(default_factory=list)


@dataclass
class ExpertRecord:
    """Where the experts deployed for an Action come from."""

    kind: str  # English preferred label of the expert-origin scheme
    span: Span
    origin: EntityRef | None = None  # the country or organisation the text names, whatever the kind; else None
    count: int | None = None


@dataclass
class OutputRecord:
    """A document an Action produced or supported (strategy, policy, action plan...)."""

    kind: str  # English preferred label of the output-kind scheme
    span: Span
    name: str | None = None


@dataclass
class ActionRecord:
    """A capacity-building Action, e.g. one entry of an action catalogue."""

    title: str
    span: Span  # the heading
    beneficiary: EntityRef | None = None
    beneficiary_countries: list[EntityRef] = field(default_factory=list)
    sequence: int | None = None
    themes: list[tuple[str, Span]] = field(default_factory=list)
    objective: str | None = None
    summary: str | None = None
    duration: DateValue | None = None
    duration_span: Span | None = None
    ongoing: bool = False
    programme: EntityRef | None = None
    activities: list[ActivityRecord] = field(default_factory=list)
    experts: list[ExpertRecord] = field(default_factory=list)
    partners: list[EntityRef] = field(default_factory=list)
    requested_by: list[EntityRef] = field(default_factory=list)
    outputs: list[OutputRecord] = field(default_factory=list)
    funders: list[EntityRef] = field(default_factory=list)
    implementers: list[EntityRef] = field(default_factory=list)


@dataclass
class PartnershipRecord:
    """An agreement between organisations (MoU, partnership agreement)."""

    kind: str  # English preferred label of the partnership-kind scheme
    span: Span
    parties: list[EntityRef] = field(default_factory=list)
    date: DateValue | None = None
    areas: list[str] = field(default_factory=list)  # theme labels where one fits, else the words as written


@dataclass
class SecretariatRecord:
    """An organisation runs a dialogue's secretariat."""

    organisation: EntityRef
    dialogue: EntityRef
    span: Span


@dataclass
class PersonRecord:
    """A person named in a news item, with the role the text gives."""

    name: str
    span: Span
    role: str | None = None
    affiliation: EntityRef | None = None


@dataclass
class NewsItemRecord:
    """An RSS item, news article or press release."""

    title: str
    span: Span
    link: str | None = None
    date: str | None = None  # ISO 8601; a date-time when the source gives the time
    category: str | None = None
    body: str | None = None
    language: str = "en"
    mentions: list[EntityRef] = field(default_factory=list)
    events: list[ActivityRecord] = field(default_factory=list)
    partnerships: list[PartnershipRecord] = field(default_factory=list)
    secretariats: list[SecretariatRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)


@dataclass
class Document:
    """A decoded document ready for a parser."""

    source: str  # as the user gave it: path, URL or '<stdin>'
    key: str  # names the document's IRI (file name without extension)
    text: str  # decoded, with line breaks kept; spans index into this
    checksum: str  # sha256 hex of the raw bytes
    language: str = "en"


@dataclass
class Extracted:
    """What one parser found in one document."""

    actions: list[ActionRecord] = field(default_factory=list)
    news_items: list[NewsItemRecord] = field(default_factory=list)
    warnings: list[LoaderWarning] = field(default_factory=list)
    title: str | None = None


@dataclass
class Extraction:
    """The RDF of one document: quads all in the graph named `document`."""

    document: NamedNode
    quads: list[Quad]
    warnings: list[LoaderWarning] = field(default_factory=list)
    checksum: str = ""
    loader: str = ""
    language: str = "en"
