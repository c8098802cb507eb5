"""Numbers, money, shares and dates for people, in German and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from itready import i18n
from itready.i18n import formatting


@pytest.fixture(autouse=True)
def _environment_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language(None)


@pytest.mark.parametrize(("language", "expected"), [
    ("de", ("87,7 %", "22.672,00 €", "27.11.2026", "k. A.", "1.234,5")),
    ("en", ("87.7%", "22672.00 EUR", "2026-11-27", "n/a", "1234.5")),
])
def test_both_languages(language: str, expected: tuple[str, ...]) -> None:
    i18n.set_language(language)
    assert (formatting.share(0.877), formatting.money(Decimal("22672")),
            formatting.day(date(2026, 11, 27)), formatting.share(None),
            formatting.number(1234.5, 1)) == expected


def test_both_languages_round_alike() -> None:
    """One rounding path: a German and an English report never disagree on a digit."""
    for value in (0.6375, 0.0005, 0.9995, 0.125):
        german = formatting.share(value, language="de").replace(",", ".").replace(" %", "%")
        assert german == formatting.share(value, language="en")


def test_english_without_a_catalogue_and_the_environment_decides(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.current_language() == "en"
    assert i18n._("finding") == "finding"
    assert i18n.ngettext("{n} finding", "{n} findings", 1) == "{n} finding"
    i18n.set_language("de")
    assert i18n.current_language() == "de"
