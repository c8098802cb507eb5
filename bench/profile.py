#!/usr/bin/env python3
"""Profile ``itready check`` in-process under cProfile and print the hot spots.

    .venv/bin/python bench/profile.py [--size 10000] [--warm] [--top 25] [--save FILE.prof]
                                      [--command check|validate]

Runs ``itready check INV --no-cache -f json -o bench/out/reports/profile-check.json --fail-on
never --as-of 2026-11-27`` through the CLI's own entry point, in this interpreter, on the
inventory ``bench/run.py`` generates (``bench/out/inv-N/``, generated here if missing), and prints
the top functions by cumulative and by total (own) time. ``--warm`` fills the parse cache first
and profiles a run that reads it (no ``--no-cache``); ``--command validate`` profiles ``itready
validate`` instead; ``--save`` writes the raw statistics for snakeviz or ``python -m pstats``.
Imports are profiled too: the CLI imports its modules lazily, inside the run.

cProfile roughly doubles the run time and weighs many small calls more than few large ones, so
read the shares, not the seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named profile.py, and cProfile imports the standard library's ``profile``: take
# this script's folder off the import path before that import, or it would import this file.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_run", _HERE / "run.py")
assert _spec is not None and _spec.loader is not None
run = importlib.util.module_from_spec(_spec)
sys.modules["bench_run"] = run  # dataclasses look their module up while the class is made
_spec.loader.exec_module(run)

AS_OF = run.AS_OF


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="workplaces (default 10000)")
    parser.add_argument("--warm", action="store_true", help="profile a run with a warm cache")
    parser.add_argument("--top", type=int, default=25, help="rows per table (default 25)")
    parser.add_argument("--save", type=Path, help="write the raw profile to this file")
    parser.add_argument(
        "--command",
        choices=("check", "validate"),
        default="check",
        help="the command to profile (default check)",
    )
    args = parser.parse_args(argv)

    run.OUT.mkdir(parents=True, exist_ok=True)
    inv, _ = run.inventory(args.size)
    cache_dir = run.OUT / f"cache-profile-{args.size}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    os.environ["ITREADY_CACHE_DIR"] = str(cache_dir)
    for name in ("CI", "GITHUB_ACTIONS"):
        os.environ.pop(name, None)
    report = run.OUT / "reports" / "profile-check.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    cli_args = ["check", str(inv), "-f", "json", "-o", str(report), "--fail-on", "never",
                "--as-of", AS_OF]  # fmt: skip
    if args.command == "validate":
        cli_args = ["validate", str(inv)]
    if args.warm:
        run.quick([run.ITREADY, "validate", str(inv)], dict(os.environ))  # fills the cache
    else:
        cli_args.append("--no-cache")

    from itready.cli import main as itready_main

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    try:
        itready_main(cli_args, prog_name="itready", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    finally:
        profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"itready {' '.join(cli_args)}")
    print(f"exit code {code}; {elapsed:.2f} s under cProfile\n")
    if args.save:
        profiler.dump_stats(args.save)
    for order, title in (("cumulative", "cumulative time"), ("tottime", "total (own) time")):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(order).print_stats(args.top)
        text = buffer.getvalue()
        body = text[text.index("   ncalls") :] if "   ncalls" in text else text
        print(f"=== top {args.top} by {title} ===")
        print(shorten(body))
    return 0 if code in (0, 1, None) else 1


def shorten(text: str) -> str:
    """Paths relative to the venv's site-packages or the repository, for narrower lines."""
    prefixes = sorted({str(run.ROOT) + "/", *(p + "/" for p in sys.path if p)}, key=len,
                      reverse=True)  # fmt: skip
    for prefix in prefixes:
        text = text.replace(prefix, "")
    return text


if __name__ == "__main__":
    sys.exit(main())
