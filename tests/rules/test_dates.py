"""One reading of "older than N years/months" (rules.md, decisions of 2026-12-04), at month ends
and 29 February: the helper itself, the facts built on it and the condition language's
relative dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from itready import model
from itready.rules.conditions import compile_condition
from itready.rules.dates import (
    earliest_start,
    latest_start,
    months_between,
    older_than,
    shift,
    years_between,
)
from itready.rules.facts import FACTS, Context

D = date.fromisoformat


@pytest.mark.parametrize(("start", "amount", "unit", "turns"), [
    ("2023-02-28", 5, "y", "2028-02-28"),
    ("2024-02-29", 1, "y", "2025-02-28"),
    ("2024-02-29", 4, "y", "2028-02-29"),
    ("2024-01-31", 1, "m", "2024-02-29"),
    ("2023-01-31", 1, "m", "2023-02-28"),
    ("2024-03-31", 1, "m", "2024-04-30"),
    ("2024-12-31", 2, "m", "2025-02-28"),
    ("2024-03-31", -1, "m", "2024-02-29"),
    ("2024-02-29", 30, "d", "2024-03-30"),
])
def test_shift_clamps_to_the_month_end(start: str, amount: int, unit: str, turns: str) -> None:
    assert shift(D(start), amount, unit) == D(turns)


@pytest.mark.parametrize(("start", "amount", "unit", "last_not_older"), [
    ("2023-02-28", 5, "y", "2028-02-28"),  # the decision's example: due from 2028-02-29
    ("2024-02-29", 1, "y", "2025-02-28"),  # 29 February turns 1 on 28 February
    ("2023-03-01", 5, "y", "2028-03-01"),
    ("2024-01-31", 1, "m", "2024-02-29"),
    ("2024-01-30", 1, "m", "2024-02-29"),
    ("2024-08-31", 24, "m", "2026-08-31"),
])
def test_older_than_from_the_day_after_it_turns_that_old(
        start: str, amount: int, unit: str, last_not_older: str) -> None:
    day = D(last_not_older)
    assert not older_than(D(start), amount, unit, day)
    assert older_than(D(start), amount, unit, day + timedelta(days=1))


def _days(first: str, last: str) -> list[date]:
    day, end, out = D(first), D(last), []
    while day <= end:
        out.append(day)
        day += timedelta(days=1)
    return out


@pytest.mark.parametrize(("amount", "unit"), [(5, "y"), (1, "y"), (4, "y"), (1, "m"),
                                              (24, "m"), (30, "d")])
def test_earliest_and_latest_start_agree_with_older_than_for_every_day(
        amount: int, unit: str) -> None:
    """Around two leap days and month ends, for every check date: a start before
    ``earliest_start`` is older than N, from it on not; a start up to ``latest_start`` has
    turned N by the check date, after it not."""
    starts = _days("2018-12-15", "2021-04-15") + _days("2023-01-20", "2024-04-10")
    for end in _days("2024-02-20", "2024-03-05") + _days("2028-02-25", "2028-03-03") + \
            _days("2025-02-25", "2025-03-03"):
        first, last = earliest_start(end, amount, unit), latest_start(end, amount, unit)
        for start in starts:
            turned = shift(start, amount, unit)
            assert (start < first) == (turned < end), (start, end)
            assert (start <= last) == (turned <= end), (start, end)


@pytest.mark.parametrize(("start", "end", "months"), [
    ("2024-01-31", "2024-02-29", 1),
    ("2024-01-31", "2024-02-28", 0),
    ("2024-02-29", "2025-02-28", 12),
    ("2024-02-29", "2025-02-27", 11),
    ("2024-11-27", "2026-11-27", 24),
    ("2024-11-27", "2026-11-26", 23),
    ("2024-03-31", "2024-03-30", -1),
])
def test_months_between_counts_the_months_shift_reaches(start: str, end: str,
                                                        months: int) -> None:
    assert months_between(D(start), D(end)) == months
    assert shift(D(start), months, "m") <= D(end) < shift(D(start), months + 1, "m")


def test_years_between_is_above_n_exactly_when_older_than_n() -> None:
    for start in (D("2023-02-28"), D("2024-02-29"), D("2023-03-01"), D("2021-11-27")):
        for end in _days("2025-02-20", "2025-03-05") + _days("2028-02-20", "2028-03-05") + \
                _days("2026-11-20", "2026-12-01"):
            for years in (1, 4, 5):
                assert (years_between(start, end) > years) == older_than(start, years, "y",
                                                                         end), (start, end)
    assert years_between(D("2023-02-28"), D("2028-02-28")) == 5.0
    assert years_between(D("2026-01-01"), D("2025-01-01")) < 0


def _devices(*purchased: str) -> list[model.Device]:
    source = model.Source("devices.yaml", "devices", 0)
    return [model.Device(source=source, id=f"PC-{n}", kind="desktop", purchased=D(day))
            for n, day in enumerate(purchased)]


@pytest.mark.parametrize(("op", "as_of", "found"), [
    ("before", "2028-02-28", []),
    ("before", "2028-02-29", ["2023-02-28"]),
    ("lt", "2028-02-29", ["2023-02-28"]),
    ("le", "2028-02-28", ["2023-02-28"]),
    ("le", "2028-02-29", ["2023-02-28"]),
    ("ge", "2028-02-29", ["2023-03-01"]),
    ("gt", "2028-02-28", ["2023-03-01"]),
    ("after", "2028-02-29", ["2023-03-01"]),
    ("after", "2028-03-01", []),
])
def test_relative_dates_in_the_past_read_as_ages(op: str, as_of: str, found: list[str]) -> None:
    """``today-5y`` compares by age: ``before`` is "turned 5 before today", ``le`` "turned 5
    by today", ``after`` "turns 5 after today"."""
    devices = _devices("2023-02-28", "2023-03-01")
    ctx = Context(model.Inventory("", model.Settings(), devices=tuple(devices)), D(as_of))
    test = compile_condition({"fact": "purchased", op: "today-5y"}, "device", ctx, {})
    assert [str(d.purchased) for d in devices if test(d)] == found


def test_age_facts_follow_the_same_reading() -> None:
    inventory = model.Inventory("", model.Settings(), devices=tuple(_devices("2024-02-29")))
    device = inventory.devices[0]
    on_28th = Context(inventory, D("2025-02-28"))
    on_1st = Context(inventory, D("2025-03-01"))
    age = FACTS["device"]["age_years"]
    assert age(on_28th)(device) == 1.0
    assert age(on_1st)(device) > 1.0
    workplace = model.Workplace(source=model.Source("w.yaml", "workplaces", 0), id="WP-1",
                                department="10", site="RH", work_model="hybrid", mobile_days=2,
                                desk="shared", training=D("2024-01-31"))
    months = FACTS["workplace"]["training_age_months"]
    assert months(Context(inventory, D("2024-02-29")))(workplace) == 1
    assert months(Context(inventory, D("2024-02-28")))(workplace) == 0
