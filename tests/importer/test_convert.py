"""The conversions of the mapping language: each states its format, none guesses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from itready.importer.convert import Unreadable, build, is_junk_serial


class _Row:
    def __init__(self, **values: Any):
        self.values = values

    def value(self, name: str) -> Any:
        return self.values.get(name)


def _convert(spec: Any, value: Any, **row: Any) -> Any:
    result = value
    for _name, step in build(spec):
        result = step(result, _Row(**row))
    return result


@pytest.mark.parametrize(("value", "edition", "expected"), [
    ("10.0.22631.4317", "enterprise", "11 23H2"), ("10.0 (19045)", None, "10 22H2"),
    ("22631.4317", None, "11 23H2"), ("10.0.26100", "ltsc", "11 24H2"),
    ("10.0.27881.1000", None, "10.0.27881.1000"), ("", None, None),
])
def test_windows_build(value: str, edition: str | None, expected: str | None) -> None:
    assert _convert("windows-build", value, **{"os.edition": edition}) == expected


@pytest.mark.parametrize(("os", "value", "expected"), [
    ("macos", "14.6.1", "14"), ("ios", "17.6", "17"), ("ubuntu", "22.04.4 LTS", "22.04"),
    ("android", "14", "14"), ("windows", "10.0.22631.1", "11 23H2"), ("fedora", "31", "31"),
])
def test_os_release(os: str, value: str, expected: str) -> None:
    assert _convert({"os-release": {"os": "os.name"}}, value, **{"os.name": os}) == expected


def test_booleans_never_guess_false() -> None:
    spec = {"bool": {"true": ["True", "Ja"], "false": ["False"]}}
    assert _convert(spec, "ja") is True and _convert(spec, "FALSE") is False
    with pytest.raises(Unreadable):
        _convert(spec, "Unknown")


def test_dates_are_read_as_stated() -> None:
    assert _convert({"date": "%d.%m.%Y"}, "14.03.2025") == date(2025, 3, 14)
    with pytest.raises(Unreadable, match=r"does not match the date format %d\.%m\.%Y"):
        _convert({"date": "%d.%m.%Y"}, "2025-03-14")
    with pytest.raises(Unreadable):
        _convert({"date": "%d.%m.%Y"}, "29.02.2025")
    assert _convert({"date": "iso8601"}, "0001-01-01T00:00:00Z") is None  # Intune's "never"
    seven = _convert({"datetime": "%Y-%m-%d %H:%M:%S.%f"}, "2026-11-29 16:03:27.1234567")
    assert seven == datetime(2026, 11, 29, 16, 3, 27, 123456)
    assert _convert({"datetime": "iso8601"}, "2026-11-29T16:03:27+01:00") == datetime(
        2026, 11, 29, 15, 3, 27)


def test_numbers_memory_and_addresses() -> None:
    assert _convert("leading-int", "36 Monate") == 36
    assert _convert("mb-to-gb", "7800") == 8 and _convert("mb-to-gb", 31968) == 32
    assert _convert("bytes-to-gb", 0) is None
    assert _convert("mac", "F8E4E3A1B2C3") == "f8:e4:e3:a1:b2:c3"
    assert _convert("mac", "f8-e4-e3-a1-b2-c3") == _convert("mac", "f8e4.e3a1.b2c3")
    assert _convert("mac", "00:00:00:00:00:00") is None
    with pytest.raises(Unreadable):
        _convert("mac", "not a mac")


def test_text_conversions() -> None:
    assert _convert({"regex": {"pattern": "(?i)MS-(NB)-(\\d{5})", "replace": "\\1-\\2"}},
                    "ms-nb-10234") == "nb-10234"
    assert _convert({"regex": {"pattern": "x"}}, "y") is None
    assert _convert("short-hostname", "pc-0815.stadt.local") == "pc-0815"
    assert _convert({"add-months": {"months": "m"}}, date(2023, 4, 1), m=36) == date(2026, 3, 31)
    assert _convert("html-unescape", "A &amp; B") == "A & B"


@pytest.mark.parametrize("serial", ["To Be Filled By O.E.M.", "Default string", "0123456789",
                                    "0000000000", "XXXXXXXX", "", "  ", "N/A",
                                    "System Serial Number"])
def test_junk_serials(serial: str) -> None:
    assert is_junk_serial(serial) and _convert("serial", serial) is None


def test_a_real_serial_is_not_junk() -> None:
    assert not is_junk_serial("PF3ABC12") and _convert("serial", " PF3ABC12 ") == "PF3ABC12"


def test_unknown_conversion_and_bad_arguments() -> None:
    with pytest.raises(ValueError, match="did you mean 'upper'"):
        build("uper")
    with pytest.raises(ValueError, match="bool takes"):
        build({"bool": ["yes"]})
    with pytest.raises(ValueError, match="does not compile"):
        build({"regex": {"pattern": "("}})
