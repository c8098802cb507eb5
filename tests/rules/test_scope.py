"""Filters keep what concerns the scope (rules.md, decisions of 2026-12-04): --department and
--site keep the workplace and device findings of the scope and the findings on shared records
that concern it: licences used there (site licences always), VPN capacity always, sites in
scope or serving it, and their pool equipment. Readiness counts only workplaces in scope."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from itready import load
from itready.rules.engine import check

AS_OF = date(2026, 11, 27)
#: Two departments at two sites; expired licences, an overlapping site, a VPN without capacity.
INVENTORY = """\
sites:
  - {id: RH, shared_desks: 2, networks: [{cidr: 192.168.178.0/24, purpose: office}]}
  - {id: NR, shared_desks: 2, networks: [{cidr: 192.168.1.0/24, purpose: office}]}
vpn:
  - {id: VPN-1, site: RH, pools: [10.99.0.0/32], max_sessions: 0}
workplaces:
  - {id: WP-50, department: "50 Sozialamt", site: NR, work_model: hybrid}
  - {id: WP-51, department: "51 Jugendamt", site: RH, work_model: hybrid}
  - {id: OF-51, department: "51 Jugendamt", site: RH, work_model: office}
devices:
  - {id: NB-50, kind: laptop, assigned_to: WP-50}
  - {id: NB-51, kind: laptop, assigned_to: WP-51}
  - {id: PC-NR, kind: desktop, assigned_to: NR, purchased: 2015-01-01}
  - {id: PC-RH, kind: desktop, assigned_to: RH, purchased: 2015-01-01}
  - {id: PC-X, kind: desktop, purchased: 2015-01-01}
licences:
  - {id: LIC-50, provides: [x], model: per-user, seats: 1, expires: 2026-01-01,
     assigned_to: [WP-50]}
  - {id: LIC-51, provides: [x], model: per-user, seats: 1, expires: 2026-01-01,
     assigned_to: [WP-51]}
  - {id: LIC-DEV51, provides: [x], model: per-device, seats: 1, expires: 2026-01-01,
     assigned_to: [NB-51]}
  - {id: LIC-SITE, provides: [x], model: site, expires: 2026-01-01}
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    root: Path = tmp_path_factory.mktemp("scope")
    (root / "records.yaml").write_text(INVENTORY, encoding="utf-8")
    loaded = load(root)
    assert loaded.errors == []
    return loaded


def _records(report: object) -> set[str]:
    return {f.record_id for f in report.findings}  # type: ignore[attr-defined]


def test_whole_inventory_has_every_record_found(result: object) -> None:
    assert _records(check(result, AS_OF)) >= {
        "WP-50", "WP-51", "NB-50", "NB-51", "PC-NR", "PC-RH", "PC-X", "LIC-50", "LIC-51",
        "LIC-DEV51", "LIC-SITE", "RH", "NR", "VPN-1"}


def test_a_department_keeps_the_shared_records_it_uses(result: object) -> None:
    report = check(result, AS_OF, department="51 Jugendamt")
    assert _records(report) == {
        "WP-51", "NB-51",  # its workplace and device
        "LIC-51", "LIC-DEV51", "LIC-SITE",  # licences it holds (per-user, per-device), site
        "RH", "PC-RH",  # the site that serves it, and that site's pool computer
        "VPN-1",  # VPN capacity concerns everyone
    }
    assert {f.rule for f in report.findings if f.record_id == "VPN-1"} == {"NET003", "NET004"}
    assert {f.rule for f in report.findings if f.record_id.startswith("LIC")} == {"LIC002"}
    assert (report.overall.ready, report.overall.counted) == (0, 1)
    assert [d.name for d in report.departments] == ["51 Jugendamt"]


def test_a_site_keeps_its_site_and_what_its_workplaces_use(result: object) -> None:
    report = check(result, AS_OF, site="NR")
    assert _records(report) == {"WP-50", "NB-50", "LIC-50", "LIC-SITE", "NR", "PC-NR",
                                "VPN-1"}
    assert [s.name for s in report.sites] == ["NR"]


def test_department_and_site_together(result: object) -> None:
    report = check(result, AS_OF, department="51 Jugendamt", site="NR")
    # no workplace of the Jugendamt at NR: the site itself and shared records stay, nothing else
    assert _records(report) == {"NR", "PC-NR", "LIC-SITE", "VPN-1"}
    assert report.overall.counted == 0 and report.overall.share is None
