"""The gap list: stock first, free seats first, each used once, in a deterministic order."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itready import load
from itready.cli import main
from itready.plan.gaps import (
    ASSIGN_SEAT,
    ASSIGN_STOCK,
    BUY,
    ENTITLE,
    FIX,
    REMEDIATE,
    RENEW,
    TRAIN,
    Action,
    GapLine,
    PeakSeats,
    Plan,
    build_plan,
)

AS_OF = date(2026, 11, 27)
PRICES = {"laptop": 1150, "headset": 89.9, "webcam": 69, "monitor": 189, "dock": 229,
          "mfa-token": 45}


def laptop(id: str, **fields: Any) -> dict[str, Any]:
    """A laptop that passes every device rule on AS_OF, unless fields say otherwise."""
    return {"id": id, "kind": "laptop", "purchased": "2025-06-01",
            "os": {"name": "windows", "version": "11 25H2", "edition": "enterprise"},
            "encrypted": True, "mdm": True, "vpn_client": True, "tpm": "2.0",
            "secure_boot": True, "camera": False, "ram_gb": 16, **fields}


def workplace(id: str, department: str = "10 Hauptamt", **fields: Any) -> dict[str, Any]:
    return {"id": id, "department": department, "site": "RH", "work_model": "hybrid",
            "training": "2026-01-01", **fields}


def write(tmp_path: Path, records: dict[str, list[dict[str, Any]]],
          settings: dict[str, Any] | None = None) -> Path:
    """An inventory written as YAML (JSON is YAML) into a fresh folder under tmp_path."""
    root = tmp_path / "inventory"
    root.mkdir()
    records = {"sites": [{"id": "RH"}, {"id": "BA"}], **records}
    (root / "records.yaml").write_text(json.dumps(records, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    base = {"prices": PRICES, "readiness": {"hybrid": ["mobile-device", "headset"]}}
    (root / "itready.yaml").write_text(json.dumps({**base, **(settings or {})}),
                                       encoding="utf-8")
    return root


def plan_of(root: Path, as_of: date = AS_OF) -> Plan:
    result = load(root)
    assert not result.errors, result.errors
    plan, _findings, _ctx, errors = build_plan(result, as_of)
    assert not errors
    return plan


def actions(plan: Plan, requirement: str | None = None) -> dict[str, Action]:
    return {g.workplace: g.action for g in plan.gaps
            if requirement is None or g.requirement == requirement}


def test_stock_is_handed_over_once_in_workplace_order(tmp_path: Path) -> None:
    # File order is not ID order: the plan goes by workplace ID.
    root = write(tmp_path, {
        "workplaces": [workplace("WP-3"), workplace("WP-1"), workplace("WP-2")],
        "devices": [laptop(f"NB-{n}", assigned_to=f"WP-{n}") for n in (1, 2, 3)]
        + [{"id": "HS-S2", "kind": "headset", "status": "stock"},
           {"id": "HS-S1", "kind": "headset", "status": "stock"}],
    })
    got = actions(plan_of(root), "headset")
    assert got["WP-1"] == Action(ASSIGN_STOCK, "headset", device="HS-S1")
    assert got["WP-2"] == Action(ASSIGN_STOCK, "headset", device="HS-S2")
    assert got["WP-3"] == Action(BUY, "headset", unit_price=Decimal("89.9"))


def test_stock_computer_must_not_block_readiness_or_be_due_itself(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 6)],
        "devices": [
            laptop("NB-A", status="stock", encrypted=False),  # DEV003
            laptop("NB-B", status="stock", vpn_client=None),  # DEV005, not recorded
            laptop("NB-C", status="stock", purchased="2019-01-01"),  # DEV006
            laptop("NB-D", status="stock", os={"name": "windows", "version": "10 22H2",
                                               "edition": "enterprise"}),  # DEV001
            laptop("NB-E", status="stock", assigned_to="WP-5"),  # DEV012: not free
            laptop("NB-F", status="stock", mdm=False,  # DEV004, but waived
                   waivers=[{"rule": "DEV004", "reason": "pilot", "until": "2027-01-01"}]),
            laptop("NB-G", status="repair"),
            {"id": "HS-1", "kind": "headset", "assigned_to": "WP-1"},
        ],
    }, {"readiness": {"hybrid": ["mobile-device"]}})
    got = actions(plan_of(root), "mobile-device")
    assert got["WP-1"] == Action(ASSIGN_STOCK, "laptop", device="NB-F")
    assert got["WP-2"].kind == BUY and got["WP-2"].item == "laptop"
    assert got["WP-3"].kind == BUY


def test_stock_at_the_workplace_site_is_taken_first(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", site="BA"), workplace("WP-2")],
        "devices": [laptop("NB-1", assigned_to="WP-1"), laptop("NB-2", assigned_to="WP-2"),
                    {"id": "HS-A", "kind": "headset", "status": "stock"},
                    {"id": "HS-B", "kind": "headset", "status": "stock", "assigned_to": "BA"}],
    })
    got = actions(plan_of(root), "headset")
    assert got["WP-1"].device == "HS-B"
    assert got["WP-2"].device == "HS-A"


def test_laptop_from_stock_with_camera_closes_the_camera_gap(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2")],
        "devices": [laptop("NB-S1", status="stock", camera=True),
                    laptop("NB-S2", status="stock", camera=False),
                    {"id": "WC-S1", "kind": "webcam", "status": "stock"}],
    }, {"readiness": {"hybrid": ["mobile-device", "camera"]}})
    plan = plan_of(root)
    cams = actions(plan, "camera")
    assert cams["WP-1"] == Action(ASSIGN_STOCK, "laptop", device="NB-S1")
    assert cams["WP-2"] == Action(ASSIGN_STOCK, "webcam", device="WC-S1")
    assert actions(plan, "mobile-device")["WP-2"].device == "NB-S2"


def test_free_seats_first_then_the_licence_with_most_seats(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 5)]
        + [workplace(f"WP-X{n}", work_model="office") for n in range(1, 5)],
        "licences": [
            {"id": "LIC-BIG", "provides": ["vpn"], "model": "per-user", "seats": 4,
             "cost_per_seat": 24, "assigned_to": [f"WP-X{n}" for n in range(1, 5)]},
            {"id": "LIC-SMALL", "provides": ["vpn"], "model": "per-user", "seats": 3,
             "cost_per_seat": 30, "assigned_to": ["WP-X1"]},
            {"id": "LIC-OLD", "provides": ["vpn"], "model": "per-user", "seats": 50,
             "cost_per_seat": 10, "assigned_to": [], "expires": "2026-01-01"},
        ],
    }, {"readiness": {"hybrid": ["vpn"]}})
    got = actions(plan_of(root))
    assert got["WP-1"] == Action(ASSIGN_SEAT, "LIC-SMALL", licence="LIC-SMALL")
    assert got["WP-2"] == Action(ASSIGN_SEAT, "LIC-SMALL", licence="LIC-SMALL")
    # expired seats are not free, and an expired licence is bought only if nothing else is
    assert got["WP-3"] == Action(BUY, "LIC-BIG", licence="LIC-BIG", unit_price=Decimal(24))
    assert got["WP-4"] == got["WP-3"]


def test_capability_no_licence_provides_is_an_unpriced_buy(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1")]},
                 {"readiness": {"hybrid": ["e-file"]}})
    plan = plan_of(root)
    assert plan.gaps == (GapLine("WP-1", "10 Hauptamt", "RH", None, "e-file", "WP008",
                                 Action(BUY, "e-file")),)


def test_concurrent_licence_free_seats_follow_the_peak(tmp_path: Path) -> None:
    # 3 seats at a peak share of 0.6 carry floor(3 / 0.6) = 5 entitled non-office workplaces;
    # 3 are entitled, so 2 more can be.
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 7)],
        "licences": [{"id": "LIC-VPN", "provides": ["vpn"], "model": "concurrent", "seats": 3,
                      "cost_per_seat": 24, "assigned_to": ["WP-1", "WP-2", "WP-3"]}],
    }, {"readiness": {"hybrid": ["vpn"]}, "policy": {"peak_remote_share": 0.6}})
    plan = plan_of(root)
    got = actions(plan)
    assert sorted(got) == ["WP-4", "WP-5", "WP-6"]
    assert got["WP-4"].kind == got["WP-5"].kind == ASSIGN_SEAT
    assert got["WP-6"] == Action(ENTITLE, "LIC-VPN", licence="LIC-VPN", unit_price=Decimal(24))
    # 6 entitled at 0.6 is a peak of 4 for 3 seats: 1 seat to buy, serving WP-6.
    assert plan.peak_seats == (PeakSeats("LIC-VPN", 6, 4, 3, 1, ("WP-6",), ("WP004",),
                                         Decimal(24)),)


def test_concurrent_licence_is_bought_by_the_peak_not_per_workplace(tmp_path: Path) -> None:
    """rules.md, decisions of 2026-12-04: 14 hybrid workplaces, 3 entitled, 3 seats, 11
    lacking VPN, peak share 0.6: buy ceil(14 x 0.6) - 3 = 6 seats, not 9."""
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n:02}") for n in range(1, 15)],
        "licences": [{"id": "LIC-VPN", "provides": ["vpn"], "model": "concurrent", "seats": 3,
                      "cost_per_seat": 24, "assigned_to": ["WP-01", "WP-02", "WP-03"]}],
    }, {"readiness": {"hybrid": ["vpn"]}, "policy": {"peak_remote_share": 0.6}})
    plan = plan_of(root)
    kinds = [g.action.kind for g in plan.gaps]
    assert kinds == [ASSIGN_SEAT] * 2 + [ENTITLE] * 9
    (peak,) = plan.peak_seats
    assert (peak.entitled, peak.peak, peak.seats, peak.buy) == (14, 9, 3, 6)
    assert peak.workplaces == tuple(f"WP-{n:02}" for n in range(6, 15))


def test_site_licence_covers_everyone_and_an_expired_one_is_renewed(tmp_path: Path) -> None:
    records = {"workplaces": [workplace("WP-1"), workplace("WP-2")],
               "licences": [{"id": "LIC-SITE", "provides": ["vpn"], "model": "site",
                             "cost_per_seat": 5000}]}
    root = write(tmp_path, records, {"readiness": {"hybrid": ["vpn"]}})
    assert plan_of(root).gaps == ()
    records["licences"][0]["expires"] = "2026-10-31"
    (tmp_path / "again").mkdir()
    root = write(tmp_path / "again", records, {"readiness": {"hybrid": ["vpn"]}})
    got = actions(plan_of(root))
    assert got["WP-1"] == Action(RENEW, "LIC-SITE", licence="LIC-SITE",
                                 unit_price=Decimal(5000))
    assert got["WP-2"] == got["WP-1"]


def test_per_device_seat_goes_to_the_workplace_laptop(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2")],
        "devices": [laptop("NB-1", assigned_to="WP-1")],
        "licences": [{"id": "LIC-PD", "provides": ["vpn"], "model": "per-device", "seats": 5,
                      "cost_per_seat": 20, "assigned_to": []}],
    }, {"readiness": {"hybrid": ["vpn"]}})
    got = actions(plan_of(root))
    assert got["WP-1"] == Action(ASSIGN_SEAT, "LIC-PD", device="NB-1", licence="LIC-PD")
    # no device to put a per-device seat on: bought (and installed on the device to come)
    assert got["WP-2"].kind == BUY


def test_mfa_stock_token_then_free_mfa_seat_then_buy_a_token(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 5)],
        "devices": [{"id": "MT-S1", "kind": "mfa-token", "status": "stock"}],
        "licences": [{"id": "LIC-MFA", "provides": ["mfa"], "model": "per-user", "seats": 2,
                      "cost_per_seat": 12.5, "assigned_to": ["WP-4"]}],
    }, {"readiness": {"hybrid": ["mfa"]}})
    got = actions(plan_of(root))
    assert got["WP-1"] == Action(ASSIGN_STOCK, "mfa-token", device="MT-S1")
    assert got["WP-2"] == Action(ASSIGN_SEAT, "LIC-MFA", licence="LIC-MFA")
    assert got["WP-3"] == Action(BUY, "mfa-token", unit_price=Decimal(45))
    assert "WP-4" not in got


def test_blocked_laptop_is_fixed_replaced_from_stock_or_by_its_replacement(
        tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 5)],
        "devices": [
            laptop("NB-1", assigned_to="WP-1", encrypted=False),
            laptop("NB-2", assigned_to="WP-2", encrypted=False, purchased="2019-01-01"),
            laptop("NB-3", assigned_to="WP-3", mdm=False),
            laptop("NB-4", assigned_to="WP-4", purchased="2018-01-01"),  # due, not blocked
            laptop("NB-S1", status="stock"),
        ],
    }, {"readiness": {"hybrid": ["mobile-device"]}})
    plan = plan_of(root)
    got = actions(plan)
    # Replacements (devices by ID) come before blocked laptops: NB-2 takes the stock laptop,
    # which also closes WP-2's gap; NB-4 is bought.
    assert got["WP-2"] == Action(ASSIGN_STOCK, "laptop", device="NB-S1", replaces="NB-2")
    assert got["WP-1"] == Action(FIX, "laptop", device="NB-1", findings=("DEV003",))
    assert got["WP-3"] == Action(FIX, "laptop", device="NB-3", findings=("DEV004",))
    assert "WP-4" not in got
    assert [(r.device, r.action.kind) for r in plan.replacements] == [("NB-2", ASSIGN_STOCK),
                                                                      ("NB-4", BUY)]


def test_unknown_os_support_blocks_the_laptop_and_is_the_reason_to_fix(tmp_path: Path) -> None:
    """DEV011 blocks WP001 (rules.md, decisions of 2026-12-04): the gap list says to fix it,
    and a stock laptop whose OS support end is unknown is not handed over either."""
    unknown = {"name": "macos", "version": "10.16"}
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2")],
        "devices": [laptop("NB-1", assigned_to="WP-1", os=unknown),
                    laptop("TB-2", kind="tablet", assigned_to="WP-2", encrypted=False,
                           os={"name": "ipados", "version": "9"}),
                    laptop("NB-S1", status="stock", os=unknown)],
    }, {"readiness": {"hybrid": ["mobile-device"]}})
    got = actions(plan_of(root))
    assert got["WP-1"] == Action(FIX, "laptop", device="NB-1", findings=("DEV011",))
    assert got["WP-2"] == Action(FIX, "tablet", device="TB-2", findings=("DEV003", "DEV011"))


def test_blocked_laptop_takes_spare_stock(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1")],
        "devices": [laptop("NB-1", assigned_to="WP-1", encrypted=False),
                    laptop("NB-S1", status="stock")],
    }, {"readiness": {"hybrid": ["mobile-device"]}})
    assert actions(plan_of(root))["WP-1"] == Action(ASSIGN_STOCK, "laptop", device="NB-S1",
                                                    replaces="NB-1")


def test_replacement_counted_once_and_drawn_from_stock(tmp_path: Path) -> None:
    old = {"name": "windows", "version": "11 25H2", "edition": "enterprise"}
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", work_model="office")],
        "devices": [
            {"id": "PC-1", "kind": "desktop", "assigned_to": "WP-1", "purchased": "2017-01-01",
             "os": old, "tpm": "1.2", "secure_boot": False},  # DEV006 and DEV008
            {"id": "PC-2", "kind": "desktop", "assigned_to": "WP-1", "purchased": "2017-01-01",
             "os": old, "tpm": "2.0", "secure_boot": True},  # DEV006 only
            {"id": "PC-S1", "kind": "desktop", "status": "stock", "purchased": "2026-01-01",
             "os": old, "tpm": "2.0", "secure_boot": True},
            {"id": "PC-S2", "kind": "desktop", "status": "stock", "purchased": "2026-01-01",
             "os": old, "tpm": "1.2", "secure_boot": True},  # would be DEV008 itself
        ],
    })
    plan = plan_of(root)
    assert [(r.device, r.rules, r.action) for r in plan.replacements] == [
        ("PC-1", ("DEV006", "DEV008"), Action(ASSIGN_STOCK, "desktop", device="PC-S1",
                                              replaces="PC-1")),
        ("PC-2", ("DEV006",), Action(BUY, "desktop", replaces="PC-2")),
    ]
    assert plan.gaps == ()


def test_waived_gap_is_no_gap_and_training_is_booked(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [
            workplace("WP-1", waivers=[{"rule": "WP002", "reason": "on order",
                                        "until": "2027-01-31"}]),
            workplace("WP-2", training=None),
        ],
        "devices": [laptop("NB-1", assigned_to="WP-1"), laptop("NB-2", assigned_to="WP-2"),
                    {"id": "HS-2", "kind": "headset", "assigned_to": "WP-2"}],
    }, {"readiness": {"hybrid": ["mobile-device", "headset", "training"]}})
    plan = plan_of(root)
    assert plan.not_ready == ("WP-2",)
    assert plan.counted == ("WP-1", "WP-2")
    assert [(g.workplace, g.rule, g.action) for g in plan.gaps] == [
        ("WP-2", "WP006", Action(TRAIN, "training"))]


def test_requirements_in_profile_order_and_plan_is_deterministic(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1")]},
                 {"readiness": {"hybrid": ["monitor", "headset", "mobile-device"]}})
    plan = plan_of(root)
    assert [g.requirement for g in plan.gaps] == ["monitor", "headset", "mobile-device"]
    assert plan == plan_of(root)


def test_filtered_by_department_and_site_after_a_global_allocation(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", "10 Hauptamt"), workplace("WP-2", "20 Kämmerei"),
                       workplace("WP-3", "20 Kämmerei", site="BA")],
        "devices": [laptop(f"NB-{n}", assigned_to=f"WP-{n}") for n in (1, 2, 3)]
        + [{"id": "HS-S1", "kind": "headset", "status": "stock"}],
    })
    result = load(root)
    plan, _findings, ctx, _errors = build_plan(result, AS_OF)
    only = plan.filtered(ctx, department="20 Kämmerei")
    assert [g.workplace for g in only.gaps] == ["WP-2", "WP-3"]
    assert only.gaps[0].action.kind == BUY  # the stock headset went to WP-1 all the same
    assert only.counted == ("WP-2", "WP-3")
    assert [g.workplace for g in plan.filtered(ctx, "20 Kämmerei", "BA").gaps] == ["WP-3"]


def test_a_scoped_gap_list_shows_the_concurrent_purchase_as_shared(tmp_path: Path) -> None:
    """The seats a concurrent licence needs for the peak are a shared purchase: a scope whose
    workplaces are entitled to it shows it apart; another scope does not show it."""
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2"), workplace("WP-3", "20 Kämmerei")],
        "licences": [{"id": "LIC-VPN", "provides": ["vpn"], "model": "concurrent", "seats": 1,
                      "cost_per_seat": 24, "assigned_to": ["WP-3"]}],
    }, {"readiness": {"hybrid": ["vpn"]}, "policy": {"peak_remote_share": 1}})
    plan, _findings, ctx, _errors = build_plan(load(root), AS_OF)
    hauptamt = plan.filtered(ctx, department="10 Hauptamt")
    assert hauptamt.scope.department == "10 Hauptamt"
    assert [(p.licence, p.buy) for p in hauptamt.peak_seats] == [("LIC-VPN", 2)]
    text = CliRunner().invoke(main, ["gaps", str(root), "--as-of", "2026-11-27", "-f", "text",
                                     "--department", "10 Hauptamt"]).stdout
    assert "shared, outside department 10 Hauptamt: LIC-VPN (concurrent): 3 workplaces " \
        "entitled after the gap list, a peak of 3 for 1 seat: buy 2 seats" in text
    doc = json.loads(CliRunner().invoke(main, [
        "gaps", str(root), "--as-of", "2026-11-27", "-f", "json", "--department",
        "10 Hauptamt"]).stdout)
    assert doc["scope"] == {"department": "10 Hauptamt", "site": None}
    assert doc["peak_seats"][0]["workplaces"] == ["WP-1", "WP-2"]
    # the Kämmerei uses the licence (WP-3 is entitled): it sees the shared purchase too
    assert plan.filtered(ctx, department="20 Kämmerei").peak_seats == plan.peak_seats
    assert plan.filtered(ctx, site="BA").peak_seats == ()


def test_own_workplace_rule_is_remediated_not_bought(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", staff=None), workplace("WP-2", work_model="office")],
        "devices": [laptop("NB-1", assigned_to="WP-1")],
    }, {"readiness": {"hybrid": ["mobile-device"]}, "rules": {"paths": ["local.yaml"]}})
    (root / "local.yaml").write_text(json.dumps([{
        "id": "WPX001", "title": "Workplace has no staff number", "severity": "low",
        "target": "workplace", "field": "staff", "condition": {"fact": "staff", "present": False},
        "rationale": "r", "remediation": "Record the pseudonymous staff number."}]))
    plan = plan_of(root)
    assert [(g.workplace, g.requirement, g.rule, g.action) for g in plan.gaps] == [
        ("WP-1", "staff", "WPX001", Action(REMEDIATE, "WPX001"))]


# --- command line -------------------------------------------------------------------------------

def test_gaps_command_json_and_atomic_output(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", cost_centre="1000")],
        "devices": [{"id": "HS-S1", "kind": "headset", "status": "stock"}],
    })
    runner = CliRunner()
    run = runner.invoke(main, ["gaps", str(root), "--as-of", "2026-11-27", "-f", "json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    assert doc["schema_version"] == 1 and doc["as_of"] == "2026-11-27"
    assert doc["summary"]["not_ready"] == 1 and doc["summary"]["actions"]["assign-stock"] == 1
    assert doc["gaps"][0] == {
        "workplace": "WP-1", "department": "10 Hauptamt", "site": "RH", "cost_centre": "1000",
        "requirement": "mobile-device", "rule": "WP001",
        "action": {"kind": "buy", "item": "laptop", "device": None, "licence": None,
                   "unit_price": 1150.0, "replaces": None, "findings": []}}
    target = tmp_path / "gaps.csv"
    run = runner.invoke(main, ["gaps", str(root), "--as-of", "2026-11-27", "-f", "csv",
                               "-o", str(target)])
    assert run.exit_code == 0 and run.stdout == ""
    data = target.read_bytes()
    assert data.startswith(b"workplace,department,site,cost_centre,") and b"\r\n" in data
    assert b"HS-S1" in data
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("fmt", ["text", "table", "rich", "csv", "json"])
def test_gaps_command_every_format(tmp_path: Path, fmt: str) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1"), workplace("WP-2", "20 X")]})
    run = CliRunner().invoke(main, ["gaps", str(root), "--as-of", "2026-11-27", "-f", fmt,
                                    "--department", "20 X"])
    assert run.exit_code == 0, run.output
    assert "WP-2" in run.stdout and "WP-1" not in run.stdout
    assert "\x1b[" not in run.stdout  # no colour when not on a terminal


def test_gaps_command_lists_input_errors_and_exits_2(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1", site="NOWHERE")],
                            "devices": [laptop("NB-1", encryted=True)]})
    target = tmp_path / "out.txt"
    run = CliRunner().invoke(main, ["gaps", str(root), "--as-of", "2026-11-27", "-o",
                                    str(target)])
    assert run.exit_code == 2
    assert "E009" in run.stderr and "E004" in run.stderr and "records.yaml:" in run.stderr
    assert run.stdout == "" and not target.exists()
