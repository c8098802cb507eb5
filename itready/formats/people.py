"""The one place where text from an inventory is made safe for people to read.

Every format that people read (``Format.people``: rich, text, table, markdown, github, CSV and the
gap, procurement, diff, lifecycle and rule listings) renders a copy of its subject in which every
string has passed ``itready.text.shown``: record IDs, names, departments, cost centres, messages,
waiver reasons, paths, rule texts, whatever field a record, a finding or a plan line has now or
gets later. ``FORMATS`` applies this view before the render function runs, so a format cannot
forget a field, and a new format gets it by being registered. Formats then escape only their own
syntax (markdown, CSV formulas, table pipes). Machine formats (JSON, SARIF, GitLab, JUnit) get the
subject as it is, and their serialisers encode exact values.

Why on the data and not in each format: one walk over the subject covers every string, where a
call in every format at every field would be a hundred places to get right; and it costs only
for strings that need it (plain text is returned as it is, and so is every object none of whose
strings changed).

Fields that hold paragraphs (a rule's rationale, remediation, examples) keep their line breaks,
which the formats that show them wrap and indent; everything else is one line.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from itready.text import shown

#: Fields whose text is paragraphs: line feeds kept (and every other hidden character escaped).
PARAGRAPHS = frozenset({"rationale", "remediation", "example", "procurement",
                        "passing", "failing", "itready_yaml", "diffs"})

_AS_IS = frozenset({int, float, bool, type(None), date, Decimal, bytes})
_FIELDS: dict[type, tuple[str, ...]] = {}


def escaped(value: Any) -> Any:
    """``value`` with every string in it (in dataclasses, tuples, lists, sets and dicts, keys
    too) passed through ``shown``; objects in which nothing changes are returned as they are."""
    return _escaped(value, False)


def _escaped(value: Any, paragraphs: bool) -> Any:
    kind = type(value)
    if kind is str:
        return shown(value, paragraphs)
    if kind in _AS_IS:
        return value
    if kind is tuple or kind is list:
        if all(type(item) is str and item.isascii() and item.isprintable() for item in value):
            return value
        items = [_escaped(item, paragraphs) for item in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return kind(items)
    if kind is dict:
        pairs = [(_escaped(k, False), _escaped(v, paragraphs)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(),
                                                                strict=True)):
            return value
        return dict(pairs)
    if kind is frozenset or kind is set:
        items = [_escaped(item, paragraphs) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else kind(items)
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value  # functions, compiled conditions, tables: nothing a format shows
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    changes = {}
    for name in names:
        old = getattr(value, name)
        field_kind = type(old)
        if field_kind is str:
            if old.isascii() and old.isprintable():
                continue  # the common case, without a call
            new = shown(old, name in PARAGRAPHS)
        elif field_kind in _AS_IS:
            continue
        else:
            new = _escaped(old, name in PARAGRAPHS)
        if new is not old:
            changes[name] = new
    if not changes:
        return value
    copy = object.__new__(kind)  # no __init__/__post_init__: the same object, other strings
    for name in names:
        object.__setattr__(copy, name, changes.get(name, getattr(value, name)))
    return copy
