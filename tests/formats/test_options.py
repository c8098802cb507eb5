"""Options every command shares: CSV writers take --dialect; help links in SARIF and JUnit
follow docs_url in itready.yaml."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from itready.cli import main

EXAMPLE = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]


def test_check_csv_takes_the_dialect(tmp_path: Path) -> None:
    default = CliRunner().invoke(main, ["check", str(EXAMPLE), *AS_OF, "-f", "csv"])
    german = CliRunner().invoke(main, ["check", str(EXAMPLE), *AS_OF, "-f", "csv",
                                       "--dialect", "excel-de"])
    assert default.stdout_bytes.startswith(b"path,line,column,severity,rule,record_kind")
    data = german.stdout_bytes
    # for people: headings in the run's language (English here), the rule's title beside it
    assert data.startswith("\ufeffFile;Line;Column;Severity;Rule;Rule title;".encode())
    assert b"\r\n" in data and data.count(b"\r\n") == default.stdout_bytes.count(b"\n")


def test_help_links_follow_docs_url(tmp_path: Path) -> None:
    root = Path(shutil.copytree(EXAMPLE, tmp_path / "inv"))
    base = "https://gitlab.stadt.example/it/itready/-/blob/v0.1.0/docs"
    with open(root / "itready.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"docs_url: {base}/\n")
    sarif = tmp_path / "r.sarif"
    junit = tmp_path / "r.xml"
    CliRunner().invoke(main, ["check", str(root), *AS_OF, "-f", "sarif", "-o", str(sarif),
                              "--report", f"junit={junit}"])
    rules = json.loads(sarif.read_text())["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["id"] == "DEV003"} == {f"{base}/rules.md#dev003"}
    assert all(r["helpUri"].startswith(base + "/rules.md#") for r in rules)
    failures = [f.text or "" for f in ET.parse(junit).iter("failure")]
    assert failures and all(re.search(rf"{re.escape(base)}/rules\.md#[a-z]+\d+$", t)
                            for t in failures)
