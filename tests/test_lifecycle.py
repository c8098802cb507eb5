"""The OS lifecycle table: cycle keys, real dates from the bundled snapshot, overrides, rebuild."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from itready.lifecycle import LifecycleEntry, LifecycleTable, Release, release_key

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_lifecycle.py"
BUNDLED_JSON = ROOT / "itready" / "data" / "lifecycle.json"
OS_PRODUCTS = {
    "android",
    "debian",
    "ios",
    "ipados",
    "macos",
    "rhel",
    "sles",
    "ubuntu",
    "windows",
    "windows-server",
}


@pytest.fixture(scope="module")
def table() -> LifecycleTable:
    return LifecycleTable.bundled()


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_lifecycle", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- release_key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "edition", "key"),
    [
        ("11 24H2", "enterprise", "11-24h2-e"),
        ("11 24H2", "education", "11-24h2-e"),
        ("11 24H2", "pro", "11-24h2-w"),
        ("11 24H2", "home", "11-24h2-w"),
        ("11 24H2", "ltsc", "11-24h2-e-lts"),
        ("11 24H2", "iot-ltsc", "11-24h2-iot-lts"),
        ("11 24h2", "Enterprise", "11-24h2-e"),
        ("11-24H2", "PRO", "11-24h2-w"),
        ("11_24h2", "IoT LTSC", "11-24h2-iot-lts"),
        ("Windows 11 24H2", "enterprise", "11-24h2-e"),
        ("11 23H2", "pro", "11-23h2-w"),
        ("11 LTSC 2024", "ltsc", "11-24h2-e-lts"),
        # Windows 10: feature updates split by edition group ...
        ("10 21H2", "enterprise", "10-21h2-e"),
        ("10 21H2", "pro", "10-21h2-w"),
        ("10 21H2", "ltsc", "10-21h2-e-lts"),
        ("10 21H2", "iot-ltsc", "10-21h2-iot-lts"),
        ("10 1809", "ltsc", "10-1809-e-lts"),
        ("10 1607", "ltsc", "10-1607-e-lts"),
        ("Windows 10 Enterprise LTSC 2021", "ltsc", "10-21h2-e-lts"),
        ("10 2019", "ltsc", "10-1809-e-lts"),
        ("10 2015", "ltsc", "10-1507-e-lts"),
        # ... except six releases with one cycle for every edition
        ("10 22H2", "enterprise", "10-22h2"),
        ("10 22H2", "education", "10-22h2"),
        ("10 22H2", "pro", "10-22h2"),
        ("10 22H2", "home", "10-22h2"),
        ("10 22H2", None, "10-22h2"),
        ("10 21H1", "pro", "10-21h1"),
        ("10 2004", "enterprise", "10-2004"),
        ("10 1903", "home", "10-1903"),
        ("10 1511", "pro", "10-1511"),
        ("10 1507", "enterprise", "10-1507"),
        ("10 22H2", "ltsc", "10-22h2-e-lts"),  # no such release: find() gives None
        # before Windows 10: one cycle for all editions
        ("8.1", "pro", "8.1"),
        ("7 SP1", "enterprise", "7-sp1"),
        ("XP SP3", "pro", "5-sp3"),
        ("Vista SP2", "enterprise", "6-sp2"),
    ],
)
def test_windows_keys(version: str, edition: str | None, key: str) -> None:
    assert release_key("windows", version, edition) == key


@pytest.mark.parametrize(
    ("version", "edition"),
    [
        ("11 24H2", None),  # the edition decides the cycle
        ("11 24H2", "pro-education"),  # not an itready edition
        ("11", "enterprise"),
        ("11 24H2 25H2", "enterprise"),
        ("11 2024", "enterprise"),  # a year names an LTSC release only
        ("10 2019", "pro"),
        ("10 1913", "pro"),
        ("eleven", "pro"),
        ("", "pro"),
    ],
)
def test_windows_keys_unreadable(version: str, edition: str | None) -> None:
    assert release_key("windows", version, edition) is None


@pytest.mark.parametrize(
    ("name", "version", "key"),
    [
        ("macos", "14", "14"),
        ("macos", "14.5", "14"),
        ("macOS", "14.5.1", "14"),
        ("macos", "26", "26"),
        ("macos", "10.15.7", "10.15"),
        ("macos", "10.9", "10.9"),
        ("ios", "17.4", "17"),
        ("ios", "17", "17"),
        ("ipados", "18.7.10", "18"),
        ("android", "14", "14"),
        ("android", "14.0", "14"),
        ("android", "12L", "12.1"),
        ("android", "12.1", "12.1"),
        ("android", "12", "12"),
        ("android", "8", "8.0"),
        ("android", "8.1.0", "8.1"),
        ("android", "4.4W", "4.4w"),
        ("ubuntu", "22.04", "22.04"),
        ("ubuntu", "22.04.4 LTS", "22.04"),
        ("ubuntu", "24.10", "24.10"),
        ("ubuntu", "22.1", "22.10"),  # a YAML float that lost its trailing zero
        ("ubuntu", "6.06", "6.06"),
        ("debian", "12", "12"),
        ("debian", "12.5", "12"),
        ("debian", "3.1", "3.1"),
        ("debian", "3.1r8", "3.1"),
        ("rhel", "9", "9"),
        ("rhel", "8.10", "8"),
        ("sles", "15.7", "15.7"),
        ("sles", "15 SP5", "15.5"),
        ("sles", "15-SP5", "15.5"),
        ("sles", "15", "15.0"),
        ("sles", "16", "16.0"),
        ("sles", "12 SP5", "12.5"),
        ("windows-server", "2022", "2022"),
        ("windows-server", "2012 R2", "2012-r2"),
        ("Windows Server", "20H2 SAC", "20h2-sac"),
    ],
)
def test_other_keys(name: str, version: str, key: str) -> None:
    assert release_key(name, version, None) == key


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("chromeos", "126"),  # endoflife.date has no ChromeOS
        ("freebsd", "14"),
        ("", "14"),
        ("ubuntu", "jammy"),
        ("ubuntu", "22"),
        ("macos", "Sonoma"),
        ("macos", "10"),
    ],
)
def test_unknown_keys(name: str, version: str) -> None:
    assert release_key(name, version, None) is None


def test_every_cycle_is_reachable(table: LifecycleTable) -> None:
    """Each cycle of the data is the key of some natural (version, edition)."""
    editions: dict[str | None, list[str]] = {
        "e": ["enterprise", "education"],
        "w": ["pro", "home"],
        "e-lts": ["ltsc"],
        "iot-lts": ["iot-ltsc"],
        None: ["enterprise", "education", "pro", "home"],
    }
    unreachable = []
    for r in table.releases:
        m = re.fullmatch(r"(1[01])-(\w+?)(?:-(e-lts|iot-lts|e|w|iot))?", r.cycle)
        queries: list[tuple[str, str | None]]
        if r.os != "windows":
            queries = [(r.cycle, None)]
        elif m is None:  # 8.1, 7-sp1, ...
            queries = [(r.cycle.replace("-", " "), "pro")]
        elif m[3] == "iot":
            unreachable.append(r.cycle)
            continue
        else:
            queries = [(f"{m[1]} {m[2].upper()}", e) for e in editions[m[3]]]
        for version, edition in queries:
            assert release_key(r.os, version, edition) == r.cycle, (r, version, edition)
            assert table.find(r.os, version, edition) == r
    # A non-LTSC IoT release of 2015 that no itready edition names.
    assert unreachable == ["10-1507-iot"]


# --- the bundled table ---------------------------------------------------------------------------


def test_bundled_table(table: LifecycleTable) -> None:
    assert LifecycleTable.bundled() is table
    assert table.snapshot == "a70eca337600e7d721dc48112c271f98661d208b"
    assert table.data_as_of == date(2026, 8, 17)
    assert {r.os for r in table.releases} == OS_PRODUCTS
    assert {r.source for r in table.releases} == {"endoflife.date"}
    keys = [(r.os, r.cycle) for r in table.releases]
    assert len(keys) == len(set(keys))


def test_releases_sorted_newest_first(table: LifecycleTable) -> None:
    oses = [r.os for r in table.releases]
    assert oses == sorted(oses)
    for os in OS_PRODUCTS:
        dates = [r.released for r in table.releases if r.os == os]
        assert None not in dates
        assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    ubuntu = [r.cycle for r in table.releases if r.os == "ubuntu"]
    assert ubuntu[:3] == ["26.04", "25.10", "25.04"]


def test_windows_10_22h2(table: LifecycleTable) -> None:
    release = table.find("windows", "10 22H2", "enterprise")
    assert release == Release(
        os="windows",
        cycle="10-22h2",
        label="Windows 10 22H2",
        released=date(2022, 10, 18),
        eol=date(2025, 10, 14),
        eoes=date(2028, 10, 10),
        source="endoflife.date",
        build="10.0.19045",
    )
    assert table.find("windows", "10 22H2", "pro") is release
    # Paid extended updates exist (eoes), but count only when settings declare them.
    assert table.supported_on(release, date(2025, 10, 14))
    assert not table.supported_on(release, date(2025, 10, 15))
    assert not table.supported_on(release, date(2027, 1, 1))


def test_windows_11(table: LifecycleTable) -> None:
    pro = table.find("windows", "11 23H2", "pro")
    assert pro is not None
    assert (pro.cycle, pro.label) == ("11-23h2-w", "Windows 11 23H2 Home/Pro")
    assert (pro.released, pro.eol) == (date(2023, 10, 31), date(2025, 11, 11))
    enterprise = table.find("windows", "11 23H2", "enterprise")
    assert enterprise is not None and enterprise.eol == date(2026, 11, 10)
    release = table.find("windows", "11 24H2", "enterprise")
    assert release is not None
    assert release.label == "Windows 11 24H2 Enterprise/Education"
    assert release.eol == date(2027, 10, 12)
    iot = table.find("windows", "11 24H2", "iot-ltsc")
    assert iot is not None and iot.eol == date(2034, 10, 10)


def test_ubuntu_2204(table: LifecycleTable) -> None:
    release = table.find("ubuntu", "22.04.5", None)
    assert release is not None
    assert release.label == "Ubuntu 22.04 LTS"
    assert (release.eol, release.eoes) == (date(2027, 4, 1), date(2032, 4, 9))
    assert table.supported_on(release, date(2027, 4, 1))
    assert not table.supported_on(release, date(2027, 4, 2))


def test_no_end_announced_is_supported(table: LifecycleTable) -> None:
    release = table.find("macos", "14.5", None)
    assert release is not None
    assert (release.cycle, release.label) == ("14", "macOS 14 (Sonoma)")
    assert release.released == date(2023, 9, 26)
    assert release.eol is None
    assert table.supported_on(release, date(2099, 1, 1))
    ventura = table.find("macos", "13", None)
    assert ventura is not None and ventura.eol == date(2025, 9, 15)


def test_ended_without_a_published_date_is_not_supported(table: LifecycleTable) -> None:
    release = table.find("android", "4.3", None)
    assert release is not None
    assert release.eol == release.released == date(2013, 7, 24)
    assert "end date not published" in release.label
    assert not table.supported_on(release, date(2014, 1, 1))


def test_other_real_dates(table: LifecycleTable) -> None:
    cases = {
        ("ios", "17.4"): date(2025, 5, 13),
        ("debian", "12.5"): date(2026, 7, 11),
        ("rhel", "9.4"): date(2032, 5, 31),
        ("sles", "15 SP6"): date(2025, 12, 31),
        ("android", "13"): date(2026, 3, 2),
    }
    for (name, version), eol in cases.items():
        release = table.find(name, version, None)
        assert release is not None and release.eol == eol, (name, version)


@pytest.mark.parametrize(
    ("name", "version", "edition"),
    [
        ("chromeos", "126", None),
        ("ChromeOS", "120.0.6099", None),
        ("windows", "11 27H2", "enterprise"),  # newer than the snapshot
        ("windows", "10 22H2", "ltsc"),
        ("windows", "11 24H2", None),
        ("macos", "99", None),
        ("ubuntu", "23.05", None),
        ("debian", "bookworm", None),
    ],
)
def test_find_unknown(table: LifecycleTable, name: str, version: str, edition: str | None) -> None:
    assert table.find(name, version, edition) is None


# --- overrides -----------------------------------------------------------------------------------


def test_override_replaces(table: LifecycleTable) -> None:
    entry = LifecycleEntry(name="ubuntu", version="22.04", edition=None, eol=date(2032, 4, 9))
    overridden = table.with_overrides([entry])
    release = overridden.find("ubuntu", "22.04", None)
    assert release is not None
    assert (release.eol, release.source) == (date(2032, 4, 9), "settings")
    assert (release.label, release.released) == ("Ubuntu 22.04 LTS", date(2022, 4, 21))
    assert len(overridden.releases) == len(table.releases)
    original = table.find("ubuntu", "22.04", None)
    assert original is not None and original.eol == date(2027, 4, 1)  # the table is unchanged


def test_override_adds(table: LifecycleTable) -> None:
    entries = [
        LifecycleEntry(name="chromeos", version="126", edition=None, eol=date(2025, 1, 1)),
        LifecycleEntry(name="windows", version="11 27H2", edition="pro", eol=date(2029, 10, 9)),
    ]
    overridden = table.with_overrides(entries)
    assert len(overridden.releases) == len(table.releases) + 2
    chromeos = overridden.find("ChromeOS", "126", None)
    assert chromeos == Release(
        os="chromeos",
        cycle="126",
        label="chromeos 126",
        released=None,
        eol=date(2025, 1, 1),
        eoes=None,
        source="settings",
    )
    windows = overridden.find("windows", "11 27h2", "home")
    assert windows is not None
    assert (windows.cycle, windows.label) == ("11-27h2-w", "Windows 11 27H2 pro")
    assert overridden.find("windows", "11 27H2", "enterprise") is None
    assert overridden.find("chromeos", "127", None) is None
    # without a release date, settings additions sort first within their OS
    assert next(r for r in overridden.releases if r.os == "windows") == windows


def test_override_windows_10_esu_for_one_edition_group(table: LifecycleTable) -> None:
    """The spec's example: extended updates bought for the Enterprise fleet only."""
    entry = LifecycleEntry(
        name="windows", version="10 22H2", edition="enterprise", eol=date(2028, 10, 10)
    )
    overridden = table.with_overrides([entry])
    enterprise = overridden.find("windows", "10 22H2", "education")
    assert enterprise is not None
    assert (enterprise.cycle, enterprise.eol, enterprise.source) == (
        "10-22h2-e",
        date(2028, 10, 10),
        "settings",
    )
    assert enterprise.label == "Windows 10 22H2 Enterprise/Education"
    assert enterprise.released == date(2022, 10, 18)
    pro = overridden.find("windows", "10 22H2", "pro")
    assert pro is not None and (pro.cycle, pro.eol) == ("10-22h2", date(2025, 10, 14))
    # without an edition the entry covers every edition of the shared cycle
    everyone = table.with_overrides([dataclasses.replace(entry, edition=None)])
    for edition in ("enterprise", "pro", "home"):
        release = everyone.find("windows", "10 22H2", edition)
        assert release is not None and release.eol == date(2028, 10, 10)


def test_override_later_entry_wins(table: LifecycleTable) -> None:
    entries = [
        LifecycleEntry(name="debian", version="12", edition=None, eol=date(2027, 1, 1)),
        LifecycleEntry(name="Debian", version="12.9", edition=None, eol=date(2028, 6, 30)),
    ]
    release = table.with_overrides(entries).find("debian", "12", None)
    assert release is not None and release.eol == date(2028, 6, 30)


@pytest.mark.parametrize(
    ("name", "version", "edition"),
    [("windows", "11 24H2", None), ("windows", "11 24H2", "starter"), ("ubuntu", "jammy", None)],
)
def test_override_unreadable_raises(
    table: LifecycleTable, name: str, version: str, edition: str | None
) -> None:
    entry = LifecycleEntry(name=name, version=version, edition=edition, eol=date(2030, 1, 1))
    with pytest.raises(ValueError, match="matches no release"):
        table.with_overrides([entry])


# --- ending_within -------------------------------------------------------------------------------


def test_ending_within(table: LifecycleTable) -> None:
    ending = table.ending_within(date(2026, 11, 27), 180)
    assert [(r.os, r.cycle, r.eol) for r in ending] == [
        ("windows", "10-21h2-e-lts", date(2027, 1, 12)),
        ("windows-server", "2016", date(2027, 1, 12)),
        ("ubuntu", "22.04", date(2027, 4, 1)),
    ]


def test_ending_within_bounds_are_inclusive(table: LifecycleTable) -> None:
    eol = date(2027, 4, 1)  # ubuntu 22.04
    assert "22.04" in {r.cycle for r in table.ending_within(eol, 0)}
    assert "22.04" in {r.cycle for r in table.ending_within(date(2027, 3, 2), 30)}
    assert "22.04" not in {r.cycle for r in table.ending_within(date(2027, 3, 2), 29)}
    assert "22.04" not in {r.cycle for r in table.ending_within(date(2027, 4, 2), 365)}


def test_ending_within_sees_overrides(table: LifecycleTable) -> None:
    entry = LifecycleEntry(name="ubuntu", version="22.04", edition=None, eol=date(2032, 4, 9))
    ending = table.with_overrides([entry]).ending_within(date(2026, 11, 27), 180)
    assert "22.04" not in {r.cycle for r in ending}


# --- rebuilding the bundled JSON -----------------------------------------------------------------


def test_build_reproduces_bundled_json() -> None:
    script = _build_script()
    assert script.render(script.build()) == BUNDLED_JSON.read_text(encoding="utf-8")


def test_build_script_command_line(tmp_path: Path) -> None:
    output = tmp_path / "lifecycle.json"
    command = [sys.executable, str(SCRIPT), "--output", str(output)]
    subprocess.run(command, check=True)
    assert output.read_bytes() == BUNDLED_JSON.read_bytes()
    subprocess.run([*command, "--check"], check=True)
    output.write_text("{}\n", encoding="utf-8")
    assert subprocess.run([*command, "--check"], capture_output=True).returncode == 1


def test_bundled_json_shape() -> None:
    data = json.loads(BUNDLED_JSON.read_text(encoding="utf-8"))
    assert data["source"] == (
        "endoflife-date/endoflife.date, products/*.md front matter at commit a70eca33"
    )
    assert data["license"] == "MIT (Copyright 2020 endoflife.date contributors)"
    assert list(data["products"]) == sorted(OS_PRODUCTS)
    for name, product in data["products"].items():
        build = ["build"] if name == "windows" else []  # itready import reads builds
        for rel in product["releases"]:
            assert list(rel) == ["cycle", "label", "released", "eol", "eoes", *build]
    assert LifecycleTable.from_dict(data).releases == LifecycleTable.bundled().releases


@pytest.mark.parametrize(("build", "edition", "version"), [
    ("22631", None, "11 23H2"), ("19045", "pro", "10 22H2"), ("26100", "enterprise", "11 24H2"),
    ("26100", "ltsc", "11 24H2"), ("17763", "ltsc", "10 1809"), ("19044", "iot-ltsc", "10 21H2"),
    ("9600", None, "8.1"), ("27881", None, None),
])
def test_windows_builds_map_to_releases(build, edition, version):
    """itready import reads builds (10.0.22631) through the table's build of each release."""
    table = LifecycleTable.bundled()
    assert table.windows_version(build, edition) == version
    if version is not None:
        assert table.find("windows", version, edition or "enterprise") is not None
