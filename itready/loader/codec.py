"""Validated records of one file as plain tuples, for the cache, and back.

Validating a state-sized inventory (350,000 records) costs seconds of type conversion; a warm
run reads the validated records of each unchanged file from the cache instead. marshal holds
only plain values, so dates travel as ordinals and amounts as text; each record class has a
fixed plan of which fields need that, prepared once.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from itready import model
from itready.validate.records import FileRecords, Reference
from itready.validate.shape import Problem

FORMAT = 2  # bump when the encoding changes; part of the cache key


def _plan(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, how) for every field but ``source``, in order."""
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
            how = "plain"
        plan.append((name, how))
    return tuple(plan)


_PLANS = {kind.key: _plan(kind.cls) for kind in model.KINDS}


def _waiver_out(w: model.Waiver) -> tuple[Any, ...]:
    return (w.rule, w.until.toordinal(), w.reason, w.approved_by, w.index)


def _encode_value(how: str, value: Any) -> Any:
    if value is None or how == "plain":
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


def _decode_value(how: str, value: Any) -> Any:
    if value is None or how == "plain":
        return value
    if how == "date":
        return date.fromordinal(value)
    if how == "decimal":
        return Decimal(value)
    if how == "waivers":
        return tuple(model.Waiver(rule, date.fromordinal(until), reason, approved_by, index)
                     for rule, until, reason, approved_by, index in value)
    if how == "networks":
        return tuple(model.Network(*n) for n in value)
    return model.OperatingSystem(*value)


def encode(result: FileRecords) -> tuple[Any, ...]:
    """A marshal-able form of one file's validation result."""
    records = []
    for record in result.records:
        source = record.source
        plan = _PLANS[source.kind]
        records.append((source.kind, source.index,
                        tuple(_encode_value(how, getattr(record, name)) for name, how in plan)))
    problems = tuple((p.code, p.message, p.path) for p in result.problems)
    refs = tuple((r.targets, r.allowed, r.field, r.path, r.listed) for r in result.refs)
    return (FORMAT, tuple(records), problems, tuple(result.ids), refs)


def decode(path: str, packed: Any) -> FileRecords | None:
    """The validation result back, or None for anything of another shape (never trusted)."""
    try:
        version, records, problems, ids, refs = packed
        if version != FORMAT:
            return None
        result = FileRecords(path)
        append = result.records.append
        for top, index, values in records:
            plan = _PLANS[top]
            fields = [value if how == "plain" or value is None else _decode_value(how, value)
                      for (_name, how), value in zip(plan, values, strict=True)]
            cls = model.KIND_BY_KEY[top].cls
            append(cls(fields[0], model.Source(path, top, index), *fields[1:]))
        result.problems = [Problem(code, message, tuple(p)) for code, message, p in problems]
        result.ids = [tuple(i) for i in ids]  # type: ignore[misc]
        result.refs = [Reference(tuple(t), tuple(a), f, tuple(p), listed)
                       for t, a, f, p, listed in refs]
        return result
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
