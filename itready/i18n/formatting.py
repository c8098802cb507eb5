"""Numbers, money, shares and dates for people, as the current language writes them.

German: ``87,7 %``, ``22.672,00 €``, ``27.11.2026``; English keeps what itready always wrote:
``87.7%``, ``22672.00 EUR``, ``2026-11-27``. Machine formats (JSON, CSV in the rfc4180 dialect,
SARIF) never go through here. Rounding is Python's, the same for both languages, so that a German
and an English report never disagree on a digit. Spaces are plain ASCII: terminals, logs and CSV
read them safely; the HTML report may pass a no-break space.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from itready.i18n import current_language

_GERMAN = str.maketrans(",.", ".,")


def number(value: float | Decimal | int, digits: int = 0, language: str | None = None) -> str:
    """``1234.5`` as ``1.234,5`` (German) or ``1234.5`` (English)."""
    if (language or current_language()) == "de":
        return f"{value:,.{digits}f}".translate(_GERMAN)
    return f"{value:.{digits}f}"


def share(value: float | None, digits: int = 1, language: str | None = None,
          space: str = " ") -> str:
    """A share of 1 as a percentage; ``n/a`` (``k. A.``) when nothing was counted."""
    language = language or current_language()
    if value is None:
        return "k. A." if language == "de" else "n/a"
    if language == "de":
        return f"{value * 100:,.{digits}f}".translate(_GERMAN) + space + "%"
    return f"{value:.{digits}%}"


def money(amount: Decimal | float, language: str | None = None, space: str = " ") -> str:
    """An amount in euros, to the cent."""
    language = language or current_language()
    if language == "de":
        return f"{number(amount, 2, language)}{space}€"
    return f"{number(amount, 2, language)} EUR"


def day(value: date, language: str | None = None) -> str:
    """A date: ``27.11.2026`` (German) or ISO ``2026-11-27`` (English)."""
    if (language or current_language()) == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return value.isoformat()
