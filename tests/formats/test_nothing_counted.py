"""Nothing counted is not 100 % (rules.md, decisions of 2026-12-04): where no non-office
workplace is counted, the share is "n/a" for people and null in JSON, in every format that
shows one, and the gap list does not say that every workplace is ready."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import workbooks

from itready import load
from itready.findings import Readiness
from itready.formats import FORMATS, Options, render, renderer
from itready.plan.gaps import build_plan
from itready.rules.engine import check

AS_OF = date(2026, 11, 27)
OPTIONS = Options(root=".", color=False, width=100)
HUNDRED = re.compile(r"100(\.0)?\s?%")


@pytest.fixture
def office_only(tmp_path: Path) -> Path:
    (tmp_path / "records.yaml").write_text("""\
sites:
  - id: RH
workplaces:
  - {id: WP-1, department: "10 Hauptamt", site: RH, work_model: office}
devices:
  - {id: PC-1, kind: desktop, assigned_to: WP-1, purchased: 2010-01-01}
""", encoding="utf-8")
    return tmp_path


def test_readiness_share_of_nothing_is_none() -> None:
    assert Readiness("overall", 0, 0).share is None
    assert Readiness("overall", 0, 0).percent == "n/a"
    assert Readiness("overall", 8, 7).share == 0.875
    assert Readiness("overall", 8, 7).percent == "87.5%"


@pytest.mark.parametrize("name", sorted(FORMATS["check"]))
def test_no_check_format_reads_nothing_counted_as_ready(office_only: Path, name: str) -> None:
    report = check(load(office_only), AS_OF)
    assert report.overall.counted == 0 and report.findings  # DEV006 on the desktop
    text = renderer(name)(report, OPTIONS)
    if FORMATS["check"][name].writes_bytes:  # a workbook: what its cells show
        text = workbooks.text(text)
    assert not HUNDRED.search(text), text
    if name in ("json",):
        assert json.loads(text)["readiness"]["overall"] == {"counted": 0, "ready": 0,
                                                             "share": None}
    if name in ("text", "table", "markdown"):
        assert "n/a" in text


@pytest.mark.parametrize("name", sorted(FORMATS["gaps"]))
def test_the_gap_list_of_nothing_counted_says_so(office_only: Path, name: str) -> None:
    plan = build_plan(load(office_only), AS_OF)[0]
    text = render("gaps", name, plan, OPTIONS)
    if FORMATS["gaps"][name].writes_bytes:
        text = workbooks.text(text)
    assert "Every counted workplace is ready" not in text
    if name in ("text", "table", "rich"):
        assert "0 non-office workplaces counted" in text
