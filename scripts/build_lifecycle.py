#!/usr/bin/env python3
"""Rebuild itready/data/lifecycle.json, the OS lifecycle table itready ships.

Input: the endoflife.date product files in third_party/endoflife/ (see its README.md).
Output: one JSON document with the source commit (`snapshot`), the source and licence line, the
newest release date the data records (`data_as_of`) and, per product, its releases as compact
one-line objects: cycle, label, released, eol, eoes. Products are sorted by name, releases
newest first (release date descending, then cycle id). Same input, same bytes.

    python scripts/build_lifecycle.py [--source DIR] [--output FILE] [--check]

Decisions made here (itready/lifecycle.py documents how they are used):
- `eol: false` (no end announced) becomes null; `eol: true` (ended, no date published: Android
  4.3 and older) becomes the release date, so that no check treats it as supported, and the
  label says "end date not published".
- `eoes` (paid extended support) is kept for information only; boolean values become null.
- Windows releases keep their build (endoflife.date `latest`, "10.0.22631"): `itready import`
  turns the builds that Intune, Active Directory and GLPI report into releases with it.
Stdlib only, so that it runs without installing itready.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "third_party" / "endoflife"
DEFAULT_OUTPUT = ROOT / "itready" / "data" / "lifecycle.json"

#: itready OS name -> display name. The keys are the files read from the source folder.
TITLES: dict[str, str] = {
    "android": "Android",
    "debian": "Debian",
    "ios": "iOS",
    "ipados": "iPadOS",
    "macos": "macOS",
    "rhel": "RHEL",
    "sles": "SLES",
    "ubuntu": "Ubuntu",
    "windows": "Windows",
    "windows-server": "Windows Server",
}
SOURCE = "endoflife-date/endoflife.date"
LICENSE = "MIT (Copyright 2020 endoflife.date contributors)"

_WINDOWS_CYCLE = re.compile(r"(10|11)-(\w+?)(-e-lts|-iot-lts|-e|-w|-iot)?")
_WINDOWS_EDITIONS = {
    "-e": "Enterprise/Education",
    "-w": "Home/Pro",
    "-e-lts": "Enterprise LTSC",
    "-iot-lts": "IoT Enterprise LTSC",
    "-iot": "IoT",
}


def _day(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected a date, got {value!r}")
    return date.fromisoformat(value).isoformat()


def _label(product: str, rel: dict[str, Any]) -> str:
    cycle = rel["releaseCycle"]
    own = rel.get("releaseLabel")
    codename = rel.get("codename")
    if product == "windows":
        m = _WINDOWS_CYCLE.fullmatch(cycle)
        if not m:  # before Windows 10: "8.1", "7 SP1", "Vista SP2", "XP SP3"
            return f"Windows {own or cycle}"
        edition = _WINDOWS_EDITIONS.get(m[3] or "", "")
        if m[3] == "-e-lts" and m[2] in ("1507", "1607"):
            edition = "Enterprise LTSB"
        return f"Windows {m[1]} {m[2].upper()} {edition}".rstrip()
    if product == "windows-server":
        return own or f"Windows Server {cycle}"
    if product == "macos":
        if own:  # a template: "OS X __RELEASE_CYCLE__ (__CODENAME__)"
            return own.replace("__RELEASE_CYCLE__", cycle).replace("__CODENAME__", codename)
        return f"macOS {cycle} ({codename})"
    if product == "ubuntu":
        return f"Ubuntu {cycle}" + (" LTS" if rel.get("lts") else "")
    if product == "debian":
        return f"Debian {cycle} ({codename})"
    if product == "sles":
        major, minor = cycle.split(".")
        if int(major) >= 16 or minor == "0":
            return f"SLES {cycle if int(major) >= 16 else major}"
        return f"SLES {major} SP{minor}"
    if product == "android":  # "4.4w" is the watch edition, written "4.4W"
        return f"Android {cycle.upper()}"
    return f"{TITLES[product]} {cycle}"  # ios, ipados, rhel


def _release(product: str, rel: dict[str, Any]) -> dict[str, Any]:
    cycle = rel["releaseCycle"]
    where = f"{product} {cycle}"
    released = _day(rel["releaseDate"], f"{where} releaseDate")
    label = _label(product, rel)
    eol_value = rel["eol"]
    if eol_value is False:
        eol = None
    elif eol_value is True:
        eol = released
        label += " (end date not published)"
    else:
        eol = _day(eol_value, f"{where} eol")
    eoes_value = rel.get("eoes")
    eoes = None if isinstance(eoes_value, bool | None) else _day(eoes_value, f"{where} eoes")
    entry = {"cycle": cycle, "label": label, "released": released, "eol": eol, "eoes": eoes}
    if product == "windows" and isinstance(rel.get("latest"), str):
        entry["build"] = rel["latest"]  # "10.0.22631": itready import reads builds by it
    return entry


def build(source: Path = DEFAULT_SOURCE) -> dict[str, Any]:
    """The table as a JSON-ready dict, from the endoflife.date product files in `source`."""
    commits: set[str] = set()
    newest = ""
    products: dict[str, Any] = {}
    for product in sorted(TITLES):
        data = json.loads((source / f"{product}.json").read_text(encoding="utf-8"))
        if data.get("product") != product or data.get("license") != LICENSE:
            raise ValueError(f"{product}.json: unexpected product or licence")
        commits.update(re.findall(r"/blob/([0-9a-f]{40})/", data["source"]))
        releases = [_release(product, rel) for rel in data["releases"]]
        cycles = [r["cycle"] for r in releases]
        if len(set(cycles)) != len(cycles):
            raise ValueError(f"{product}.json: duplicate release cycles")
        for rel in data["releases"]:
            for field in ("releaseDate", "latestReleaseDate"):
                if isinstance(rel.get(field), str):
                    newest = max(newest, rel[field])
        releases.sort(key=lambda r: r["cycle"])
        releases.sort(key=lambda r: r["released"], reverse=True)
        products[product] = {"title": TITLES[product], "releases": releases}
    if len(commits) != 1:
        raise ValueError(f"expected one source commit, found {sorted(commits)}")
    commit = commits.pop()
    return {
        "snapshot": commit,
        "data_as_of": newest,
        "source": f"{SOURCE}, products/*.md front matter at commit {commit[:8]}",
        "license": LICENSE,
        "products": products,
    }


def render(table: dict[str, Any]) -> str:
    """Stable text: one header field per line, one line per release."""
    lines = ["{"]
    for key in ("snapshot", "data_as_of", "source", "license"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(table[key], ensure_ascii=False)},")
    lines.append('  "products": {')
    names = list(table["products"])
    for i, name in enumerate(names):
        product = table["products"][name]
        lines.append(f"    {json.dumps(name)}: {{")
        lines.append(f'      "title": {json.dumps(product["title"], ensure_ascii=False)},')
        lines.append('      "releases": [')
        rels = product["releases"]
        for j, rel in enumerate(rels):
            comma = "," if j < len(rels) - 1 else ""
            lines.append(f"        {json.dumps(rel, ensure_ascii=False)}{comma}")
        lines.append("      ]")
        lines.append("    }" + ("," if i < len(names) - 1 else ""))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if --output differs, write nothing"
    )
    args = parser.parse_args(argv)
    text = render(build(args.source))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run scripts/build_lifecycle.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
