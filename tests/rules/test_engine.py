"""Readiness and demand arithmetic at its edges, with the numbers asserted.

Waivers (in force, expired, stale), devices that are not in use, tablets, licence models,
peak remote users, desk demand, address pools, declared extended OS support, settings
overrides and the report filters ``--select``, ``--ignore`` and ``--department``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itready import load
from itready.cli import main
from itready.findings import Report
from itready.rules.engine import check
from itready.rules.facts import Context, usable_addresses

AS_OF = dt.date(2026, 11, 27)

SECURE_LAPTOP = """\
    os: {name: windows, version: "11 24H2", edition: enterprise}
    encrypted: true
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    camera: true
"""


def ready_kit(workplace: str, laptop: str = "laptop", extra: str = "") -> str:
    """Devices that make a hybrid workplace ready (with a site VPN licence)."""
    return (f"  - id: NB-{workplace}\n    kind: {laptop}\n    assigned_to: {workplace}\n"
            + (SECURE_LAPTOP if laptop == "laptop" else
               '    os: {name: ipados, version: "18"}\n' + SECURE_LAPTOP.split("\n", 1)[1]
               .replace('    tpm: "2.0"\n    secure_boot: true\n', ""))
            + extra
            + f"  - {{id: HS-{workplace}, kind: headset, assigned_to: {workplace}}}\n"
            + f"  - {{id: TOK-{workplace}, kind: mfa-token, assigned_to: {workplace}}}\n")


VPN_SITE_LICENCE = """\
licences:
  - {id: LIC-VPN, provides: [vpn], model: site}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(root: Path, as_of: dt.date = AS_OF, **filters: Any) -> Report:
    result = load(root)
    assert [str(e) for e in result.errors] == []
    report = check(result, as_of, **filters)
    assert [str(e) for e in report.errors] == []
    return report


def context(root: Path, as_of: dt.date = AS_OF) -> Context:
    result = load(root)
    assert [str(e) for e in result.errors] == []
    return Context(result.inventory, as_of)


def found(report: Report, rule: str) -> list[str]:
    return sorted(f.record_id for f in report.findings if f.rule == rule)


def finding(report: Report, rule: str, record: str) -> Any:
    [hit] = [f for f in report.findings if f.rule == rule and f.record_id == record]
    return hit


def readiness(report: Report) -> tuple[Any, ...]:
    return ((report.overall.ready, report.overall.counted),
            [(r.name, r.ready, r.counted) for r in report.departments],
            [(r.name, r.ready, r.counted) for r in report.sites])


WORKPLACES = """\
sites:
  - id: RH
  - id: BH
workplaces:
  - {id: WP-1, department: "10 Hauptamt", site: RH, work_model: hybrid, training: 2026-01-15}
  - {id: WP-2, department: "10 Hauptamt", site: RH, work_model: mobile, training: 2026-01-15}
  - {id: WP-3, department: "20 Kämmerei", site: BH, work_model: telework, training: 2026-01-15}
  - {id: OF-1, department: "20 Kämmerei", site: BH, work_model: office}
"""


# --- waivers -------------------------------------------------------------------------------------

def _waiver_inventory(root: Path, until: str) -> Path:
    devices = "devices:\n" + ready_kit("WP-1", extra=(
        "    waivers:\n"
        "      - rule: DEV003\n"
        "        reason: label printer driver\n"
        f"        until: {until}\n"
        "        approved_by: IT-Sicherheit\n")).replace(
            "    encrypted: true\n", "    encrypted: false\n", 1)
    devices += ready_kit("WP-2").replace("  - {id: HS-WP-2, kind: headset, assigned_to: WP-2}\n",
                                         "")
    devices += ready_kit("WP-3").replace("  - {id: HS-WP-3, kind: headset, assigned_to: WP-3}\n",
                                         "")
    devices += "  - {id: MON-WP-3, kind: monitor, assigned_to: WP-3}\n"
    workplaces = WORKPLACES.replace(
        "work_model: mobile, training: 2026-01-15}",
        "work_model: mobile, training: 2026-01-15,\n"
        f"     waivers: [{{rule: WP002, until: {until}}}]}}")
    return write(root, {"workplaces.yaml": workplaces, "devices.yaml": devices,
                        "licences.yaml": VPN_SITE_LICENCE})


def test_waived_findings_are_reported_and_do_not_make_a_workplace_not_ready(
        tmp_path: Path) -> None:
    report = run(_waiver_inventory(tmp_path, "2027-03-31"))
    dev003 = finding(report, "DEV003", "NB-WP-1")
    assert dev003.waived
    assert (dev003.waiver.reason, dev003.waiver.until, dev003.waiver.approved_by) == (
        "label printer driver", dt.date(2027, 3, 31), "IT-Sicherheit")
    assert found(report, "WP001") == []  # the waived DEV003 does not block the laptop
    wp002 = [(f.record_id, f.waived) for f in report.findings if f.rule == "WP002"]
    assert wp002 == [("WP-2", True), ("WP-3", False)]
    assert readiness(report) == ((2, 3), [("10 Hauptamt", 2, 2), ("20 Kämmerei", 0, 1)],
                                 [("BH", 0, 1), ("RH", 2, 2)])
    assert report.overall.share == pytest.approx(0.667)
    assert report.counts()["high"] == 0  # the waived DEV003 is not counted
    assert not report.fails("high")
    assert report.fails("medium")  # WP002 of WP-3
    assert found(report, "INV001") == found(report, "INV002") == []


def test_a_waiver_is_in_force_on_its_until_date(tmp_path: Path) -> None:
    report = run(_waiver_inventory(tmp_path, "2026-11-27"))
    assert finding(report, "DEV003", "NB-WP-1").waived
    assert report.overall.ready == 2


def test_an_expired_waiver_no_longer_waives_and_is_inv001(tmp_path: Path) -> None:
    report = run(_waiver_inventory(tmp_path, "2026-11-26"))
    assert not finding(report, "DEV003", "NB-WP-1").waived
    assert [(f.record_id, f.waived) for f in report.findings if f.rule == "WP002"] == [
        ("WP-2", False), ("WP-3", False)]
    assert found(report, "WP001") == ["WP-1"]  # the laptop is blocked again
    assert found(report, "INV001") == ["NB-WP-1", "WP-2"]
    inv001 = finding(report, "INV001", "NB-WP-1")
    assert (inv001.severity, inv001.location.path, inv001.location.line) == (
        "medium", "devices.yaml", 15)  # the waiver's until
    assert "expired on 2026-11-26" in inv001.message
    assert found(report, "INV002") == []
    assert readiness(report)[0] == (0, 3)
    assert report.fails("high")


def test_stale_waivers(tmp_path: Path) -> None:
    devices = "devices:\n" + ready_kit("WP-1", extra=(
        "    waivers:\n"
        "      - {rule: DEV003, until: 2027-03-31}\n"
        "      - {rule: DEV007, until: 2027-03-31}\n"))
    write(tmp_path, {"itready.yaml": "rules: {disable: [DEV007]}\n",
                     "workplaces.yaml": WORKPLACES, "devices.yaml": devices})
    report = run(tmp_path)
    stale = sorted((f.message, f.severity, f.location.line) for f in report.findings
                   if f.rule == "INV002")
    assert stale == [
        ("waiver of DEV003 on NB-WP-1 is stale: the rule finds nothing on it", "low", 13),
        ("waiver of DEV007 on NB-WP-1 is stale: the rule is disabled", "low", 14),
    ]


def test_a_waiver_naming_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"devices.yaml": """\
        devices:
          - id: NB-1
            kind: laptop
            waivers:
              - {rule: DEV033, until: 2027-03-31}
        """})
    report = check(load(tmp_path), AS_OF)
    assert [(e.code, e.location.line) for e in report.errors] == [("E006", 5)]
    assert "did you mean" in report.errors[0].message


# --- devices not in use, tablets -----------------------------------------------------------------

def test_retired_and_stock_devices_are_not_in_use_equipment(tmp_path: Path) -> None:
    devices = ready_kit("WP-1").replace("    assigned_to: WP-1\n",
                                        "    assigned_to: WP-1\n    status: retired\n", 1)
    devices = devices.replace("kind: headset, assigned_to: WP-1",
                              "kind: headset, status: stock, assigned_to: WP-1")
    devices = devices.replace("kind: mfa-token, assigned_to: WP-1",
                              "kind: mfa-token, status: repair, assigned_to: WP-1")
    write(tmp_path, {
        "workplaces.yaml": WORKPLACES.replace("  - id: RH\n", "  - id: RH\n    shared_desks: 1\n"),
        "devices.yaml": "devices:\n" + devices + """\
  - {id: DK-1, kind: dock, status: stock, assigned_to: RH}
  - {id: DK-2, kind: dock, status: retired}
  - {id: MON-1, kind: monitor, assigned_to: RH}
""",
        "licences.yaml": """\
licences:
  - {id: LIC-VPN, provides: [vpn], model: per-device, seats: 1, assigned_to: [NB-WP-1]}
""",
    })
    report = run(tmp_path)
    assert found(report, "DEV012") == ["HS-WP-1", "NB-WP-1", "TOK-WP-1"]
    # the retired laptop has a camera and a VPN licence, but is not in use
    for rule in ("WP001", "WP002", "WP003", "WP004", "WP005"):
        assert "WP-1" in found(report, rule), rule
    for rule in ("DEV001", "DEV003", "DEV004", "DEV005", "DEV008", "DEV010"):
        assert not {"NB-WP-1", "DK-2"} & set(found(report, rule)), rule
    assert finding(report, "SPC002", "RH").detail("quantity") == 1
    assert found(report, "SPC003") == []
    assert readiness(report)[0] == (0, 3)


def test_a_tablet_meets_mobile_device_and_a_smartphone_does_not(tmp_path: Path) -> None:
    devices = "devices:\n" + ready_kit("WP-1", laptop="tablet") + ready_kit("WP-2")
    devices = devices.replace("  - id: NB-WP-2\n    kind: laptop\n",
                              "  - id: NB-WP-2\n    kind: smartphone\n")
    devices = devices.replace('    os: {name: windows, version: "11 24H2", edition: enterprise}\n'
                              "    encrypted: true\n    mdm: true\n    vpn_client: true\n"
                              '    tpm: "2.0"\n',
                              '    os: {name: android, version: "15"}\n    encrypted: true\n'
                              "    mdm: true\n")
    devices = devices.replace("    secure_boot: true\n    camera: true\n", "    camera: true\n")
    write(tmp_path, {"workplaces.yaml": WORKPLACES, "devices.yaml": devices,
                     "licences.yaml": VPN_SITE_LICENCE})
    report = run(tmp_path)
    assert found(report, "WP001") == ["WP-2", "WP-3"]
    assert found(report, "WP003") == ["WP-2", "WP-3"]  # a smartphone camera does not count
    wp1 = [f.rule for f in report.findings if f.record_id in ("WP-1", "NB-WP-1")]
    assert wp1 == []
    assert readiness(report)[0] == (1, 3)


def test_security_facts_not_recorded_count_as_not_in_place(tmp_path: Path) -> None:
    write(tmp_path, {"workplaces.yaml": WORKPLACES, "devices.yaml": """\
        devices:
          - id: NB-1
            kind: laptop
            assigned_to: WP-1
            os: {name: windows, version: "11 24H2", edition: enterprise}
        """})
    report = run(tmp_path)
    messages = {f.rule: f.message for f in report.findings if f.record_id == "NB-1"}
    assert messages == {
        "DEV003": "laptop NB-1 is not encrypted (not recorded)",
        "DEV004": "laptop NB-1 is not enrolled in device management (not recorded)",
        "DEV005": "laptop NB-1 of a hybrid workplace has no VPN client (not recorded)",
        "DEV008": "laptop NB-1 cannot run Windows 11 (TPM not recorded, Secure Boot not "
                  "recorded)",
    }
    assert "WP-1" in found(report, "WP001")  # the laptop does not count


# --- capabilities from licences ------------------------------------------------------------------

def test_concurrent_and_site_licences_give_capabilities(tmp_path: Path) -> None:
    write(tmp_path, {
        "itready.yaml": "readiness:\n  hybrid: [vpn, e-file, softphone]\n"
                        "  mobile: [vpn, e-file, softphone]\n"
                        "  telework: [vpn, e-file, softphone]\n",
        "workplaces.yaml": WORKPLACES,
        "licences.yaml": """\
licences:
  - {id: LIC-VPN, provides: [vpn], model: concurrent, seats: 1, assigned_to: [WP-1, WP-2]}
  - {id: LIC-EAKTE, provides: [e-file], model: site}
  - {id: LIC-PHONE-OLD, provides: [softphone], model: site, expires: 2026-11-26}
  - {id: LIC-PHONE, provides: [softphone], model: concurrent, seats: 1, assigned_to: [WP-3],
     expires: 2026-11-27}
""",
    })
    report = run(tmp_path)
    assert found(report, "WP004") == ["WP-3"]
    assert [(f.record_id, f.field) for f in report.findings if f.rule == "WP008"] == [
        ("WP-1", "softphone"), ("WP-2", "softphone")]
    ctx = context(tmp_path)
    assert [ctx.has_capability(w, "e-file") for w in ("WP-1", "WP-3", "OF-1")] == [True] * 3
    assert [ctx.has_capability(w, "vpn") for w in ("WP-1", "WP-2", "WP-3")] == [
        True, True, False]
    # two entitled remote workplaces: a peak of ceil(2 x 0.6) = 2 on one seat
    assert finding(report, "LIC005", "LIC-VPN").detail("quantity") == 1
    assert found(report, "LIC002") == ["LIC-PHONE-OLD"]


# --- peak remote users ---------------------------------------------------------------------------

@pytest.mark.parametrize(("remote", "share", "peak"), [
    (5, "0.6", 3),  # 5 x 0.6 is 3.0000000000000004 in binary floating point
    (4, "0.6", 3),
    (1, "0.6", 1),
    (0, "0.6", 0),
    (10, "0.1", 1),  # 10 x 0.1 is 1.0000000000000002 in floating point
    (20, "0.35", 7),  # 20 x 0.35 is 7.000000000000001 in floating point
    (3, "1", 3),
    (7, "0", 0),
])
def test_peak_remote_users(remote: int, share: str, peak: int, tmp_path: Path) -> None:
    workplaces = "".join(
        f"  - {{id: WP-{n}, department: '10', site: RH, work_model: "
        f"{('hybrid', 'mobile', 'telework')[n % 3]}}}\n" for n in range(remote))
    write(tmp_path, {
        "itready.yaml": f"policy: {{peak_remote_share: {share}}}\n",
        "inventory.yaml": "sites:\n  - id: RH\nvpn:\n  - {id: VPN-1, site: RH, max_sessions: 0}\n"
                          "workplaces:\n  - {id: OF-1, department: '10', site: RH, "
                          "work_model: office}\n" + workplaces,
    })
    ctx = context(tmp_path)
    assert len(ctx.non_office) == remote
    assert ctx.peak_remote(remote) == peak
    report = run(tmp_path)
    net004 = [f for f in report.findings if f.rule == "NET004"]
    if peak:
        assert [f.detail("quantity") for f in net004] == [peak]
        users = "user" if peak == 1 else "users"
        assert net004[0].message.endswith(f"for a peak of {peak} concurrent remote {users}")
    else:
        assert net004 == []


# --- desk demand ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("workplaces", "factor", "demand"), [
    (["hybrid"] * 5, "1.1", 4),  # 5 x 3/5 = 3.0; x 1.1 = 3.3
    (["office shared"] * 10, "1.1", 11),  # 10 x 1.1 is 11.000000000000002 in floating point
    ([f"hybrid {d}" for d in range(6)], "1.1", 4),  # (5+4+3+2+1+0)/5 = 3.0
    (["telework"] * 3, "1.1", 0),
    (["mobile"] * 3, "1.1", 1),  # 3 x 1/5 = 0.6; x 1.1 = 0.66
    (["hybrid"], "1.5", 1),  # 0.6 x 1.5 = 0.9
    (["hybrid"] * 5, "1", 3),
    (["office", "hybrid none", "hybrid assigned", "mobile 5"], "1.1", 0),
])
def test_desk_demand(workplaces: list[str], factor: str, demand: int, tmp_path: Path) -> None:
    lines = []
    for n, spec in enumerate(workplaces):
        model, *rest = spec.split()
        extra = ""
        for word in rest:
            extra += f", mobile_days: {word}" if word.isdigit() else f", desk: {word}"
        lines.append(f"  - {{id: WP-{n}, department: '10', site: RH, "
                     f"work_model: {model}{extra}}}\n")
    write(tmp_path, {
        "itready.yaml": f"policy: {{desk_peak_factor: {factor}}}\n",
        "inventory.yaml": "sites:\n  - id: RH\n  - {id: BH, shared_desks: 0}\nworkplaces:\n"
                          + "".join(lines),
    })
    ctx = context(tmp_path)
    assert ctx.desk_demand.get("RH", 0) == demand
    assert ctx.desk_demand.get("BH", 0) == 0
    report = run(tmp_path)
    spc001 = [(f.record_id, f.detail("quantity")) for f in report.findings if f.rule == "SPC001"]
    assert spc001 == ([("RH", demand)] if demand else [])


def test_desk_demand_is_per_site(tmp_path: Path) -> None:
    write(tmp_path, {"inventory.yaml": """\
        sites:
          - {id: RH, shared_desks: 2}
          - {id: BH, shared_desks: 2}
        workplaces:
          - {id: WP-1, department: '10', site: RH, work_model: hybrid}
          - {id: WP-2, department: '10', site: RH, work_model: hybrid}
          - {id: WP-3, department: '10', site: RH, work_model: hybrid}
          - {id: WP-4, department: '10', site: BH, work_model: office, desk: shared}
          - {id: WP-5, department: '10', site: BH, work_model: office, desk: shared}
        """})
    assert context(tmp_path).desk_demand == {"RH": 2, "BH": 3}  # ceil(1.98), ceil(2.2)
    report = run(tmp_path)
    assert [(f.record_id, f.detail("quantity")) for f in report.findings
            if f.rule == "SPC001"] == [("BH", 1)]


# --- address pools -------------------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "version", "usable"), [
    (24, 4, 254), (30, 4, 2), (29, 4, 6), (31, 4, 2), (32, 4, 1), (22, 4, 1022),
    (64, 6, 2**64), (120, 6, 256), (127, 6, 2), (128, 6, 1),
])
def test_usable_addresses(prefix: int, version: int, usable: int) -> None:
    assert usable_addresses(prefix, version) == usable


@pytest.mark.parametrize(("pools", "shortfall"), [
    (["10.99.0.0/30"], 2),  # 2 usable for a peak of 4
    (["10.99.0.0/29"], 0),  # 6
    (["10.99.0.0/31", "10.99.0.2/31"], 0),  # 2 + 2 (RFC 3021)
    (["10.99.0.0/32", "10.99.0.1/32", "10.99.0.2/31"], 0),  # 1 + 1 + 2
    (["10.99.0.0/32", "10.99.0.1/32"], 2),
    (['"2001:db8:99::/126"'], 0),  # an IPv6 pool has no network or broadcast address: 4
    (['"2001:db8:99::/127"'], 2),
    (['"2001:db8:99::/64"'], 0),
])
def test_vpn_pools_against_the_peak(pools: list[str], shortfall: int, tmp_path: Path) -> None:
    workplaces = "".join(f"  - {{id: WP-{n}, department: '10', site: RH, work_model: hybrid}}\n"
                         for n in range(6))  # peak: ceil(6 x 0.6) = 4
    write(tmp_path, {"inventory.yaml": "sites:\n  - id: RH\nworkplaces:\n" + workplaces
                     + f"vpn:\n  - {{id: VPN-1, site: RH, max_sessions: 10, "
                       f"pools: [{', '.join(pools)}]}}\n"})
    report = run(tmp_path)
    net003 = [f.detail("quantity") for f in report.findings if f.rule == "NET003"]
    assert net003 == ([shortfall] if shortfall else [])
    assert found(report, "NET001") == []


# --- declared extended OS support ----------------------------------------------------------------

WIN10 = """\
devices:
  - id: PC-1
    kind: desktop
    os: {name: windows, version: "10 22H2", edition: enterprise}
  - id: PC-2
    kind: desktop
    os: {name: windows, version: "10 22H2", edition: pro}
"""


def test_windows_10_without_declared_extended_support_is_out_of_support(
        tmp_path: Path) -> None:
    report = run(write(tmp_path, {"devices.yaml": WIN10}))
    assert found(report, "DEV001") == ["PC-1", "PC-2"]
    assert "support ended on 2025-10-14" in finding(report, "DEV001", "PC-1").message
    assert found(report, "DEV002") == found(report, "DEV011") == []


def test_windows_10_enterprise_with_declared_extended_support(tmp_path: Path) -> None:
    settings = ("lifecycle:\n  - {name: windows, version: \"10 22H2\", edition: enterprise, "
                "eol: 2028-10-10}\n")
    report = run(write(tmp_path, {"itready.yaml": settings, "devices.yaml": WIN10}))
    assert found(report, "DEV001") == ["PC-2"]  # bought for the Enterprise fleet only
    assert found(report, "DEV002") == found(report, "DEV011") == []
    soon = settings.replace("2028-10-10", "2027-03-31")
    report = run(write(tmp_path, {"itready.yaml": soon}))
    assert found(report, "DEV002") == ["PC-1"]
    assert "support ends on 2027-03-31" in finding(report, "DEV002", "PC-1").message


# --- settings overrides --------------------------------------------------------------------------

OLD_DEVICES = """\
devices:
  - {id: PC-1, kind: desktop, purchased: 2021-01-01, warranty_until: 2026-01-01}
  - {id: PC-2, kind: desktop, purchased: 2020-06-01, warranty_until: 2026-01-01}
"""


def test_defaults_without_settings(tmp_path: Path) -> None:
    report = run(write(tmp_path, {"devices.yaml": OLD_DEVICES}))
    assert found(report, "DEV006") == ["PC-1", "PC-2"]
    assert {f.severity for f in report.findings if f.rule == "DEV007"} == {"low"}


def test_rules_disable_severity_and_options(tmp_path: Path) -> None:
    write(tmp_path, {"devices.yaml": OLD_DEVICES, "itready.yaml": """\
        rules:
          disable: [DEV010, DEV011]
          severity: {DEV007: info}
          options: {DEV006: {years: 6}}
        """})
    report = run(tmp_path)
    assert found(report, "DEV010") == found(report, "DEV011") == []
    assert not {"DEV010", "DEV011"} & {r.id for r in report.rules}
    assert {f.severity for f in report.findings if f.rule == "DEV007"} == {"info"}
    assert found(report, "DEV006") == ["PC-2"]
    assert "replace after 6" in finding(report, "DEV006", "PC-2").message
    assert (report.counts()["low"], report.counts()["info"]) == (0, 2)


def test_rules_settings_naming_unknown_rules_or_parameters_are_errors(tmp_path: Path) -> None:
    write(tmp_path, {"devices.yaml": OLD_DEVICES, "itready.yaml": """\
        rules:
          disable: [DEV099]
          options: {DEV006: {yeras: 6}}
        """})
    report = check(load(tmp_path), AS_OF)
    assert sorted(e.code for e in report.errors) == ["E006", "E006"]
    assert any("did you mean 'years'" in e.message for e in report.errors)


# --- --select, --ignore, --department ------------------------------------------------------------

FILTER_INVENTORY = {
    "workplaces.yaml": """\
        sites:
          - {id: RH, shared_desks: 5, networks: [{cidr: 192.168.178.0/24, purpose: office}]}
        workplaces:
          - {id: WP-10, department: "10 Hauptamt", site: RH, work_model: hybrid}
          - {id: WP-51, department: "51 Jugendamt", site: RH, work_model: hybrid}
          - {id: OF-51, department: "51 Jugendamt", site: RH, work_model: office}
        """,
    "devices.yaml": """\
        devices:
          - {id: NB-10, kind: laptop, assigned_to: WP-10}
          - {id: NB-51, kind: laptop, assigned_to: WP-51}
          - {id: PC-51, kind: desktop, assigned_to: OF-51, purchased: 2015-01-01}
          - {id: HS-1, kind: headset}
        licences:
          - {id: LIC-1, provides: [e-file], model: per-user, seats: 1, assigned_to: [WP-10, WP-51]}
        """,
}


def test_select_and_ignore(tmp_path: Path) -> None:
    write(tmp_path, FILTER_INVENTORY)
    everything = run(tmp_path)
    assert {f.rule[:3] for f in everything.findings} >= {"DEV", "WP0", "LIC", "NET", "SPC"}
    rules = lambda report: sorted({f.rule for f in report.findings})  # noqa: E731
    assert rules(run(tmp_path, select=["DEV003"])) == ["DEV003"]
    assert rules(run(tmp_path, select=["DEV003", "LIC"])) == ["DEV003", "LIC001"]
    assert rules(run(tmp_path, select=["NET"])) == ["NET002"]
    assert not any(r.startswith("DEV") for r in rules(run(tmp_path, ignore=["DEV"])))
    assert rules(run(tmp_path, select=["DEV"], ignore=["DEV004", "DEV010"])) == [
        "DEV003", "DEV005", "DEV006", "DEV011"]
    # filters choose what is reported: the same findings, fewer of them
    selected = run(tmp_path, select=["WP"]).findings
    assert selected == tuple(f for f in everything.findings if f.rule.startswith("WP"))


def test_department(tmp_path: Path) -> None:
    write(tmp_path, FILTER_INVENTORY)
    report = run(tmp_path, department="51 Jugendamt")
    records = {f.record_id for f in report.findings}
    # its workplaces and devices, the licence WP-51 holds and the site serving it (rules.md,
    # decisions of 2026-12-04); nothing of the other department
    assert records == {"WP-51", "NB-51", "PC-51", "LIC-1", "RH"}
    assert readiness(report) == ((0, 1), [("51 Jugendamt", 0, 1)], [("RH", 0, 1)])
    everything = run(tmp_path)
    assert readiness(everything)[0] == (0, 2)


def test_select_ignore_and_department_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(tmp_path / "cache"))
    root = write(tmp_path / "inv", FILTER_INVENTORY)

    def rules(*args: str) -> tuple[int, list[tuple[str, str]]]:
        result = CliRunner().invoke(main, ["check", str(root), "--as-of", "2026-11-27", "-f",
                                           "text", *args])
        lines = result.output.splitlines()[:-1]  # the last line is the summary
        return result.exit_code, sorted({(ln.split()[2], ln.split()[3].rstrip(":"))
                                         for ln in lines})

    assert rules("--select", "DEV003,DEV004", "--department", "51 Jugendamt") == (
        1, [("DEV003", "NB-51"), ("DEV004", "NB-51")])
    assert rules("--select", "DEV", "--ignore", "DEV003", "--ignore", "DEV004,DEV005",
                 "--ignore", "DEV011", "--department", "51 Jugendamt") == (
        0, [("DEV006", "PC-51")])
    assert rules("--select", "SPC") == (0, [("SPC002", "RH"), ("SPC003", "RH")])


@pytest.mark.parametrize("ip", ["10.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::ff",
                                "::ffff:10.0.0.1", "fe80::1%eth0"])
def test_addresses_parse_in_c_as_ipaddress_reads_them(ip: str) -> None:
    import ipaddress

    from itready.rules.builtin.net import _address, _address_key

    address = ipaddress.ip_address(ip)
    assert _address(str(address)) == (_address_key(address), address.version)
