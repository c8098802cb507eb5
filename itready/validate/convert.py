"""Scalar converters: a parsed YAML value in, a typed value out, or ``Invalid`` with why.

One converter per field type of the format table (``itready.validate.schema``); ``CONVERTERS``
maps the type names to them. A converter never guesses: ``yes`` is not true, ``2026-02-30`` is not
a date, ``10.0.0.1/8`` (host bits set) is not a network.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from itready.errors import NodePath as Path
from itready.errors import printable
from itready.i18n import _
from itready.text import id_problem, nfc
from itready.validate.schema import FieldSpec


class Invalid(Exception):
    """A value that does not convert: error code, message, and where below the field."""

    def __init__(self, code: str, message: str, subpath: Path = ()):
        self.code, self.message, self.subpath = code, message, subpath


def describe(value: Any) -> str:
    """A value as a message names what was found: ``'yes'``, ``true``, ``a list``."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return repr(value) if isinstance(value, str) else str(value)


def to_str(value: Any, spec: FieldSpec | None = None) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise Invalid("E006", _("is empty; give a value or leave the key out"))
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an unquoted number where text belongs: its digits are the text
    if isinstance(value, float):
        raise Invalid("E005", _("expects text, got the number {value}; put it in "
                                "quotes").format(value=value))
    raise Invalid("E005", _("expects text, got {value}").format(value=describe(value)))


def to_id(value: Any, spec: FieldSpec | None = None) -> str:
    """An ID: text (or digits) that reads as it is: no control, format or invisible
    character (a bidi override, a zero-width space, a line break) may hide what it says."""
    text = to_str(value, spec)
    problem = id_problem(text)
    if problem is not None:
        raise Invalid("E006", f"'{printable(text)}' {problem}")
    return text


def to_name(value: Any, spec: FieldSpec | None = None) -> str:
    """A name that groups records (department, cost centre, site name): compared, and so
    kept, in Unicode normal form C (``Kämmerei`` typed either way is one department)."""
    return nfc(to_str(value, spec))


def to_int(value: Any, spec: FieldSpec) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid("E005", _("expects a whole number, got {value}").format(
            value=describe(value)))
    if spec.minimum is not None and value < spec.minimum:
        raise Invalid("E006", _("must be at least {minimum}, got {value}").format(
            minimum=spec.minimum, value=value))
    if spec.maximum is not None and value > spec.maximum:
        raise Invalid("E006", _("must be at most {maximum}, got {value}").format(
            maximum=spec.maximum, value=value))
    return value


def to_bool(value: Any, spec: FieldSpec | None = None) -> bool:
    if isinstance(value, bool):
        return value
    hint = _(" (YAML 1.2: yes/no/on/off are text)") if isinstance(value, str) else ""
    raise Invalid("E005", _("expects true or false, got {value}").format(
        value=describe(value)) + hint)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_date(value: Any, spec: FieldSpec | None = None) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Invalid("E006", _("'{value}' is not a calendar date").format(
                value=value)) from None
    raise Invalid("E005", _("expects a date like 2026-03-31, got {value}").format(
        value=describe(value)))


def to_decimal(value: Any, spec: FieldSpec | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Invalid("E005", _("expects a number, got {value}").format(value=describe(value)))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise Invalid("E005", _("expects a number, got {value}").format(
            value=describe(value))) from None
    if not number.is_finite() or number < 0:
        raise Invalid("E006", _("must be a finite number of at least 0, got {value}").format(
            value=value))
    return number


def to_share(value: Any, spec: FieldSpec | None = None) -> Decimal:
    number = to_decimal(value)
    if number > 1:
        raise Invalid("E006", _("is a share between 0 and 1, got {value}").format(value=value))
    return number


def to_choice(value: Any, spec: FieldSpec) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid("E005", _("expects one of {choices}, got {value}").format(
            choices=", ".join(spec.choices), value=describe(value)))
    if value not in spec.choices:
        from itready.validate.synonyms import suggest

        raise Invalid("E006", _("'{value}' is not one of {choices}").format(
            value=value, choices=", ".join(spec.choices))
            + suggest(spec.name, value, spec.choices))
    return value


def to_cidr(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    try:
        return str(ipaddress.ip_network(text, strict=True))
    except ValueError as exc:
        if "host bits" in str(exc):
            net = ipaddress.ip_network(text, strict=False)
            raise Invalid("E006", _("'{value}' has host bits set; the network is {network}").format(
                value=text, network=net)) from None
        raise Invalid("E006", _("'{value}' is not an IPv4 or IPv6 network (CIDR)").format(
            value=text)) from None


def to_ip(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise Invalid("E006", _("'{value}' is not an IPv4 or IPv6 address").format(
            value=text)) from None


_MAC_DIGITS = re.compile(r"[0-9a-fA-F]{12}")
_MAC_FORMS = re.compile(
    r"(?:[0-9a-fA-F]{2}([:-])){5}[0-9a-fA-F]{2}|(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}"
    r"|[0-9a-fA-F]{12}"
)


def to_mac(value: Any, spec: FieldSpec | None = None) -> str:
    text = to_str(value)
    if not _MAC_FORMS.fullmatch(text):
        raise Invalid("E006", _("'{value}' is not a MAC address (like 00:1A:2B:3C:4D:5E)").format(
            value=text))
    digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _to_list(value: Any, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise Invalid("E005", _("expects a list, got {value}").format(value=describe(value)))
    out = []
    for index, entry in enumerate(value):
        try:
            out.append(item(entry))
        except Invalid as exc:
            raise Invalid(exc.code, exc.message, (index, *exc.subpath)) from None
    return tuple(out)


def to_strings(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    return _to_list(value, to_str)


def to_cidrs(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    return _to_list(value, to_cidr)


def to_capabilities(value: Any, spec: FieldSpec | None = None) -> tuple[str, ...]:
    capabilities = to_strings(value)
    if not capabilities:
        raise Invalid("E006", _("names no capability; list what the licence provides"))
    return capabilities


CONVERTERS: dict[str, Callable[[Any, Any], Any]] = {
    "str": to_str,
    "id": to_id,
    "name": to_name,
    "int": to_int,
    "bool": to_bool,
    "date": to_date,
    "decimal": to_decimal,
    "share": to_share,
    "choice": to_choice,
    "cidr": to_cidr,
    "cidrs": to_cidrs,
    "ip": to_ip,
    "mac": to_mac,
    "strings": to_strings,
    "capabilities": to_capabilities,
}


def _as_mapping(value: Any, spec: FieldSpec | None = None) -> dict:
    if not isinstance(value, dict):
        raise Invalid("E005", _("expects a mapping, got {value}").format(value=describe(value)))
    return value


CONVERTERS["mapping"] = _as_mapping
