"""Money as a procurement office needs it: prices are net, every purchase list shows net, VAT and
gross, and renewals carry their due date and budget year (outputs.md, "Spreadsheets")."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import GOLDEN, ROOT

from itready.cli import main

EXAMPLE = ROOT / "inventories" / "musterstadt"
INVENTORY = GOLDEN / "procure" / "inventory"
AS_OF = ["--as-of", "2026-11-27"]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["table", "rich"])
def test_the_lists_for_people_end_with_net_vat_and_gross(fmt: str) -> None:
    text = run("procure", str(INVENTORY), *AS_OF, "-f", fmt)
    assert "Total (net): 4946.96 EUR" in text
    assert "VAT 19%: 939.92 EUR" in text and "Total (gross): 5886.88 EUR" in text
    assert "due 2026-11-01, budget year" in text  # LIC-OFFICE, expired: overdue


def test_renewals_carry_due_date_and_budget_year() -> None:
    doc = json.loads(run("procure", str(EXAMPLE), *AS_OF, "-f", "json"))
    due = {line["item"]: (line["due"], line["budget_year"], line["reasons"])
           for line in doc["lines"] if line["due"]}
    assert due == {"LIC-FERNWARTUNG": ("2026-09-30", 2026, ["LIC002"]),
                   "LIC-GIS": ("2027-01-15", 2027, ["LIC003"])}  # next year's budget
    assert all(line["budget_year"] is None for line in doc["lines"]
               if not set(line["reasons"]) & {"LIC002", "LIC003"})
    assert (doc["total"], doc["vat_rate"], doc["vat"], doc["gross_total"]) == (
        22672.0, 19.0, 4307.68, 26979.68)


def test_gap_and_check_csv_for_people_have_rule_titles_and_rfc4180_keeps_its_columns() -> None:
    german = run("gaps", str(INVENTORY), *AS_OF, "-f", "csv", "--dialect", "excel-de")
    header, first = german.lstrip("\ufeff").splitlines()[:2]
    assert header.split(";")[4:8] == ["Requirement", "Rule", "Rule title", "Action"]
    assert first.split(";")[5:7] == [  # quoted: a comma in a cell of either dialect
        "WP001", '"Workplace has no secure, supported laptop or tablet"']
    plain = run("gaps", str(INVENTORY), *AS_OF, "-f", "csv")
    assert plain.splitlines()[0] == ("workplace,department,site,cost_centre,requirement,rule,"
                                     "action,item,device,licence,unit_price,replaces")
