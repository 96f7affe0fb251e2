"""What every loader is: a name, what it detects, a cheap `sniff` and a `parse` to plain records."""

from abc import ABC, abstractmethod
from typing import ClassVar

from migkg.loaders.records import Document, Extracted


class Loader(ABC):
    """Base of the loaders; the registry instantiates each with no arguments.

    A subclass sets `name`, `description` (one line), `kinds` (what it detects, shown by
    `migkg loaders`) and `version` (bump it when its output changes), and implements:

    - `sniff(text, source_name)`: cheap and conservative; True only when the text is surely of
      this loader's kind (detection needs exactly one loader to say so).
    - `parse(document)`: plain records (`migkg.loaders.records`), no RDF; spans index into
      `document.text`; problems that leave the rest readable go to `Extracted.warnings`,
      anything else raises `LoaderError` (migkg.errors) naming the file and line.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str] = "1"

    @abstractmethod
    def sniff(self, text: str, source_name: str) -> bool:
        """True when `text` is surely a document this loader reads."""

    @abstractmethod
    def parse(self, document: Document) -> Extracted:
        """The facts this loader finds in `document`."""
