#!/usr/bin/env python3
"""Build a git repository with a year of monthly commits of the example inventory.

    python scripts/demo_history.py DIR
    itready history DIR --as-of 2026-11-27
    itready report DIR --as-of 2026-11-27 -o bericht.html

A clone of itready cannot carry the example's own history, so this script makes one, for a
first look at ``itready history`` and the history charts of ``itready report``: DIR becomes a
git repository holding the example inventory (``inventories/musterstadt``) at its top,
committed once a month from 30 November 2025 to the example's check date, 27 November 2026.
The last commit is the example as it is; the earlier ones hold what the inventory could have
known then: a security training dated after a commit is not yet recorded in it, and a share of
the laptops are encrypted and enrolled in device management only in the month the rollout
reached them. So readiness rises month by month, as a city's training campaign and encryption
rollout would make it rise.

Same example, same repository: commit dates, author and contents are fixed (the commit ids
differ only with the git version's object format). DIR must not exist or be empty. Stdlib and
git only.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inventories" / "musterstadt"
CHECK_DATE = date(2026, 11, 27)
MONTHS = 12
#: Share of the laptops, in percent, that the encryption and MDM rollout reached in the year.
ROLLOUT = 35
AUTHOR = ("IT-Service Musterstadt", "it-service@musterstadt.example")

_RECORD = re.compile(r"^  - id: (\S+)")
_TRAINING = re.compile(r"^    training: (\d{4}-\d\d-\d\d)\s*(#.*)?$")


def commit_dates(until: date = CHECK_DATE, months: int = MONTHS) -> list[date]:
    """The last day of each of the ``months`` months before ``until``'s month, then
    ``until``."""
    dates = []
    for back in range(months, 0, -1):
        year, month = divmod(until.year * 12 + until.month - 1 - back, 12)
        dates.append(date(year, month + 1, calendar.monthrange(year, month + 1)[1]))
    return [*dates, until]


def rollout_month(device: str) -> int | None:
    """The month (1 to 12) in which the rollout reached a laptop, or None if it needed
    none: a stable choice by the device id."""
    digest = int(hashlib.sha256(device.encode()).hexdigest(), 16)
    if digest % 100 >= ROLLOUT:
        return None
    return digest // 100 % MONTHS + 1


def as_of_then(text: str, when: date, month: int) -> str:
    """An inventory file as it stood on ``when`` (the commit of ``month``, 0 to 12)."""
    out: list[str] = []
    record = ""
    laptop = False
    for line in text.split("\n"):
        found = _RECORD.match(line)
        if found:
            record, laptop = found.group(1), False
        if line.strip() == "kind: laptop":
            laptop = True
        training = _TRAINING.match(line)
        if training and date.fromisoformat(training.group(1)) > when:
            continue  # not trained yet
        reached = rollout_month(record)
        if laptop and reached is not None and month < reached and line in (
                "    encrypted: true", "    mdm: true"):
            line = line.replace("true", "false")
        out.append(line)
    return "\n".join(out)


def git(repo: Path, *args: str, when: date | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1],
           "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1]}
    if when is not None:
        stamp = f"{when.isoformat()}T17:00:00+01:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env,
                   check=True, capture_output=True)


def build(target: Path) -> list[date]:
    """Write the repository into ``target``; returns the commit dates."""
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} is not empty; name a new directory")
    target.mkdir(parents=True, exist_ok=True)
    git(target, "init", "-q")
    files = sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    dates = commit_dates()
    for month, when in enumerate(dates):
        for relative in files:
            text = (EXAMPLE / relative).read_text("utf-8")
            if relative.suffix == ".yaml" and month < MONTHS:
                text = as_of_then(text, when, month)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_text(text, "utf-8", newline="")
        git(target, "add", "-A")
        message = "Inventar übernommen" if month == 0 else \
            f"Inventar {when:%m/%Y}: Schulungen, Verschlüsselung und MDM nachgetragen"
        git(target, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return dates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="a new directory for the repository")
    args = parser.parse_args(argv)
    if shutil.which("git") is None:
        print("git is not installed", file=sys.stderr)
        return 2
    dates = build(args.target)
    print(f"{args.target}: {len(dates)} monthly commits of the example inventory, "
          f"{dates[0]} to {dates[-1]}. Now:\n"
          f"  itready history {args.target} --as-of {CHECK_DATE}\n"
          f"  itready report {args.target} --as-of {CHECK_DATE} -o bericht.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
