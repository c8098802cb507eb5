"""Which language a run speaks, and its message catalogue (gettext, domain ``itready``).

Every text a person reads goes through ``_`` (or ``ngettext`` for counts): English is the source
language (the msgids are the English texts), German comes from the catalogue
``itready/locale/de/LC_MESSAGES/itready.mo``. The language is, first that applies: ``--lang``,
``language:`` in itready.yaml (both through ``set_language``), the environment as gettext reads
it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English. Nothing is read from disk until the first
text is translated, so that ``itready --help`` stays instant.

Write whole sentences with named placeholders, ``_("licence {id} expires on {date}").format(…)``,
never pieces glued together, and counts through ``ngettext``: German and English put words in
different orders, and a translator sees only the msgid.
"""

from __future__ import annotations

import gettext
import os

DOMAIN = "itready"
LANGUAGES = ("en", "de")
LOCALEDIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale")

_chosen: str | None = None  # set by set_language; None: decide from the environment
_active: gettext.NullTranslations | None = None  # loaded on first use


def N_(message: str) -> str:
    """Mark a text for extraction where it is defined; ``_`` translates it where it is shown."""
    return message


def language_from_environment() -> str:
    """The language gettext picks from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (the first that is
    set decides; LANGUAGE may list several, ``de_AT:de:en``); English when none is ours."""
    found = gettext.find(DOMAIN, LOCALEDIR)  # stdlib: the same variables, order and expansion
    if not found:
        return "en"
    return os.path.basename(os.path.dirname(os.path.dirname(found)))  # .../<lang>/LC_MESSAGES


def set_language(language: str | None) -> None:
    """Choose the language (``--lang``, else ``language:`` of itready.yaml); None: the
    environment decides."""
    global _chosen, _active
    _chosen, _active = language, None


def current_language() -> str:
    """The language of this run: ``en`` or ``de``."""
    return _chosen or language_from_environment()


def translation() -> gettext.NullTranslations:
    """The catalogue of the current language (English: none, the msgids are the texts)."""
    global _active
    if _active is None:
        language = current_language()
        _active = gettext.NullTranslations() if language == "en" else gettext.translation(
            DOMAIN, LOCALEDIR, languages=[language], fallback=True)
    return _active


def _(message: str) -> str:
    """``message`` in the current language."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a text with a count, as the current language forms it."""
    return translation().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English word needs ``context``."""
    return translation().pgettext(context, message)
