"""Namespaces the project writes, as pyoxigraph terms; our own terms are checked against the ontology.

>>> str(MKG.Action)
'<https://w3id.org/migkg/ontology#Action>'
>>> MKG.Acton
Traceback (most recent call last):
...
AttributeError: mkg:Acton is not a term of the migkg ontology
"""

from pyoxigraph import NamedNode

ONTOLOGY_IRI = "https://w3id.org/migkg/ontology"
VOCAB_BASE = "https://w3id.org/migkg/vocab/"
#: default base of the IRIs the loaders mint; a deployment sets MIGKG_BASE_IRI
DEFAULT_BASE_IRI = "https://w3id.org/migkg/"
COUNTRY_BASE = "http://publications.europa.eu/resource/authority/country/"


class Namespace:
    """An open namespace: any attribute or item is an IRI under it."""

    def __init__(self, iri: str, prefix: str):
        self.iri = iri
        self.prefix = prefix

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)


class ClosedNamespace(Namespace):
    """A namespace limited to the listed terms: a misspelt or removed term fails at once."""

    def __init__(self, iri: str, prefix: str, terms: frozenset[str], *, owner: str):
        super().__init__(iri, prefix)
        self.terms = terms
        self.owner = owner

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in self.terms:
            raise AttributeError(f"{self.prefix}:{name} is not a term of {self.owner}")
        return NamedNode(self.iri + name)

    __getitem__ = __getattr__


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#", "rdfs")
OWL = Namespace("http://www.w3.org/2002/07/owl#", "owl")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#", "xsd")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#", "skos")
DCTERMS = Namespace("http://purl.org/dc/terms/", "dcterms")
PROV = Namespace("http://www.w3.org/ns/prov#", "prov")
ORG = Namespace("http://www.w3.org/ns/org#", "org")
FOAF = Namespace("http://xmlns.com/foaf/0.1/", "foaf")
OA = Namespace("http://www.w3.org/ns/oa#", "oa")
SCHEMA = Namespace("https://schema.org/", "schema")
SH = Namespace("http://www.w3.org/ns/shacl#", "sh")
VOID = Namespace("http://rdfs.org/ns/void#", "void")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#", "sd")
VANN = Namespace("http://purl.org/vocab/vann/", "vann")

# Our terms. A test checks that each is declared in migkg/ontology/migkg.ttl, so a term
# renamed or removed in Protégé fails by name. Add a term here only with its declaration.
MKG_TERMS = frozenset(
    """
    Action Project Programme Activity Event
    Mission Seminar Workshop Training StudyVisit Conference Meeting Consultation
    InformationSession DraftingSession OtherActivity
    Organisation Ministry GovernmentAgency InternationalOrganisation RegionalOrganisation
    EUInstitution CivilSocietyOrganisation ResearchCentre
    Country Region Place Person
    MigrationDialogue DialogueMeeting MinisterialConference ThematicMeeting SeniorOfficialsMeeting
    Partnership MemorandumOfUnderstanding PartnershipAgreement
    ExpertDeployment
    OutputDocument Strategy Policy ActionPlan Law Handbook Report Curriculum
    Theme ActivityKind OrganisationKind Role ExpertOriginKind
    SourceDocument NewsItem Evidence
    title acronym sequenceNumber objective summary body category link
    startDate endDate date ongoing planned
    beneficiary beneficiaryCountry requestedBy implementer funder partner
    partOfProgramme hasActivity partOfAction activityKind place participantCount countryCount
    participant theme
    expertDeployment expertOrigin expertOriginKind expertCount
    output outputKind
    organisationKind country includesCountry locatedIn
    secretariat secretariatOf hasMeeting meetingOf membership
    party partnershipKind areaOfCooperation
    mentions mentionedIn roleTitle affiliation
    sourceDocument evidence evidenceFor evidenceProperty
    checksum loader loaderVersion countryCode
    """.split()
)

MKG = ClosedNamespace(ONTOLOGY_IRI + "#", "mkg", MKG_TERMS, owner="the migkg ontology")

#: every namespace above, by prefix, for serialisers and query prologues
PREFIXES = {
    ns.prefix: ns.iri
    for ns in (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV, ORG, FOAF, OA, SCHEMA, MKG)
}
