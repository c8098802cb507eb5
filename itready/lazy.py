"""Names a package re-exports from its modules, imported on first use (PEP 562).

Each stage's ``__init__`` is its public interface, but importing a stage must not import all of
it: ``itready --help`` stays instant, and stages that use each other import no cycle.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def exports(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that finds each of ``names`` (name -> module of ``package``)."""
    def getattr_(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)
    return getattr_
