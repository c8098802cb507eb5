"""Did-you-mean for the values of enumerations, from the words people actually write.

``work_model: homeoffice`` is no typo of any value, so spelling alone suggests nothing; but
in a German city administration "Homeoffice" usually means mobile work and "Telearbeit" the
formal home workplace. ``itready/data/synonyms.json`` is that knowledge as data: per field,
common (mostly German) words and the values they most likely mean. A synonym is only ever a
suggestion; the value itself stays an error.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from itready.errors import did_you_mean
from itready.i18n import _, current_language

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _key(word: str) -> str:
    """``Home-Office``, ``home office`` and ``homeoffice`` alike; ``Büro`` as ``buero``."""
    folded = unicodedata.normalize("NFKC", word).casefold().translate(_FOLD)
    return re.sub(r"[\s\-_./]+", "", folded)


@cache
def _table() -> dict[str, dict[str, dict[str, Any]]]:
    raw = json.loads(resources.files("itready").joinpath("data/synonyms.json").read_text("utf-8"))
    return {field: {_key(word): entry for word, entry in words.items()}
            for field, words in raw.items() if not field.startswith("_")}


def suggest(field: str, value: str, choices: Iterable[str]) -> str:
    """A " (did you mean …?)" suffix for ``value`` of ``field``: the values its synonym
    means, else the value spelt most alike; an empty string when nothing comes close."""
    choices = tuple(choices)
    entry = _table().get(field, {}).get(_key(value))
    if entry is None:
        same = [c for c in choices if _key(c) == _key(value)]  # Hybrid, in_use, TPM "2.0 "
        return _(" (did you mean '{word}'?)").format(word=same[0]) if same else \
            did_you_mean(value, choices)
    meant = [c for c in entry["suggest"] if c in choices]
    if not meant:
        return did_you_mean(value, choices)
    words = _(" or ").join(f"'{c}'" for c in meant)
    note = entry.get("note") or {}
    text = note.get(current_language()) or note.get("en") or ""
    return _(" (did you mean {words}?{note})").format(words=words,
                                                       note=f" {text}" if text else "")


__all__ = ["suggest"]
