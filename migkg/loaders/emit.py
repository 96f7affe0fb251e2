"""Plain records to quads, exactly as docs/modelling.md says; every quad in the document's graph.

Deterministic: the same document, records and load time give the same IRIs and quads. Terms of
the ontology come only from `MKG`; IRIs only from `migkg.triples.iris`.
"""

import hashlib
from datetime import datetime, timezone

from pyoxigraph import Literal, NamedNode, Quad

from migkg.loaders.gazetteer import Entry, gazetteer, institution_entry, name_language
from migkg.loaders.records import (
    ActionRecord,
    ActivityRecord,
    DateValue,
    Document,
    EntityRef,
    Extracted,
    NewsItemRecord,
    PartnershipRecord,
    Span,
)
from migkg.loaders.text import Sentences
from migkg.triples import iris, namespaces


class _Terms:
    """A namespace whose terms are made once: the first use of `ns.name` or `ns[name]` keeps the
    term as an attribute, so later uses are plain attribute reads (unknown terms still fail)."""

    def __init__(self, namespace: namespaces.Namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return self.__dict__.get(name) or self.__getattr__(name)


DCTERMS = _Terms(namespaces.DCTERMS)
FOAF = _Terms(namespaces.FOAF)
MKG = _Terms(namespaces.MKG)
OA = _Terms(namespaces.OA)
ORG = _Terms(namespaces.ORG)
PROV = _Terms(namespaces.PROV)
RDF = _Terms(namespaces.RDF)
RDFS = _Terms(namespaces.RDFS)
SKOS = _Terms(namespaces.SKOS)
XSD = _Terms(namespaces.XSD)

#: activity-kind label -> most specific class (docs/modelling.md)
ACTIVITY_CLASSES = {
    "fact-finding mission": "Mission",
    "assessment mission": "Mission",
    "needs assessment": "Mission",
    "mission": "Mission",
    "remote support": "Mission",
    "desk review": "Mission",
    "seminar": "Seminar",
    "workshop": "Workshop",
    "training": "Training",
    "training of trainers": "Training",
    "study visit": "StudyVisit",
    "conference": "Conference",
    "presentation event": "Conference",
    "meeting": "Meeting",
    "knowledge exchange": "Meeting",
    "consultation": "Consultation",
    "information session": "InformationSession",
    "drafting session": "DraftingSession",
    "review session": "DraftingSession",
}

#: meeting-kind label -> class of a migration dialogue's meeting
MEETING_CLASSES = {
    "ministerial conference": "MinisterialConference",
    "thematic meeting": "ThematicMeeting",
    "senior officials' meeting": "SeniorOfficialsMeeting",
}

#: output-kind label -> class
OUTPUT_CLASSES = {
    "strategy": "Strategy",
    "policy": "Policy",
    "action plan": "ActionPlan",
    "law": "Law",
    "handbook": "Handbook",
    "report": "Report",
    "curriculum": "Curriculum",
}

#: partnership-kind label -> class
PARTNERSHIP_CLASSES = {
    "memorandum of understanding": "MemorandumOfUnderstanding",
    "partnership agreement": "PartnershipAgreement",
}

#: entity kind -> the kind segment of its minted IRI
ENTITY_IRI_KINDS = {
    "organisation": "organisation",
    "dialogue": "dialogue",
    "programme": "programme",
    "project": "project",
    "region": "region",
    "place": "place",
    "person": "person",
}

#: entity kind -> class when the gazetteer has no entry for it
DEFAULT_ENTITY_CLASSES = {
    "organisation": "Organisation",
    "dialogue": "MigrationDialogue",
    "programme": "Programme",
    "project": "Project",
    "region": "Region",
    "place": "Place",
    "person": "Person",
    "country": "Country",
    "event": "Event",
    "meeting": "DialogueMeeting",
}


def date_literal(value: str) -> Literal:
    """An ISO 8601 string as a literal whose datatype carries its precision.

    >>> [date_literal(v).datatype.value.rsplit('#')[1] for v in ("2010", "2010-02", "2017-03-13", "2019-07-16T15:32:30+02:00")]
    ['gYear', 'gYearMonth', 'date', 'dateTime']
    """
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(_canonical_time(value), datatype=XSD.dateTime)


def _canonical_time(value: str) -> str:
    """The canonical lexical form of a date-time: UTC written 'Z', as stores write it back."""
    return value[:-6] + "Z" if value.endswith(("+00:00", "-00:00")) else value


class Emitter:
    """Collects the quads of one document; one instance per document."""

    def __init__(self, document: Document, *, loader: str, loader_version: str, base: str | None = None):
        self.document = document
        self.base = base if base is None or base.endswith("/") else base + "/"
        self.graph = iris.mint("document", document.key, base=self.base)
        self.sentences = Sentences(document.text)
        self.loader = loader
        self.loader_version = loader_version
        self.language = document.language
        #: (subject, predicate, object) in first-added order; the quads are made once, at the end
        self._triples: dict[tuple, None] = {}
        self._described: set[str] = set()
        self._evidence_iri_prefix = f"{self.base or iris.base_iri()}id/evidence/"
        self._evidenced: set[tuple[tuple[str, str, str], str]] = set()
        #: sentence start -> (quote, exact, start, end literals) of the sentences quoted so far
        self._quotes: dict[int, tuple[str, Literal, Literal, Literal]] = {}

    # --- basics -------------------------------------------------------------------------------

    def add(self, subject, predicate, obj) -> None:
        self._triples[subject, predicate, obj] = None

    def text(self, value: str, language: str | None = None) -> Literal:
        return Literal(value, language=language or self.language)

    def quads(self) -> list[Quad]:
        graph = self.graph
        return [Quad(subject, predicate, obj, graph) for subject, predicate, obj in self._triples]

    def mint(self, kind: str, key: str) -> NamedNode:
        return iris.mint(kind, key, base=self.base)

    def _quote(self, span: Span) -> tuple[str, Literal, Literal, Literal] | None:
        """The sentence containing `span`: its text and the literals of its selector, or None if empty."""
        sentence = self.sentences.containing(span)
        quoted = self._quotes.get(sentence.start)
        if quoted is None or quoted[3].value != str(sentence.end):
            quote = self.sentences.text[sentence.start : sentence.end]
            quoted = (quote, Literal(quote), Literal(sentence.start), Literal(sentence.end))
            self._quotes[sentence.start] = quoted
        return quoted if quoted[0] else None

    def evidence(self, resource: NamedNode, prop: NamedNode, span: Span | None) -> None:
        """The sentence containing `span` as the evidence that `resource` has `prop`."""
        if span is None:
            return
        quoted = self._quote(span)
        if quoted is None:
            return
        quote, exact, start, end = quoted
        key = (resource.value, prop.value, start.value)
        if (key, end.value) in self._evidenced:
            return  # the same quads again
        self._evidenced.add((key, end.value))
        # iris.hashed("evidence", ...): a hex digest is its own slug
        digest = hashlib.sha1("\x1f".join((self.graph.value, *key)).encode("utf-8")).hexdigest()[:16]
        node = NamedNode(self._evidence_iri_prefix + digest)
        selector = NamedNode(node.value + "/selector")
        add = self._triples.setdefault
        add((resource, MKG.evidence, node))
        add((node, RDF.type, MKG.Evidence))
        add((node, MKG.evidenceFor, resource))
        add((node, MKG.evidenceProperty, prop))
        add((node, OA.hasSource, self.graph))
        add((node, OA.hasSelector, selector))
        add((selector, RDF.type, OA.TextQuoteSelector))
        add((selector, RDF.type, OA.TextPositionSelector))
        add((selector, OA.exact, exact))
        add((selector, OA.start, start))
        add((selector, OA.end, end))

    def dates(self, resource: NamedNode, value: DateValue | None, span: Span | None, *, single_date: bool) -> None:
        """startDate (and endDate for a closed range); `date` too for a single day or month."""
        if value is None:
            return
        self.add(resource, MKG.startDate, date_literal(value.start))
        self.evidence(resource, MKG.startDate, span)
        if value.end and value.end != value.start:
            self.add(resource, MKG.endDate, date_literal(value.end))
            self.evidence(resource, MKG.endDate, span)
        elif single_date and not value.ongoing:
            self.add(resource, MKG.date, date_literal(value.start))
            self.evidence(resource, MKG.date, span)

    # --- entities -----------------------------------------------------------------------------

    def entity(self, ref: EntityRef) -> NamedNode:
        """The IRI of a referenced entity, described (type, labels) once per document."""
        if ref.kind == "country":
            node = iris.country_iri(ref.key)
        else:
            kind = ENTITY_IRI_KINDS.get(ref.kind) or (ref.kind if ref.kind in iris.KINDS else "organisation")
            node = self.mint(kind, ref.key)
        if node.value not in self._described:
            self._described.add(node.value)
            self._describe(node, ref)
        if ref.acronym and ref.kind != "country":  # an acronym the document defines for an unknown organisation
            self.add(node, SKOS.altLabel, Literal(ref.acronym))
            self.add(node, MKG.acronym, Literal(ref.acronym))
        if ref.written and ref.kind == "organisation":
            self._written_name(node, ref)
        return node

    def _written_name(self, node: NamedNode, ref: EntityRef) -> None:
        """The name as the document writes it ("Kenya's Bureau of Labour Mobility"), where the key adds the
        country ("... of Kenya"): an alternative label, so that the name as written finds the entity."""
        if gazetteer().entry(ref.kind, ref.key) is not None:
            return  # a known entity has its names
        entry = institution_entry(ref)
        if ref.written in (entry.key, entry.label_en, entry.label_fr):
            return
        self.add(node, SKOS.altLabel, Literal(ref.written, language=name_language(ref.written)))

    def _describe(self, node: NamedNode, ref: EntityRef) -> None:
        g = gazetteer()
        if ref.kind == "country":
            self.add(node, RDF.type, MKG.Country)
            self.add(node, RDFS.label, Literal(g.country_label(ref.key, "en"), language="en"))
            self.add(node, RDFS.label, Literal(g.country_label(ref.key, "fr"), language="fr"))
            self.add(node, MKG.countryCode, Literal(ref.key))
            self.add(node, SKOS.notation, Literal(node.value.rsplit("/", 1)[1]))
            return
        entry: Entry | None = g.entry(ref.kind, ref.key)
        if entry is None and ref.kind == "organisation":
            entry = institution_entry(ref)
        if entry is None:
            self.add(node, RDF.type, MKG[DEFAULT_ENTITY_CLASSES.get(ref.kind, "Organisation")])
            self.add(node, RDFS.label, self.text(ref.key))
            return
        self.add(node, RDF.type, MKG[entry.cls])
        self.add(node, RDFS.label, Literal(entry.label_en, language="en"))
        if entry.label_fr:
            self.add(node, RDFS.label, Literal(entry.label_fr, language="fr"))
        for name in entry.names:
            if name not in (entry.label_en, entry.label_fr, entry.key):
                self.add(node, SKOS.altLabel, Literal(name))
        if entry.acronym:
            self.add(node, MKG.acronym, Literal(entry.acronym))
        if entry.organisation_kind:
            self.add(node, MKG.organisationKind, iris.concept("organisation-kind", entry.organisation_kind))
        if entry.country:
            self.add(node, MKG.country, self.entity(EntityRef("country", entry.country, entry.country)))

    # --- the document ------------------------------------------------------------------------

    def source_document(self, source_name: str, checksum: str, loaded_at: datetime, title: str | None) -> None:
        doc = self.graph
        self.add(doc, RDF.type, MKG.SourceDocument)
        self.add(doc, DCTERMS.source, Literal(source_name))
        self.add(doc, PROV.generatedAtTime, Literal(_canonical_time(loaded_at.isoformat()), datatype=XSD.dateTime))
        self.add(doc, DCTERMS.language, Literal(self.language))
        self.add(doc, MKG.checksum, Literal(checksum))
        self.add(doc, MKG.loader, Literal(self.loader))
        self.add(doc, MKG.loaderVersion, Literal(self.loader_version))
        self.add(doc, RDFS.label, Literal(title or self.document.key))
        if title:
            self.add(doc, DCTERMS.title, self.text(title))

    # --- Actions ------------------------------------------------------------------------------

    def action(self, record: ActionRecord) -> NamedNode:
        node = self.mint("action", record.title)
        self.add(node, RDF.type, MKG.Action)
        self.evidence(node, RDF.type, record.span)
        self.add(node, DCTERMS.title, Literal(record.title, language="en"))
        self.add(node, RDFS.label, Literal(record.title, language="en"))
        if record.beneficiary is not None:
            beneficiary = self.entity(record.beneficiary)
            self.add(node, MKG.beneficiary, beneficiary)
            self.evidence(node, MKG.beneficiary, record.beneficiary.span or record.span)
            if record.beneficiary.kind == "country":
                self.add(node, MKG.beneficiaryCountry, beneficiary)
            if record.beneficiary.kind == "region":
                for country in record.beneficiary_countries:
                    self.add(beneficiary, MKG.includesCountry, self.entity(country))
            for country in record.beneficiary_countries:
                if country.kind == "country":
                    self.add(node, MKG.beneficiaryCountry, self.entity(country))
        if record.sequence is not None:
            self.add(node, MKG.sequenceNumber, Literal(record.sequence))
        for theme, span in record.themes:
            self.add(node, MKG.theme, iris.concept("theme", theme))
            self.evidence(node, MKG.theme, span)
        if record.objective:
            self.add(node, MKG.objective, Literal(record.objective, language="en"))
        if record.summary:
            self.add(node, MKG.summary, Literal(record.summary, language="en"))
        if record.duration is not None:
            self.dates(node, record.duration, record.duration_span, single_date=False)
        if record.ongoing or (record.duration is not None and record.duration.ongoing):
            self.add(node, MKG.ongoing, Literal(True))
            self.evidence(node, MKG.ongoing, record.duration_span)
        elif record.duration is not None:
            self.add(node, MKG.ongoing, Literal(False))
        if record.programme is not None:
            self.add(node, MKG.partOfProgramme, self.entity(record.programme))
            self.evidence(node, MKG.partOfProgramme, record.programme.span)
        for n, activity in enumerate(record.activities, start=1):
            activity_node = self.activity(activity, self.mint("activity", f"{record.title} {n}"))
            self.add(node, MKG.hasActivity, activity_node)
            self.add(activity_node, MKG.partOfAction, node)
        for expert in record.experts:
            origin_key = expert.origin.key if expert.origin else ""
            deployment = iris.hashed("expert-deployment", node.value, expert.kind, origin_key, base=self.base)
            self.add(node, MKG.expertDeployment, deployment)
            self.add(deployment, RDF.type, MKG.ExpertDeployment)
            self.add(deployment, RDFS.label, Literal(_deployment_label(expert.kind, expert.origin), language="en"))
            self.add(deployment, MKG.expertOriginKind, iris.concept("expert-origin", expert.kind))
            self.evidence(deployment, MKG.expertOriginKind, expert.span)
            if expert.origin is not None:
                self.add(deployment, MKG.expertOrigin, self.entity(expert.origin))
                self.evidence(deployment, MKG.expertOrigin, expert.span)
            if expert.count is not None:
                self.add(deployment, MKG.expertCount, Literal(expert.count))
        for prop, refs in (
            (MKG.partner, record.partners),
            (MKG.requestedBy, record.requested_by),
            (MKG.funder, record.funders),
            (MKG.implementer, record.implementers),
        ):
            for ref in refs:
                self.add(node, prop, self.entity(ref))
                self.evidence(node, prop, ref.span)
        for output in record.outputs:
            output_node = self.mint("output", output.name or f"{output.kind} {record.title}")
            self.add(node, MKG.output, output_node)
            self.add(output_node, RDF.type, MKG[OUTPUT_CLASSES.get(output.kind, "OutputDocument")])
            self.add(output_node, RDFS.label, Literal(output.name or f"{output.kind} of {record.title}", language="en"))
            self.add(output_node, MKG.outputKind, iris.concept("output-kind", output.kind))
            self.evidence(output_node, RDF.type, output.span)
        return node

    def activity(self, record: ActivityRecord, node: NamedNode) -> NamedNode:
        """An activity of an Action or an event of a news item."""
        cls = MEETING_CLASSES.get(record.kind) or ACTIVITY_CLASSES.get(record.kind, "OtherActivity")
        self.add(node, RDF.type, MKG[cls])
        self.evidence(node, RDF.type, record.span)
        label = record.label or (f"{record.kind}, {record.date.iso()}" if record.date else record.kind)
        self.add(node, RDFS.label, self.text(label))
        if record.kind in ACTIVITY_CLASSES or record.kind == "other":
            self.add(node, MKG.activityKind, iris.concept("activity-kind", record.kind))
        self.dates(node, record.date, record.span, single_date=True)
        if record.place is not None:
            place = self.entity(record.place)
            self.add(node, MKG.place, place)
            self.evidence(node, MKG.place, record.place.span or record.span)
        self.add(node, MKG.planned, Literal(record.planned))
        if record.participants is not None:
            self.add(node, MKG.participantCount, Literal(record.participants))
        if record.countries is not None:
            self.add(node, MKG.countryCount, Literal(record.countries))
        for ref in record.participant_refs:
            self.add(node, MKG.participant, self.entity(ref))
        return node

    # --- news -----------------------------------------------------------------------------------

    def news_item(self, record: NewsItemRecord) -> NamedNode:
        # an untitled press release without a link is named after its document
        node = self.mint("news", record.link or record.title or self.graph.value.rsplit("/", 1)[-1])
        language = record.language or self.language
        self.add(node, RDF.type, MKG.NewsItem)
        self.evidence(node, RDF.type, record.span)
        if record.title:
            self.add(node, DCTERMS.title, Literal(record.title, language=language))
        self.add(node, RDFS.label, Literal(record.title or _opening(record.body), language=language))
        self.add(node, MKG.sourceDocument, self.graph)
        self.add(node, DCTERMS.language, Literal(language))
        if record.link:
            self.add(node, MKG.link, Literal(record.link, datatype=XSD.anyURI))
        if record.date:
            self.add(node, DCTERMS.issued, date_literal(record.date))
        if record.category:
            self.add(node, MKG.category, Literal(record.category, language=language))
        if record.body:
            self.add(node, MKG.body, Literal(record.body, language=language))
        for ref in record.mentions:
            entity = self.entity(ref)
            self.add(node, MKG.mentions, entity)
            self.add(entity, MKG.mentionedIn, node)
            self.evidence(node, MKG.mentions, ref.span)
        dialogues = {ref.key: ref for ref in record.mentions if ref.kind == "dialogue"}
        for event in record.events:
            key = f"{event.label or event.kind} {event.date.iso() if event.date else record.title}"
            is_meeting = event.kind in MEETING_CLASSES
            event_node = self.activity(event, self.mint("meeting" if is_meeting else "event", key))
            self.add(node, MKG.mentions, event_node)
            self.add(event_node, MKG.mentionedIn, node)
            of = [ref for ref in event.participant_refs if ref.kind == "dialogue"]
            if not of and is_meeting and len(dialogues) == 1:
                of = list(dialogues.values())
            for ref in of:
                dialogue = self.entity(ref)
                self.add(event_node, MKG.meetingOf, dialogue)
                self.add(dialogue, MKG.hasMeeting, event_node)
                self.evidence(event_node, MKG.meetingOf, event.span)
        for partnership in record.partnerships:
            partnership_node = self.partnership(partnership)
            self.add(node, MKG.mentions, partnership_node)
        for secretariat in record.secretariats:
            dialogue = self.entity(secretariat.dialogue)
            organisation = self.entity(secretariat.organisation)
            self.add(dialogue, MKG.secretariat, organisation)
            self.add(organisation, MKG.secretariatOf, dialogue)
            self.evidence(dialogue, MKG.secretariat, secretariat.span)
        for person in record.people:
            person_node = self.entity(EntityRef("person", person.name, person.name, person.span))
            self.add(person_node, FOAF.name, Literal(person.name))
            if person.role:
                self.add(person_node, MKG.roleTitle, Literal(person.role, language=language))
            if person.affiliation is not None:
                self.add(person_node, MKG.affiliation, self.entity(person.affiliation))
            self.add(node, MKG.mentions, person_node)
            self.add(person_node, MKG.mentionedIn, node)
            self.evidence(node, MKG.mentions, person.span)
        return node

    def partnership(self, record: PartnershipRecord) -> NamedNode:
        parties = sorted(ref.key for ref in record.parties)
        date = record.date.iso() if record.date else ""
        node = self.mint("partnership", f"{record.kind} {' '.join(parties)} {date}".strip())
        self.add(node, RDF.type, MKG[PARTNERSHIP_CLASSES.get(record.kind, "Partnership")])
        self.add(node, RDF.type, ORG.OrganizationalCollaboration)
        self.evidence(node, RDF.type, record.span)
        label = f"{record.kind}: {', '.join(parties)}" + (f", {date}" if date else "")
        self.add(node, RDFS.label, Literal(label, language="en"))
        self.add(node, MKG.partnershipKind, iris.concept("partnership-kind", record.kind))
        for ref in record.parties:
            self.add(node, MKG.party, self.entity(ref))
        if record.date is not None:
            self.add(node, MKG.date, date_literal(record.date.start))
            self.evidence(node, MKG.date, record.span)
        for area in record.areas:
            if area in theme_labels():
                self.add(node, MKG.areaOfCooperation, iris.concept("theme", area))
            else:
                self.add(node, MKG.areaOfCooperation, self.text(area))
        return node


def _deployment_label(kind: str, origin: EntityRef | None) -> str:
    if origin is None:
        return f"experts: {kind}"
    name = gazetteer().country_label(origin.key) if origin.kind == "country" else origin.key
    return f"experts: {kind}, {name}"


def theme_labels() -> frozenset[str]:
    """English preferred labels of the theme scheme (from the shipped vocabularies)."""
    from migkg.loaders.concepts import scheme_labels

    return frozenset(scheme_labels("theme"))


def emit(
    document: Document,
    extracted: Extracted,
    *,
    loader: str,
    loader_version: str = "1",
    source_name: str | None = None,
    loaded_at: datetime | None = None,
    base: str | None = None,
) -> list[Quad]:
    """All quads for one parsed document, in its own graph (named by the document's IRI)."""
    emitter = Emitter(document, loader=loader, loader_version=loader_version, base=base)
    moment = loaded_at or datetime.now(timezone.utc).replace(microsecond=0)
    emitter.source_document(source_name or document.source, document.checksum, moment, extracted.title)
    for action in extracted.actions:
        emitter.action(action)
    for item in extracted.news_items:
        emitter.news_item(item)
    return emitter.quads()


def _opening(body: str | None, limit: int = 90) -> str:
    """A label for an untitled item: the start of its text, cut at a word boundary."""
    text = " ".join((body or "").split())
    if len(text) <= limit:
        return text or "untitled"
    return text[:limit].rsplit(" ", 1)[0] + "…"
