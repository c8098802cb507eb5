"""The columns of itready's spreadsheets: what each holds, and its heading for people.

Every spreadsheet column has a key: the English name that RFC 4180 CSV writes as its heading and
JSON as its key (``unit_price``). People read a heading instead (``Einzelpreis (netto)``), in the
run's language: the ``excel-de`` CSV dialect and the xlsx workbooks take it from ``headings``,
so that the same column reads the same in every spreadsheet. ``KINDS`` says what a column holds,
so that a workbook writes numbers as numbers, money as money and dates as dates, also for a CSV
it turns into a sheet (``itready.formats.workbook.as_book``); a column not named there is text.

Beside rule IDs, spreadsheets for people show the rules' titles (``rule_titles``), as the
catalogue of the run gives them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from itready.i18n import pgettext

if TYPE_CHECKING:
    from itready.rules.catalogue import Rule

TEXT, COUNT, MONEY, DATE, SHARE, YEAR, FLAG = (
    "text", "count", "money", "date", "share", "year", "flag")

#: Column key -> what it holds, for every column that is not text.
KINDS: dict[str, str] = {
    "quantity": COUNT, "lines": COUNT, "gaps": COUNT, "unused_seats": COUNT,
    "line": COUNT, "column": COUNT, "counted": COUNT, "ready": COUNT, "not_ready": COUNT,
    "findings": COUNT, "waived_findings": COUNT, "errors": COUNT, "workplaces": COUNT,
    "entitled": COUNT, "peak": COUNT, "seats": COUNT,
    "critical": COUNT, "high": COUNT, "medium": COUNT, "low": COUNT, "info": COUNT,
    "unit_price": MONEY, "total": MONEY, "net": MONEY, "vat": MONEY, "gross": MONEY,
    "saving": MONEY, "to_buy": MONEY, "purchase_total": MONEY,
    "due": DATE, "date": DATE, "as_of": DATE, "waived_until": DATE,
    "share": SHARE,
    "budget_year": YEAR,
    "waived": FLAG,
}


def kind(key: str) -> str:
    """What the column ``key`` holds (``TEXT`` unless ``KINDS`` says otherwise)."""
    return KINDS.get(key, TEXT)


def headings() -> dict[str, str]:
    """Column key -> heading in the run's language (call it when rendering: the language is
    chosen by then)."""
    return {
        "item": pgettext("column", "Item"),
        "kind": pgettext("column", "Kind"),
        "product": pgettext("column", "Product"),
        "quantity": pgettext("column", "Quantity"),
        "unit_price": pgettext("column", "Unit price (net)"),
        "total": pgettext("column", "Total (net)"),
        "currency": pgettext("column", "Currency"),
        "department": pgettext("column", "Department"),
        "cost_centre": pgettext("column", "Cost centre"),
        "site": pgettext("column", "Site"),
        "group": pgettext("column", "Group"),
        "reasons": pgettext("column", "Rules"),
        "titles": pgettext("column", "Rule titles"),
        "records": pgettext("column", "Records"),
        "due": pgettext("column", "Due"),
        "budget_year": pgettext("column", "Budget year"),
        "lines": pgettext("column", "Lines"),
        "net": pgettext("column", "Net"),
        "vat": pgettext("column", "VAT"),
        "gross": pgettext("column", "Gross"),
        "licence": pgettext("column", "Licence"),
        "unused_seats": pgettext("column", "Unused seats"),
        "saving": pgettext("column", "Saving (net)"),
        "workplace": pgettext("column", "Workplace"),
        "workplaces": pgettext("column", "Workplaces"),
        "requirement": pgettext("column", "Requirement"),
        "rule": pgettext("column", "Rule"),
        "title": pgettext("column", "Rule title"),
        "action": pgettext("column", "Action"),
        "device": pgettext("column", "Device"),
        "replaces": pgettext("column", "Replaces"),
        "what": pgettext("column", "What closes the gap"),
        "gaps": pgettext("column", "Gaps"),
        "entitled": pgettext("column", "Entitled"),
        "peak": pgettext("column", "Peak"),
        "seats": pgettext("column", "Seats"),
        "to_buy": pgettext("column", "To buy (net)"),
        "path": pgettext("column", "File"),
        "line": pgettext("column", "Line"),
        "column": pgettext("column", "Column"),
        "severity": pgettext("column", "Severity"),
        "record_kind": pgettext("column", "Record kind"),
        "record_id": pgettext("column", "Record"),
        "field": pgettext("column", "Field"),
        "message": pgettext("column", "Message"),
        "waived": pgettext("column", "Waived"),
        "waived_until": pgettext("column", "Waived until"),
        "waived_findings": pgettext("column", "Waived"),
        "fingerprint": pgettext("column", "Fingerprint"),
        "code": pgettext("column", "Code"),
        "name": pgettext("column", "Name"),
        "counted": pgettext("column", "Counted"),
        "ready": pgettext("column", "Ready"),
        "not_ready": pgettext("column", "Not ready"),
        "share": pgettext("column", "Share ready"),
        "findings": pgettext("column", "Findings"),
        "errors": pgettext("column", "Errors"),
        "critical": pgettext("column", "Critical"),
        "high": pgettext("column", "High"),
        "medium": pgettext("column", "Medium"),
        "low": pgettext("column", "Low"),
        "info": pgettext("column", "Info"),
        "date": pgettext("column", "Date"),
        "as_of": pgettext("column", "Check date"),
        "revision": pgettext("column", "Revision"),
        "status": pgettext("column", "Status"),
        "purchase_total": pgettext("column", "Purchase total (net)"),
    }


def rule_titles(rules: Iterable[Rule]) -> dict[str, str]:
    """Rule ID -> its title, as the catalogue gives it in the run's language."""
    return {rule.id: rule.title for rule in rules}


def titles_of(ids: Iterable[str], titles: dict[str, str]) -> str:
    """The titles of rule ``ids``, in their order, ``; `` between (a rule the catalogue does not
    know, such as an input error's code, has none)."""
    return "; ".join(titles[i] for i in ids if titles.get(i))


__all__ = ["COUNT", "DATE", "FLAG", "KINDS", "MONEY", "SHARE", "TEXT", "YEAR", "headings",
           "kind", "rule_titles", "titles_of"]
