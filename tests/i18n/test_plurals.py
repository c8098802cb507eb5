"""Plural forms are right everywhere ("1 finding", "1 error", "1 VPN gateway"), chosen through
gettext's ngettext (itready.i18n.plural) so that each language forms its own; input errors print
alike."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import write_inventory

from itready.cli import main
from itready.i18n import plural

ONE_OF_EACH = {"records.yaml": """\
sites:
  - {id: RH, shared_desks: 1}
vpn:
  - {id: VPN-1, site: RH, max_sessions: 0, pools: [10.9.0.0/30]}
workplaces:
  - {id: W1, department: A, site: RH, work_model: hybrid, training: 2026-01-01}
devices:
  - {id: NB-1, kind: laptop, assigned_to: W1, os: {name: ubuntu, version: "24.04"},
     encrypted: true, mdm: true, vpn_client: true, camera: true}
licences:
  - {id: L1, provides: [mfa], model: per-user, seats: 1, assigned_to: [W1, W1X]}
"""}

#: A count and a noun that disagree: "1 findings", "1 errors", "0 site" and so on.
WRONG = re.compile(r"\b1 (findings|errors|files|sites|gateways|workplaces|devices|licences|"
                   r"seats|sessions|users|desks|docks|monitors|days|months|releases|rules|"
                   r"fingerprints|references|gaps|items|input errors)\b")


def test_plural_fills_in_the_number() -> None:
    assert plural(1, "{n} finding", "{n} findings") == "1 finding"
    assert plural(0, "{n} finding", "{n} findings") == "0 findings"
    assert plural(2, "{n} VPN gateway", "{n} VPN gateways") == "2 VPN gateways"


def test_one_of_each_reads_in_the_singular(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", {"records.yaml": ONE_OF_EACH["records.yaml"]
                                              .replace(", W1X", "")})
    validate = CliRunner().invoke(main, ["validate", str(root)])
    assert validate.stdout == ("valid: 1 file: 1 site, 1 VPN gateway, 1 workplace, 1 device, "
                               "1 licence\n")
    for args in (["check", "-f", "text"], ["check", "-f", "rich"], ["check", "-f", "table"],
                 ["check", "-f", "markdown"], ["gaps", "-f", "text"], ["procure", "-f", "rich"],
                 ["lifecycle", "--within", "1000"]):
        result = CliRunner().invoke(main, [args[0], str(root), "--as-of", "2026-11-27",
                                           *args[1:]])
        assert not WRONG.search(result.output), (args, WRONG.search(result.output))
    text = CliRunner().invoke(main, ["check", str(root), "--as-of", "2026-11-27", "-f", "text"])
    assert "VPN gateways carry 0 sessions for a peak of 1 concurrent remote user" in text.stdout
    assert "site RH has 0 docks for 1 shared desk" in text.stdout


def test_validate_and_check_print_input_errors_the_same_way(tmp_path: Path) -> None:
    root = write_inventory(tmp_path / "inv", ONE_OF_EACH)
    validate = CliRunner().invoke(main, ["validate", str(root)])
    check = CliRunner().invoke(main, ["check", str(root), "-f", "text"])
    gaps = CliRunner().invoke(main, ["gaps", str(root)])
    line = (f"{root}/records.yaml:11:76: error E009 assigned_to 'W1X' is not a workplace of "
            "this inventory (did you mean 'W1'?)")
    assert validate.stdout.splitlines()[0] == line
    assert check.stdout.splitlines()[0] == line
    assert gaps.stderr.splitlines()[0] == line
    assert validate.stdout.splitlines()[1] == "1 error in 1 file: 1 site, 1 VPN gateway, " \
                                              "1 workplace, 1 device, 1 licence"
    assert check.stdout.splitlines()[1].startswith("0 findings, 1 error, ")
    assert gaps.stderr.splitlines()[1] == "1 error: the inventory is not valid; nothing was " \
                                          "written"
