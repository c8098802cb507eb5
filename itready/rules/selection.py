"""What a run covers, as the command line names it: rules, a department, a site.

A gate must never turn green by mistake. ``--select DEV03`` (no such rule), ``--ignore XYZ`` or
``--department Nirgendamt`` that silently match nothing would report "0 findings" and pass, so
every name given is resolved here against the catalogue or the inventory, and one that names
nothing is a ``ScopeError`` with a did-you-mean (spec cli.md and rules.md, decisions of
2026-12-04):

- ``--select`` / ``--ignore`` take rule IDs and prefixes (``DEV003``, ``DEV``, ``DEV0``), spelled
  as rule IDs are everywhere (waivers, ``rules.disable``, reports): in capitals. ``net`` is an
  error that suggests ``NET``. A full rule ID matches that rule only; anything else is a prefix.
- ``--department`` and ``--site`` take the exact name (a site also its id), else a part of it,
  compared case-insensitively, that matches exactly one (``Sozialamt`` → ``50 Sozialamt``,
  ``rathaus`` → ``RH``). Names are compared in Unicode NFC, so that ``Kämmerei`` typed on any
  keyboard finds the department however its file spells it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from itready.errors import did_you_mean
from itready.model import Inventory
from itready.rules.catalogue import RULE_ID, Catalogue
from itready.words import plural

#: Candidates listed in full when a name matches none or several; more are counted.
LISTED = 20


class ScopeError(ValueError):
    """A rule, department or site name on the command line that names nothing (or several)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option
        self.message = message


def matches(rule: str, pattern: str) -> bool:
    """Whether ``pattern`` (a rule ID, or a prefix of IDs) takes in ``rule``."""
    return rule == pattern or (not RULE_ID.fullmatch(pattern) and rule.startswith(pattern))


def rule_patterns(option: str, patterns: Iterable[str], catalogue: Catalogue
                  ) -> tuple[str, ...]:
    """``patterns`` of ``--select`` or ``--ignore``, each checked to match a rule."""
    running = [rule.id for rule in catalogue]
    known = sorted({*running, *catalogue.disabled})
    for pattern in patterns:
        if any(matches(rule, pattern) for rule in running):
            continue
        disabled = [rule for rule in catalogue.disabled if matches(rule, pattern)]
        if disabled and option == "--ignore":
            continue
        if disabled:
            raise ScopeError(option, f"{pattern}: {_listed(disabled)} " + plural(
                len(disabled), "is", "are") + " disabled in itready.yaml (rules.disable), "
                "so nothing would be checked")
        raise ScopeError(option, f"no rule is {pattern} or starts with it"
                         + _rule_hint(pattern, known))
    return tuple(patterns)


def _rule_hint(pattern: str, known: list[str]) -> str:
    families = sorted({re.sub(r"[0-9]+$", "", rule) for rule in known})
    upper = pattern.upper()
    if upper != pattern and any(matches(rule, upper) for rule in known):
        return f" (did you mean '{upper}'? rule IDs are written in capitals)"
    hint = did_you_mean(upper, [*known, *families])
    return f"{hint}; rule families: {', '.join(families)} (`itready rules` lists every rule)"


def department(name: str, inventory: Inventory) -> str:
    """The department that ``--department name`` means, as the workplaces spell it."""
    names = {w.department: w.department for w in inventory.workplaces}
    return _resolve("--department", name, names, "department")


def site(name: str, inventory: Inventory) -> str:
    """The id of the site that ``--site name`` means (by id or name)."""
    labels: dict[str, str] = {}
    for record in inventory.sites:
        labels[record.id] = record.id
        if record.name:
            labels.setdefault(record.name, record.id)
    return _resolve("--site", name, labels, "site")


def _resolve(option: str, name: str, labels: Mapping[str, str], what: str) -> str:
    """The one target whose label is ``name``, else whose label contains it (ignoring case)."""
    wanted = _nfc(name.strip())
    folded = wanted.casefold()
    for test in (lambda label: label == wanted, lambda label: label.casefold() == folded,
                 lambda label: folded in label.casefold()):
        found = sorted({target for label, target in labels.items() if test(_nfc(label))})
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ScopeError(option, f"'{name}' matches {len(found)} {what}s: "
                             f"{_listed(_shown(found, labels))}; name one of them")
    targets = sorted(set(labels.values()))
    if not targets:
        raise ScopeError(option, f"no {what} is '{name}': the inventory has no {what}s")
    hint = did_you_mean(wanted, [_nfc(label) for label in labels])
    raise ScopeError(option, f"no {what} is '{name}' or contains it{hint}; the {what}s: "
                     f"{_listed(_shown(targets, labels))}")


def _shown(targets: list[str], labels: Mapping[str, str]) -> list[str]:
    """Targets with their other labels: ``RH (Rathaus)`` for a site, a department as it is."""
    others: dict[str, list[str]] = {}
    for label, target in labels.items():
        if label != target:
            others.setdefault(target, []).append(label)
    return [f"{t} ({', '.join(others[t])})" if t in others else t for t in targets]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED])
    return shown if len(items) <= LISTED else f"{shown} and {len(items) - LISTED} more"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


__all__ = ["ScopeError", "department", "matches", "rule_patterns", "site"]
