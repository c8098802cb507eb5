"""Date arithmetic for ages and validity periods: one reading of "N years" and "N months".

A date moved by months or years keeps its day of the month where that day exists and clamps to
the month's last day where it does not (31 January + 1 month = 28 or 29 February; 29 February
+ 1 year = 28 February). A record dated ``start`` *turns* N units old on ``shift(start, N)``:
it is "older than N" from the day after (rules.md, decisions of 2026-12-04). A laptop bought
2023-02-28 turns 5 on 2028-02-28 and is older than 5 years from 2028-02-29; a training of
2024-01-31 valid for 1 month counts up to and including 2024-02-29.

Every age and validity test goes through here: the rules' parameters (``years``, ``months``),
the facts ``age_years`` and ``training_age_months``, and the condition language's relative
dates (``today-5y``), which ``earliest_start`` and ``latest_start`` turn into a plain date to
compare with, once per rule.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

_DAY = timedelta(days=1)


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` days (``d``), months (``m``) or years (``y``)."""
    if unit == "d":
        return day + timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def older_than(start: date, amount: int, unit: str, on: date) -> bool:
    """Whether something dated ``start`` is older than ``amount`` units on the day ``on``:
    ``on`` is after the day it turns that old."""
    return on > shift(start, amount, unit)


def earliest_start(end: date, amount: int, unit: str) -> date:
    """The earliest start date that turns ``amount`` units old on or after ``end``: every
    earlier start is older than ``amount`` on ``end``.

    ``shift`` never decreases as its start increases, and moving back from ``end`` lands within
    three days of the answer (month-end clamping), so a few steps find it exactly.
    """
    start = shift(end, -amount, unit)
    while shift(start - _DAY, amount, unit) >= end:
        start -= _DAY
    while shift(start, amount, unit) < end:
        start += _DAY
    return start


def latest_start(end: date, amount: int, unit: str) -> date:
    """The latest start date that turns ``amount`` units old on or before ``end``."""
    return earliest_start(end + _DAY, amount, unit) - _DAY


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``: the most months ``m`` with ``shift(start, m)``
    on or before ``end`` (negative when ``end`` comes first)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    # Moved by the calendar months, start lands in end's month: past end at most by days.
    return months - 1 if shift(start, months, "m") > end else months


def years_between(start: date, end: date) -> float:
    """Age in years: whole years (as ``months_between`` counts them) plus the share of the
    current year that has passed, so that an age above N means older than N years."""
    if end < start:
        return (end - start).days / 365.25
    whole = months_between(start, end) // 12
    last = shift(start, whole, "y")
    following = shift(start, whole + 1, "y")
    return whole + (end - last).days / (following - last).days
