"""Purchase lines: quantities after stock and free seats, groups, licences, money to the cent."""

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
from itready.plan.procure import CENTRAL, NO_COST_CENTRE, Line, Procurement, build_procurement

AS_OF = date(2026, 11, 27)
PRICES = {"laptop": 1150, "headset": 89.9, "webcam": 69, "monitor": 189.5, "dock": 229,
          "mfa-token": 45}
WIN11 = {"name": "windows", "version": "11 25H2", "edition": "enterprise"}


def laptop(id: str, **fields: Any) -> dict[str, Any]:
    """A laptop that passes every device rule on AS_OF, unless fields say otherwise."""
    return {"id": id, "kind": "laptop", "purchased": "2025-06-01", "os": WIN11,
            "encrypted": True, "mdm": True, "vpn_client": True, "tpm": "2.0",
            "secure_boot": True, "camera": True, "ram_gb": 16, **fields}


def workplace(id: str, department: str = "10 Hauptamt", **fields: Any) -> dict[str, Any]:
    return {"id": id, "department": department, "site": "RH", "work_model": "hybrid",
            "training": "2026-01-01", **fields}


def write(tmp_path: Path, records: dict[str, list[dict[str, Any]]],
          settings: dict[str, Any] | None = None) -> Path:
    root = tmp_path / f"inventory{len(list(tmp_path.iterdir()))}"
    root.mkdir()
    records = {"sites": [{"id": "RH"}, {"id": "BA"}], **records}
    (root / "records.yaml").write_text(json.dumps(records, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    base = {"prices": PRICES, "readiness": {"hybrid": ["headset"]}}
    (root / "itready.yaml").write_text(json.dumps({**base, **(settings or {})}),
                                       encoding="utf-8")
    return root


def procure(root: Path, group_by: str = "department") -> Procurement:
    result = load(root)
    assert not result.errors, result.errors
    procurement, errors = build_procurement(result, AS_OF, group_by)
    assert not errors
    return procurement


def brief(p: Procurement) -> list[tuple[str | None, str, int, str | None, tuple[str, ...]]]:
    """(group, item, quantity, total, reasons) per line."""
    return [(line.group, line.item, line.quantity,
             None if line.total is None else str(line.total), line.reasons)
            for line in p.lines]


def headsets(tmp_path: Path) -> Path:
    return write(tmp_path, {
        "workplaces": [
            workplace("WP-1", "10 Hauptamt", cost_centre="1000"),
            workplace("WP-2", "10 Hauptamt", cost_centre="1001", site="BA"),
            workplace("WP-3", "20 Kämmerei", cost_centre="1000"),
            workplace("WP-4", "20 Kämmerei"),
            workplace("WP-5", "20 Kämmerei", work_model="office"),
        ],
        "devices": [{"id": "HS-S1", "kind": "headset", "status": "stock"}],
    })


@pytest.mark.parametrize(("group_by", "expected"), [
    ("department", [("10 Hauptamt", 1, "89.90", ["WP-2"]),
                    ("20 Kämmerei", 2, "179.80", ["WP-3", "WP-4"])]),
    ("cost_centre", [("1000", 1, "89.90", ["WP-3"]), ("1001", 1, "89.90", ["WP-2"]),
                     (NO_COST_CENTRE, 1, "89.90", ["WP-4"])]),
    ("site", [("BA", 1, "89.90", ["WP-2"]), ("RH", 2, "179.80", ["WP-3", "WP-4"])]),
    ("none", [(None, 3, "269.70", ["WP-2", "WP-3", "WP-4"])]),
])
def test_group_by_each_column(tmp_path: Path, group_by: str,
                              expected: list[tuple[str | None, int, str, list[str]]]) -> None:
    # 4 non-office workplaces need a headset; the stock one goes to WP-1 (lowest ID).
    p = procure(headsets(tmp_path), group_by)
    assert [(line.group, line.quantity, str(line.total), list(line.records))
            for line in p.lines] == expected
    assert all(line.item == "headset" and line.reasons == ("WP002",) for line in p.lines)
    assert p.total == Decimal("269.70")
    assert p.covered[0].source == "HS-S1" and p.covered[0].target == "WP-1"


def test_laptop_bought_only_for_a_workplace_without_any_laptop_or_tablet(
        tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2"), workplace("WP-3")],
        "devices": [laptop("NB-1", assigned_to="WP-1", encrypted=False),  # blocked: fix it
                    {"id": "TB-2", "kind": "tablet", "assigned_to": "WP-2", "mdm": False,
                     "encrypted": True, "vpn_client": True}],
    }, {"readiness": {"hybrid": ["mobile-device"]}})
    assert brief(procure(root)) == [("10 Hauptamt", "laptop", 1, "1150.00", ("WP001",))]


def test_replacement_counted_once_when_dev006_and_dev008_both_hold(tmp_path: Path) -> None:
    def desktop(id: str, **fields: Any) -> dict[str, Any]:
        return {"id": id, "kind": "desktop", "assigned_to": "WP-1", "os": WIN11,
                "purchased": "2017-01-01", "tpm": "1.2", "secure_boot": False, **fields}
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1", work_model="office")],
        "devices": [
            desktop("PC-1"),  # DEV006 + DEV008: one replacement
            desktop("PC-2", purchased="2025-01-01"),  # DEV008 only
            desktop("PC-3", waivers=[{"rule": "DEV006", "reason": "x", "until": "2027-01-01"}]),
            desktop("PC-4", waivers=[{"rule": "DEV006", "reason": "x", "until": "2027-01-01"},
                                     {"rule": "DEV008", "reason": "x", "until": "2027-01-01"}]),
            laptop("NB-1", assigned_to="WP-1", purchased="2018-01-01"),
        ],
    }, {"prices": {**PRICES, "desktop": 899.5}})
    assert brief(procure(root)) == [
        ("10 Hauptamt", "desktop", 3, "2698.50", ("DEV006", "DEV008")),
        ("10 Hauptamt", "laptop", 1, "1150.00", ("DEV006",)),
    ]
    assert procure(root).lines[0].records == ("PC-1", "PC-2", "PC-3")


def test_replacement_draws_on_stock_first(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1")],
        "devices": [laptop("NB-1", assigned_to="WP-1", purchased="2018-01-01"),
                    laptop("NB-2", assigned_to="WP-1", purchased="2018-06-01"),
                    laptop("NB-S1", status="stock"),
                    {"id": "HS-1", "kind": "headset", "assigned_to": "WP-1"}],
    })
    p = procure(root)
    assert brief(p) == [("10 Hauptamt", "laptop", 1, "1150.00", ("DEV006",))]
    assert p.lines[0].records == ("NB-2",)
    assert [(c.source, c.target) for c in p.covered] == [("NB-S1", "NB-1")]


def test_unassigned_and_pool_computers_are_replaced_centrally_and_per_site(
        tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [],
        "devices": [laptop("NB-1", purchased="2018-01-01"),  # assigned to nothing (DEV010)
                    laptop("NB-2", assigned_to="BA", purchased="2018-01-01")],
    })
    assert brief(procure(root)) == [
        ("(site BA)", "laptop", 1, "1150.00", ("DEV006",)),
        (CENTRAL, "laptop", 1, "1150.00", ("DEV006",)),
    ]
    assert [(line.group, line.records) for line in procure(root, "site").lines] == [
        ("BA", ("NB-2",)), (CENTRAL, ("NB-1",))]


def test_seats_for_missing_capabilities_after_free_seats(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 5)]
        + [workplace("WP-9", "90 IT", work_model="office")],
        "licences": [
            {"id": "LIC-VPN", "product": "Secure Client", "provides": ["vpn"],
             "model": "per-user", "seats": 3, "cost_per_seat": "24.00",
             "assigned_to": ["WP-9"]},
            {"id": "LIC-EFILE", "provides": ["e-file"], "model": "per-user", "seats": 1,
             "cost_per_seat": 300, "assigned_to": ["WP-9"]},
        ],
    }, {"readiness": {"hybrid": ["vpn", "e-file", "softphone"]}})
    p = procure(root)
    assert [(line.item, line.kind, line.product, line.quantity, str(line.total),
             line.reasons, line.records) for line in p.lines] == [
        ("LIC-EFILE", "licence", None, 4, "1200.00", ("WP008",),
         ("WP-1", "WP-2", "WP-3", "WP-4")),
        ("LIC-VPN", "licence", "Secure Client", 2, "48.00", ("WP004",), ("WP-3", "WP-4")),
        ("softphone", "licence", None, 4, "None", ("WP008",),
         ("WP-1", "WP-2", "WP-3", "WP-4")),
    ]
    assert p.unpriced_items == ("softphone",)
    assert p.total == Decimal("1248.00")


def test_mfa_token_not_bought_while_an_mfa_licence_has_free_seats(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 4)],
        "licences": [{"id": "LIC-MFA", "provides": ["mfa"], "model": "per-user", "seats": 2,
                      "cost_per_seat": 12, "assigned_to": []}],
    }, {"readiness": {"hybrid": ["mfa"]}})
    assert brief(procure(root)) == [("10 Hauptamt", "mfa-token", 1, "45.00", ("WP005",))]


def lic(id: str, model: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "provides": ["x"], "model": model, **fields}


def test_licence_lines(tmp_path: Path) -> None:
    office = [f"WP-{n}" for n in range(1, 6)]
    remote = [f"WP-R{n}" for n in range(1, 6)]
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}", work_model="office") for n in range(1, 6)]
        + [workplace(f"WP-R{n}") for n in range(1, 6)],
        "devices": [{"id": f"HS-{n}", "kind": "headset", "assigned_to": f"WP-R{n}"}
                    for n in range(1, 6)],
        "licences": [
            # LIC001: 5 assignments for 3 seats
            lic("LIC-A", "per-user", seats=3, cost_per_seat="10.10", assigned_to=office),
            # LIC001 and LIC002: the renewal of the 5 assigned seats covers the excess
            lic("LIC-B", "per-user", seats=3, cost_per_seat=20, expires="2026-10-01",
                assigned_to=office),
            # LIC003: expires within 60 days; renew the 2 assigned seats, not the 10
            lic("LIC-C", "per-user", seats=10, cost_per_seat=30, expires="2027-01-10",
                assigned_to=["WP-1", "WP-2"]),
            # LIC005: 5 entitled non-office at 0.6 is a peak of 3 for 1 seat
            lic("LIC-D", "concurrent", seats=1, cost_per_seat=40, assigned_to=remote),
            # expired site licence without seats: renewed as one licence
            lic("LIC-E", "site", cost_per_seat=5000, expires="2026-11-01"),
            # LIC002 waived: nothing bought
            lic("LIC-F", "per-user", seats=1, cost_per_seat=99, expires="2026-11-01",
                assigned_to=["WP-1"], waivers=[{"rule": "LIC002", "reason": "replaced",
                                                "until": "2027-01-01"}]),
            # no price
            lic("LIC-G", "per-device", seats=0, assigned_to=["HS-1"]),
        ],
    })
    p = procure(root)
    assert brief(p) == [
        (CENTRAL, "LIC-A", 2, "20.20", ("LIC001",)),
        (CENTRAL, "LIC-B", 5, "100.00", ("LIC001", "LIC002")),
        (CENTRAL, "LIC-C", 2, "60.00", ("LIC003",)),
        (CENTRAL, "LIC-D", 2, "80.00", ("LIC005",)),
        (CENTRAL, "LIC-E", 1, "5000.00", ("LIC002",)),
        (CENTRAL, "LIC-G", 1, None, ("LIC001",)),
    ]
    assert all(line.kind == "licence" and line.records == (line.item,) for line in p.lines)
    assert p.unpriced_items == ("LIC-G",)
    assert p.total == Decimal("5260.20")
    assert [line.group for line in procure(root, "none").lines] == [None] * 6


def _vpn_licence(**fields: Any) -> dict[str, Any]:
    return {"id": "LIC-VPN", "product": "VPN", "provides": ["vpn"], "model": "concurrent",
            "seats": 3, "cost_per_seat": 24, "assigned_to": ["WP-01", "WP-02", "WP-03"],
            **fields}


def _hybrid(count: int) -> list[dict[str, Any]]:
    return [workplace(f"WP-{n:02}", department="10 Hauptamt" if n % 2 else "20 Kämmerei")
            for n in range(1, count + 1)]


VPN_ONLY = {"readiness": {"hybrid": ["vpn"]}, "policy": {"peak_remote_share": 0.6}}


def test_concurrent_seats_are_bought_by_the_peak_in_one_line(tmp_path: Path) -> None:
    """14 hybrid workplaces, 3 entitled, 3 seats, 11 lacking VPN: 2 fit the free seats, the
    peak of all 14 is 9: buy 6 seats in one central line, for the 9 workplaces it serves."""
    root = write(tmp_path, {"workplaces": _hybrid(14), "licences": [_vpn_licence()]}, VPN_ONLY)
    p = procure(root)
    assert brief(p) == [(CENTRAL, "LIC-VPN", 6, "144.00", ("WP004",))]
    assert p.lines[0].records == tuple(f"WP-{n:02}" for n in range(6, 15))
    assert [(c.source, c.target) for c in p.covered] == [("LIC-VPN", "WP-04"),
                                                         ("LIC-VPN", "WP-05")]


def test_concurrent_renewal_shortfall_and_peak_are_one_line(tmp_path: Path) -> None:
    """A concurrent licence expiring soon (LIC003) renews its seats; with the peak after the
    gap list on top, in one line. A shortfall (LIC005) is inside the peak, not added to it."""
    expiring = _vpn_licence(expires="2027-01-10")
    root = write(tmp_path, {"workplaces": _hybrid(14), "licences": [expiring]}, VPN_ONLY)
    assert brief(procure(root)) == [(CENTRAL, "LIC-VPN", 9, "216.00", ("LIC003", "WP004"))]
    short = _vpn_licence(seats=1)  # 3 entitled: peak 2 for 1 seat (LIC005 1)
    root = write(tmp_path, {"workplaces": _hybrid(14), "licences": [short]}, VPN_ONLY)
    line, = procure(root).lines
    assert (line.quantity, line.reasons) == (8, ("LIC005", "WP004"))  # peak of 14 is 9
    assert line.records[0] == "LIC-VPN" and len(line.records) == 12


def test_concurrent_renewal_figures_are_its_seats(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": _hybrid(5),
                            "licences": [_vpn_licence(seats=20, expires="2026-10-01")]},
                 VPN_ONLY)
    result = load(root)
    from itready.rules.engine import check

    (finding,) = [f for f in check(result, AS_OF).findings if f.rule == "LIC002"]
    assert finding.detail("quantity") == 20
    assert "renew its 20 concurrent seats" in finding.message
    assert brief(procure(root))[0] == (CENTRAL, "LIC-VPN", 20, "480.00", ("LIC002",))


def test_savings_are_not_purchases_and_shrink_by_assigned_free_seats(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace("WP-1"), workplace("WP-2")],
        "licences": [{"id": "LIC-VPN", "product": "VPN", "provides": ["vpn"],
                      "model": "per-user", "seats": 10, "cost_per_seat": "24.50",
                      "assigned_to": []}],
    }, {"readiness": {"hybrid": ["vpn"]}})
    p = procure(root)
    assert p.lines == ()
    assert p.total == Decimal("0.00")
    assert [(s.licence, s.quantity, str(s.total)) for s in p.savings] == [
        ("LIC-VPN", 8, "196.00")]
    assert p.savings_total == Decimal("196.00")


def test_site_pools_after_stock(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "sites": [{"id": "RH", "shared_desks": 4}, {"id": "BA", "shared_desks": 1}],
        "workplaces": [workplace("WP-1", desk="assigned", work_model="telework")],
        "devices": [
            {"id": "DK-1", "kind": "dock", "assigned_to": "RH"},
            {"id": "DK-2", "kind": "dock", "assigned_to": "RH", "status": "repair"},
            {"id": "DK-S1", "kind": "dock", "status": "stock", "assigned_to": "BA"},
            {"id": "MO-S1", "kind": "monitor", "status": "stock"},
            {"id": "MO-S2", "kind": "monitor", "status": "stock", "assigned_to": "RH"},
            laptop("NB-1", assigned_to="WP-1"),
            {"id": "HS-1", "kind": "headset", "assigned_to": "WP-1"},
        ],
    }, {"readiness": {"telework": ["monitor"]}})
    p = procure(root)
    # WP007 first: the RH workplace takes MO-S2, stored at RH. Then sites by ID: BA takes the
    # dock stored there and the unplaced MO-S1; RH's shortfall (3 docks, 4 monitors) is bought.
    assert brief(p) == [
        ("(site RH)", "dock", 3, "687.00", ("SPC002",)),
        ("(site RH)", "monitor", 4, "758.00", ("SPC003",)),
    ]
    assert {(c.source, c.target, c.reason) for c in p.covered} == {
        ("MO-S2", "WP-1", "WP007"), ("DK-S1", "BA", "SPC002"), ("MO-S1", "BA", "SPC003")}
    assert [line.group for line in procure(root, "site").lines] == ["RH", "RH"]


def test_waived_findings_buy_nothing(tmp_path: Path) -> None:
    waiver = {"rule": "WP002", "reason": "on order", "until": "2027-01-01"}
    root = write(tmp_path, {"workplaces": [workplace("WP-1", waivers=[waiver])]})
    assert procure(root).lines == ()


def test_totals_to_the_cent(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "workplaces": [workplace(f"WP-{n}") for n in range(1, 4)],
    }, {"prices": {"headset": "33.335", "webcam": "0.1"},
        "readiness": {"hybrid": ["headset", "camera"]}})
    p = procure(root, "none")
    # 3 x 33.335 = 100.005 -> 100.01 (half up); 3 x 0.1 = 0.30 exactly, no binary float
    assert [(line.item, line.unit_price, line.total) for line in p.lines] == [
        ("headset", Decimal("33.335"), Decimal("100.01")),
        ("webcam", Decimal("0.1"), Decimal("0.30"))]
    assert p.total == Decimal("100.31")
    assert p.total == sum(line.total for line in p.lines if line.total is not None)


def test_unpriced_items_keep_no_price(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1")]},
                 {"prices": {"laptop": 1000}, "readiness": {"hybrid": ["headset"]}})
    p = procure(root)
    assert p.lines == (Line("headset", "device", None, 1, None, None, "10 Hauptamt",
                            ("WP002",), ("WP-1",)),)
    assert p.unpriced_items == ("headset",)
    assert p.total == Decimal("0.00")


# --- a scope: its own lines, and the shared records it uses apart ------------------------------

def scoped(tmp_path: Path) -> Path:
    """Two departments at RH and NR. Hauptamt (RH) lacks headsets and VPN; its PC is due; it
    uses an expired per-user licence; RH's desk pool lacks a dock; a pool computer at RH is
    due. The Kämmerei (NR) has an expired licence of its own and a due computer at NR."""
    return write(tmp_path, {
        "sites": [{"id": "RH", "shared_desks": 1}, {"id": "NR", "shared_desks": 0}],
        "workplaces": [*[workplace(f"WP-{n:02}") for n in range(1, 11)],
                       workplace("WP-K1", "20 Kämmerei", site="NR"),
                       workplace("WP-K2", "20 Kämmerei", site="NR", work_model="office")],
        "devices": [{"id": "HS-K1", "kind": "headset", "assigned_to": "WP-K1"},
                    {"id": "PC-01", "kind": "desktop", "assigned_to": "WP-01",
                     "purchased": "2015-01-01"},
                    {"id": "PC-RH", "kind": "desktop", "assigned_to": "RH",
                     "purchased": "2015-01-01"},
                    {"id": "PC-K2", "kind": "desktop", "assigned_to": "WP-K2",
                     "purchased": "2015-01-01"}],
        "licences": [_vpn_licence(assigned_to=["WP-K1"], seats=1),
                     lic("LIC-HA", "per-user", seats=10, cost_per_seat=10, expires="2026-01-01",
                         assigned_to=["WP-01", "WP-02"]),
                     lic("LIC-K", "per-user", seats=10, cost_per_seat=10, expires="2026-01-01",
                         assigned_to=["WP-K1"])],
    }, {"readiness": {"hybrid": ["headset", "vpn"]}, "policy": {"peak_remote_share": 0.6},
        "prices": {**PRICES, "desktop": 800}})


def test_a_department_buys_its_own_lines_and_the_shared_ones_apart(tmp_path: Path) -> None:
    """rules.md, decisions of 2026-12-04: under --department the purchases for shared records
    (licence renewals, VPN seats for the peak, pool equipment) stand in a block of their own,
    outside the department's total."""
    result = load(scoped(tmp_path))
    whole, _ = build_procurement(result, AS_OF)
    p, errors = build_procurement(result, AS_OF, department="10 Hauptamt")
    assert errors == [] and p.scope.department == "10 Hauptamt"
    assert brief(p) == [("10 Hauptamt", "desktop", 1, "800.00", ("DEV006",)),
                        ("10 Hauptamt", "headset", 10, "899.00", ("WP002",))]
    assert p.total == Decimal("1699.00")
    # 11 entitled to LIC-VPN after the gap list: peak 7 for 1 seat. RH's pool and its due
    # computer serve the department; the Kämmerei's licence LIC-K and PC-K2 do not.
    assert [(line.group, line.item, line.quantity, line.reasons) for line in p.shared] == [
        ("(site RH)", "desktop", 1, ("DEV006",)),
        ("(site RH)", "dock", 1, ("SPC002",)),
        ("(site RH)", "monitor", 1, ("SPC003",)),
        (CENTRAL, "LIC-HA", 2, ("LIC002",)),
        (CENTRAL, "LIC-VPN", 6, ("WP004",)),
    ]
    assert p.shared_total == Decimal("1382.50")  # 800 + 229 + 189.50 + 2 x 10 + 6 x 24
    # the whole inventory buys the same, in one list and one total
    assert whole.shared == () and not whole.scope
    assert whole.total == p.total + p.shared_total + 800 + 10  # and PC-K2, LIC-K
    kaemmerei, _ = build_procurement(result, AS_OF, department="20 Kämmerei")
    assert brief(kaemmerei) == [("20 Kämmerei", "desktop", 1, "800.00", ("DEV006",))]
    assert [line.item for line in kaemmerei.shared] == ["LIC-K", "LIC-VPN"]


def test_a_site_scope_keeps_its_pool_and_drops_the_other_sites(tmp_path: Path) -> None:
    p, _ = build_procurement(load(scoped(tmp_path)), AS_OF, site="NR")
    assert [line.item for line in p.lines] == ["desktop"]
    assert [line.item for line in p.shared] == ["LIC-K", "LIC-VPN"]


@pytest.mark.parametrize("fmt", ["table", "rich", "csv", "json"])
def test_every_procure_format_shows_the_shared_block_apart(tmp_path: Path, fmt: str) -> None:
    from itready.formats import Options, render

    p, _ = build_procurement(load(scoped(tmp_path)), AS_OF, department="10 Hauptamt")
    text = render("procure", fmt, p, Options(root=".", color=False, width=120))
    if fmt == "json":
        doc = json.loads(text)
        assert doc["schema_version"] == 1
        assert doc["scope"] == {"department": "10 Hauptamt", "site": None}
        assert doc["total"] == 1699.0 and doc["shared_total"] == 1382.5
        assert [line["item"] for line in doc["shared"]] == ["desktop", "dock", "monitor",
                                                           "LIC-HA", "LIC-VPN"]
        assert "LIC-VPN" not in {line["item"] for line in doc["lines"]}
        return
    assert "1699.00" in text and "1382.50" in text
    if fmt == "csv":
        rows = text.splitlines()
        assert [row.split(",")[0] for row in rows[3:6]] == ["total", "vat", "gross total"]
        assert [row.split(",")[0] for row in rows[-3:]] == [
            "shared total", "shared vat", "shared gross total"]
        assert "outside the total of department 10 Hauptamt" in rows[-3]
    else:
        assert "Shared records used by department 10 Hauptamt (outside its total)" in text


def test_unscoped_procure_json_has_the_new_keys_empty(tmp_path: Path) -> None:
    doc = json.loads(CliRunner().invoke(main, ["procure", str(headsets(tmp_path)), "--as-of",
                                               "2026-11-27", "-f", "json"]).stdout)
    assert doc["scope"] is None and doc["shared"] == [] and doc["shared_total"] == 0.0


# --- command line -------------------------------------------------------------------------------

def test_procure_json_shape(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["procure", str(headsets(tmp_path)), "--as-of",
                                    "2026-11-27", "-f", "json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    assert list(doc)[:7] == ["schema_version", "as_of", "currency", "group_by", "lines",
                             "total", "unpriced_items"]
    assert doc["schema_version"] == 1 and doc["currency"] == "EUR"
    assert doc["group_by"] == "department" and doc["total"] == 269.7
    assert doc["lines"][1] == {"item": "headset", "kind": "device", "product": None,
                               "quantity": 2, "unit_price": 89.9, "total": 179.8,
                               "group": "20 Kämmerei", "reasons": ["WP002"],
                               "records": ["WP-3", "WP-4"], "due": None, "budget_year": None}
    assert doc["unpriced_items"] == [] and doc["savings"] == []


@pytest.mark.parametrize("fmt", ["table", "rich", "csv", "json"])
def test_procure_every_format(tmp_path: Path, fmt: str) -> None:
    run = CliRunner().invoke(main, ["procure", str(headsets(tmp_path)), "--as-of",
                                    "2026-11-27", "-f", fmt, "--group-by", "site"])
    assert run.exit_code == 0, run.output
    assert "269.70" in run.stdout or "269.7" in run.stdout
    assert "\x1b[" not in run.stdout


def test_procure_invalid_inventory_exits_2(tmp_path: Path) -> None:
    root = write(tmp_path, {"workplaces": [workplace("WP-1", work_model="sometimes")]})
    run = CliRunner().invoke(main, ["procure", str(root), "--as-of", "2026-11-27",
                                    "-f", "csv"])
    assert run.exit_code == 2
    assert "E006" in run.stderr and run.stdout == ""
    bad_option = CliRunner().invoke(main, ["procure", str(root), "--group-by", "floor"])
    assert bad_option.exit_code == 2
