#!/usr/bin/env python3
"""A git repository with a year of an inventory's history, for the history benchmark.

    python bench/history_repo.py INVENTORY REPO [--months 12] [--share 0.05]
                                 [--spread] [--until 2026-11-27]

Copies INVENTORY (e.g. ``bench/out/inv-10000``) into ``REPO/inventory/`` and commits it dated
``--months`` months before ``--until``; then one commit per month, each replacing ``--share`` of
the devices by new ones (a new serial, purchased that month, five years' warranty), the last on
``--until``. The devices replaced in a month are those of one department after another (a
rollout, as a city replaces devices: a department's files change, the others do not), or with
``--spread`` drawn at random from every file (then every department file changes every month).
Same arguments, same repository (commit dates and author are fixed). Stdlib and git only.
"""

from __future__ import annotations

import argparse
import calendar
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

AUTHOR = ("itready bench", "bench@example.org")
_DEVICE = re.compile(r"^  - id: (.+)$")
_SERIAL = re.compile(r"^    serial: .*$")
_PURCHASED = re.compile(r"^    purchased: .*$")
_WARRANTY = re.compile(r"^    warranty_until: .*$")


def git(repo: Path, *args: str, when: date | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1],
           "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1]}
    if when is not None:
        stamp = f"{when.isoformat()}T12:00:00+00:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def commit_dates(until: date, months: int) -> list[date]:
    """The first commit ``months`` months before ``until`` (at a month's end), then one per
    month, the last on ``until``."""
    dates = []
    for back in range(months, 0, -1):
        year, month = divmod(until.year * 12 + until.month - 1 - back, 12)
        dates.append(month_end(year, month + 1))
    return [*dates, until]


def devices(files: list[Path]) -> list[tuple[Path, int]]:
    """(file, line number of its ``- id:``) of every device record, in file order."""
    found = []
    for path in files:
        inside = False
        for number, line in enumerate(path.read_text("utf-8").split("\n")):
            if not line.startswith(" "):
                inside = line.startswith("devices:")
            elif inside and _DEVICE.match(line):
                found.append((path, number))
    return found


def replace(chosen: list[tuple[Path, int]], when: date, rng: random.Random) -> None:
    """New serial, purchase date and warranty for each chosen device record."""
    by_file: dict[Path, list[int]] = {}
    for path, number in chosen:
        by_file.setdefault(path, []).append(number)
    warranty = date(when.year + 5, when.month, min(when.day, 28))
    for path, starts in by_file.items():
        lines = path.read_text("utf-8").split("\n")
        for start in starts:
            end = start + 1
            while end < len(lines) and lines[end].startswith("    "):
                end += 1
            serial = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
            for n in range(start + 1, end):
                if _SERIAL.match(lines[n]):
                    lines[n] = f'    serial: "{serial}"'
                elif _PURCHASED.match(lines[n]):
                    lines[n] = f"    purchased: {when.isoformat()}"
                elif _WARRANTY.match(lines[n]):
                    lines[n] = f"    warranty_until: {warranty.isoformat()}"
        path.write_text("\n".join(lines), "utf-8")


def build(inventory: Path, repo: Path, months: int = 12, share: float = 0.05,
          spread: bool = False, until: date = date(2026, 11, 27), seed: int = 1) -> list[int]:
    """Write the repository; returns how many files each monthly commit changed."""
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(inventory, repo / "inventory")
    dates = commit_dates(until, months)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "inventory", when=dates[0])
    files = sorted((repo / "inventory").rglob("*.yaml"))
    records = devices(files)
    per_month = max(1, round(len(records) * share))
    rng = random.Random(seed)
    order = rng.sample(records, len(records)) if spread else records
    changed = []
    for number, when in enumerate(dates[1:]):
        start = number * per_month % len(order)
        chosen = (order + order)[start:start + per_month]
        replace(chosen, when, rng)
        changed.append(len({path for path, _ in chosen}))
        git(repo, "commit", "-q", "-am", f"{when:%Y-%m}: {per_month} devices replaced",
            when=when)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inventory", type=Path)
    parser.add_argument("repo", type=Path)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--spread", action="store_true")
    parser.add_argument("--until", type=date.fromisoformat, default=date(2026, 11, 27))
    args = parser.parse_args(argv)
    changed = build(args.inventory, args.repo, args.months, args.share, args.spread, args.until)
    print(f"{args.repo}: {len(changed) + 1} commits; files changed per month: {changed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
