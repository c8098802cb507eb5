"""Helpers of the import tests: a copy of the test inventory, the command, the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from conftest import DATA

from itready.cli import main

SOURCES = DATA / "import"
GLPI = DATA / "glpi-inventory-format"
PEOPLE = SOURCES / "people.csv"


def inventory(tmp_path: Path, name: str = "inv") -> Path:
    """A fresh copy of the inventory before any import."""
    target = tmp_path / name
    shutil.copytree(SOURCES / "inventory", target)
    return target


def run(*args: str | Path) -> Result:
    """``itready import ARGS`` in-process, never raising."""
    return CliRunner().invoke(main, ["import", *map(str, args)], catch_exceptions=False)


def report(*args: str | Path) -> dict[str, Any]:
    """The JSON report of ``itready import ARGS -f json``."""
    result = run(*args, "-f", "json")
    assert result.exit_code in (0, 1), result.output + result.stderr
    return json.loads(result.stdout)


def files(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too) and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def rows(document: dict[str, Any], **where: Any) -> list[dict[str, Any]]:
    """The report's rows with these values."""
    return [r for r in document["rows"] if all(r.get(k) == v for k, v in where.items())]


def row(document: dict[str, Any], **where: Any) -> dict[str, Any]:
    found = rows(document, **where)
    assert len(found) == 1, (where, found)
    return found[0]
