"""The inventory as an import sees it: records found by key, their fields as plain values.

Rows find records by id (exact), serial (never a junk one; any case) and host name (the short
name, any case: ``PC-0815`` in Active Directory is ``pc-0815.stadt.local`` elsewhere), or by any
other field's value. Values are compared in one canonical form (``same``), and a record is
turned back into plain data (``plain_record``) so that the validator can judge it with an
import's changes applied.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

from itready import model
from itready.importer.convert import is_junk_serial, text


def short_host(value: Any) -> str:
    return text(value).split(".", 1)[0].casefold()


def canonical(field: str, value: Any) -> Any:
    """A value in the form two sources and the inventory can be compared in."""
    if value is None:
        return None
    if field == "hostname":
        return short_host(value)
    if field == "mac":
        return re.sub(r"[^0-9a-f]", "", text(value).casefold())
    if field in ("serial", "os.name", "os.edition"):
        return text(value).casefold()
    if isinstance(value, (list, tuple)):
        return tuple(sorted(text(v) for v in value))
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return text(value)


def same(field: str, a: Any, b: Any) -> bool:
    return canonical(field, a) == canonical(field, b)


def current(record: Any, field: str) -> Any:
    """The value of ``field`` (``os.version`` for a part of ``os``) on a record or network."""
    if field.startswith("os."):
        system = getattr(record, "os", None)
        return getattr(system, field[3:]) if system is not None else None
    return getattr(record, field, None)


def plain_record(record: Any) -> dict[str, Any]:
    """A record (or network) as the plain data a file would hold, for the validator."""
    out: dict[str, Any] = {}
    for spec in dataclasses.fields(record):
        name = spec.name
        if name in ("source", "index"):
            continue
        value = getattr(record, name)
        if value is None or value == ():
            continue
        if name == "waivers":
            out[name] = [{k: v for k, v in (("rule", w.rule), ("until", w.until),
                                             ("reason", w.reason),
                                             ("approved_by", w.approved_by)) if v is not None}
                         for w in value]
        elif name in ("os", "networks") or dataclasses.is_dataclass(value):
            items = value if isinstance(value, tuple) else (value,)
            converted = [plain_record(item) for item in items]
            out[name] = converted if isinstance(value, tuple) else converted[0]
        elif isinstance(value, Decimal):
            out[name] = str(value)
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


def with_values(plain: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``plain`` with the import's values set (``os.version`` inside ``os``)."""
    out = dict(plain)
    for field, value in values.items():
        if field.startswith("os."):
            out["os"] = {**out.get("os", {}), field[3:]: value}
        else:
            out[field] = value
    return out


class Index:
    """Records of one kind found by key; ids and host names across the whole inventory."""

    def __init__(self, inventory: model.Inventory):
        self.kinds: dict[str, str] = {}  # id -> record kind name (device, workplace, ...)
        self.records: dict[str, list[Any]] = {}
        for kind in model.KINDS:
            records = list(getattr(inventory, kind.key))
            self.records[kind.key] = records
            for record in records:
                self.kinds[record.id] = kind.name
        self.by_id = {r.id: r for rs in self.records.values() for r in rs}
        self.hosts: dict[str, str] = {}
        self._keys: dict[tuple[str, str], dict[Any, list[Any]]] = {}
        for device in self.records["devices"]:
            if device.hostname:
                self.hosts.setdefault(short_host(device.hostname), device.id)

    def find(self, kind: str, key: str, value: Any) -> list[Any]:
        """The records of ``kind`` whose ``key`` field has ``value``."""
        if key == "id":
            found = self.by_id.get(text(value))
            wanted = model.KIND_BY_KEY[kind].name if kind in model.KIND_BY_KEY else None
            return [found] if found is not None and self.kinds[found.id] == wanted else []
        if key == "serial" and is_junk_serial(text(value)):
            return []
        index = self._keys.get((kind, key))
        if index is None:
            index = {}
            for record in self._of(kind):
                own = current(record, key)
                if own is not None and not (key == "serial" and is_junk_serial(text(own))):
                    index.setdefault(canonical(key, own), []).append(record)
            self._keys[(kind, key)] = index
        return index.get(canonical(key, value), [])

    def _of(self, kind: str) -> list[Any]:
        return self.records.get(kind, [])
