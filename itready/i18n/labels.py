"""Inventory values as people read them: ``laptop`` is "Laptop", ``stock`` "im Lager".

An inventory's values are tokens that users type (``kind: desk-phone``, ``status: stock``,
``work_model: telework``); conditions, JSON and CSV keep them as they are. Where a message names
one for a person, it shows its label: in English the token itself, so that English messages spell
values as the inventory does, in German the word a city's IT department uses (the glossary,
docs/glossary.md). A token without a label is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from itready.i18n import pgettext


def _device_kinds() -> dict[str, str]:
    return {
        "laptop": pgettext("device kind", "laptop"),
        "desktop": pgettext("device kind", "desktop"),
        "thin-client": pgettext("device kind", "thin-client"),
        "tablet": pgettext("device kind", "tablet"),
        "smartphone": pgettext("device kind", "smartphone"),
        "monitor": pgettext("device kind", "monitor"),
        "dock": pgettext("device kind", "dock"),
        "headset": pgettext("device kind", "headset"),
        "webcam": pgettext("device kind", "webcam"),
        "mfa-token": pgettext("device kind", "mfa-token"),
        "desk-phone": pgettext("device kind", "desk-phone"),
    }


def _device_statuses() -> dict[str, str]:
    return {
        "in-use": pgettext("device status", "in-use"),
        "stock": pgettext("device status", "stock"),
        "repair": pgettext("device status", "repair"),
        "retired": pgettext("device status", "retired"),
    }


def _work_models() -> dict[str, str]:
    return {
        "office": pgettext("work model", "office"),
        "hybrid": pgettext("work model", "hybrid"),
        "mobile": pgettext("work model", "mobile"),
        "telework": pgettext("work model", "telework"),
    }


def _record_kinds() -> dict[str, str]:
    return {
        "site": pgettext("record kind", "site"), "vpn": pgettext("record kind", "vpn"),
        "workplace": pgettext("record kind", "workplace"),
        "device": pgettext("record kind", "device"),
        "licence": pgettext("record kind", "licence"),
        "inventory": pgettext("record kind", "inventory"),
    }


def record_kinds() -> dict[str, str]:
    """Record kinds (a rule's target) for people: ``device`` / "Gerät"."""
    return _record_kinds()


def _requirements() -> dict[str, str]:
    return {
        "mobile-device": pgettext("requirement", "mobile-device"),
        "headset": pgettext("requirement", "headset"),
        "camera": pgettext("requirement", "camera"),
        "vpn": pgettext("requirement", "vpn"),
        "mfa": pgettext("requirement", "mfa"),
        "training": pgettext("requirement", "training"),
        "monitor": pgettext("requirement", "monitor"),
    }


_TABLES: dict[str, Callable[[], dict[str, str]]] = {
    "kind": _device_kinds, "status": _device_statuses, "work_model": _work_models,
    "workplace.work_model": _work_models,
}


def labeller(field: str) -> Callable[[object], object] | None:
    """A function that shows a value of ``field`` by its label in the run's language, or None
    for a field whose values are shown as they are. Built once, for the messages of a run."""
    table = _TABLES.get(field)
    if table is None:
        return None
    labels = table()
    return lambda value: labels.get(value, value) if isinstance(value, str) else value


def device_kind(token: str) -> str:
    """A device kind for people: ``laptop`` / "Laptop"."""
    return _device_kinds().get(token, token)


def requirements() -> dict[str, str]:
    """Readiness requirements for people: ``camera`` / "Kamera"; capabilities (``e-file``)
    have no label and are shown as they are."""
    return _requirements()
