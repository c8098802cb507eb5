"""Which language a run speaks, and its message catalogue (gettext, domain ``itready``).

Every text a person reads goes through ``_`` (or ``ngettext`` for counts): English is the source
language (the msgids are the English texts), German comes from the catalogue
``itready/locale/de/LC_MESSAGES/itready.mo``. The language is, first that applies: ``--lang``
(``set_language``), ``language:`` in itready.yaml (``set_settings_language``), the environment
as gettext reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English. Nothing is read from disk
until the first text is translated, so that ``itready --help`` stays instant.

Write whole sentences with named placeholders, ``_("licence {id} expires on {date}").format(…)``,
never pieces glued together, and counts through ``ngettext``: German and English put words in
different orders, and a translator sees only the msgid. Texts defined at import time (option
help, tables of labels) are marked with ``N_`` and translated with ``_`` where they are shown.
How to add a language: docs/language.md.
"""

from __future__ import annotations

import gettext
import os
import sys

DOMAIN = "itready"
LANGUAGES = ("en", "de")
LOCALEDIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale")

_chosen: str | None = None  # --lang; None: not given
_settings: str | None = None  # language: in itready.yaml; None: not set
_language: str | None = None  # the language in force, decided on first use
_active: gettext.NullTranslations | None = None  # loaded on first use


def N_(message: str) -> str:
    """Mark a text for extraction where it is defined; ``_`` translates it where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a text with a count for extraction, as ``ngettext`` takes it: the pair goes to
    ``plural(n, *pair)`` where it is shown."""
    return singular, plural


def language_from_environment() -> str:
    """The language gettext picks from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (the first that is
    set decides; LANGUAGE may list several, ``de_AT:de:en``); English when none is ours."""
    found = gettext.find(DOMAIN, LOCALEDIR)  # stdlib: the same variables, order and expansion
    if not found:
        return "en"
    return os.path.basename(os.path.dirname(os.path.dirname(found)))  # .../<lang>/LC_MESSAGES


def set_language(language: str | None) -> None:
    """Choose the language of ``--lang`` (None: not given); it goes before itready.yaml's.
    Also forgets itready.yaml's language: a new run starts here."""
    global _chosen, _settings
    _chosen, _settings = language, None
    _forget()


def set_settings_language(language: str | None) -> None:
    """The ``language:`` of the inventory's itready.yaml: in force unless ``--lang`` chose."""
    global _settings
    if language != _settings:
        _settings = language
        _forget()


def _forget() -> None:
    global _language, _active
    _language, _active = None, None


def chosen() -> str | None:
    """The language ``--lang`` chose, if it did."""
    return _chosen


def current_language() -> str:
    """The language of this run: ``en`` or ``de``."""
    global _language
    if _language is None:
        _language = _chosen or _settings or language_from_environment()
    return _language


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


def plural(n: int, singular: str, plural: str, **values: object) -> str:
    """``ngettext`` with ``{n}`` and any other ``values`` filled in:
    ``plural(3, "{n} finding", "{n} findings")`` is "3 findings" (or "3 Befunde")."""
    return translation().ngettext(singular, plural, n).format(n=n, **values)


#: What the operating system says about the failures people meet, by errno (English msgids: the
#: C library speaks the process locale's language, which itready never sets).
_OS_REASONS = {
    "ENOENT": N_("No such file or directory"), "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"), "ENOSPC": N_("No space left on device"),
    "EISDIR": N_("Is a directory"), "ENOTDIR": N_("Not a directory"),
    "EROFS": N_("Read-only file system"), "EEXIST": N_("File exists"),
    "ENOTEMPTY": N_("Directory not empty"), "EDQUOT": N_("Disk quota exceeded"),
    "ELOOP": N_("Too many levels of symbolic links"), "EBADF": N_("Bad file descriptor"),
    "EIO": N_("Input/output error"), "ENAMETOOLONG": N_("File name too long"),
}


def os_reason(error: OSError) -> str:
    """Why an operating-system call failed, in the run's language where the catalogue knows
    the error, else as the system said it."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    if name in _OS_REASONS:
        return _(_OS_REASONS[name])
    return error.strerror or str(error)


#: click's modules that look texts up through module-level ``_`` and ``ngettext``.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils",
                  "termui", "shell_completion", "_termui_impl")


def teach_click() -> None:
    """click translates its own texts ("Usage:", "Error: No such option") with
    ``gettext.gettext``, bound at import as ``_`` and ``ngettext`` in each of its modules: the
    process's global domain, not ours, and blind to ``--lang``. Point those names at our
    functions (no file is read here); our catalogue carries click's texts too. A click release
    that moves them is caught by the pseudo-localised test (tests/i18n)."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def prescan(argv: list[str]) -> str | None:
    """``--lang de`` or ``--lang=de`` before ``--``, read before click parses anything: the
    help and the usage errors that click writes must already speak it. Values that are not a
    language are left to click, which says so."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in LANGUAGES else None
    return None
