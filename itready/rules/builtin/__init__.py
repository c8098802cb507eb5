"""Built-in checks: the rules that need the whole inventory, not one record at a time.

One module per rule family, as in ``checks/*.yaml``: readiness of workplaces (``wp``), licences
(``lic``), networks (``net``), desk sharing (``spc``) and the inventory's own upkeep (``inv``).
Each check registers itself under the ID of the rule it implements (``@builtin("LIC001")``); a
bundled rule without a ``condition`` is one of these. A check yields ``Hit``s; the engine turns
them into findings (severity, location, waivers).

Checks of a family that share work name a *family* class: the engine makes one instance of it
per run and hands it to each of the family's checks (readiness computes every workplace's unmet
requirements once for all WP rules; NET006 and NET007 parse device addresses once). Checks that
build on other rules' findings say so with a ``phase``: 1 runs after every rule of phase 0
(readiness reads the device findings), 2 after everything (a stale waiver is one that waived
nothing). Every check is linear in the inventory: indices from ``itready.rules.facts.Context``,
sorted sweeps for networks, never a pairwise loop over records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from itready.model import Record

Params = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that does not hold for one record, before severity, location and waivers."""

    record: Record
    message: str
    field: str | None = None  # identity of the finding within the record (fingerprint)
    path: tuple[str | int, ...] = ()  # where in the record to point (defaults to the record)
    details: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Builtin:
    """A built-in check: the rule it implements, its function, its family and phase."""

    rule: str
    run: Callable[[Any, Params], Iterable[Hit]]  # (family instance or Context, parameters)
    family: type | None = None  # made once per run from the Context; None: the Context itself
    phase: int = 0


BUILTINS: dict[str, Builtin] = {}


def builtin(rule: str, family: type | None = None, phase: int = 0
            ) -> Callable[[Callable[[Any, Params], Iterable[Hit]]],
                          Callable[[Any, Params], Iterable[Hit]]]:
    """Register the decorated function as the check of ``rule``."""
    def register(function: Callable[[Any, Params], Iterable[Hit]]
                 ) -> Callable[[Any, Params], Iterable[Hit]]:
        BUILTINS[rule] = Builtin(rule, function, family, phase)
        return function
    return register


# The family modules register their checks when imported.
from itready.rules.builtin import inv, lic, net, spc, wp  # noqa: E402, F401

__all__ = ["BUILTINS", "Builtin", "Hit", "Params", "builtin"]
