"""Tables of gap and purchase lists wrap between words, never inside one, at 80 columns (table
format) or the terminal's width (rich)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from itready import load
from itready.formats import Options, render
from itready.formats.wrap import table, widths, wrap
from itready.plan.gaps import build_plan
from itready.plan.procure import build_procurement

EXAMPLE = ROOT / "inventories" / "musterstadt"
AS_OF = ["--as-of", "2026-11-27"]


def test_wrap_breaks_at_blanks_only() -> None:
    assert wrap("hand over webcam CAM-02255 from stock", 12) == \
        "hand over\nwebcam\nCAM-02255\nfrom stock"
    assert wrap("LIC-FERNWARTUNG: Fernwartung", 5) == "LIC-FERNWARTUNG:\nFernwartung"
    assert wrap("1\u00a0×\u00a0890.00", 3) == "1 × 890.00"  # a no-break space holds


def test_widths_give_each_column_its_longest_word_first() -> None:
    columns = [["department", "80 Wirtschaftsförderung"], ["what", "a b c d e f g h i j k l"]]
    assert widths(columns, 80) == [23, 23]  # both fit whole
    assert widths(columns, 30) == [23, 5]  # the name on one line; the text wraps
    assert widths(columns, 10) == [20, 4]  # longest words even wider than the width


def test_a_table_fits_and_keeps_every_word() -> None:
    text = table(["a", "b"], [["one two three", "LIC-FERNWARTUNG and more words here"]],
                 ("left", "right"), width=24)
    assert max(map(len, text.splitlines())) <= 24
    assert text.splitlines() == ["a                      b",
                                 "-------  ---------------",
                                 "one two  LIC-FERNWARTUNG",
                                 "three     and more words",
                                 "                    here"]


def _words(*cells: str) -> set[str]:
    return {word for cell in cells for word in cell.split()}


@pytest.fixture(scope="module")
def lists() -> tuple[object, object]:
    result = load(EXAMPLE)
    plan = build_plan(result, __import__("datetime").date(2026, 11, 27))[0]
    procurement = build_procurement(result, __import__("datetime").date(2026, 11, 27))[0]
    return plan, procurement


@pytest.mark.parametrize(("subject", "name", "width"), [
    ("gaps", "table", 100), ("gaps", "rich", 80), ("procure", "table", 100),
    ("procure", "rich", 80), ("gaps", "rich", 120), ("procure", "rich", 200)])
def test_lists_fit_their_width_and_break_no_word(lists: tuple, subject: str, name: str,
                                                 width: int) -> None:
    plan, procurement = lists
    value = plan if subject == "gaps" else procurement
    text = render(subject, name, value, Options(color=False, width=width))
    limit = 80 if name == "table" else width
    assert max(len(line.rstrip()) for line in text.splitlines()) <= limit
    printed = {word.strip("():,") for word in text.split()}
    if subject == "gaps":
        expected = _words(*(g.workplace for g in plan.gaps), *(g.department for g in plan.gaps),
                          "mobile-work", "LIC-SOFTPHONE")
    else:
        expected = _words(*(line.item for line in procurement.lines),
                          *(line.product or "" for line in procurement.lines),
                          *(r for line in procurement.lines for r in line.records[:4]))
    assert {word.strip("():,") for word in expected} - printed == set()
