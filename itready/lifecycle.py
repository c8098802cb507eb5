"""Operating-system support end dates: which release a device runs, and until when it is patched.

Why this module exists: rules DEV001, DEV002 and DEV011 and the command ``itready lifecycle``
need one answer to "does this OS still get security fixes on the check date?". The answer comes
from a bundled snapshot of endoflife.date (``itready/data/lifecycle.json``, rebuilt by
``scripts/build_lifecycle.py`` from ``third_party/endoflife/``, MIT licence), overridden by the
organisation's own ``lifecycle:`` entries in ``itready.yaml``.

Rules (spec: inventory-format.md, "Lifecycle"):

- Support ends on the ``eol`` date, which is still a supported day (the vendor ships its last
  fixes that day): a release is supported while ``as_of <= eol``. ``eol`` None means no end is
  announced (endoflife.date ``eol: false``), and the release is supported.
- Paid extended support (``eoes``) is informational. It never extends ``eol`` by itself; it
  counts only where the organisation declares it with a settings entry, whose ``eol`` replaces
  the table's.
- endoflife.date ``eol: true`` (ended, no date published: Android 4.3 and older) is stored as
  ending on the release date, so it is never supported; its label says so.
- An OS the table does not know (ChromeOS: endoflife.date has no data) is not found, so that
  DEV011 reports it, unless settings add its releases.

Windows editions: endoflife.date splits Windows 10/11 releases into ``-e`` (Enterprise,
Education), ``-w`` (Home, Pro), ``-e-lts`` (LTSC) and ``-iot-lts`` (IoT Enterprise LTSC) cycles,
except six Windows 10 releases (1507, 1511, 1903, 2004, 21H1, 22H2) that have one cycle for all
editions. A settings entry with an edition for one of those six applies to that edition group
only (``10-22h2-e``: extended updates bought for the Enterprise fleet do not make Pro devices
supported); the device lookup tries the edition group first, then the shared cycle.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

SOURCE_TABLE = "endoflife.date"
SOURCE_SETTINGS = "settings"


@dataclass(frozen=True, slots=True)
class Release:
    """One release cycle of an operating system and its support end."""

    os: str  # itready OS name: windows, macos, ios, ipados, android, ubuntu, debian, rhel, sles
    cycle: str  # endoflife.date cycle id, e.g. "11-24h2-e", "22.04", "14"
    label: str  # human label, e.g. "Windows 11 24H2 Enterprise/Education", "Ubuntu 22.04 LTS"
    released: date | None
    eol: date | None  # end of security support (a supported day); None = no end announced
    eoes: date | None  # paid extended support end, if the table has one (informational only)
    source: str  # "endoflife.date" or "settings" (an organisation's override)
    build: str | None = None  # Windows: the release's build, "10.0.22631" (endoflife.date latest)


@dataclass(frozen=True, slots=True)
class LifecycleEntry:
    """One ``lifecycle:`` entry of the settings file itready.yaml."""

    name: str
    version: str
    edition: str | None
    eol: date


# --- from a device's os (name, version, edition) to the table's cycle id ----------------------

_WINDOWS_EDITIONS = {
    "enterprise": "e",
    "education": "e",
    "pro": "w",
    "home": "w",
    "ltsc": "e-lts",
    "ltsb": "e-lts",
    "iot-ltsc": "iot-lts",
    "iot-ltsb": "iot-lts",
}
_WINDOWS_GROUPS = {"e": "Enterprise/Education", "w": "Home/Pro"}
#: Windows 10 releases that endoflife.date does not split into -e and -w cycles.
_WINDOWS10_SHARED = frozenset({"1507", "1511", "1903", "2004", "21h1", "22h2"})
#: LTSC/LTSB releases are sold by year: "10 2021" with edition ltsc is 10 21H2.
_LTSC_YEARS = {
    "10-2015": "1507",
    "10-2016": "1607",
    "10-2019": "1809",
    "10-2021": "21h2",
    "11-2024": "24h2",
}
_WINDOWS_NOISE = frozenset({"windows", "version", "enterprise", "iot", "ltsc", "ltsb"})
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?")


def _norm(text: object) -> str:
    """Lower case, trimmed, runs of blanks and underscores as one hyphen."""
    return re.sub(r"[\s_]+", "-", str(text).strip().lower())


def _windows_keys(version: str, edition: str | None) -> tuple[str, ...]:
    group = None if edition is None else _WINDOWS_EDITIONS.get(_norm(edition))
    if edition is not None and group is None:
        return ()
    tokens = [t for t in re.split(r"[\s_-]+", version.lower()) if t and t not in _WINDOWS_NOISE]
    if tokens and tokens[0] in ("10", "11"):
        if len(tokens) != 2:
            return ()
        base = "-".join(tokens)
        if group in ("e-lts", "iot-lts") and base in _LTSC_YEARS:
            base = f"{tokens[0]}-{_LTSC_YEARS[base]}"
        if not re.fullmatch(r"10-\d\d(0[1-9]|1[0-2])|1[01]-\d\dh[12]", base):  # 1809, 24H2
            return ()
        if base[:3] == "10-" and base[3:] in _WINDOWS10_SHARED and group in (None, "e", "w"):
            return (f"{base}-{group}", base) if group else (base,)
        return (f"{base}-{group}",) if group else ()
    # Before Windows 10 a release has one cycle for all editions: "8.1", "7-sp1", "5-sp3".
    old = "-".join({"xp": "5", "vista": "6"}.get(t, t) for t in tokens)
    return (old,) if re.fullmatch(r"\d(\.\d)?(-sp\d)?", old) else ()


def _major(v: str) -> str | None:
    m = _NUMBER.search(v)
    return str(int(m[1])) if m else None


def _macos(v: str) -> str | None:  # "14.5" -> "14", "10.15.7" -> "10.15"
    m = _NUMBER.search(v)
    if not m:
        return None
    if int(m[1]) >= 11:
        return str(int(m[1]))
    return f"10.{int(m[2])}" if int(m[1]) == 10 and m[2] else None


def _android(v: str) -> str | None:  # "14" -> "14", "12L" -> "12.1", "8" -> "8.0", "4.4W"
    m = re.search(r"(\d+)(?:\.(\d+))?([lw])?", v)
    if not m:
        return None
    major, minor, suffix = int(m[1]), int(m[2] or 0), m[3]
    if major == 12 and (minor == 1 or suffix == "l"):
        return "12.1"
    if major >= 9:
        return str(major)
    return f"{major}.{minor}" + ("w" if suffix == "w" else "")


def _ubuntu(v: str) -> str | None:  # "22.04.4 LTS" -> "22.04"; "22.4" -> "22.04"
    m = re.search(r"(\d+)\.(\d+)", v)
    if not m:
        return None
    month = m[2] if len(m[2]) == 2 else "10" if m[2] == "1" else m[2].zfill(2)
    return f"{int(m[1])}.{month}"


def _debian(v: str) -> str | None:  # "12.5" -> "12"; before 4: "3.1r8" -> "3.1"
    m = _NUMBER.search(v)
    if not m:
        return None
    return str(int(m[1])) if int(m[1]) >= 4 else f"{int(m[1])}.{int(m[2] or 0)}"


def _sles(v: str) -> str | None:  # "15 SP5", "15-SP5", "15.5" -> "15.5"; "15" -> "15.0"
    m = re.search(r"(\d+)(?:\.(\d+)|[\s-]*sp[\s-]*(\d+))?", v)
    return f"{int(m[1])}.{int(m[2] or m[3] or 0)}" if m else None


def _windows_server(v: str) -> str | None:  # "2022", "2012 R2" -> "2012-r2", "20H2 SAC"
    key = re.sub(r"^windows-server-", "", _norm(v))
    return key or None


_PARSERS: dict[str, Callable[[str], str | None]] = {
    "android": _android,
    "debian": _debian,
    "ios": _major,
    "ipados": _major,
    "macos": _macos,
    "rhel": _major,
    "sles": _sles,
    "ubuntu": _ubuntu,
    "windows-server": _windows_server,
}
KNOWN_OS = frozenset({"windows", *_PARSERS})


def _lookup_keys(os: str, version: str, edition: str | None) -> tuple[str, ...]:
    """Cycle ids to try, most specific first. Unknown OS names: the normalised version."""
    version = str(version).strip()
    if os == "windows":
        return _windows_keys(version, edition)
    parse = _PARSERS.get(os)
    key = parse(version.lower()) if parse else (_norm(version) or None)
    return (key,) if key else ()


def release_key(name: str, version: str, edition: str | None) -> str | None:
    """The table's cycle id for a device's os, or None (unknown OS name, unreadable version).

    ``windows`` "11 24H2" enterprise -> ``11-24h2-e`` (education too; pro/home -> ``-w``, ltsc ->
    ``-e-lts``, iot-ltsc -> ``-iot-lts``); "10 22H2" any of enterprise/education/pro/home ->
    ``10-22h2``; ``ubuntu`` "22.04.4" -> ``22.04``; ``macos`` "14.5" -> ``14``; ``ios`` "17.4" ->
    ``17``; ``debian`` "12.5" -> ``12``; ``rhel`` "9.4" -> ``9``; ``sles`` "15 SP5" -> ``15.5``.
    """
    os = _norm(name)
    if os not in KNOWN_OS:
        return None
    keys = _lookup_keys(os, version, edition)
    return keys[-1] if keys else None


# --- the table ---------------------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _newest_first(r: Release) -> tuple[str, bool, int, str]:
    # Releases without a release date (settings additions) first: usually newer than the data.
    return (r.os, r.released is not None, -r.released.toordinal() if r.released else 0, r.cycle)


class LifecycleTable:
    """Release cycles of operating systems with their support end, looked up by a device's os."""

    __slots__ = ("_builds", "_found", "_index", "_titles", "data_as_of", "releases", "snapshot")

    def __init__(
        self,
        snapshot: str,
        releases: Iterable[Release],
        *,
        data_as_of: date | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self.snapshot = snapshot  # endoflife.date commit the table was built from
        self.data_as_of = data_as_of  # newest release date in the data: the snapshot is as new
        self._titles = dict(titles or {})  # os -> display name ("macOS")
        self._index = {(r.os, r.cycle): r for r in releases}  # later duplicates win
        self.releases: tuple[Release, ...] = tuple(sorted(self._index.values(), key=_newest_first))
        self._found: dict[tuple[str, str | None], str | None] = {}  # windows_version's answers
        self._builds: dict[str, list[Release]] = {}  # Windows build number -> its releases
        for release in self.releases:
            if release.os == "windows" and release.build is not None:
                self._builds.setdefault(release.build.rsplit(".", 1)[-1], []).append(release)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LifecycleTable:
        """A table from the JSON document that scripts/build_lifecycle.py writes."""
        releases = [
            Release(
                os=os,
                cycle=r["cycle"],
                label=r["label"],
                released=_day(r["released"]),
                eol=_day(r["eol"]),
                eoes=_day(r["eoes"]),
                source=SOURCE_TABLE,
                build=r.get("build"),
            )
            for os, product in data["products"].items()
            for r in product["releases"]
        ]
        titles = {os: product["title"] for os, product in data["products"].items()}
        return cls(
            data["snapshot"], releases, data_as_of=_day(data.get("data_as_of")), titles=titles
        )

    @classmethod
    def bundled(cls) -> LifecycleTable:
        """The table shipped in itready/data/lifecycle.json (loaded once)."""
        return _bundled()

    def with_overrides(self, entries: Iterable[LifecycleEntry]) -> LifecycleTable:
        """A new table where settings entries replace or add releases (source "settings").

        An entry replaces the release it maps to (keeping its label and dates but ``eol``), or
        adds one; later entries win. Raises ValueError for an entry of a known OS whose version
        (or Windows edition) maps to no cycle id: check entries with ``release_key`` first.
        """
        index = dict(self._index)
        for entry in entries:
            os = _norm(entry.name)
            keys = _lookup_keys(os, entry.version, entry.edition)
            if not keys:
                raise ValueError(
                    f"lifecycle entry {entry.name} {entry.version!r} "
                    f"(edition {entry.edition!r}) matches no release"
                )
            base = next((index[os, k] for k in keys if (os, k) in index), None)
            if base is None:
                title = self._titles.get(os, entry.name)
                label = " ".join(filter(None, [title, str(entry.version), entry.edition]))
            elif base.cycle != keys[0]:  # edition group of a shared Windows 10 cycle
                label = f"{base.label} {_WINDOWS_GROUPS[keys[0].rsplit('-', 1)[1]]}"
            else:
                label = base.label
            index[os, keys[0]] = Release(
                os=os,
                cycle=keys[0],
                label=label,
                released=base.released if base else None,
                eol=entry.eol,
                eoes=base.eoes if base else None,
                source=SOURCE_SETTINGS,
            )
        return LifecycleTable(
            self.snapshot, index.values(), data_as_of=self.data_as_of, titles=self._titles
        )

    def find(self, name: str, version: str, edition: str | None) -> Release | None:
        """The release a device's os runs, or None if the table does not know it (DEV011)."""
        os = _norm(name)
        for key in _lookup_keys(os, version, edition):
            release = self._index.get((os, key))
            if release is not None:
                return release
        return None

    def usage(self, systems: Iterable[tuple[str, str, str | None]]
              ) -> tuple[dict[tuple[str, str], int], int]:
        """How many of ``systems`` (name, version, edition of each device's os) run each
        release, by (os, cycle), and how many run a release the table does not know."""
        counts: dict[tuple[str, str], int] = {}
        unknown = 0
        for system in systems:
            release = self.find(*system)
            if release is None:
                unknown += 1
            else:
                key = (release.os, release.cycle)
                counts[key] = counts.get(key, 0) + 1
        return counts, unknown

    def windows_version(self, build: str, edition: str | None) -> str | None:
        """The release a Windows build number belongs to, as devices write it: 22631 ->
        "11 23H2", 19045 -> "10 22H2". Where editions share a build (26100: 24H2 and LTSC
        2024) the edition decides; None when the table does not know the build, or the
        edition is needed and unknown."""
        if (build, edition) not in self._found:
            self._found[(build, edition)] = self._windows_version(build, edition)
        return self._found[(build, edition)]

    def _windows_version(self, build: str, edition: str | None) -> str | None:
        found = self._builds.get(build, [])
        group = None if edition is None else _WINDOWS_EDITIONS.get(_norm(edition))
        if group is not None:
            fitting = [r for r in found if r.cycle.endswith(f"-{group}")]
            found = fitting or [r for r in found if not _WINDOWS_CYCLE_GROUP.search(r.cycle)]
        versions = {_version_of(r.cycle) for r in found}
        return versions.pop() if len(versions) == 1 else None

    def ending_within(self, as_of: date, days: int) -> list[Release]:
        """Releases whose support ends in [as_of, as_of + days], soonest first."""
        last = as_of + timedelta(days=days)
        ending = [r for r in self.releases if r.eol is not None and as_of <= r.eol <= last]
        return sorted(ending, key=lambda r: (r.eol, r.os, r.cycle))

    def supported_on(self, release: Release, as_of: date) -> bool:
        """True while ``as_of <= eol`` (the eol day itself is supported), or no end announced."""
        return release.eol is None or as_of <= release.eol


_WINDOWS_CYCLE_GROUP = re.compile(r"-(?:e|w|e-lts|iot-lts|iot)$")


def _version_of(cycle: str) -> str:
    """A Windows cycle id as a device's version: "11-24h2-e-lts" -> "11 24H2"."""
    base = _WINDOWS_CYCLE_GROUP.sub("", cycle)
    major, _, release = base.partition("-")
    return f"{major} {release.upper()}" if release else major


@cache
def _bundled() -> LifecycleTable:
    text = resources.files("itready").joinpath("data/lifecycle.json").read_text(encoding="utf-8")
    return LifecycleTable.from_dict(json.loads(text))
