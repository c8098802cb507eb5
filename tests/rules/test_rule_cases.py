"""The rule catalogue, rule by rule: YAML test cases in the style of sqlfluff's rule tests.

Each file in ``cases/`` holds the cases of one rule family::

    as_of: 2026-11-27            # default check date of the file's cases
    cases:
      - name: laptop without encryption
        rule: DEV003             # the rule under test
        as_of: 2026-11-27        # optional, overrides the file's default
        files:                   # the inventory: relative path -> YAML text
          itready.yaml: |        #   (settings are optional)
            ...
          devices.yaml: |
            devices:
              - id: NB-1
                kind: laptop
        expect:                  # exactly these findings of the rule under test
          - {rule: DEV003, record: NB-1, path: devices.yaml, line: 2}

``expect: []`` makes a passing case: the rule finds nothing. ``path`` may be left out when the
case has a single inventory file besides ``itready.yaml`` and hidden files (rule files of
custom.yaml live in ``.rules/``); ``waived: true`` marks a finding that a waiver accepts;
``readiness: {ready: 1, counted: 2}`` also checks the overall readiness.
Every fragment must load without input errors: a case that tests a rule on broken input would
test the validator, not the rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from itready import load
from itready.rules.catalogue import load_catalogue
from itready.rules.engine import check

CASES_DIR = Path(__file__).parent / "cases"
PYTHON_SPELLING = re.compile(r"\b(True|False|None)\b|\(\'|Decimal\(|datetime")
SETTINGS = "itready.yaml"
_CASE_KEYS = {"name", "rule", "as_of", "files", "expect", "readiness", "note"}
_EXPECT_KEYS = {"rule", "record", "path", "line", "waived"}


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    """(family, case) for every case of every file in ``cases/``, in file order."""
    yaml = YAML(typ="safe", pure=True)
    cases = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.load(file.read_text(encoding="utf-8"))
        default_as_of = document.get("as_of")
        for case in document["cases"]:
            case = dict(case)
            case.setdefault("as_of", default_as_of)
            cases.append((file.stem, case))
    return cases


CASES = load_cases()


def _case_id(family: str, case: dict[str, Any]) -> str:
    return f"{family}:{case['rule']}:{case['name']}"


def run_case(case: dict[str, Any], root: Path) -> Any:
    """Write the case's files below ``root``, load and check them; the report."""
    for relative, text in case["files"].items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    result = load(root)
    assert [str(e) for e in result.errors] == [], "the fragment must be a valid inventory"
    report = check(result, _as_date(case["as_of"]))
    assert [str(e) for e in report.errors] == [], "the rules must run without errors"
    return report


def _expected(case: dict[str, Any]) -> list[tuple[str, str, str, int, bool]]:
    inventory_files = [p for p in case["files"] if p != SETTINGS
                       and not any(part.startswith(".") for part in Path(p).parts)]
    rows = []
    for item in case["expect"]:
        assert set(item) <= _EXPECT_KEYS, f"unknown keys in expect: {set(item) - _EXPECT_KEYS}"
        assert item["rule"] == case["rule"], "a case expects findings of its own rule only"
        path = item.get("path")
        if path is None:
            assert len(inventory_files) == 1, "name the path: the case has several files"
            path = inventory_files[0]
        rows.append((item["rule"], str(item["record"]), path, int(item["line"]),
                     bool(item.get("waived", False))))
    return sorted(rows)


@pytest.mark.parametrize(("family", "case"), CASES,
                         ids=[_case_id(family, case) for family, case in CASES])
def test_rule_case(family: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert set(case) <= _CASE_KEYS, f"unknown keys in case: {set(case) - _CASE_KEYS}"
    expected = _expected(case)
    report = run_case(case, tmp_path)
    actual = sorted((f.rule, f.record_id, f.location.path, f.location.line, f.waived)
                    for f in report.findings if f.rule == case["rule"])
    messages = [f"{f.location}: {f.rule} {f.record_id}: {f.message}"
                for f in report.findings if f.rule == case["rule"]]
    assert actual == expected, "\n".join(messages)
    # messages spell values as the inventory does: true, not True; never None
    assert not [m for m in messages if PYTHON_SPELLING.search(m)], messages
    if "readiness" in case:
        wanted = case["readiness"]
        assert (report.overall.ready, report.overall.counted) == (
            wanted["ready"], wanted["counted"])


def test_case_names_are_unique() -> None:
    names = Counter(_case_id(family, case) for family, case in CASES)
    assert [name for name, count in names.items() if count > 1] == []


#: The rule IDs of the catalogue in /spec/rules.md.
SPEC_IDS = (
    [f"DEV{n:03}" for n in range(1, 13)] + [f"WP{n:03}" for n in range(1, 9)]
    + [f"LIC{n:03}" for n in range(1, 6)] + [f"NET{n:03}" for n in range(1, 9)]
    + [f"SPC{n:03}" for n in range(1, 4)] + ["INV001", "INV002"]
)


def test_bundled_catalogue_loads_without_errors() -> None:
    catalogue, errors = load_catalogue()
    assert [str(e) for e in errors] == []
    assert [rule.id for rule in catalogue.rules] == sorted(SPEC_IDS)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    catalogue, _errors = load_catalogue()
    passing = {case["rule"] for _family, case in CASES if not case["expect"]}
    failing = {case["rule"] for _family, case in CASES if case["expect"]}
    ids = {rule.id for rule in catalogue.rules}
    assert sorted(ids - passing) == [], "rules without a passing case"
    assert sorted(ids - failing) == [], "rules without a failing case"


def test_cases_are_filed_by_family() -> None:
    """dev.yaml holds DEV cases and so on; custom.yaml holds the organisations' own rules."""
    catalogue, _errors = load_catalogue()
    bundled = {rule.id for rule in catalogue.rules}
    for family, case in CASES:
        if family == "custom":
            assert case["rule"] not in bundled
        else:
            assert case["rule"].startswith(family.upper()), _case_id(family, case)
