#!/usr/bin/env python3
"""Benchmark itready against its baselines in one run and write docs/performance.md.

    make bench
    .venv/bin/python bench/run.py [--sizes 1000,10000[,100000]] [--repeat 3]
                                  [--out docs/performance.md]

For every size (workplaces) it generates a synthetic inventory with ``bench/generate.py`` into
``bench/out/inv-N/`` (reused while the generator's source and seed are unchanged), then measures,
each as a separate process and each the median of ``--repeat`` runs, interleaved round by round so
that a slow spell of a noisy machine hits every measurement alike:

* the baselines: a bare rapidyaml parse of the same files and a marshal load of the same data;
* ``itready validate`` and ``itready check`` cold (``--no-cache``) and warm (cache populated
  first, ``$ITREADY_CACHE_DIR`` in ``bench/out/``); ``gaps`` and ``procure`` when they exist;
* up to 10,000 workplaces, ``itready history`` over 12 monthly points of a repository with 12
  monthly commits that each replace 5 % of the devices (``bench/history_repo.py``);
* ``check-jsonschema`` with the schema from ``itready schema --kind inventory``, when it exists;
* start-up: ``itready --help``, ``itready --version`` and a bare interpreter.

Seconds are the wall-clock time of the whole process, interpreter start-up included; peak memory
is the process's maximum resident set size as GNU ``/usr/bin/time`` reports it (else
``os.wait4``, which counts this script's own size as a floor). It prints the tables and writes
them, with the machine and the targets met or missed, to ``--out``.

Stdlib only. The children run under the interpreter that runs this script (the project's venv)
and import a copy of ``itready/`` taken when the run starts (``bench/out/snapshot/``), so that
edits made meanwhile cannot mix versions within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
GENERATOR = BENCH / "generate.py"
SEED = 1
AS_OF = "2026-11-27"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
ITREADY = str(BIN / "itready")
CHECK_JSONSCHEMA = str(BIN / "check-jsonschema")
SLOW = 60.0
"""A measurement whose first run takes longer than this many seconds is not repeated."""
TIMEOUT = 3600.0
"""Any single run is killed after this many seconds."""

# --------------------------------------------------------------------------------------------
# Child scripts: the baselines, run in a fresh interpreter like itready itself
# --------------------------------------------------------------------------------------------

#: Inventory files the way itready finds them: *.yaml / *.yml, hidden ones skipped, sorted.
_DISCOVER = """
import os, sys
def discover(root):
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(folder, f) for f in files
                  if not f.startswith(".") and f.endswith((".yaml", ".yml"))]
    return sorted(found)
"""

RYML_PARSE = (
    _DISCOVER
    + """
import json
import ryml
data = []
for path in discover(sys.argv[1]):
    with open(path, "rb") as handle:
        tree = ryml.parse_in_arena(handle.read())
    root = tree.root_id()
    if tree.is_stream(root):
        root = tree.first_child(root)
    data.append(json.loads(ryml.emit_json(tree, root)))
"""
)

MARSHAL_DUMP = (
    _DISCOVER
    + """
import json, marshal
import ryml
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for number, path in enumerate(discover(sys.argv[1])):
    with open(path, "rb") as handle:
        tree = ryml.parse_in_arena(handle.read())
    root = tree.root_id()
    if tree.is_stream(root):
        root = tree.first_child(root)
    with open(os.path.join(out, f"{number:04d}.marshal"), "wb") as handle:
        handle.write(marshal.dumps(json.loads(ryml.emit_json(tree, root))))
"""
)

MARSHAL_LOAD = """
import marshal, os, sys
folder = sys.argv[1]
data = []
for name in sorted(os.listdir(folder)):
    if name.endswith(".marshal"):
        with open(os.path.join(folder, name), "rb") as handle:
            data.append(marshal.loads(handle.read()))
"""

VERSIONS = """
import importlib.metadata as m
for name in ("rapidyaml", "check-jsonschema", "ruamel.yaml", "click", "rich"):
    try:
        print(name, m.version(name))
    except m.PackageNotFoundError:
        pass
"""

# --------------------------------------------------------------------------------------------
# Running one process
# --------------------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    cpu: float
    peak_mib: float
    rc: int
    stderr: str


TIME = "/usr/bin/time"
"""GNU time reports the peak RSS of the command alone. ``os.wait4`` on our own child would
include this script's memory: the child is forked from it, and Linux carries the peak of the
forked image over the ``exec``."""


def run_once(argv: list[str], env: dict[str, str], stdout: Path | None = None) -> Sample:
    """Run `argv` to its end; wall-clock seconds and the process's peak RSS."""
    timed = Path(TIME).is_file() and os.access(TIME, os.X_OK)
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp, "peak")
        full = [TIME, "-f", "%M", "-o", str(peak_file), *argv] if timed else argv
        with (
            open(stdout if stdout else os.devnull, "wb") as out,
            open(Path(tmp, "stderr"), "w+b") as err,
        ):
            start = time.perf_counter()
            proc = subprocess.Popen(
                full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=ROOT
            )
            timer = threading.Timer(TIMEOUT, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        # ru_maxrss and GNU time's %M are KiB on Linux; ru_maxrss is bytes on macOS.
        kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
        if timed:
            found = (
                re.findall(r"^(\d+)$", peak_file.read_text(), re.M) if peak_file.exists() else []
            )
            kib = int(found[-1]) if found else kib
    # CPU seconds (user + system) of the process and the processes it waited for (time's child).
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, kib / 1024, proc.returncode, stderr[-2000:])


@dataclass
class Measure:
    key: str
    label: str
    argv: list[str]
    env: dict[str, str]
    ok_rc: tuple[int, ...] = (0,)
    stdout: Path | None = None
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    #: called before each run (untimed), e.g. to forget a cached verdict
    before: Callable[[], None] | None = None

    def run(self) -> None:
        if self.before is not None:
            self.before()
        sample = run_once(self.argv, self.env, self.stdout)
        self.samples.append(sample)
        if self.bad(sample):
            print(
                f"  ! {self.label}: exit code {sample.rc}\n{indent(sample.stderr)}", file=sys.stderr
            )

    @property
    def failed(self) -> bool:
        return any(self.bad(s) for s in self.samples)

    def bad(self, sample: Sample) -> bool:
        return sample.rc not in self.ok_rc or "Traceback (most recent call last)" in sample.stderr

    @property
    def seconds(self) -> float | None:
        good = [s.seconds for s in self.samples if s.rc in self.ok_rc]
        return statistics.median(good) if good and not self.failed else None

    @property
    def cpu(self) -> float | None:
        good = [s.cpu for s in self.samples if s.rc in self.ok_rc]
        return statistics.median(good) if good and not self.failed else None

    @property
    def peak(self) -> float | None:
        good = [s.peak_mib for s in self.samples if s.rc in self.ok_rc]
        return max(good) if good and not self.failed else None

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "argv": self.argv,
            "seconds": [round(s.seconds, 4) for s in self.samples],
            "cpu_seconds": [round(s.cpu, 4) for s in self.samples],
            "peak_mib": [round(s.peak_mib, 1) for s in self.samples],
            "rc": [s.rc for s in self.samples],
            "median_seconds": self.seconds,
            "note": self.note,
        }


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-15:])


def run_rounds(measures: list[Measure], repeat: int) -> None:
    """`repeat` rounds over all measures; a measure slower than SLOW seconds runs only once."""
    for number in range(repeat):
        for m in measures:
            if number and (m.failed or m.samples[0].seconds > SLOW):
                continue
            print(f"  [{number + 1}/{repeat}] {m.label} ...", end="", flush=True)
            m.run()
            print(f" {m.samples[-1].seconds:.3f} s, {m.samples[-1].peak_mib:.0f} MiB", flush=True)


def quick(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False)


# --------------------------------------------------------------------------------------------
# Inventories
# --------------------------------------------------------------------------------------------


def generator_version() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]


def inventory(size: int) -> tuple[Path, dict]:
    """The inventory of `size` workplaces, generated unless a matching one is present."""
    target = OUT / f"inv-{size}"
    stamp_path = OUT / f"inv-{size}.json"
    wanted = {"generator": generator_version(), "seed": SEED, "workplaces": size}
    try:
        stamp = json.loads(stamp_path.read_text())
    except (OSError, ValueError):
        stamp = {}
    if (target / "itready.yaml").is_file() and {k: stamp.get(k) for k in wanted} == wanted:
        print(f"inventory {size}: reusing {target.relative_to(ROOT)}")
        return target, stamp
    print(f"inventory {size}: generating with bench/generate.py ...", flush=True)
    stamp_path.unlink(missing_ok=True)
    tmp = OUT / f"inv-{size}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.perf_counter()
    argv = [PYTHON, str(GENERATOR), str(tmp), "--workplaces", str(size), "--seed", str(SEED)]
    proc = quick(argv)
    if proc.returncode != 0 or not (tmp / "itready.yaml").is_file():
        raise SystemExit(
            f"bench/generate.py did not write an inventory (exit code {proc.returncode}):\n"
            f"    {' '.join(argv)}\n{indent(proc.stdout + proc.stderr)}\n"
            "It may still be in the making; wait a few minutes and run again."
        )
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    files = discover(target)
    stamp = dict(
        wanted,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        generate_seconds=round(time.perf_counter() - started, 2),
    )
    stamp_path.write_text(json.dumps(stamp, indent=1) + "\n")
    return target, stamp


def discover(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(folder, f)
            for f in files
            if not f.startswith(".") and f.endswith((".yaml", ".yml"))
        ]
    return sorted(found)


def marshal_data(size: int, inv: Path, stamp: dict) -> Path | None:
    """The inventory's parsed data as one marshal file per YAML file (rapidyaml's JSON route)."""
    folder = OUT / f"marshal-{size}"
    mark = folder / "stamp.json"
    if mark.is_file() and json.loads(mark.read_text()) == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    proc = quick([PYTHON, "-c", MARSHAL_DUMP, str(inv), str(folder)])
    if proc.returncode != 0:
        print(f"  ! cannot prepare marshal data:\n{indent(proc.stderr)}", file=sys.stderr)
        return None
    mark.write_text(json.dumps(stamp))
    return folder


# --------------------------------------------------------------------------------------------
# What exists of itready
# --------------------------------------------------------------------------------------------


@dataclass
class Tools:
    ryml: bool
    schema: Path | None
    commands: dict[str, str]  # optional command -> its --help text
    versions: dict[str, str]
    history: bool = False  # `itready history` exists


SNAPSHOT = OUT / "snapshot"
"""A copy of itready/ taken at the start of a run: every child imports it (PYTHONPATH comes
before the editable install), so that edits made to the working tree while the benchmark runs,
for minutes, cannot mix versions or break a run half-way."""


def take_snapshot() -> None:
    import compileall

    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(
        ROOT / "itready", SNAPSHOT / "itready", ignore=shutil.ignore_patterns("__pycache__")
    )
    compileall.compile_dir(SNAPSHOT, quiet=1)  # as an installed package would be


def child_env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ, ITREADY_CACHE_DIR=str(cache_dir))
    for name in ("CI", "GITHUB_ACTIONS", "ITREADY_NO_CACHE", "NO_COLOR"):
        env.pop(name, None)
    if SNAPSHOT.is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT), env.get("PYTHONPATH")]))
    return env


def probe(env: dict[str, str]) -> Tools:
    versions = dict(
        line.split(" ", 1)
        for line in quick([PYTHON, "-c", VERSIONS]).stdout.splitlines()
        if " " in line
    )
    proc = quick([ITREADY, "--version"], env)
    versions["itready"] = proc.stdout.strip().rsplit(" ", 1)[-1] if proc.returncode == 0 else "?"
    history = quick([ITREADY, "history", "--help"], env).returncode == 0
    commands = {}
    for name in ("gaps", "procure"):
        proc = quick([ITREADY, name, "--help"], env)
        if proc.returncode == 0:
            commands[name] = proc.stdout
        else:
            print(
                f"itready {name}: not available (`itready {name} --help` exit code "
                f"{proc.returncode}); skipped"
            )
    schema = None
    proc = quick([ITREADY, "schema", "--kind", "inventory"], env)
    if proc.returncode == 0 and proc.stdout.strip():
        try:
            json.loads(proc.stdout)
        except ValueError:
            print("itready schema --kind inventory: output is not JSON; check-jsonschema skipped")
        else:
            schema = OUT / "schema-inventory.json"
            schema.write_text(proc.stdout)
    else:
        print(
            "itready schema --kind inventory: not available "
            f"(exit code {proc.returncode}); check-jsonschema skipped"
        )
    if schema is not None and not Path(CHECK_JSONSCHEMA).is_file():
        print(f"{CHECK_JSONSCHEMA} not found; check-jsonschema skipped")
        schema = None
    return Tools("rapidyaml" in versions, schema, commands, versions, history)


def report_command(
    name: str, help_text: str, inv: Path, cold: bool, size: int, env: dict[str, str]
) -> Measure | None:
    """`itready gaps` / `procure` with whatever of the usual options the command has; None for
    the cold run of a command without ``--no-cache``."""
    if cold and "--no-cache" not in help_text:
        return None
    argv = [ITREADY, name, str(inv)]
    if "--as-of" in help_text:
        argv += ["--as-of", AS_OF]
    if "--fail-on" in help_text:
        argv += ["--fail-on", "never"]
    if re.search(r"--format\b", help_text) and "json" in help_text:
        argv += ["--format", "json"]
    report = OUT / "reports" / f"{name}-{size}-{'cold' if cold else 'warm'}.out"
    stdout = report
    if re.search(r"--output\b", help_text):
        argv += ["--output", str(report)]
        stdout = None
    if cold:
        argv.append("--no-cache")
    label = f"itready {name}" + (" --no-cache" if cold else " (warm)")
    return Measure(f"{name}_{'cold' if cold else 'warm'}", label, argv, env, (0,), stdout)


# --------------------------------------------------------------------------------------------
# The monthly import
# --------------------------------------------------------------------------------------------

EXPORT = BENCH / "intune_export.py"


def import_measures(size: int, inv: Path, env: dict[str, str]) -> list[Measure]:
    """The monthly Intune import into a copy of the inventory: up to 10,000 rows, 5 % changed.

    Untimed set-up: ``bench/intune_export.py`` writes this month's and next month's export;
    the first is imported (``--write``), which is the state a monthly run starts from, kept in
    ``pristine/``. Timed: a cold ``validate`` of that inventory, the dry run and ``--write`` of
    next month's export, each restored from ``pristine/`` before it runs."""
    base = OUT / f"import-{size}"
    work, pristine = base / "inv", base / "pristine"
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(inv, work)
    steps = [[PYTHON, str(EXPORT), str(work), str(base)],
             [ITREADY, "import", "--no-cache", "--from", "intune", "--into", str(work),
              str(base / "export-0.csv"), "--write", "-o", os.devnull]]
    for argv in steps:
        proc = quick(argv, env)
        if proc.returncode != 0:
            print(f"  ! import set-up failed ({' '.join(argv[:3])} ...): exit code "
                  f"{proc.returncode}\n{indent(proc.stderr)}", file=sys.stderr)
            return []
    shutil.copytree(work, pristine)

    def restore() -> None:
        shutil.rmtree(work)
        shutil.copytree(pristine, work)

    monthly = [ITREADY, "import", "--no-cache", "--from", "intune", "--into", str(work),
               str(base / "export-1.csv")]
    return [
        Measure("import_validate", "itready validate --no-cache (the imported inventory)",
                [ITREADY, "validate", "--no-cache", str(work)], env, before=restore),
        # one label for every size: the export has every computer, at most 10,000
        Measure("import_dry", "itready import --no-cache, dry run (≤ 10,000 rows, 5 % changed)",
                [*monthly, "-o", os.devnull], env, before=restore),
        Measure("import_write", "itready import --no-cache --write (≤ 10,000 rows, 5 % changed)",
                [*monthly, "--write", "-o", os.devnull], env, before=restore),
    ]


# History: a year of monthly commits of the inventory
# --------------------------------------------------------------------------------------------

JSONSCHEMA_MAX = 10_000
"""Sizes up to this are checked with check-jsonschema too (at 100,000 it takes 7 minutes)."""
HISTORY_MAX = 10_000
"""Sizes up to this get the history benchmark (at 100,000 workplaces it would take minutes)."""
HISTORY_SINCE = "2025-12-01"
"""With AS_OF, twelve monthly points: 31 December 2025 to 31 October 2026, and the check date."""
HISTORY_KINDS = {
    "history_rollout": ("department by department", False),
    "history_spread": ("spread over every file", True),
}


def history_measures(size: int, inv: Path, env: dict[str, str]) -> list[Measure]:
    """`itready history --no-cache` over 12 monthly points of a repository of ``inv`` with 12
    monthly commits that each replace 5 % of the devices (``bench/history_repo.py``): by
    department (a rollout: one or two department files change a month), and spread at random
    over every file (every file changes every month)."""
    sys.path.insert(0, str(BENCH))
    import history_repo

    measures = []
    for key, (label, spread) in HISTORY_KINDS.items():
        repo = OUT / f"{key.replace('_', '-')}-{size}"
        changed = history_repo.build(inv, repo, spread=spread,
                                     until=datetime.fromisoformat(AS_OF).date())
        out = OUT / "reports" / f"{key}-{size}.json"
        measure = Measure(
            key, f"itready history --no-cache, 12 monthly points, 5 % of devices a month {label}",
            [ITREADY, "history", str(repo / "inventory"), "--as-of", AS_OF, "--since",
             HISTORY_SINCE, "-f", "json", "-o", str(out), "--no-cache"], env)
        measure.note = (f"{len(changed)} commits changing {min(changed)} to {max(changed)} of "
                        f"{len(discover(inv))} files each")
        measures.append(measure)
    return measures


def history_points(size: int) -> dict[str, int]:
    """How many points each history run wrote (12 expected)."""
    found = {}
    for key in HISTORY_KINDS:
        out = OUT / "reports" / f"{key}-{size}.json"
        with contextlib.suppress(OSError, ValueError, KeyError):
            found[key] = len(json.loads(out.read_text())["points"])
    return found


# --------------------------------------------------------------------------------------------
# YAML styles: the same inventory written as people write YAML
# --------------------------------------------------------------------------------------------

STYLER = BENCH / "styles.py"
#: Styles measured at every size up to STYLES_MAX (bench/styles.py); beyond it, only BIG_STYLES.
STYLES = ("block", "flow-os", "flow-records", "comments", "prose", "quoted", "quoted-keys",
          "big", "small", "flow-os-small", "anchors")
STYLES_MAX = 10_000
BIG_STYLES = ("flow-os",)
#: Files with anchors take the exact route by design (0.3 MB/s): their cost is reported apart.
EXACT_STYLES = frozenset({"anchors"})


def styles_at(size: int) -> tuple[str, ...]:
    return STYLES if size <= STYLES_MAX else BIG_STYLES


def styled(size: int, inv: Path, stamp: dict, env: dict[str, str]) -> dict[str, Path]:
    """Each style of the inventory, written by bench/styles.py into bench/out/styles-N/
    (reused while the generator, the styler and the inventory are unchanged)."""
    folder = OUT / f"styles-{size}"
    names = styles_at(size)
    mark = folder / "stamp.json"
    wanted = dict(stamp, styler=hashlib.sha256(STYLER.read_bytes()).hexdigest()[:16],
                  styles=list(names))
    if not (mark.is_file() and json.loads(mark.read_text()) == wanted):
        print(f"inventory {size}: writing {len(names)} styles with bench/styles.py ...",
              flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        proc = quick([PYTHON, str(STYLER), str(inv), str(folder), "--styles", ",".join(names)],
                     env)
        if proc.returncode != 0:
            print(f"  ! bench/styles.py failed:\n{indent(proc.stderr)}", file=sys.stderr)
            return {}
        mark.write_text(json.dumps(wanted))
    return {name: folder / name for name in names}


def style_measures(styles: dict[str, Path], env: dict[str, str]) -> list[Measure]:
    """Per style: the bare rapidyaml parse, validate and check, cold."""
    measures = []
    for name, root in styles.items():
        out = OUT / "reports" / f"check-{root.parent.name}-{name}.json"
        measures += [
            Measure(f"style:{name}:ryml", f"{name}: rapidyaml parse",
                    [PYTHON, "-c", RYML_PARSE, str(root)], env),
            Measure(f"style:{name}:validate", f"{name}: itready validate --no-cache",
                    [ITREADY, "validate", str(root), "--no-cache"], env),
            Measure(f"style:{name}:check", f"{name}: itready check -f json --no-cache",
                    [ITREADY, "check", str(root), "-f", "json", "--fail-on", "never",
                     "--as-of", AS_OF, "-o", str(out), "--no-cache"], env),
        ]
    return measures


def folder_size(root: Path) -> tuple[int, int]:
    files = discover(root)
    return len(files), sum(p.stat().st_size for p in files)


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    stamp: dict
    counts: str
    records: int | None
    measures: dict[str, Measure]
    styles: dict[str, tuple[int, int]] = field(default_factory=dict)  # style -> (files, bytes)


def bench_size(size: int, repeat: int, tools: Tools) -> SizeResult:
    inv, stamp = inventory(size)
    files = discover(inv)
    cache_dir = OUT / f"cache-{size}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = child_env(cache_dir)
    reports = OUT / "reports"
    reports.mkdir(parents=True, exist_ok=True)

    # Populate the cache (and learn the record counts): not timed. `check` fills the parse
    # cache; `validate` adds its verdict, which `validate_loaded` removes before each run.
    quick([ITREADY, "check", str(inv), "-f", "json", "-o", os.devnull, "--fail-on", "never",
           "--as-of", AS_OF], env)
    parse_cache = set(cache_dir.rglob("*"))

    def forget_verdict() -> None:
        for entry in set(cache_dir.rglob("*")) - parse_cache:
            if entry.is_file():
                entry.unlink()

    proc = quick([ITREADY, "validate", str(inv)], env)
    counts = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0:
        print(
            f"  ! itready validate on the {size} inventory: exit code {proc.returncode}\n"
            f"{indent(proc.stdout + proc.stderr)}",
            file=sys.stderr,
        )
    numbers = [
        int(n) for n in re.findall(r"(\d+) (?:sites|VPN|workplaces|devices|licences)", counts)
    ]
    records = sum(numbers) if len(numbers) == 5 else None

    ms: list[Measure] = []
    if tools.ryml:
        ms.append(
            Measure(
                "ryml",
                "rapidyaml parse → emit_json → json.loads",
                [PYTHON, "-c", RYML_PARSE, str(inv)],
                env,
            )
        )
        folder = marshal_data(size, inv, stamp)
        if folder is not None:
            ms.append(
                Measure(
                    "marshal",
                    "marshal.loads of the same data",
                    [PYTHON, "-c", MARSHAL_LOAD, str(folder)],
                    env,
                )
            )
    check = ["check", str(inv), "-f", "json", "--fail-on", "never", "--as-of", AS_OF]
    for cold in (True, False):
        tag, flag = ("cold", ["--no-cache"]) if cold else ("warm", [])
        suffix = " --no-cache" if cold else " (warm)"
        ms.append(
            Measure(
                f"validate_{tag}",
                "itready validate" + suffix,
                [ITREADY, "validate", str(inv), *flag],
                env,
            )
        )
        if not cold:
            ms.append(
                Measure(
                    "validate_loaded",
                    "itready validate (warm, verdict not cached)",
                    [ITREADY, "validate", str(inv)],
                    env,
                    before=forget_verdict,
                )
            )
        out = reports / f"check-{size}-{tag}.json"
        ms.append(
            Measure(
                f"check_{tag}",
                "itready check -f json" + suffix,
                [ITREADY, *check, "-o", str(out), *flag],
                env,
            )
        )
        for name, help_text in tools.commands.items():
            measure = report_command(name, help_text, inv, cold, size, env)
            if measure is not None:
                ms.append(measure)
    if tools.history and size <= HISTORY_MAX:
        ms += history_measures(size, inv, env)
    if tools.schema is not None and size <= JSONSCHEMA_MAX:
        instances = [str(p) for p in files if p.name != "itready.yaml"]
        ms.append(
            Measure(
                "jsonschema",
                "check-jsonschema (itready schema --kind inventory)",
                [CHECK_JSONSCHEMA, "--schemafile", str(tools.schema), *instances],
                env,
                (0, 1),
                reports / f"check-jsonschema-{size}.out",
            )
        )
    ms += import_measures(size, inv, env)
    styles = styled(size, inv, stamp, env)
    ms += style_measures(styles, env)
    print(f"size {size}: {len(ms)} measurements x {repeat} rounds")
    run_rounds(ms, repeat)
    points = history_points(size)
    for m in ms:
        if m.key in points:
            m.note += f"; {points[m.key]} points written"
        if m.key == "jsonschema" and m.samples and m.samples[0].rc == 1:
            m.note = "check-jsonschema reported schema errors (exit code 1)"
    return SizeResult(size, stamp, counts, records, {m.key: m for m in ms},
                      {name: folder_size(root) for name, root in styles.items()})


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def fmt_x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def label_size(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


ORDER = [
    "ryml", "marshal", "validate_cold", "validate_warm", "validate_loaded", "check_cold",
    "check_warm",
    "gaps_cold", "gaps_warm", "procure_cold", "procure_warm", "history_rollout",
    "history_spread", "jsonschema", "import_validate", "import_dry", "import_write",
]  # fmt: skip


def results_table(sizes: list[SizeResult], repeat: int) -> list[str]:
    head = ["measurement"]
    for r in sizes:
        size = label_size(r.size)
        head += [f"{size} s", f"{size} CPU s", f"{size} MiB"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    keys = [k for k in ORDER if any(k in r.measures for r in sizes)]
    for key in keys:
        label = next(r.measures[key].label for r in sizes if key in r.measures)
        cells = [label]
        for r in sizes:
            m = r.measures.get(key)
            if m is None:
                cells += ["–", "–", "–"]
                continue
            seconds = fmt_s(m.seconds) if not m.failed else f"failed (exit {m.samples[-1].rc})"
            n = len(m.samples)
            if n < repeat and not m.failed:
                seconds += f" ({n} run{'s' if n > 1 else ''})"
            cells += [
                seconds,
                "–" if m.cpu is None or m.failed else fmt_s(m.cpu),
                "–" if m.peak is None else f"{m.peak:.0f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def styles_table(r: SizeResult) -> list[str]:
    """One row per YAML style of one size: seconds (CPU seconds) and the ratios to the bare
    parse of the same files, CPU first (the steadier figure on a shared machine)."""
    if not r.styles:
        return []
    lines = [f"{label_size(r.size)} workplaces:", "",
             "| style | files | MB | parse s (CPU) | validate s (CPU) | validate / parse, CPU "
             "(wall) | check s (CPU) | check / parse, CPU (wall) | peak MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, (files, size) in r.styles.items():
        cells = [f"{name} (exact route)" if name in EXACT_STYLES else name, str(files),
                 f"{size / 1e6:.1f}"]
        parse = r.measures.get(f"style:{name}:ryml")
        cells.append(_seconds(parse))
        for command in ("validate", "check"):
            m = r.measures.get(f"style:{name}:{command}")
            cells.append(_seconds(m))
            wall = ratio(r, f"style:{name}:{command}", f"style:{name}:ryml")
            cpu = ratio(r, f"style:{name}:{command}", f"style:{name}:ryml", cpu=True)
            cells.append("–" if cpu is None or wall is None else f"{cpu:.2f} ({wall:.2f})")
        peaks = [m.peak for k, m in r.measures.items()
                 if k.startswith(f"style:{name}:") and m.peak is not None]
        cells.append(f"{max(peaks):.0f}" if peaks else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _seconds(m: Measure | None) -> str:
    if m is None or m.seconds is None or m.cpu is None:
        return "–" if m is None or not m.failed else f"failed (exit {m.samples[-1].rc})"
    return f"{fmt_s(m.seconds)} ({fmt_s(m.cpu)})"


def startup_table(start: dict[str, Measure]) -> list[str]:
    lines = ["| start-up | ms | CPU ms | peak MiB |", "|---|---:|---:|---:|"]
    for m in start.values():
        ms = "–" if m.seconds is None else f"{m.seconds * 1000:.0f}"
        cpu = "–" if m.cpu is None else f"{m.cpu * 1000:.0f}"
        peak = "–" if m.peak is None else f"{m.peak:.0f}"
        lines.append(f"| `{m.label}` | {ms} | {cpu} | {peak} |")
    return lines


@dataclass
class Target:
    name: str
    limit: str
    values: dict[int, tuple[str, bool | None]]  # size -> (shown value, met)


def ratio(r: SizeResult, a: str, b: str, cpu: bool = False) -> float | None:
    ma, mb = r.measures.get(a), r.measures.get(b)
    if ma is None or mb is None:
        return None
    x, y = (ma.cpu, mb.cpu) if cpu else (ma.seconds, mb.seconds)
    return None if x is None or not y else x / y


def targets(sizes: list[SizeResult], start: dict[str, Measure], tools: Tools) -> list[Target]:
    out: list[Target] = []

    def per_size(name: str, limit: str, a: str, b: str, test, least: int = 0) -> None:
        """A ratio at each size, judged on CPU time from ``least`` workplaces on."""
        values = {}
        for r in sizes:
            x, c = ratio(r, a, b), ratio(r, a, b, cpu=True)
            if x is not None and c is not None:
                values[r.size] = (f"CPU {c:.2f} ({x:.2f})", test(c) if r.size >= least else None)
        if values:
            out.append(Target(name + ", CPU (wall)", limit, values))

    per_size(
        "validate --no-cache / rapidyaml parse",
        "≤ 2.5 at ≥ 10k",
        "validate_cold",
        "ryml",
        lambda x: x <= 2.5,
        10_000,
    )
    per_size(
        "check --no-cache / rapidyaml parse",
        "≤ 3.5 at ≥ 10k",
        "check_cold",
        "ryml",
        lambda x: x <= 3.5,
        10_000,
    )
    per_size("warm validate / marshal load", "≤ 2", "validate_warm", "marshal", lambda x: x <= 2)
    # Warm, a command is compared with a validate that loads from the same parse cache: a
    # cached verdict answers without loading anything, so a ratio to it would say nothing.
    for name in ("check", *tools.commands):
        for tag, base in (("cold", "validate_cold"), ("warm", "validate_loaded")):
            per_size(
                f"{name} / validate, {tag}",
                "≤ 1.5",
                f"{name}_{tag}",
                base,
                lambda x: x <= 1.5,
            )
    per_size("import dry run / validate --no-cache (imported inventory)", "≤ 3", "import_dry",
             "import_validate", lambda x: x <= 3)
    per_size("import --write / validate --no-cache (imported inventory)", "≤ 4",
             "import_write", "import_validate", lambda x: x <= 4)
    per_size(
        "history, 12 monthly points / check --no-cache (5 % of devices a month, by department)",
        "≤ 6",
        "history_rollout",
        "check_cold",
        lambda x: x <= 6,
    )
    per_size(
        "history, 12 monthly points / check --no-cache (5 % of devices a month, every file)",
        "none",
        "history_spread",
        "check_cold",
        lambda x: None,
    )
    per_size(
        "check-jsonschema / validate --no-cache",
        "≥ 10",
        "jsonschema",
        "validate_cold",
        lambda x: x >= 10,
    )

    # Every style at 10,000 workplaces and more (at 1,000 the interpreter's start-up is
    # half of each run): the worst style's CPU-time ratio to the bare parse of its files.
    for command, limit in (("validate", 2.5), ("check", 3.5)):
        values = {}
        for r in sizes:
            found = [(ratio(r, f"style:{name}:{command}", f"style:{name}:ryml", cpu=True), name)
                     for name in r.styles if name not in EXACT_STYLES]
            found = [(c, name) for c, name in found if c is not None]
            if found:
                worst, name = max(found)
                values[r.size] = (f"CPU {worst:.2f} ({name})",
                                  worst <= limit if r.size >= 10_000 else None)
        if values:
            out.append(Target(f"every style but anchors: {command} --no-cache / rapidyaml "
                              "parse of the same files, the worst", f"≤ {limit} at ≥ 10k",
                              values))

    help_m = start.get("help")
    if help_m is not None and help_m.seconds is not None:
        ms = help_m.seconds * 1000
        out.append(Target("`itready --help`", "≤ 150 ms", {0: (f"{ms:.0f} ms", ms <= 150)}))

    big = next((r for r in sizes if r.size == 100_000), None)
    ten = next((r for r in sizes if r.size == 10_000), None)
    if big is not None:
        commands = ["validate", "check", *tools.commands]
        warm, parse = big.measures.get("check_warm"), big.measures.get("ryml")
        if warm and parse and warm.cpu and parse.cpu and warm.seconds and parse.seconds:
            c, x = warm.cpu / parse.cpu, warm.seconds / parse.seconds
            out.append(Target("100k: check warm / rapidyaml parse, CPU (wall)", "≤ 3",
                              {big.size: (f"CPU {c:.2f} ({x:.2f})", c <= 3)}))
        cold = big.measures.get("check_cold")
        if cold and cold.cpu and cold.seconds:
            out.append(Target("100k: check --no-cache, CPU s (wall)", "≤ 12 s",
                              {big.size: (f"CPU {cold.cpu:.1f} s ({cold.seconds:.1f} s)",
                                          cold.cpu <= 12)}))
        for tag, label, limit in (("cold", "--no-cache", 20), ("warm", "warm", 8)):
            for name in commands:
                m = big.measures.get(f"{name}_{tag}")
                if m is not None and m.seconds is not None:
                    out.append(
                        Target(
                            f"100k: {name} {label}",
                            f"≤ {limit} s",
                            {big.size: (f"{m.seconds:.1f} s (CPU {m.cpu:.1f})",
                                        m.seconds <= limit)},
                        )
                    )
        peaks = [
            (m.peak, m.label)
            for k, m in big.measures.items()
            if m.peak is not None and (k.split("_")[0] in commands
                                       or k.split(":")[-1] in commands)
        ]
        if peaks:
            peak, label = max(peaks)
            out.append(
                Target(
                    f"100k: peak memory of any itready command ({label})",
                    "≤ 1024 MiB",
                    {big.size: (f"{peak:.0f} MiB", peak <= 1024)},
                )
            )
        if ten is not None:
            for name in commands:
                for tag in ("cold", "warm"):
                    a, b = big.measures.get(f"{name}_{tag}"), ten.measures.get(f"{name}_{tag}")
                    if a and b and a.seconds and b.seconds and a.cpu and b.cpu:
                        x, c = a.seconds / b.seconds, a.cpu / b.cpu
                        out.append(
                            Target(
                                f"100k / 10k time: {name} {tag}",
                                "≤ 12",
                                {big.size: (f"{x:.2f} (CPU {c:.2f})", x <= 12)},
                            )
                        )
    return out


def targets_table(found: list[Target], sizes: list[SizeResult]) -> list[str]:
    head = ["target", "limit", *(label_size(r.size) for r in sizes)]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * len(sizes)]
    for t in found:
        cells = [t.name, t.limit]
        if 0 in t.values:  # size-independent: shown in the first column
            value, ok = t.values[0]
            cells += [f"{value} {verdict(ok)}"] + ["" for _ in sizes[1:]]
        else:
            for r in sizes:
                if r.size in t.values:
                    value, ok = t.values[r.size]
                    cells.append(f"{value} {verdict(ok)}")
                else:
                    cells.append("")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("**met**" if ok else "**MISSED**")


# --------------------------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------------------------


def source_state() -> str:
    """Git commit, whether itready/ differs from it, and a digest of the snapshot measured."""
    git = quick(["git", "rev-parse", "--short", "HEAD"]).stdout.strip() or "?"
    dirty = quick(["git", "status", "--porcelain", "--", "itready", "pyproject.toml"]).stdout
    digest = hashlib.sha256()
    for path in sorted((SNAPSHOT / "itready").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(SNAPSHOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    changes = " + uncommitted changes in itready/" if dirty.strip() else ""
    return f"git {git}{changes} (source digest {digest.hexdigest()[:12]})"


def machine(tools: Tools, source: str) -> list[str]:
    cpu = platform.processor() or "?"
    with_cpuinfo = Path("/proc/cpuinfo")
    if with_cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", with_cpuinfo.read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        memory = f"{int(found.group(1)) / (1 << 20):.1f} GiB" if found else memory
    v = tools.versions
    libs = ", ".join(
        f"{k} {v[k]}"
        for k in ("rapidyaml", "check-jsonschema", "ruamel.yaml", "click", "rich")
        if k in v
    )
    return [
        f"- CPU: {cpu}; nproc {nproc}; memory {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"`{Path(PYTHON).relative_to(ROOT) if Path(PYTHON).is_relative_to(ROOT) else PYTHON}`",
        f"- itready {v.get('itready', '?')}: {source}, measured from a copy of `itready/` "
        "taken at the start of the run (`bench/out/snapshot/`)",
        f"- {libs}",
    ]


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

EXPLAINED = """\
## What is measured

Every number is one process, started afresh, timed from `fork` to exit (wall clock, so the
interpreter's start-up and every import are included), the median of the runs shown; peak MiB is
that process's maximum resident set size (GNU `/usr/bin/time -f %M`). Runs are interleaved round
by round, so a slow spell of the machine touches every row alike: compare the ratios of one run,
not seconds across runs or machines. A measurement whose first run took longer than 60 s ran once.
**CPU s** is the median user + system time of the same runs: on a shared machine it is the
steadier figure (waiting for a CPU inflates wall-clock time, not CPU time), so ratios and their
verdicts use CPU time, with the wall-clock ratio in parentheses; so do the 100k seconds of
`check` against 12 s. The ratios to the bare parse are judged from 10,000 workplaces on: at
1,000 the interpreter's start-up and imports are half of every run.

- **rapidyaml parse**: a fresh interpreter imports `json` and `ryml`, finds the same files as
  itready (`*.yaml`, sorted, `itready.yaml` included) and, file by file, reads the bytes,
  `ryml.parse_in_arena` → `ryml.emit_json` → `json.loads`, keeping every file's data to the end
  (as itready does). Not included: decoding to `str`, the scan that picks the route, duplicate-key
  detection, validation, the model, references. This is the floor for a cold `validate`.
- **marshal load**: a fresh interpreter reads one marshal file per inventory file (the data that
  rapidyaml produced, prepared before timing) and `marshal.loads` it, keeping all. The floor for
  a warm `validate`, which in addition reads and hashes the YAML bytes to find the cache entry.
- **itready validate / check --no-cache**: parse every file, validate, build the model, check
  references (`check` also runs the rule catalogue and renders JSON to a file in `bench/out/`).
  **warm**: the same with the parse cache populated before timing (`$ITREADY_CACHE_DIR` in
  `bench/out/`, emptied at the start of each size). A warm `validate` answers from its cached
  verdict; **validate (warm, verdict not cached)** has that entry removed before each run, so it
  loads from the parse cache as the warm `check`, `gaps` and `procure` do, and the warm ratios
  compare with it.
- **itready history**: a git repository of the same inventory with 12 monthly commits, each
  replacing 5 % of the devices (new serial, purchase date and warranty), written by
  `bench/history_repo.py` into `bench/out/`; `itready history --no-cache` over its 12 monthly
  points (31 December to 31 October and the check date), each computed on its own commit.
  **by department**: each month's devices are those of one department after another, as a
  rollout goes, so one or two department files change a month and the others' records are
  reused in memory; **every file**: the devices are drawn at random, so every file changes
  every month and is parsed again at every point. The target (≤ 6× one cold `check`) is for
  the first; the second shows what a history costs when nothing can be reused.
- **check-jsonschema**: `.venv/bin/check-jsonschema --schemafile` with the schema printed by
  `itready schema --kind inventory`, over the same files except `itready.yaml` (its own
  interpreter start-up, YAML loading by ruamel.yaml and format checks included).
- **itready import**: the monthly routine of docs/import.md on a copy of the inventory
  (`bench/out/import-N/`): `bench/intune_export.py` writes an Intune "All devices" export of
  up to 10,000 of its computers as the portal writes it, and next month's export with every
  20th row changed (an encryption switched, a Windows 10 upgraded); the first is imported with
  `--write` before timing, which is where a monthly run starts. Timed, each on the inventory as
  that import left it: a cold `validate` of it, the dry run of next month's export (plan, the
  edited records checked, the diff) and its `--write`; all with `--no-cache`, as cold as the
  `validate` they are compared with.
- **start-up**: `itready --help` (lists the commands, which imports each command module) and
  `itready --version`; a bare `python -c pass` for scale.
"""


def verdict_cache_notes(results: list[SizeResult]) -> list[str]:
    """A warm validate faster than loading the parsed data cannot have loaded it: say so, since
    the warm ratios to validate then compare a whole run with a look-up."""
    for r in reversed(results):
        warm, floor = r.measures.get("validate_warm"), r.measures.get("marshal")
        if warm and floor and warm.seconds and floor.seconds and warm.seconds < floor.seconds:
            return [
                f"- {label_size(r.size)}: warm `validate` ({fmt_s(warm.seconds)} s) is faster "
                f"than loading the parsed data ({fmt_s(floor.seconds)} s): it answered from a "
                "cached verdict without loading the inventory. The warm ratios of check, gaps "
                "and procure are therefore taken to a validate whose verdict was not cached."
            ]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="workplaces per inventory, comma-separated (default 1000,10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "performance.md",
        help="Markdown file to write (default docs/performance.md)",
    )
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    repeat = max(1, args.repeat)
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)

    take_snapshot()
    env = child_env(OUT / "cache-probe")
    where = quick(
        [PYTHON, "-P", "-c", "import itready; print(itready.__file__)"], env
    ).stdout.strip()
    if not where.startswith(str(SNAPSHOT)):
        raise SystemExit(f"the children import itready from {where}, not from {SNAPSHOT}")
    tools = probe(env)
    source = source_state()
    if not tools.ryml:
        print("rapidyaml is not installed: the baselines are skipped")

    start = {
        "python": Measure("python", "python -c pass", [PYTHON, "-c", "pass"], env),
        "help": Measure("help", "itready --help", [ITREADY, "--help"], env),
        "version": Measure("version", "itready --version", [ITREADY, "--version"], env),
    }
    print(f"start-up: {len(start)} measurements x {3 * repeat} rounds")
    run_rounds(list(start.values()), 3 * repeat)

    results = [bench_size(size, repeat, tools) for size in sizes]
    found = targets(results, start, tools)

    command = f".venv/bin/python bench/run.py --sizes {','.join(map(str, sizes))} --repeat {repeat}"
    if args.out.resolve() != (ROOT / "docs" / "performance.md").resolve():
        command += f" --out {args.out}"
    inventories = [
        "| workplaces | YAML files | MB | records | what `validate` counted |",
        "|---:|---:|---:|---:|---|",
    ]
    for r in results:
        inventories.append(
            f"| {r.size:,} | {r.stamp.get('files', '?')} | {r.stamp.get('bytes', 0) / 1e6:.1f} | "
            f"{'?' if r.records is None else f'{r.records:,}'} | {r.counts} |"
        )
    notes = [
        f"- {label_size(r.size)}: {m.label}: {m.note}"
        for r in results
        for m in r.measures.values()
        if m.note
    ]
    notes += verdict_cache_notes(results)
    elapsed = (datetime.now(UTC) - started).total_seconds()
    doc = [
        "# Performance",
        "",
        f"Written by `bench/run.py` on {started:%Y-%m-%d %H:%M} UTC ({elapsed / 60:.0f} min); "
        "do not edit by hand. Reproduce with:",
        "",
        "```sh",
        command,
        "```",
        "",
        "(`make bench` runs the default sizes, 1,000 and 10,000 workplaces.) Inventories come "
        f"from `bench/generate.py --seed {SEED}` (generator {generator_version()}) and are kept "
        "in `bench/out/`.",
        "",
        "## Machine",
        "",
        *machine(tools, source),
        "",
        "## Inventories",
        "",
        *inventories,
        "",
        f"## Results (median of {repeat} runs)",
        "",
        *results_table(results, repeat),
        "",
        *startup_table(start),
        "",
        "## YAML styles",
        "",
        "The same inventory written in each style by `bench/styles.py` (the same records, "
        "field for field; see its docstring), each measured cold as above: seconds and CPU "
        "seconds, and the ratio of CPU seconds to those of a bare rapidyaml parse of the same "
        "files (wall-clock ratio in parentheses). Files with anchors take the exact route by "
        "design; their row is that route's cost. Styles at "
        f"{label_size(STYLES_MAX)} and below; above, {', '.join(BIG_STYLES)}.",
        "",
        *[line for r in results for line in styles_table(r)],
        *(["Notes:", "", *notes, ""] if notes else []),
        "## Targets",
        "",
        *targets_table(found, results),
        "",
        EXPLAINED,
    ]
    history = ROOT / "bench" / "optimisations.md"  # hand-written: what each change bought
    if history.exists():
        doc += ["", history.read_text(encoding="utf-8").strip(), ""]
    skipped = []
    if not tools.commands:
        skipped.append("`itready gaps` and `itready procure` (commands not available)")
    elif len(tools.commands) == 1:
        skipped.append(
            f"`itready {({'gaps', 'procure'} - set(tools.commands)).pop()}` (command not available)"
        )
    if tools.schema is None:
        skipped.append("check-jsonschema (`itready schema --kind inventory` not available)")
    if skipped:
        doc += ["Not measured in this run: " + "; ".join(skipped) + ".", ""]
    text = "\n".join(doc).rstrip() + "\n"

    print()
    print("\n".join(doc[doc.index("## Inventories") : doc.index(EXPLAINED)]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    raw = {
        "started": started.isoformat(), "command": command, "versions": tools.versions,
        "startup": {k: m.as_json() for k, m in start.items()},
        "sizes": {r.size: {"stamp": r.stamp, "counts": r.counts,
                           "measures": {k: m.as_json() for k, m in r.measures.items()}}
                  for r in results},
    }  # fmt: skip
    (OUT / "results.json").write_text(json.dumps(raw, indent=1) + "\n")
    print(f"\nwrote {args.out} and {(OUT / 'results.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
