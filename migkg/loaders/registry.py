"""The loaders the project ships, found by name or by sniffing a document.

`LOADERS` is an explicit tuple: importing this module registers nothing elsewhere. A loader
module that is not present in this installation is left out rather than breaking the package.
"""

from importlib import import_module

from migkg.errors import LoaderError
from migkg.loaders.base import Loader

#: (module, class) of each loader, in listing order
LOADER_CLASSES = (
    ("migkg.loaders.catalogue", "CatalogueLoader"),
    ("migkg.loaders.feed", "FeedLoader"),
    ("migkg.loaders.article", "ArticleLoader"),
)


def _available() -> tuple[type[Loader], ...]:
    classes = []
    for module_name, class_name in LOADER_CLASSES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        classes.append(getattr(module, class_name))
    return tuple(classes)


LOADERS: tuple[type[Loader], ...] = _available()


def loader_names() -> list[str]:
    """The names of the available loaders."""
    return [cls.name for cls in LOADERS]


def get_loader(name: str) -> Loader:
    """The loader called `name`.

    :raises LoaderError: no loader has that name; the message lists the valid ones.
    """
    for cls in LOADERS:
        if cls.name == name:
            return cls()
    raise LoaderError(f"unknown loader {name!r}; choose one of: {', '.join(loader_names())}")


def detect_loader(text: str, source_name: str) -> Loader:
    """The one loader whose `sniff` accepts the text.

    :raises LoaderError: none or several accept it; the message says to pass --loader.
    """
    accepting = [loader for loader in (cls() for cls in LOADERS) if loader.sniff(text, source_name)]
    if len(accepting) == 1:
        return accepting[0]
    valid = ", ".join(loader_names())
    if not accepting:
        raise LoaderError(
            f"no loader recognises this document (tried {valid}); pass --loader NAME to choose one",
            source=source_name,
        )
    names = ", ".join(loader.name for loader in accepting)
    raise LoaderError(
        f"several loaders recognise this document ({names}); pass --loader NAME to choose one",
        source=source_name,
    )
