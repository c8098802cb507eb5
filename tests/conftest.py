"""Shared helpers: small inventories on disk, located-error assertions, a private cache dir.

Test modules import the plain helpers (``from conftest import assert_error``); pytest puts this
directory on ``sys.path``. Tests read their data from ``tests/data`` (its README names sources
and licences) and write only below pytest's ``tmp_path``: the cache is pointed at a temporary
directory for every test, so that no test ever touches the user's home.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
ROOT = Path(__file__).resolve().parent.parent

Located = tuple[str, str, int, int]
"""(code, path, line, column) of one input error."""

#: Run a test on both YAML routes: rapidyaml's fast one and the exact one.
BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "exact"])

SITES = """\
sites:
  - id: RH
    name: Rathaus
  - id: RZ
    name: Rechenzentrum
"""


def errors_of(root: Path, fast: bool = True) -> list:
    """The input errors of the inventory at ``root``."""
    from itready import load

    return load(root, fast=fast).errors


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every CLI run inside one) caches into a temporary directory."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(directory))
    return directory


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every test speaks English unless it asks for German: the machine's locale must not
    decide what a golden file holds, and one test's --lang must not leak into the next."""
    from itready import i18n

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def generate_inventory(outdir: Path, workplaces: int) -> None:
    """A synthetic inventory from the benchmark's seeded generator (``bench/generate.py``)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("itready_bench_generate",
                                                  ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        module.generate(outdir, workplaces=workplaces)
    finally:
        del sys.modules[spec.name]


def bench_module(name: str) -> Any:
    """A module of ``bench/`` (not a package), imported by path."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(f"itready_bench_{name}",
                                                  ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def styled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A generated inventory of 200 workplaces in every style of ``bench/styles.py``
    (style -> its root; ``"base"`` is the generator's own)."""
    root = tmp_path_factory.mktemp("styled")
    generate_inventory(root / "base", workplaces=200)
    styles = bench_module("styles")
    files = styles.read(root / "base")
    found = {"base": root / "base"}
    for name in styles.STYLES:
        styles.write(name, root / "base", root / name, files)
        found[name] = root / name
    return found


def write_inventory(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``relative path -> YAML text (or raw bytes)`` below ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def make_inventory(tmp_path: Path) -> Callable[..., Path]:
    """``make_inventory({"devices.yaml": "..."})`` writes an inventory and returns its dir.

    Each call makes a fresh directory (``name`` picks it), so one test can build several.
    """
    counter = iter(range(1_000_000))

    def make(files: dict[str, str | bytes], name: str | None = None) -> Path:
        return write_inventory(tmp_path / (name or f"inventory{next(counter)}"), files)

    return make


def located(errors: Iterable[Any]) -> set[Located]:
    """The (code, path, line, column) of every error, as a set."""
    return {(e.code, e.location.path, e.location.line, e.location.column) for e in errors}


def _listing(errors: Iterable[Any]) -> str:
    return "\n".join(f"  {e}" for e in errors) or "  (no errors)"


def assert_error(errors: Iterable[Any], code: str, path: str, line: int, column: int,
                 message: str | None = None) -> Any:
    """Assert that an error with exactly this code and location was reported; return it.

    ``message``, if given, must occur in the error's message.
    """
    errors = list(errors)
    for error in errors:
        loc = error.location
        if (error.code, loc.path, loc.line, loc.column) == (code, path, line, column):
            if message is not None:
                assert message in error.message, (
                    f"{code} at {path}:{line}:{column} says {error.message!r}, "
                    f"expected it to contain {message!r}")
            return error
    raise AssertionError(f"no {code} at {path}:{line}:{column}; reported:\n{_listing(errors)}")


def assert_only_error(errors: Iterable[Any], code: str, path: str, line: int, column: int,
                      message: str | None = None) -> Any:
    """Assert that exactly one error was reported, with this code and location."""
    errors = list(errors)
    assert len(errors) == 1, f"expected only {code} at {path}:{line}:{column}, got:\n" + \
        _listing(errors)
    return assert_error(errors, code, path, line, column, message)


def yaml_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into parsed data: the node itself, every mapping key, every list index."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += yaml_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += yaml_paths(value, (*prefix, index))
    return found


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (True is not 1) and NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


#: A small valid inventory: one site, a workplace and its laptop.
SMALL_INVENTORY = {
    "sites.yaml": "sites:\n  - id: RH\n    name: Rathaus\n",
    "hauptamt/workplaces.yaml": """\
workplaces:
  - id: WP-10-0001
    department: "10 Hauptamt"
    site: RH
    work_model: hybrid
devices:
  - id: NB-1
    kind: laptop
    assigned_to: WP-10-0001
    os: {name: windows, version: "11 23H2", edition: enterprise}
""",
}
