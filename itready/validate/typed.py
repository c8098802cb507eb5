"""Validation in C: rapidyaml's JSON decoded by msgspec straight into typed structs.

The struct types are made at import from the one format table (``schema.FIELDS`` and
``schema.NESTED``), never written twice:

* one struct per record kind, and one per device kind, a tagged union on ``kind``: a device
  kind carries only the fields that apply to it, the others are class attributes set to None,
  so an inapplicable key is an unknown field and every device reads alike;
* ``choice`` → ``Literal``; ``int`` bounds → ``Meta(ge=, le=)``; ``date`` → ``datetime.date``
  (exactly the ``YYYY-MM-DD`` calendar dates ``to_date`` accepts); lists of text → tuples,
  ``capabilities`` with at least one; ``decimal`` → ``int | float | str``, converted by
  ``to_decimal`` (msgspec's Decimal would keep ``24.00`` where the validator has ``24.0``);
  nested mappings and lists → their own structs;
* unknown keys are forbidden, no field accepts null, optional fields default to None and are
  omitted when encoded: a field is present exactly when it was written.

``validate_json`` returns what ``records.validate_file`` returns for a clean file, or None
whenever it is not sure; the loader then runs ``validate_file`` on the same file, so every
error message comes from the one validator. Not sure means: any msgspec error (a type, choice,
bound, unknown or ``x-`` key, null, date), a duplicate key (msgspec keeps the last value; the
colons of the JSON are counted against those of the structs encoded again), a string that may
be blank, and whatever the short Python pass below finds: cross-field rules, IDs with hidden
characters, addresses, networks and amounts the converters reject.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

import msgspec

from itready import model
from itready.text import nfc
from itready.validate.convert import Invalid, to_cidr, to_decimal, to_id, to_ip, to_mac
from itready.validate.records import FileRecords, Reference
from itready.validate.schema import DEVICE_KINDS, FIELDS, NESTED, FieldSpec


class _Doubt(Exception):
    """This file goes to the validator."""


# --- types from the format table ---------------------------------------------------------------

_OPTIONS: dict[str, Any] = {"forbid_unknown_fields": True, "omit_defaults": True}
_NESTED: dict[str, type] = {}
_TEXT = ("str", "id", "name", "cidr", "ip", "mac")


def _annotation(spec: FieldSpec) -> Any:
    kind = spec.type
    if kind in _TEXT:
        return str
    if kind == "int":
        if spec.minimum is None and spec.maximum is None:
            return int
        return Annotated[int, msgspec.Meta(ge=spec.minimum, le=spec.maximum)]
    if kind == "bool":
        return bool
    if kind == "date":
        return datetime.date
    if kind == "decimal":
        return Union[int, float, str]  # noqa: UP007 - a union of types at run time
    if kind == "choice":
        return Literal[spec.choices]
    if kind in ("strings", "cidrs"):
        return tuple[str, ...]
    if kind == "capabilities":
        return Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
    if kind == "list":
        return tuple[_nested(spec.nested), ...]  # type: ignore[misc]
    if kind == "mapping":
        return _nested(spec.nested)
    raise TypeError(f"no msgspec type for field type {kind!r}")


def _nested(name: str | None) -> type:
    assert name is not None
    if name not in _NESTED:
        _NESTED[name] = _struct(name.capitalize(), NESTED[name])
    return _NESTED[name]


def _struct(name: str, fields: dict[str, FieldSpec], absent: tuple[str, ...] = (),
            **options: Any) -> type:
    """A struct of ``fields`` (required ones first, as msgspec wants); the names in ``absent``
    become class attributes that are None."""
    required = [(n, _annotation(s)) for n, s in fields.items() if s.required and n not in absent]
    optional = [(n, _annotation(s), None) for n, s in fields.items()
                if not s.required and n not in absent]
    namespace = {n: None for n in absent} | options.pop("namespace", {})
    return msgspec.defstruct(name, [*required, *optional], namespace=namespace, **_OPTIONS,
                             **options)


def _device_union() -> Any:
    """One struct per device kind, tagged with it (``kind`` is the tag and a class attribute)."""
    fields = FIELDS["device"]
    own = {n: s for n, s in fields.items() if n != "kind"}
    structs = []
    for kind in DEVICE_KINDS:
        absent = tuple(n for n, s in own.items()
                       if s.device_kinds is not None and kind not in s.device_kinds)
        structs.append(_struct(f"Device_{kind}", own, absent, tag_field="kind", tag=kind,
                               namespace={"kind": kind}))
    return Union[tuple(structs)]  # noqa: UP007


_RECORDS = {kind.key: _device_union() if kind.name == "device"
            else _struct(kind.name.capitalize(), FIELDS[kind.name]) for kind in model.KINDS}
File = msgspec.defstruct("File", [(top, tuple[kind, ...], None)  # type: ignore[valid-type]
                                  for top, kind in _RECORDS.items()], **_OPTIONS)
_DECODER = msgspec.json.Decoder(File)
_ENCODER = msgspec.json.Encoder()


# --- doubts in the JSON text ---------------------------------------------------------------------

#: Characters beyond ASCII space, tab, CR and LF that ``str.isspace`` calls white space: after
#: an opening quote they may start a blank string. Spelt out (computing them at import costs
#: 0.15 s); tests/validate/test_typed.py checks the list.
OTHER_SPACES = ("\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_BLANK_START = re.compile(r'"[ "\\]')
_SPACE_AFTER_QUOTE = re.compile('"[' + re.escape(OTHER_SPACES) + "]")


def _may_hold_blank(emitted: str) -> bool:
    r"""Whether a string of the JSON may be empty or white space only (the validator rejects
    them): rapidyaml's JSON puts no space, quote or backslash right after a closing quote, so
    a blank string starts as ``""``, ``" ``, ``"\`` (an escape) or a quote and another space;
    an opening quote so followed that starts no blank string is a false alarm, no more."""
    return (_BLANK_START.search(emitted) is not None
            or (not emitted.isascii() and _SPACE_AFTER_QUOTE.search(emitted) is not None))


def _dropped_a_key(emitted: str, decoded: Any) -> bool:
    """A duplicate key, which msgspec drops: each key of either JSON text is followed by one
    colon, the strings kept hold the same colons in both, numbers, booleans and dates none;
    a field is omitted on encoding exactly when it was not written. So the counts differ
    exactly when a key was dropped."""
    return emitted.count(":") != _ENCODER.encode(decoded).count(b":")


def _file_order(emitted: str, decoded: Any) -> list[str]:
    """The kinds of the file in the order written: ids and references keep file order."""
    present = [kind.key for kind in model.KINDS if getattr(decoded, kind.key) is not None]
    if len(present) > 1:  # a kind's key is its first '"key":' in the text: no field is named so
        present.sort(key=lambda top: emitted.find(f'"{top}":'))
    return present


# --- the short Python pass: ids, references, defaults, normalisation -----------------------------

_IPV4 = re.compile(r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                   r"(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")
_MAC_COLONS = re.compile(r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}")
_SITE = ("site",)
_WORKPLACE_OR_SITE = ("workplace", "site")
_DEVICE = ("device",)
_WORKPLACE = ("workplace",)
(_SOURCE, _WAIVER, _NETWORK, _OS, _SITE_RECORD, _VPN, _WORKPLACE_RECORD, _DEVICE_RECORD,
 _LICENCE) = (model.MAKE[cls] for cls in (
    model.Source, model.Waiver, model.Network, model.OperatingSystem, model.Site,
    model.VpnGateway, model.Workplace, model.Device, model.Licence))


#: The field order the builders below pass their arguments in (positional calls cost a third
#: of keyword calls); checked at import against the model.
_ORDER = {
    model.Site: "id source name address shared_desks networks waivers",
    model.VpnGateway: "id source site pools max_sessions waivers",
    model.Workplace: "id source department site work_model mobile_days desk staff cost_centre "
                     "training waivers",
    model.Device: "id source kind status hostname model serial assigned_to purchased "
                  "warranty_until os encrypted mdm vpn_client tpm secure_boot ram_gb camera ip "
                  "mac waivers",
    model.Licence: "id source model provides product vendor seats expires cost_per_seat "
                   "assigned_to waivers",
    model.Waiver: "rule until reason approved_by index",
    model.Network: "cidr purpose name",
    model.OperatingSystem: "name version edition",
    model.Source: "path kind index",
}
for _cls, _names in _ORDER.items():
    if [f.name for f in dataclasses.fields(_cls)] != _names.split():
        raise TypeError(f"validate/typed.py builds {_cls.__name__} by another field order")


def _checked(convert: Callable[[Any], Any], value: Any) -> Any:
    try:
        return convert(value)
    except Invalid:
        raise _Doubt from None


def _id(text: str) -> str:
    return text if text.isascii() and text.isprintable() else _checked(to_id, text)


def _name(text: str | None) -> str | None:
    return text if text is None or text.isascii() else nfc(text)


def _waivers(items: tuple[Any, ...] | None) -> tuple[model.Waiver, ...]:
    if not items:
        return ()
    return tuple(_WAIVER(w.rule, w.until, w.reason, w.approved_by, index)
                 for index, w in enumerate(items))


def _sites(top: str, path: str, records: tuple[Any, ...], out: FileRecords) -> None:
    append, ids = out.records.append, out.ids.append
    for index, s in enumerate(records):
        ids((s.id, top, index))
        networks = tuple(_NETWORK(_checked(to_cidr, n.cidr), n.purpose, n.name)
                         for n in s.networks or ())
        append(_SITE_RECORD(_id(s.id), _SOURCE(path, top, index), _name(s.name), s.address,
                            0 if s.shared_desks is None else s.shared_desks, networks,
                            _waivers(s.waivers)))


def _vpn(top: str, path: str, records: tuple[Any, ...], out: FileRecords) -> None:
    append, ids, refs = out.records.append, out.ids.append, out.refs.append
    for index, s in enumerate(records):
        ids((s.id, top, index))
        refs(Reference((s.site,), _SITE, "site", (top, index, "site")))
        pools = tuple(_checked(to_cidr, p) for p in s.pools) if s.pools is not None else ()
        append(_VPN(_id(s.id), _SOURCE(path, top, index), s.site, pools, s.max_sessions,
                    _waivers(s.waivers)))


def _workplaces(top: str, path: str, records: tuple[Any, ...], out: FileRecords) -> None:
    append, ids, refs = out.records.append, out.ids.append, out.refs.append
    days, desks = model.DEFAULT_MOBILE_DAYS, model.DEFAULT_DESK
    for index, s in enumerate(records):
        work_model, site = s.work_model, s.site
        ids((s.id, top, index))
        refs(Reference((site,), _SITE, "site", (top, index, "site")))
        desk = s.desk or desks[work_model]
        append(_WORKPLACE_RECORD(
            _id(s.id), _SOURCE(path, top, index), _name(s.department), site, work_model,
            days[work_model] if s.mobile_days is None else s.mobile_days, desk, s.staff,
            _name(s.cost_centre), s.training, _waivers(s.waivers)))


def _devices(top: str, path: str, records: tuple[Any, ...], out: FileRecords) -> None:
    append, ids, refs = out.records.append, out.ids.append, out.refs.append
    for index, s in enumerate(records):
        assigned_to, os, ip, mac = s.assigned_to, s.os, s.ip, s.mac
        ids((s.id, top, index))
        if assigned_to is not None:
            refs(Reference((assigned_to,), _WORKPLACE_OR_SITE, "assigned_to",
                           (top, index, "assigned_to")))
        if os is not None:
            name, edition = os.name.lower(), os.edition
            if (name == "windows") is (edition is None):  # Windows needs an edition, no other
                raise _Doubt
            os = _OS(name, os.version, edition)
        if ip is not None and not _IPV4.fullmatch(ip):
            ip = _checked(to_ip, ip)
        if mac is not None:
            mac = mac.lower() if _MAC_COLONS.fullmatch(mac) else _checked(to_mac, mac)
        append(_DEVICE_RECORD(
            _id(s.id), _SOURCE(path, top, index), s.kind, s.status or "in-use", s.hostname,
            s.model, s.serial, assigned_to, s.purchased, s.warranty_until, os, s.encrypted,
            s.mdm, s.vpn_client, s.tpm, s.secure_boot, s.ram_gb, s.camera, ip, mac,
            _waivers(s.waivers)))


def _licences(top: str, path: str, records: tuple[Any, ...], out: FileRecords) -> None:
    append, ids, refs = out.records.append, out.ids.append, out.refs.append
    for index, s in enumerate(records):
        ids((s.id, top, index))
        licence_model, assigned_to = s.model, s.assigned_to
        if licence_model == "site" and assigned_to is not None:
            raise _Doubt  # a site licence covers every workplace
        if licence_model != "site" and s.seats is None:
            raise _Doubt  # the others count seats
        if assigned_to:
            if len(set(assigned_to)) != len(assigned_to):
                raise _Doubt  # an id listed twice
            refs(Reference(assigned_to, _DEVICE if licence_model == "per-device"
                           else _WORKPLACE, "assigned_to", (top, index, "assigned_to"),
                           listed=True))
        cost = s.cost_per_seat
        append(_LICENCE(
            _id(s.id), _SOURCE(path, top, index), licence_model, s.provides, s.product,
            s.vendor, s.seats, s.expires, None if cost is None else _checked(to_decimal, cost),
            () if assigned_to is None else assigned_to, _waivers(s.waivers)))


_BUILDERS = {"sites": _sites, "vpn": _vpn, "workplaces": _workplaces, "devices": _devices,
             "licences": _licences}


def validate_json(path: str, emitted: str) -> FileRecords | None:
    """The records of one inventory file from rapidyaml's JSON, as ``validate_file`` makes
    them; None whenever the validator must decide (see the module's docstring)."""
    if _may_hold_blank(emitted):
        return None
    try:
        decoded = _DECODER.decode(emitted)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    if _dropped_a_key(emitted, decoded):
        return None
    result = FileRecords(path)
    try:
        for top in _file_order(emitted, decoded):
            _BUILDERS[top](top, path, getattr(decoded, top), result)
    except _Doubt:
        return None
    return result
