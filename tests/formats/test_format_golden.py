"""Golden files: every registered format renders the example inventory exactly as recorded.

The inventory is ``inventories/musterstadt`` (written by ``bench/generate.py --profile
musterstadt``; every rule fires at least once there), checked on 2026-11-27 and rendered as
``itready check inventories/musterstadt`` run at the repository root would render it. The tool
version is replaced by 0.0.0 so that a release does not change the files. The formats people
read have German golden files beside the English ones (``check.rich.de.txt``): the report
checked and rendered in German. After an intended change of a format (or of the example
inventory, or of a translation), regenerate and review the diff:

    ITREADY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats/test_format_golden.py
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from datetime import date
from pathlib import Path

import pytest
import workbooks
from conftest import TESTS

from itready import i18n, load
from itready.findings import Report
from itready.formats import FORMATS, Options, renderer
from itready.rules.engine import check

GOLDEN = TESTS / "golden" / "formats"
INVENTORY = TESTS.parent / "inventories" / "musterstadt"
AS_OF = date(2026, 11, 27)
OPTIONS = Options(root="inventories/musterstadt", color=False, width=100,
                        repo_prefix="inventories/musterstadt/")
EXTENSIONS = {"json": "json", "sarif": "sarif", "junit": "xml", "gitlab": "json",
              "markdown": "md", "csv": "csv"}
UPDATE = os.environ.get("ITREADY_UPDATE_GOLDEN") == "1"


#: The formats people read, which have German golden files too.
PEOPLE = sorted(name for name, fmt in FORMATS["check"].items() if fmt.people and not fmt.data)


def golden_path(name: str, language: str = "en") -> Path:
    infix = "" if language == "en" else f".{language}"
    return GOLDEN / f"check.{name}{infix}.{EXTENSIONS.get(name, 'txt')}"


def _report(language: str) -> Report:
    if not (INVENTORY / "itready.yaml").is_file():
        pytest.skip("inventories/musterstadt is missing; write it with "
                    "`python bench/generate.py inventories/musterstadt --profile musterstadt`")
    i18n.set_language(language)
    result = load(INVENTORY, cache=None)
    assert result.errors == []
    return dataclasses.replace(check(result, AS_OF), tool_version="0.0.0")


@pytest.fixture(scope="module")
def report() -> Report:
    try:
        return _report("en")
    finally:
        i18n.set_language(None)


@pytest.fixture(scope="module")
def german_report() -> Report:
    try:
        return _report("de")
    finally:
        i18n.set_language(None)


def _compare(text: str, path: Path) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with ITREADY_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, (f"{path.name} differs from {path.relative_to(TESTS)}; if "
                              "intended, regenerate with ITREADY_UPDATE_GOLDEN=1 and review the "
                              "diff")


def test_the_inventory_has_waived_findings_and_every_rule(report: Report) -> None:
    assert any(f.waived for f in report.findings)
    assert {f.rule for f in report.findings} == {r.id for r in report.rules}


@pytest.mark.parametrize("name", sorted(FORMATS["check"]))
def test_format_matches_its_golden_file(name: str, report: Report) -> None:
    try:
        importlib.import_module(f"itready.formats.check.{name}")
    except ModuleNotFoundError as exc:
        pytest.skip(f"format {name} is not available: {exc}")
    _compare(_rendered(name, report), golden_path(name))


@pytest.mark.parametrize("name", PEOPLE)
def test_format_in_german_matches_its_golden_file(name: str, german_report: Report) -> None:
    i18n.set_language("de")
    _compare(_rendered(name, german_report), golden_path(name, "de"))


def _rendered(name: str, report: Report) -> str:
    """The format's text; a workbook's cells, types and formats as text."""
    if FORMATS["check"][name].writes_bytes:
        return workbooks.dump(renderer(name)(report, OPTIONS))
    return renderer(name)(report, OPTIONS)


def test_rendering_is_repeatable(report: Report) -> None:
    for name in ("sarif", "junit", "gitlab", "github", "markdown", "csv", "json", "text"):
        assert renderer(name)(report, OPTIONS) == renderer(name)(report, OPTIONS)


def test_no_golden_file_without_a_format() -> None:
    names = {golden_path(name).name for name in FORMATS["check"]}
    names |= {golden_path(name, "de").name for name in PEOPLE}
    stale = sorted(p.name for p in GOLDEN.glob("check.*") if p.name not in names)
    assert not stale, f"golden files of no registered format: {stale}"
