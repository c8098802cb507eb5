"""Validated records of one file as plain tuples, for the cache, and back.

Validating a state-sized inventory (350,000 records) costs seconds of type conversion; a warm
run reads the validated records of each unchanged file from the cache instead. marshal holds
only plain values, so dates travel as ordinals and amounts as text; each record class has a
fixed plan of which fields need that, prepared once. ``decode`` checks the type of every value
against the plan (with C-level ``map`` over the fields, so a warm run stays fast) and returns
None for anything else: ids that are bytes, keys that are numbers, a field of another type.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from itready import model
from itready.validate.records import FileRecords, Reference
from itready.validate.shape import Problem

FORMAT = 2  # bump when the encoding changes (2: devices have a hostname); part of the cache key


_NONE = type(None)
_PLAIN_TYPES = {"str": str, "int": int, "bool": bool, "None": _NONE, "tuple[str, ...]": tuple}
#: The type each encoding has in marshal data, beside None for an optional field.
_ENCODED = {"date": int, "decimal": str, "waivers": tuple, "networks": tuple, "os": tuple}


def _plan(cls: type) -> tuple[tuple[str, str, frozenset[type]], ...]:
    """(field, how, the types its encoded value may have) for every field but ``source``."""
    hints = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    plan = []
    for name, hint in hints.items():
        if name == "source":
            continue
        if "date" in hint:
            how = "date"
        elif "Decimal" in hint:
            how = "decimal"
        elif name in ("waivers", "networks", "os"):
            how = name
        else:
            how = "strings" if "tuple[str" in hint else "plain"
        optional = "None" in hint
        if how in ("plain", "strings"):
            types = {_PLAIN_TYPES[part] for part in hint.split(" | ")}
        else:
            types = {_ENCODED[how]} | ({_NONE} if optional else set())
        plan.append((name, how, frozenset(types)))
    return tuple(plan)


_PLANS = {kind.key: _plan(kind.cls) for kind in model.KINDS}


def _waiver_out(w: model.Waiver) -> tuple[Any, ...]:
    return (w.rule, w.until.toordinal(), w.reason, w.approved_by, w.index)


def _encode_value(how: str, value: Any) -> Any:
    if value is None or how in ("plain", "strings"):
        return value
    if how == "date":
        return value.toordinal()
    if how == "decimal":
        return str(value)
    if how == "waivers":
        return tuple(_waiver_out(w) for w in value)
    if how == "networks":
        return tuple((n.cidr, n.purpose, n.name) for n in value)
    return (value.name, value.version, value.edition)  # os


def _strs(value: Any, optional: bool = False) -> bool:
    return type(value) is str or (optional and value is None)


def _decode_value(how: str, value: Any) -> Any:
    """An encoded value back, its parts type-checked (``_Odd`` for anything else)."""
    if value is None or how == "plain":
        return value
    if how == "strings":
        if not all(type(v) is str for v in value):
            raise _Odd
        return value
    if how == "date":
        return date.fromordinal(value)
    if how == "decimal":
        return Decimal(value)
    if how == "waivers":
        waivers = []
        for rule, until, reason, approved_by, index in value:
            if not (_strs(rule) and type(until) is int and _strs(reason, True)
                    and _strs(approved_by, True) and type(index) is int):
                raise _Odd
            waivers.append(_WAIVER(rule, date.fromordinal(until), reason, approved_by, index))
        return tuple(waivers)
    if how == "networks":
        networks = []
        for cidr, purpose, name in value:
            if not (_strs(cidr) and _strs(purpose, True) and _strs(name, True)):
                raise _Odd
            networks.append(_NETWORK(cidr, purpose, name))
        return tuple(networks)
    name, version, edition = value  # os
    if not (_strs(name) and _strs(version) and _strs(edition, True)):
        raise _Odd
    return _OS(name, version, edition)


_WAIVER, _NETWORK, _OS, _SOURCE = (model.MAKE[cls] for cls in (
    model.Waiver, model.Network, model.OperatingSystem, model.Source))


class _Odd(Exception):
    """Decoded data of another shape than ``encode`` writes."""


_ok = frozenset.__contains__


def _columns(rows: Any, types: tuple[type, ...], items: dict[int, tuple[type, ...]]) -> bool:
    """Whether ``rows`` is a tuple of tuples whose columns have exactly ``types``, and the
    tuples of column ``n`` hold only ``items[n]``; checked column by column, at C speed."""
    if type(rows) is not tuple:
        return False
    if not rows:
        return True
    if set(map(type, rows)) != {tuple} or set(map(len, rows)) != {len(types)}:
        return False
    columns = list(zip(*rows, strict=True))
    for column, wanted in zip(columns, types, strict=True):
        if set(map(type, column)) != {wanted}:
            return False
    return all(set(map(type, itertools.chain.from_iterable(columns[n]))) <= set(allowed)
               for n, allowed in items.items())


def encode(result: FileRecords) -> tuple[Any, ...]:
    """A marshal-able form of one file's validation result."""
    records = []
    for record in result.records:
        source = record.source
        plan = _PLANS[source.kind]
        records.append((source.kind, source.index,
                        tuple(_encode_value(how, getattr(record, name))
                              for name, how, _types in plan)))
    problems = tuple((p.code, p.message, p.path) for p in result.problems)
    refs = tuple((r.targets, r.allowed, r.field, r.path, r.listed) for r in result.refs)
    return (FORMAT, tuple(records), problems, tuple(result.ids), refs)


def decode(path: str, packed: Any) -> FileRecords | None:
    """The validation result back, or None for anything of another shape than ``encode``
    writes, down to the type of every value (cache data is never trusted blindly)."""
    try:
        version, records, problems, ids, refs = packed
        if version != FORMAT or type(version) is not int:
            return None
        result = FileRecords(path)
        append = result.records.append
        shapes = _SHAPES
        source = _SOURCE
        for top, index, values in records:
            shape = shapes[top]
            # The types of a record's values, checked once per combination a run meets: most
            # records of a file share one or two, so that checking costs a set lookup.
            signature = tuple(map(type, values))
            if signature not in shape.seen:
                if len(signature) != len(shape.types) or not all(
                        map(_ok, shape.types, signature)):
                    return None
                shape.seen.add(signature)
            if type(index) is not int or type(values) is not tuple:
                return None
            fields = [value if how == "plain" or value is None else _decode_value(how, value)
                      for how, value in zip(shape.hows, values, strict=True)]
            append(shape.make(fields[0], source(path, top, index), *fields[1:]))
        if not _columns(problems, (str, str, tuple), {2: (str, int)}):
            return None
        result.problems = [Problem(code, message, where) for code, message, where in problems]
        if not _columns(ids, (str, str, int), {}) or not {i[1] for i in ids} <= _SHAPES.keys():
            return None
        result.ids = list(ids)
        if not _columns(refs, (tuple, tuple, str, tuple, bool),
                        {0: (str,), 1: (str,), 3: (str, int)}):
            return None
        result.refs = [Reference(targets, allowed, field, where, listed)
                       for targets, allowed, field, where, listed in refs]
        return result
    except Exception:  # any other shape: a miss, rebuilt, never trusted
        return None


@dataclasses.dataclass(frozen=True)
class _Shape:
    make: Callable[..., Any]  # the record class's constructor (model.MAKE)
    hows: tuple[str, ...]
    types: tuple[frozenset[type], ...]
    #: type signatures of value tuples already found to fit ``types``
    seen: set[tuple[type, ...]] = dataclasses.field(default_factory=set)


_SHAPES = {kind.key: _Shape(model.MAKE[kind.cls],
                            tuple(how for _n, how, _t in _PLANS[kind.key]),
                            tuple(types for _n, _h, types in _PLANS[kind.key]))
           for kind in model.KINDS}
