#!/usr/bin/env python3
"""Write Intune "All devices" exports of an inventory's computers, for the import benchmark.

    python bench/intune_export.py INVENTORY OUTDIR [--rows 10000] [--changed 0.05]

``OUTDIR/export-0.csv`` says what the inventory says of its first ROWS computers (as Intune's
portal export writes it: its column names, builds such as 10.0.26100.2314, True/False);
``OUTDIR/export-1.csv`` is next month's export of the same devices with every 20th row changed
(5 %): an encryption switched, a Windows 10 upgraded to 11 24H2. Same inventory, same bytes.
Runs under the project's interpreter: it reads the inventory with itready.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from itready import load
from itready.lifecycle import LifecycleTable

HEADER = ["Device ID", "Device name", "Enrollment date", "Last check-in", "OS version",
          "Serial number", "Manufacturer", "Model", "Primary user UPN", "Ownership",
          "Device state", "Encrypted", "OS", "SkuFamily", "JoinType"]
OS_NAMES = {"windows": "Windows", "macos": "macOS", "ios": "iOS", "ipados": "iPadOS",
            "android": "Android", "ubuntu": "Linux"}
EDITIONS = {"enterprise": "Enterprise", "education": "Education", "pro": "Professional",
            "home": "Core", "ltsc": "EnterpriseS", "iot-ltsc": "IoTEnterpriseS"}


def builds() -> dict[str, str]:
    """Windows release ("11 24H2") -> its build as Intune reports it."""
    found = {}
    for release in LifecycleTable.bundled().releases:
        if release.os == "windows" and release.build and release.cycle[:2] in ("10", "11"):
            major, name = release.cycle.split("-")[:2]
            found.setdefault(f"{major} {name.upper()}", release.build + ".2314")
    return found


def row(device: object, number: int, changed: bool, build: dict[str, str]) -> list[str]:
    system = device.os  # type: ignore[attr-defined]
    version = system.version
    encrypted = device.encrypted  # type: ignore[attr-defined]
    if changed and number % 2 and system.name == "windows":
        version = "11 24H2"
    elif changed:
        encrypted = not encrypted
    if system.name == "windows":
        shown = build.get(version, version)
    elif system.name in ("macos", "ios", "ipados"):
        shown = f"{version}.1"
    else:
        shown = version
    return [f"guid-{number:06d}", f"MS-{device.id}", "2024-03-11 09:14:05.0000000",  # type: ignore[attr-defined]
            f"2026-11-{1 + number % 28:02d} 08:12:44.1234567", shown,
            device.serial or "", "Vendor", device.model or "",  # type: ignore[attr-defined]
            "", "Corporate", "Managed", "" if encrypted is None else str(encrypted),
            OS_NAMES.get(system.name, system.name), EDITIONS.get(system.edition or "", ""),
            "Microsoft Entra joined"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inventory", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05)
    args = parser.parse_args()
    computers = [d for d in load(args.inventory).inventory.devices
                 if d.os is not None and d.serial][:args.rows]
    every = round(1 / args.changed) if args.changed else 0
    build = builds()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for month in (0, 1):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for number, device in enumerate(computers):
            changed = month == 1 and every and number % every == 0
            writer.writerow(row(device, number, bool(changed), build))
        (args.outdir / f"export-{month}.csv").write_bytes(b"\xef\xbb\xbf"
                                                         + out.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
