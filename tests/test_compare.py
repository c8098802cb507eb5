"""Baselines: accept today's findings, report and fail only on new ones."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from itready import load
from itready.cli import main
from itready.compare import (
    HEADER,
    BaselineError,
    apply_baseline,
    baseline_text,
    parse_baseline,
    read_baseline,
)
from itready.errors import Location
from itready.findings import Finding
from itready.rules.engine import check

INVENTORY = DATA / "ci-inventory"
AS_OF = ["--as-of", "2026-11-27"]


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INVENTORY, tmp_path / "inventory"))


def run(*args: str) -> tuple[int, dict, str]:
    """Exit code, JSON report and standard error of ``itready check ... -f json``."""
    result = CliRunner().invoke(main, ["check", *args, *AS_OF, "-f", "json"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_round_trip_accepts_every_current_finding(inventory: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "itready.baseline"
    code, before, stderr = run(str(inventory), "--write-baseline", str(baseline))
    assert code == 0  # today's findings are accepted: writing them is the run's purpose
    assert "wrote baseline" in stderr and "10 fingerprints" in stderr
    text = baseline.read_text("utf-8")
    assert text.startswith(HEADER)
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    fingerprints = [line.split()[0] for line in lines]
    assert fingerprints == sorted(fingerprints)
    assert set(fingerprints) == {f["fingerprint"] for f in before["findings"]
                                 if not f["waived"]}
    assert "  # DEV003 NB-00017 encrypted" in text  # reviewable: which finding a line is

    code, after, stderr = run(str(inventory), "--baseline", str(baseline))
    assert code == 0
    assert after["summary"]["findings"] == 0
    assert [f["rule"] for f in after["findings"]] == ["DEV007"]  # the waived one stays, waived
    assert "10 known findings, 10 of them still present and not reported, 0 resolved" \
        in stderr


def test_a_new_finding_after_an_edit_is_reported(inventory: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.txt"
    run(str(inventory), "--write-baseline", str(baseline))
    edit(inventory / "devices" / "finanzen.yaml", "encrypted: true", "encrypted: false")
    code, report, _ = run(str(inventory), "--baseline", str(baseline))
    assert code == 1
    assert sorted((f["rule"], f["record"]["id"]) for f in report["findings"]
                  if not f["waived"]) == [("DEV003", "NB-00018"), ("WP001", "WP-20-0001")]
    code, _, _ = run(str(inventory), "--baseline", str(baseline), "--fail-on", "never")
    assert code == 0


def test_resolved_baselined_findings_are_counted(inventory: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.txt"
    run(str(inventory), "--write-baseline", str(baseline))
    edit(inventory / "devices" / "finanzen.yaml", "ram_gb: 4", "ram_gb: 16")
    code, report, stderr = run(str(inventory), "--baseline", str(baseline))
    assert code == 0 and report["summary"]["findings"] == 0
    assert "9 of them still present and not reported, 1 resolved" in stderr
    assert "--write-baseline" in stderr


def test_fingerprints_survive_inserting_lines_above(inventory: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.txt"
    _, before, _ = run(str(inventory), "--write-baseline", str(baseline))
    path = inventory / "devices" / "finanzen.yaml"
    edit(path, "devices:\n", "# a comment\n\ndevices:\n  - id: HS-00099\n    kind: headset\n"
         "    status: stock\n")
    _, moved, _ = run(str(inventory))
    lines = {f["fingerprint"]: f["location"]["line"] for f in moved["findings"]}
    old = {f["fingerprint"]: f["location"]["line"] for f in before["findings"]}
    assert set(lines) == set(old)
    moved_finding = next(f for f in before["findings"] if f["rule"] == "DEV009")
    assert lines[moved_finding["fingerprint"]] == old[moved_finding["fingerprint"]] + 5
    code, report, _ = run(str(inventory), "--baseline", str(baseline))
    assert code == 0 and report["summary"]["findings"] == 0


def test_baseline_and_write_baseline_together(inventory: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    run(str(inventory), "--write-baseline", str(old))
    edit(inventory / "devices" / "finanzen.yaml", "ram_gb: 4", "ram_gb: 16")
    code, _, _ = run(str(inventory), "--baseline", str(old), "--write-baseline", str(new))
    assert code == 0
    assert len(read_baseline(new)) == len(read_baseline(old)) - 1  # the full current set


def test_bad_baseline_files_are_clear_errors(inventory: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(inventory), "--baseline",
                                       str(tmp_path / "none.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("# header\nDEV003 NB-1\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(inventory), "--baseline", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.stderr and "not a fingerprint" in result.stderr


def test_no_baseline_is_written_for_an_invalid_inventory(inventory: Path,
                                                         tmp_path: Path) -> None:
    edit(inventory / "vpn.yaml", "site: RZ", "site: RZ9")
    baseline = tmp_path / "b.txt"
    result = CliRunner().invoke(main, ["check", str(inventory), "--write-baseline",
                                       str(baseline), "-f", "text"])
    assert result.exit_code == 2
    assert not baseline.exists()
    assert "not written" in result.stderr


def _finding(rule: str, record: str, field: str | None = None, waived: bool = False,
             line: int = 1) -> Finding:
    return Finding(rule=rule, severity="high", record_kind="device", record_id=record,
                   message="m", location=Location("a.yaml", line, 1), field=field,
                   waived=waived)


def test_baseline_text_is_sorted_unique_and_leaves_out_waived() -> None:
    findings = [_finding("B001", "X"), _finding("A001", "Y", "ip"),
                _finding("A001", "Y", "ip", line=9), _finding("C001", "Z", waived=True)]
    text = baseline_text(findings)
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(body) == 2
    assert body == sorted(body)
    assert parse_baseline(text) == {findings[0].fingerprint, findings[1].fingerprint}
    assert baseline_text(reversed(findings)) == text


def test_read_baseline_ignores_comments_blank_lines_and_a_bom(tmp_path: Path) -> None:
    fp = _finding("A001", "Y").fingerprint
    path = tmp_path / "b.txt"
    path.write_bytes(f"\ufeff# note\r\n\r\n  {fp}   # A001 Y\r\n".encode())
    assert read_baseline(path) == {fp}
    with pytest.raises(BaselineError):
        parse_baseline("xyz\n")


def test_apply_baseline_keeps_waived_and_counts(tmp_path: Path) -> None:
    report = check(load(shutil.copytree(INVENTORY, tmp_path / "inv")), date(2026, 11, 27))
    fingerprints = parse_baseline(baseline_text(report.findings[:3]) + "0" * 32 + "\n")
    kept, result = apply_baseline(report, fingerprints)
    assert result.known == len(fingerprints)
    assert result.resolved == 1  # the made-up fingerprint
    assert result.hidden == len(report.findings) - len(kept.findings)
    assert all(f.waived or f.fingerprint not in fingerprints for f in kept.findings)
    assert kept.overall == report.overall
