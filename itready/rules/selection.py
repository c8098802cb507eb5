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
from collections.abc import Iterable, Mapping

from itready.errors import did_you_mean
from itready.i18n import N_, N_plural, _, plural
from itready.model import Inventory
from itready.rules.catalogue import RULE_ID, Catalogue
from itready.text import nfc, shown

#: Candidates listed in full when a name matches none or several; more are counted.
LISTED = 20


class ScopeError(ValueError):
    """A rule, department or site name on the command line that names nothing (or several)."""

    def __init__(self, option: str, message: str):
        message = shown(message)  # it names departments and sites as the inventory spells them
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
            raise ScopeError(option, plural(
                len(disabled), "{pattern}: {rules} is disabled in itready.yaml (rules.disable), "
                "so nothing would be checked", "{pattern}: {rules} are disabled in itready.yaml "
                "(rules.disable), so nothing would be checked", pattern=pattern,
                rules=_listed(disabled)))
        raise ScopeError(option, _("no rule is {pattern} or starts with it").format(
            pattern=pattern) + _rule_hint(pattern, known))
    return tuple(patterns)


def _rule_hint(pattern: str, known: list[str]) -> str:
    families = sorted({re.sub(r"[0-9]+$", "", rule) for rule in known})
    upper = pattern.upper()
    if upper != pattern and any(matches(rule, upper) for rule in known):
        return _(" (did you mean '{word}'? rule IDs are written in capitals)").format(
            word=upper)
    hint = did_you_mean(upper, [*known, *families])
    return hint + _("; rule families: {families} (`itready rules` lists every rule)").format(
        families=", ".join(families))


def department(name: str, inventory: Inventory) -> str:
    """The department that ``--department name`` means, as the workplaces spell it."""
    names = {w.department: w.department for w in inventory.workplaces}
    return _resolve("--department", name, names, _DEPARTMENT)


def site(name: str, inventory: Inventory) -> str:
    """The id of the site that ``--site name`` means (by id or name)."""
    labels: dict[str, str] = {}
    for record in inventory.sites:
        labels[record.id] = record.id
        if record.name:
            labels.setdefault(record.name, record.id)
    return _resolve("--site", name, labels, _SITE)


#: The messages about a department or a site name (msgids), by what was named.
_DEPARTMENT = {
    "several": N_plural("'{name}' matches {n} department: {listed}; name one of them",
                        "'{name}' matches {n} departments: {listed}; name one of them"),
    "none": N_("no department is '{name}': the inventory has no departments"),
    "unknown": N_("no department is '{name}' or contains it{hint}; the departments: {listed}"),
}
_SITE = {
    "several": N_plural("'{name}' matches {n} site: {listed}; name one of them",
                        "'{name}' matches {n} sites: {listed}; name one of them"),
    "none": N_("no site is '{name}': the inventory has no sites"),
    "unknown": N_("no site is '{name}' or contains it{hint}; the sites: {listed}"),
}


def _resolve(option: str, name: str, labels: Mapping[str, str], what: dict) -> str:
    """The one target whose label is ``name``, else whose label contains it (ignoring case)."""
    wanted = nfc(name.strip())
    folded = wanted.casefold()
    for test in (lambda label: label == wanted, lambda label: label.casefold() == folded,
                 lambda label: folded in label.casefold()):
        found = sorted({target for label, target in labels.items() if test(nfc(label))})
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ScopeError(option, plural(len(found), *what["several"], name=name,
                                            listed=_listed(_shown(found, labels))))
    targets = sorted(set(labels.values()))
    if not targets:
        raise ScopeError(option, _(what["none"]).format(name=name))
    hint = did_you_mean(wanted, [nfc(label) for label in labels])
    raise ScopeError(option, _(what["unknown"]).format(
        name=name, hint=hint, listed=_listed(_shown(targets, labels))))


def _shown(targets: list[str], labels: Mapping[str, str]) -> list[str]:
    """Targets with their other labels: ``RH (Rathaus)`` for a site, a department as it is."""
    others: dict[str, list[str]] = {}
    for label, target in labels.items():
        if label != target:
            others.setdefault(target, []).append(label)
    return [f"{t} ({', '.join(others[t])})" if t in others else t for t in targets]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED])
    return shown if len(items) <= LISTED else _("{listed} and {n} more").format(
        listed=shown, n=len(items) - LISTED)


__all__ = ["ScopeError", "department", "matches", "rule_patterns", "site"]
