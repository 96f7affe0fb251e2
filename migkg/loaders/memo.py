"""Answers kept for the time one document is read: the parsers ask the same questions of the same
paragraphs (the dates of a sentence, the names in a passage), and each is worked out once.

`extract` reads every document inside `document_scope()`; a function decorated with
`per_document` then returns its first answer to the same arguments until the scope ends. Outside
a scope it simply runs. The scope lives in a context variable, so threads never share one.

>>> calls = []
>>> @per_document
... def words(text):
...     calls.append(text)
...     return text.split()
>>> with document_scope():
...     first, again = words("a b"), words("a b")
>>> first == again == ["a", "b"], first is not again, len(calls)
(True, True, 1)
>>> _ = words("a b"); len(calls)
2

A decorated function must be pure (its answer depends only on its arguments, which must be
hashable, lists and dicts aside) and its callers may change what it returns: a list, dict or set
answer is copied on the way out, its items are shared.
"""

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

_SCOPE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("migkg_loader_memo", default=None)

F = TypeVar("F", bound=Callable)


@contextmanager
def document_scope() -> Iterator[None]:
    """Keep `per_document` answers until the block ends (nested scopes share the outer one)."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _frozen(value):
    """A hashable stand-in for an argument: lists and tuples as tuples, dicts and sets as frozensets."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return frozenset((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    return value


def _copy(value):
    return value.copy() if isinstance(value, (list, dict, set)) else value


def per_document(function: F) -> F:
    """Decorate a pure function so that, inside `document_scope()`, it runs once per argument set."""

    @functools.wraps(function)
    def remembering(*args, **kwargs):
        answers = _SCOPE.get()
        if answers is None:
            return function(*args, **kwargs)
        key = (remembering, args, tuple(kwargs.items()) if kwargs else None)
        try:
            return _copy(answers[key])
        except KeyError:
            pass
        except TypeError:  # a list or dict among the arguments
            key = (remembering, _frozen(args), _frozen(kwargs) if kwargs else None)
            if key in answers:
                return _copy(answers[key])
        answer = function(*args, **kwargs)
        answers[key] = _copy(answer)
        return answer

    return remembering  # type: ignore[return-value]
