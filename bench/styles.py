#!/usr/bin/env python3
"""One generated inventory, written again in other YAML styles with identical data.

    .venv/bin/python bench/styles.py BASE OUTROOT [--styles block,flow-os,...]

``BASE`` is an inventory that ``bench/generate.py`` wrote; each style goes to ``OUTROOT/STYLE/``
with the same ``itready.yaml`` and the same records, field for field (``same_records`` checks
it; tests/bench/test_styles.py runs it on a small inventory). People write YAML in every one of
these ways, and each costs the loader something else:

* ``block``         block mappings everywhere (the generator's own style)
* ``flow-os``       ``os: {name: windows, version: "11 24H2", edition: enterprise}``
* ``flow-records``  every device one flow mapping on one line: ``- {id: NB-1, kind: laptop}``
* ``comments``      a comment line before every record, comments after ids and kinds
* ``prose``         the same comments as German prose with YAML indicators inside the text
                    (``# Achtung! Rückgabe & Tausch > 2027? *Akku* prüfen | Dock @ Lager``):
                    they start no node there, so the file keeps the fast route
* ``quoted``        every text value double-quoted
* ``quoted-keys``   every key and every text value double-quoted: ``"id": "WP-1"``
* ``big``           every record in one file
* ``small``         one file per 10 workplaces with their devices (1,000 files at 10,000)
* ``flow-os-small`` both of the above: flow ``os`` in many small files
* ``anchors``       each distinct ``os`` mapping of a file written once with an anchor and
                    referred to by aliases: files with anchors take the exact route, by design

Needs itready (its parser reads the base inventory).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

KIND_ORDER = ("sites", "vpn", "workplaces", "devices", "licences")
FLOW_LISTS = frozenset({"pools", "provides"})
_PLAIN = re.compile(r"[^\W\d_](?:[\w .,;/()+&'-]*[\w.)/+-])?")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
_DIGITS_PLAIN = re.compile(r"\d{4}-\d{2}-\d{2}|\d+\.\d+\.\d+\.\d+(?:/\d+)?")


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scalar(value: Any, quote_all: bool = False, flow: bool = False) -> str:
    """A value as YAML: text plain where every loader reads it back alike, else quoted."""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) in (int, float):
        return repr(value)
    if quote_all:
        return quote(value)
    plain = (_PLAIN.fullmatch(value) and value.lower() not in _RESERVED) \
        or _DIGITS_PLAIN.fullmatch(value)
    return value if plain and not (flow and (":" in value or "," in value)) else quote(value)


#: Comments of the ``comments`` style: before a record, after its id and kind.
PLAIN_REMARKS = ("reviewed by the asset team", "checked at the last inventory round")
#: ... and of the ``prose`` style: &, !, >, ?, *, | and @ inside the text of a comment.
PROSE = ("Achtung! Rückgabe & Tausch > 2027? *Akku* prüfen | Dock @ Lager",
         "Inventur 11/2026: ok! (Tausch & Entsorgung > 5 J.?)")


class Style:
    """How records are written: which mappings in flow, what quoted, which comments."""

    def __init__(self, flow_os: bool = False, flow_records: bool = False,
                 comments: bool = False, quote_values: bool = False, quote_keys: bool = False,
                 anchors: bool = False, prose: bool = False):
        self.flow_os, self.flow_records = flow_os, flow_records
        self.remarks = (PROSE if prose else PLAIN_REMARKS) if comments or prose else None
        self.quote_values, self.quote_keys, self.anchors = quote_values, quote_keys, anchors
        self.anchored: dict[str, str] = {}  # an os mapping written in flow -> its anchor

    def key(self, key: str) -> str:
        return quote(key) if self.quote_keys else key

    def flow(self, value: Any) -> str:
        if type(value) is dict:
            return "{" + ", ".join(f"{self.key(k)}: {self.flow(v)}"
                                   for k, v in value.items()) + "}"
        if type(value) is list:
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return scalar(value, self.quote_values, flow=True)

    def os(self, value: dict[str, Any]) -> str:
        """An os mapping in flow; with anchors, the first of its kind anchored, then aliased."""
        text = self.flow(value)
        if not self.anchors:
            return text
        if text in self.anchored:
            return "*" + self.anchored[text]
        self.anchored[text] = f"os{len(self.anchored)}"
        return f"&{self.anchored[text]} {text}"

    def item(self, out: list[str], rec: dict[str, Any], pad: str, top: str | None,
             number: int = 0) -> None:
        """One block-sequence item at indentation ``pad``."""
        if self.remarks and top is not None:
            out.append(f"{pad}# {top} record {number + 1}, {self.remarks[0]}")
        if self.flow_records and top == "devices":
            out.append(f"{pad}- {self.flow(rec)}")
            return
        lead, inner = pad + "- ", pad + "  "
        for key, value in rec.items():
            k = self.key(key)
            if type(value) is dict:
                if self.flow_os or self.anchors:
                    out.append(f"{lead}{k}: {self.os(value)}")
                else:
                    out.append(f"{lead}{k}:")
                    out.extend(f"{inner}  {self.key(kk)}: {scalar(vv, self.quote_values)}"
                               for kk, vv in value.items())
            elif type(value) is list:
                if key in FLOW_LISTS or not value:
                    out.append(f"{lead}{k}: {self.flow(value)}")
                elif type(value[0]) is dict:
                    out.append(f"{lead}{k}:")
                    for entry in value:
                        self.item(out, entry, inner + "  ", None)
                else:
                    out.append(f"{lead}{k}:")
                    out.extend(f"{inner}  - {scalar(v, self.quote_values)}" for v in value)
            else:
                line = f"{lead}{k}: {scalar(value, self.quote_values)}"
                if self.remarks and top is not None and key in ("id", "kind"):
                    line += f"  # {self.remarks[1]}"
                out.append(line)
            lead = inner

    def file(self, data: dict[str, list[dict[str, Any]]], header: str) -> str:
        self.anchored = {}
        out = [f"# {header}", "# Rewritten by bench/styles.py from bench/generate.py output."]
        for top, records in data.items():
            out += ["", f"{self.key(top)}:"]
            for number, rec in enumerate(records):
                self.item(out, rec, "  ", top, number)
        out.append("")
        return "\n".join(out)


def layout_split(files: dict[str, dict]) -> dict[str, dict]:
    return files


def layout_big(files: dict[str, dict]) -> dict[str, dict]:
    merged: dict[str, list] = {top: [] for top in KIND_ORDER}
    for data in files.values():
        for top, records in data.items():
            merged[top].extend(records)
    return {"inventory.yaml": {top: records for top, records in merged.items() if records}}


def layout_small(files: dict[str, dict], chunk: int = 10) -> dict[str, dict]:
    """Each department file cut into one file per ``chunk`` workplaces with the devices
    assigned to them, and a file of the department's other devices; other files unchanged."""
    out: dict[str, dict] = {}
    for relative, data in files.items():
        if not relative.startswith("departments/"):
            out[relative] = data
            continue
        stem = relative.removesuffix(".yaml")
        workplaces = data.get("workplaces", [])
        team_of = {wp["id"]: n // chunk for n, wp in enumerate(workplaces)}
        teams: dict[int, list] = {}
        rest = []
        for device in data.get("devices", []):
            team = team_of.get(device.get("assigned_to"))
            (rest if team is None else teams.setdefault(team, [])).append(device)
        for team in range((len(workplaces) + chunk - 1) // chunk):
            part: dict[str, list] = {"workplaces": workplaces[team * chunk:(team + 1) * chunk]}
            if teams.get(team):
                part["devices"] = teams[team]
            out[f"{stem}/team-{team:03d}.yaml"] = part
        if rest:
            out[f"{stem}/pool.yaml"] = {"devices": rest}
    return out


STYLES: dict[str, tuple[Style, Callable[[dict[str, dict]], dict[str, dict]]]] = {
    "block": (Style(), layout_split),
    "flow-os": (Style(flow_os=True), layout_split),
    "flow-records": (Style(flow_records=True), layout_split),
    "comments": (Style(comments=True), layout_split),
    "prose": (Style(prose=True), layout_split),
    "quoted": (Style(quote_values=True), layout_split),
    "quoted-keys": (Style(quote_values=True, quote_keys=True), layout_split),
    "big": (Style(), layout_big),
    "small": (Style(), layout_small),
    "flow-os-small": (Style(flow_os=True), layout_small),
    "anchors": (Style(anchors=True), layout_split),
}


def read(root: Path) -> dict[str, Any]:
    """Relative path -> parsed data of every inventory file (itready.yaml aside)."""
    from itready.loader.discover import discover
    from itready.loader.yaml import decode, parse

    return {relative: parse(decode((root / relative).read_bytes())).data
            for relative in discover(root, []) if relative != "itready.yaml"}


def write(name: str, base: Path, target: Path, files: dict[str, Any] | None = None) -> int:
    """Write style ``name`` of the inventory at ``base`` into ``target``; bytes written."""
    style, layout = STYLES[name]
    files = read(base) if files is None else files
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(base / "itready.yaml", target / "itready.yaml")
    written = 0
    for relative, data in layout(files).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = style.file(data, f"{relative} in style {name}")
        path.write_text(text, encoding="utf-8")
        written += len(text.encode())
    return written


def records(root: Path) -> dict[str, tuple[str, Any]]:
    """Record id -> (kind key, data) of every record of the inventory at ``root``."""
    found: dict[str, tuple[str, Any]] = {}
    for data in read(root).values():
        for top, items in data.items():
            for item in items:
                found[item["id"]] = (top, item)
    return found


def same_records(base: Path, styled: Path) -> bool:
    """Whether ``styled`` holds the records of ``base``, with the same fields in the same
    order (the file a record stands in aside)."""
    expected, got = records(base), records(styled)
    return got == expected and all(list(got[k][1]) == list(expected[k][1]) for k in expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("outroot", type=Path)
    parser.add_argument("--styles", default=",".join(STYLES))
    args = parser.parse_args(argv)
    files = read(args.base)
    for name in args.styles.split(","):
        size = write(name, args.base, args.outroot / name, files)
        count = sum(1 for _ in (args.outroot / name).rglob("*.yaml"))
        print(f"{name}: {count} files, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
