#!/usr/bin/env python3
"""What each change bought: the same commands under several git revisions, in one run.

    .venv/bin/python bench/revisions.py REV [REV ...] --inventories DIR [DIR ...]
                                        [--repeat 3] [--commands validate,check]

Each revision's ``itready/`` is taken with ``git archive`` into ``bench/out/rev-SHA/`` (and
compiled, as an installed package would be); then, interleaved round by round so that a slow
spell of a shared machine hits every revision alike, each command runs in a fresh process under
each revision on each inventory (``validate --no-cache``, ``check --no-cache -f json``), beside
a bare rapidyaml parse of the same files (``bench/run.py``'s). It prints the median CPU seconds
(user + system) and their ratio to the bare parse: the figures of ``bench/optimisations.md``.
A run whose first round takes longer than 10 s is not repeated.

Stdlib only; runs under the project's venv (which has every revision's dependencies).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

COMMANDS = {
    "validate": ["validate", "--no-cache"],
    "check": ["check", "--no-cache", "-f", "json", "-o", "/dev/null", "--fail-on", "never",
              "--as-of", bench.AS_OF],
}


def tree(revision: str) -> tuple[str, Path]:
    """The short commit of ``revision`` and a folder holding its ``itready/``, compiled."""
    import compileall

    sha = subprocess.run(["git", "rev-parse", "--short", revision], capture_output=True,
                         text=True, check=True, cwd=bench.ROOT).stdout.strip()
    folder = bench.OUT / f"rev-{sha}"
    if not (folder / "itready").is_dir():
        archive = subprocess.run(["git", "archive", sha, "itready"], capture_output=True,
                                 check=True, cwd=bench.ROOT).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        compileall.compile_dir(folder, quiet=1)
    return sha, folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="+")
    parser.add_argument("--inventories", nargs="+", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commands", default="validate,check")
    args = parser.parse_args(argv)
    trees = [tree(revision) for revision in args.revisions]
    for _sha, folder in trees:  # -P: not the working tree in the current directory
        where = bench.quick([bench.PYTHON, "-P", "-c", "import itready; print(itready.__file__)"],
                            dict(bench.child_env(bench.OUT / "cache-revisions"),
                                 PYTHONPATH=str(folder))).stdout.strip()
        if not where.startswith(str(folder)):
            raise SystemExit(f"the children import itready from {where}, not from {folder}")
    commands = args.commands.split(",")
    measures: dict[tuple[str, str, str], bench.Measure] = {}
    for inventory in args.inventories:
        env = bench.child_env(bench.OUT / "cache-revisions")
        measures[("parse", "", inventory.name)] = bench.Measure(
            "parse", "parse", [bench.PYTHON, "-c", bench.RYML_PARSE, str(inventory)], env)
        for sha, folder in trees:
            env = dict(bench.child_env(bench.OUT / "cache-revisions"), PYTHONPATH=str(folder))
            for command in commands:
                measures[(sha, command, inventory.name)] = bench.Measure(
                    command, f"{sha} {command} {inventory.name}",
                    [bench.PYTHON, "-P", "-m", "itready", COMMANDS[command][0], str(inventory),
                     *COMMANDS[command][1:]], env)
    for number in range(args.repeat):
        for m in measures.values():
            if number and (m.failed or m.samples[0].cpu > 10):
                continue
            m.run()
        print(f"round {number + 1} of {args.repeat} done", file=sys.stderr, flush=True)

    def cpu(key: tuple[str, str, str]) -> float:
        return statistics.median(s.cpu for s in measures[key].samples)

    print("| revision | command | " + " | ".join(i.name for i in args.inventories) + " |")
    print("|---|---|" + "---:|" * len(args.inventories))
    print("| – | bare parse | " + " | ".join(
        f"{cpu(('parse', '', i.name)):.3f} s" for i in args.inventories) + " |")
    for sha, _folder in trees:
        for command in commands:
            cells = [f"{cpu((sha, command, i.name)):.3f} s "
                     f"({cpu((sha, command, i.name)) / cpu(('parse', '', i.name)):.2f}×)"
                     for i in args.inventories]
            print(f"| {sha} | {command} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
