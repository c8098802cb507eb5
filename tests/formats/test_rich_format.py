"""The rich format: the terminal report a person reads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from itready import load
from itready.cli import main
from itready.errors import InputError, Location
from itready.findings import Finding, Readiness, Report, WaiverInfo
from itready.formats import FORMATS, Options, renderer
from itready.formats.check.rich import BAR_WIDTH, CAP, bar, render
from itready.rules.engine import check

AS_OF = date(2026, 11, 27)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

FILES = {
    "itready.yaml": "organisation: Stadtverwaltung Testhausen\n",
    "sites.yaml": """\
sites:
  - id: RH
    name: Rathaus
    networks:
      - {cidr: 10.20.0.0/22, purpose: office}
  - id: BA
    name: Bauamt
    networks:
      - {cidr: 10.21.0.0/24, purpose: office}
""",
    "workplaces.yaml": """\
workplaces:
  - {id: WP-1, department: "10 Hauptamt", site: RH, work_model: hybrid, training: 2026-03-01}
  - {id: WP-2, department: "10 Hauptamt", site: RH, work_model: hybrid, training: 2026-03-01}
  - {id: WP-3, department: "60 Bauamt", site: BA, work_model: telework, training: 2026-03-01}
  - {id: WP-4, department: "60 Bauamt", site: BA, work_model: office}
""",
    "devices.yaml": """\
devices:
  - id: NB-1
    kind: laptop
    assigned_to: WP-1
    purchased: 2025-04-01
    warranty_until: 2029-03-31
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: true
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    camera: true
  - id: NB-2
    kind: laptop
    assigned_to: WP-2
    purchased: 2025-04-01
    warranty_until: 2029-03-31
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: false
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    camera: true
  - id: NB-3
    kind: laptop
    assigned_to: WP-3
    purchased: 2018-04-01
    warranty_until: 2021-03-31
    os: {name: windows, version: "10 22H2", edition: enterprise}
    encrypted: true
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    camera: true
  - {id: HS-1, kind: headset, assigned_to: WP-1}
  - {id: HS-2, kind: headset, assigned_to: WP-2}
  - {id: MO-1, kind: monitor, assigned_to: WP-3}
""",
    "licences.yaml": """\
licences:
  - id: LIC-VPN
    product: VPN
    provides: [vpn]
    model: per-user
    seats: 3
    assigned_to: [WP-1, WP-2, WP-3]
  - id: LIC-MFA
    product: MFA
    provides: [mfa]
    model: per-user
    seats: 3
    assigned_to: [WP-1, WP-2, WP-3]
""",
}


def write_inventory(root: Path, **changes: str) -> Path:
    for name, text in {**FILES, **changes}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def report(tmp_path: Path) -> Report:
    result = load(write_inventory(tmp_path))
    assert result.errors == []
    return check(result, AS_OF)


def plain(report: Report, **options: object) -> str:
    return render(report, Options(color=False, **options))  # type: ignore[arg-type]


def finding(number: int, rule: str = "DEV003", severity: str = "high", waived: bool = False,
            message: str | None = None) -> Finding:
    return Finding(
        rule=rule, severity=severity, record_kind="device", record_id=f"NB-{number:04d}",
        message=message or f"laptop NB-{number:04d} is not encrypted",
        location=Location("devices.yaml", number * 10, 5), field="encrypted", waived=waived,
        waiver=WaiverInfo("known; replaced in 2027", date(2027, 6, 30), "IT-Sicherheit")
        if waived else None)


def synthetic(findings: list[Finding], errors: tuple[InputError, ...] = ()) -> Report:
    return Report(organisation="Stadt X", as_of=AS_OF, tool_version="0.1.0",
                  findings=tuple(findings), errors=errors,
                  overall=Readiness("overall", 10, 7),
                  departments=(Readiness("10 Hauptamt", 10, 7),),
                  sites=(Readiness("RH", 10, 7),))


def test_registered(report: Report) -> None:
    assert "rich" in FORMATS["check"]
    fmt = FORMATS["check"]["rich"]
    assert f"{render.__module__}:{render.__name__}" == fmt.render
    assert fmt.people  # renders the escaped report (itready.formats.people)
    assert renderer("rich")(report, Options(color=False)) == render(report, Options(color=False))


def test_header(report: Report) -> None:
    lines = plain(report).splitlines()
    assert lines[0] == "Stadtverwaltung Testhausen"
    assert "check date 2026-11-27" in lines[1]
    assert lines[2].startswith("8 findings: 0 critical, 4 high, 3 medium, 1 low, 0 info")
    assert "0 waived" in lines[2]
    assert "0 input errors" in lines[2]


def test_readiness_tables_with_bars(report: Report) -> None:
    text = plain(report)
    assert "1 of 3 non-office workplaces ready" in text
    overall = next(line for line in text.splitlines() if "non-office workplaces ready" in line)
    assert bar(1 / 3) in overall and "33.3 %" in overall
    hauptamt = next(line for line in text.splitlines() if line.startswith("10 Hauptamt"))
    assert hauptamt.split()[2:5] == ["1", "2", "50.0"]
    assert hauptamt.endswith("█" * 10 + "░" * 10)
    bauamt = next(line for line in text.splitlines() if line.startswith("60 Bauamt"))
    assert bauamt.endswith("░" * BAR_WIDTH)
    assert re.search(r"^Site\s+Ready\s+Counted\s+Share", text, re.M)
    assert re.search(r"^RH\s+1\s+2\s+50\.0 %", text, re.M)
    assert re.search(r"^BA\s+0\s+1\s+0\.0 %", text, re.M)


def test_findings_by_severity_and_by_rule(report: Report) -> None:
    text = plain(report)
    assert re.search(r"^high\s+4$", text, re.M)
    assert re.search(r"^medium\s+3$", text, re.M)
    titles = {rule.id: rule.title for rule in report.rules}
    line = next(line for line in text.splitlines() if line.startswith("WP001 ") and "high" in line)
    assert titles["WP001"] in line and line.rstrip().endswith("2")
    # worst severity first, then most findings
    order = [m.group(1) for m in re.finditer(r"^(\w+\d{3})\s+(?:high|medium|low)\s+\D", text,
                                             re.M)]
    assert order[:3] == ["WP001", "DEV001", "DEV003"]


def test_findings_grouped_worst_first_with_locations(report: Report) -> None:
    text = plain(report, root="inv")
    high, medium, low = (text.index(h) for h in ("HIGH · 4 findings", "MEDIUM · 3 findings",
                                                 "LOW · 1 finding"))
    assert high < medium < low
    assert "laptop NB-2 is not encrypted" in text
    assert "inv/devices.yaml:21:5" in text
    assert "--all" not in text  # nothing left out


def test_no_colour_no_ansi_and_same_layout(report: Report) -> None:
    uncoloured = plain(report)
    coloured = render(report, Options(color=True))
    assert "\x1b[" not in uncoloured
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == uncoloured


@pytest.mark.parametrize("width", [80, 100, 120])
def test_fits_the_width(report: Report, width: int) -> None:
    for options in (Options(color=False, width=width), Options(width=width)):
        text = ANSI.sub("", render(report, options))
        assert max(len(line) for line in text.splitlines()) <= width
        assert all(line == line.rstrip() for line in text.splitlines())


def test_deterministic_and_independent_of_the_environment(
        report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    first = plain(report)
    coloured = render(report, Options(color=True))
    for name, value in (("COLUMNS", "40"), ("LINES", "5"), ("TERM", "dumb"),
                        ("FORCE_COLOR", "1"), ("NO_COLOR", "1"), ("TTY_COMPATIBLE", "0")):
        monkeypatch.setenv(name, value)
    assert plain(report) == first
    assert render(report, Options(color=True)) == coloured


def test_cap_and_all() -> None:
    findings = [finding(n) for n in range(1, 41)]
    text = plain(synthetic(findings))
    assert f"The {CAP} worst findings of 40" in text
    assert text.count("is not encrypted") == CAP
    assert "… and 15 more high findings" in text
    assert "15 more findings not shown (15 high); --all shows them all." in text
    everything = plain(synthetic(findings), show_all=True)
    assert everything.count("is not encrypted") == 40
    assert "not shown" not in everything and "--all" not in everything


def test_cap_samples_every_rule_of_the_cut_severity() -> None:
    findings = [finding(n, rule="DEV003") for n in range(1, 31)]
    findings += [finding(n, rule="DEV004", message=f"laptop NB-{n:04d} is not managed")
                 for n in range(31, 36)]
    findings += [finding(n, rule="DEV006", severity="medium") for n in range(36, 40)]
    text = plain(synthetic(findings))
    assert text.count("is not managed") == 5  # the rare rule is not crowded out
    assert "is not encrypted" in text
    assert "MEDIUM" not in text  # a worse severity fills the list first
    assert "(10 high, 4 medium)" in text


def test_waived_findings_only_with_all() -> None:
    findings = [finding(1), finding(2, waived=True)]
    text = plain(synthetic(findings))
    assert "1 waived" in text
    assert "1 waived finding not listed; --all lists them with their waivers." in text
    assert "NB-0002" not in text.split("HIGH")[1]
    everything = plain(synthetic(findings), show_all=True)
    assert "WAIVED · 1 finding" in everything
    assert "waived until 2027-06-30 by IT-Sicherheit: known; replaced in 2027" in everything


def test_input_errors_come_first() -> None:
    error = InputError("E015", "rule has no 'title'", Location("checks/local.yaml", 3, 3))
    text = plain(synthetic([finding(1)], errors=(error,)), root="inv")
    assert "1 input error" in text.splitlines()[2]
    assert text.index("Input errors (1)") < text.index("Readiness ─")
    assert "E015  rule has no 'title'" in text
    assert "inv/checks/local.yaml:3:3" in text


def test_invalid_inventory(tmp_path: Path) -> None:
    broken = FILES["devices.yaml"].replace("encrypted: false", "encryted: false")
    result = load(write_inventory(tmp_path, **{"devices.yaml": broken}))
    assert result.errors
    report = Report(organisation="Stadtverwaltung Testhausen", as_of=AS_OF,
                    tool_version="0.1.0", findings=(), errors=tuple(result.errors),
                    overall=Readiness("overall", 0, 0), departments=(), sites=())
    text = plain(report)
    assert "1 input error · the rules did not run" in text
    assert "E004  unknown key 'encryted'" in text
    assert "devices.yaml:21:5" in text
    assert "Readiness" not in text.split("\n", 2)[2]


def test_markup_in_data_is_shown_as_written() -> None:
    text = plain(synthetic([finding(1, message="laptop [bold]x[/bold] :smile: is not encrypted")]))
    assert "laptop [bold]x[/bold] :smile: is not encrypted" in text


def test_no_findings_and_no_workplaces() -> None:
    report = Report(organisation=None, as_of=AS_OF, tool_version="0.1.0", findings=(),
                    errors=(), overall=Readiness("overall", 0, 0), departments=(), sites=())
    text = plain(report)
    assert "No non-office workplaces to count" in text
    assert "No findings." in text


@pytest.mark.parametrize(("share", "full"), [(0.0, 0), (0.5, 10), (1.0, 20), (0.999, 19)])
def test_bar(share: float, full: int) -> None:
    drawn = bar(share)
    assert len(drawn) == BAR_WIDTH
    assert drawn.count("█") == full
    assert set(drawn) <= set("█▏▎▍▌▋▊▉░")


def test_check_command_renders_rich(tmp_path: Path) -> None:
    root = write_inventory(tmp_path)
    result = CliRunner().invoke(main, ["check", str(root), "--as-of", "2026-11-27", "-f", "rich",
                                       "--all"])
    assert result.exit_code == 1  # high findings
    assert result.stdout.startswith("Stadtverwaltung Testhausen\n")
    assert f"{root.as_posix()}/devices.yaml:21:5" in result.stdout
    assert "\x1b[" not in result.stdout
