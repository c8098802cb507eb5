"""Date arithmetic for ages and validity periods: one reading of "N months" everywhere.

A date moved by months or years keeps its day of the month where that day exists and clamps to
the month's last day where it does not (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` days (``d``), months (``m``) or years (``y``)."""
    if unit == "d":
        return day + timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
