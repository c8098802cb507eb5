"""Named conversions of a mapping: each states its format, none guesses.

A conversion takes a value read from a row (text, or a JSON or spreadsheet value) and returns the
value to write, ``None`` for "no value here" (a junk serial, an Intune "never" date), or raises
``Unreadable`` with the reason, and the field is then left unwritten and reported. ``build``
checks a conversion's argument when the mapping is loaded, so that a mistake in a mapping is an
error before any row is read.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol

from itready.i18n import _
from itready.lifecycle import LifecycleTable, release_key
from itready.rules.dates import shift


class Unreadable(Exception):
    """A value a conversion cannot read; the message says why."""


class DateMismatch(Unreadable):
    """A date that does not match the format the mapping states."""


class Row(Protocol):
    """What a conversion may ask of the row it converts: another field's value."""

    def value(self, name: str) -> Any: ...


Convert = Callable[[Any, Row], Any]

#: Serials that manufacturers and BIOS vendors leave in boards: never matched, never written.
JUNK_SERIALS = frozenset({
    "to be filled by o.e.m.", "to be filled by oem", "default string", "system serial number",
    "chassis serial number", "base board serial number", "not specified", "not applicable",
    "none", "n/a", "na", "null", "unknown", "invalid", "empty", "serial", "sn", "0123456789",
    "123456789", "1234567890", "12345678", "-", ".",
})
_REPEATED = re.compile(r"(.)\1*")  # 0000000000, ZZZZZZZZ: one character repeated


def is_junk_serial(text: str) -> bool:
    """A serial that identifies no device."""
    folded = text.strip().casefold()
    return not folded or folded in JUNK_SERIALS or _REPEATED.fullmatch(folded) is not None


def text(value: Any) -> str:
    """A value as text: trimmed, non-breaking spaces as spaces; booleans as true/false."""
    if type(value) is str:
        return (value.replace("\u00a0", " ") if "\u00a0" in value else value).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value).replace("\u00a0", " ").strip()


# --- simple conversions ---------------------------------------------------------------------------

def _serial(value: Any, row: Row) -> Any:
    found = text(value)
    return None if is_junk_serial(found) else found


def _int(value: Any, row: Row) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    found = text(value)
    if not re.fullmatch(r"[-+]?\d+", found):
        raise Unreadable(_("is not a whole number"))
    return int(found)


def _leading_int(value: Any, row: Row) -> Any:
    found = re.match(r"\s*(\d+)", text(value))
    if found is None:
        raise Unreadable(_("does not start with a whole number"))
    return int(found.group(1))


def _to_gb(divisor: int) -> Convert:
    def convert(value: Any, row: Row) -> Any:
        amount = _int(value, row)
        # Usable memory is below the installed amount (7800 MB of 8 GB): round up.
        return math.ceil(amount / divisor) if amount > 0 else None
    return convert


def _mac(value: Any, row: Row) -> Any:
    digits = re.sub(r"[\s:.\-]", "", text(value)).lower()
    if not re.fullmatch(r"[0-9a-f]{12}", digits):
        raise Unreadable(_("is not a MAC address"))
    if digits == "0" * 12:
        return None
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def _short_hostname(value: Any, row: Row) -> Any:
    return text(value).split(".", 1)[0] or None


_WINDOWS_BUILD = re.compile(r"(?:10\.0[.\s(]+|^\s*)(\d{4,5})(?:[.)\s]|$)")


def _windows_build(value: Any, row: Row) -> Any:
    """``10.0.22631.4317``, ``10.0 (22631)``, ``22631.4317`` → ``11 23H2``; an unknown build as
    given, so that rule DEV011 reports it."""
    found = text(value)
    build = _WINDOWS_BUILD.search(found)
    if build is None:
        return found or None
    edition = row.value("os.edition")
    version = LifecycleTable.bundled().windows_version(build.group(1), edition)
    return version or found


def _os_release(os_field: str) -> Convert:
    def convert(value: Any, row: Row) -> Any:
        name = text(row.value(os_field)).lower()
        if name == "windows":
            return _windows_build(value, row)
        found = text(value)
        return (release_key(name, found, None) or found) if name else found or None
    return convert


# --- conversions with an argument ----------------------------------------------------------------

def _words(arg: Any) -> dict[str, bool]:
    if not isinstance(arg, dict) or set(arg) != {"true", "false"}:
        raise ValueError(_("bool takes {true: [words], false: [words]}"))
    table: dict[str, bool] = {}
    for truth in ("true", "false"):
        words = arg[truth] if isinstance(arg[truth], list) else [arg[truth]]
        for word in words:
            table[text(word).casefold()] = truth == "true"
    return table


def _bool(arg: Any) -> Convert:
    table = _words(arg)

    def convert(value: Any, row: Row) -> Any:
        if isinstance(value, bool):
            return value
        found = text(value).casefold()
        if found in table:
            return table[found]
        # An unknown word is never false: the field is left as it is.
        raise Unreadable(_("is neither a true nor a false word of the mapping"))
    return convert


_SENTINELS = ("0001-01-01", "9999-12-31", "1601-01-01")


def _patterns(arg: Any) -> list[str]:
    patterns = arg if isinstance(arg, list) else [arg]
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise ValueError(_("a date conversion takes a format like \"%d.%m.%Y\" or iso8601, or a "
                           "list of them"))
    return patterns


def _moment(arg: Any, as_date: bool) -> Convert:
    patterns = _patterns(arg)

    def convert(value: Any, row: Row) -> Any:
        if isinstance(value, datetime):
            return value.date() if as_date else value
        if isinstance(value, date):
            return value if as_date else datetime(value.year, value.month, value.day)
        found = text(value)
        if not found:
            return None
        if found.startswith(_SENTINELS):  # Intune and Graph write these for "never"
            return None
        for pattern in patterns:
            parsed = _parse_moment(found, pattern)
            if parsed is not None:
                return parsed.date() if as_date else parsed
        raise DateMismatch(_("does not match the date format {formats}").format(
            formats=_(" or ").join(patterns)))
    return convert


def _parse_moment(found: str, pattern: str) -> datetime | None:
    try:
        if pattern == "iso8601":
            parsed = datetime.fromisoformat(found.replace("Z", "+00:00"))
        else:
            if "%f" in pattern:  # Intune writes 7 fraction digits; strptime takes 6
                found = re.sub(r"(\.\d{6})\d+", r"\1", found)
            parsed = datetime.strptime(found, pattern)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _regex(arg: Any) -> Convert:
    if not isinstance(arg, dict) or "pattern" not in arg or set(arg) - {"pattern", "replace"}:
        raise ValueError(_("regex takes {pattern: ..., replace: ...}"))
    try:
        pattern = re.compile(str(arg["pattern"]))
    except re.error as exc:
        raise ValueError(_("the pattern does not compile: {why}").format(why=exc)) from None
    replace = str(arg.get("replace", r"\g<0>"))

    def convert(value: Any, row: Row) -> Any:
        found = pattern.fullmatch(text(value))
        return found.expand(replace) if found else None
    return convert


def _replace(arg: Any) -> Convert:
    if not isinstance(arg, dict):
        raise ValueError(_("replace takes {old: new, ...}"))
    pairs = [(str(old), "" if new is None else str(new)) for old, new in arg.items()]

    def convert(value: Any, row: Row) -> Any:
        found = text(value)
        for old, new in pairs:
            found = found.replace(old, new)
        return found
    return convert


def _add_months(arg: Any) -> Convert:
    if not isinstance(arg, dict) or set(arg) != {"months"} or not isinstance(arg["months"], str):
        raise ValueError(_("add-months takes {months: FIELD}"))
    field = arg["months"]

    def convert(value: Any, row: Row) -> Any:
        months = row.value(field)
        if not isinstance(value, date) or not isinstance(months, int) or months <= 0:
            return None
        return shift(shift(value, months, "m"), -1, "d")  # 2023-04-01 + 36 -> 2026-03-31
    return convert


def _os_release_arg(arg: Any) -> Convert:
    if not isinstance(arg, dict) or set(arg) != {"os"} or not isinstance(arg["os"], str):
        raise ValueError(_("os-release takes {os: FIELD}"))
    return _os_release(arg["os"])


def _plain(convert: Convert) -> Callable[[Any], Convert]:
    def build(arg: Any) -> Convert:
        if arg is not None:
            raise ValueError(_("takes no argument"))
        return convert
    return build


#: Conversion name -> a function of its argument that returns the conversion.
CONVERSIONS: dict[str, Callable[[Any], Convert]] = {
    "serial": _plain(_serial),
    "trim": _plain(lambda value, row: text(value)),
    "lower": _plain(lambda value, row: text(value).lower()),
    "upper": _plain(lambda value, row: text(value).upper()),
    "html-unescape": _plain(lambda value, row: html.unescape(text(value))),
    "int": _plain(_int),
    "leading-int": _plain(_leading_int),
    "mb-to-gb": _plain(_to_gb(1024)),
    "bytes-to-gb": _plain(_to_gb(1024 ** 3)),
    "mac": _plain(_mac),
    "short-hostname": _plain(_short_hostname),
    "windows-build": _plain(_windows_build),
    "os-release": _os_release_arg,
    "bool": _bool,
    "date": lambda arg: _moment(arg, as_date=True),
    "datetime": lambda arg: _moment(arg, as_date=False),
    "regex": _regex,
    "replace": _replace,
    "add-months": _add_months,
}


def build(spec: Any) -> list[tuple[str, Convert]]:
    """The conversions of a ``convert:`` entry: a name, ``{name: argument}`` or a list of
    them; ValueError (with the name) for a name or argument that does not fit."""
    from itready.errors import did_you_mean

    steps = spec if isinstance(spec, list) else [spec]
    built = []
    for step in steps:
        if isinstance(step, str):
            name, arg = step, None
        elif isinstance(step, dict) and len(step) == 1:
            name, arg = next(iter(step.items()))
        else:
            raise ValueError(_("a conversion is a name or {name: argument}"))
        if name not in CONVERSIONS:
            raise ValueError(_("unknown conversion '{name}'{hint}").format(
                name=name, hint=did_you_mean(str(name), CONVERSIONS)))
        try:
            built.append((name, CONVERSIONS[name](arg)))
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    return built
