"""Maintain the message catalogues: extract texts, update the .po files, compile .mo.

    python scripts/i18n.py extract   # itready's and click's texts -> itready/locale/itready.pot
    python scripts/i18n.py update    # merge the template into de and en .po (keeps translations)
    python scripts/i18n.py compile   # .po -> .mo beside them (a build does this too, setup.py)

``make i18n`` runs all three. Texts are extracted from ``_``, ``ngettext``, ``pgettext``,
``N_``, ``plural`` and ``N_plural`` calls in itready/: in the Python files, in the Jinja2
templates of the management report (``*.j2``, whose ``_`` and ``ngettext`` are itready's), and
the skip reasons of the bundled import presets (``importer/presets/*.yaml``, translated where a
row is skipped); and from click (whose own texts itready translates too, see
itready/i18n/__init__.py); a few click texts that no call spells out are added by hand. A
``# TRANSLATORS:`` comment above a call goes into the catalogue beside its text.
After ``update``, new texts have an empty German ``msgstr``: translate them in
``itready/locale/de/LC_MESSAGES/itready.po`` (docs/language.md), then ``compile``.
Rule texts are not in the catalogue: they live in the rule YAML (``{en: …, de: …}``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "itready" / "locale"
TEMPLATE = LOCALE / "itready.pot"
LANGUAGES = ("de", "en")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
#: click texts that extraction misses: looked up through a variable, or never wrapped.
CLICK_EXTRAS = ("required", "[OPTIONS]", "COMMAND [ARGS]...")


KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "plural": (2, 3), "N_plural": (1, 2)}


def _preset_reasons(fileobj: Any, keywords: Any, comment_tags: Any, options: Any
                    ) -> Iterator[tuple[int, None, str, list[str]]]:
    """The skip reasons of a bundled import preset, as babel's extraction methods yield texts:
    the preset as the importer reads it, so that these are exactly the texts it shows."""
    from itready.importer.mapping import parse_mapping

    preset = parse_mapping(fileobj.read().decode("utf-8"), fileobj.name)
    for mapping in preset.mappings:
        for _condition, reason in mapping.skips:
            yield 0, None, reason, []


#: Python files, the report's Jinja2 templates, the import presets' skip reasons.
METHODS = [("**.py", "python"), ("**.j2", "jinja2.ext:babel_extract"),
           ("importer/presets/*.yaml", _preset_reasons)]


def _extract(source: Path, template: Catalog) -> None:
    """Every marked text of the files below ``source`` into ``template``."""
    for _file, _line, message, comments, context in extract_from_dir(
            str(source), method_map=METHODS, keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        if message and (message[0] if isinstance(message, tuple) else message):
            template.add(message, context=context, auto_comments=comments,
                         flags=("python-brace-format",) if "{" in str(message) else ())


def extract() -> None:
    import click

    template = Catalog(project="itready", domain="itready", creation_date=EPOCH)
    _extract(ROOT / "itready", template)
    _extract(Path(click.__file__).parent, template)
    for text in CLICK_EXTRAS:
        template.add(text)
    with TEMPLATE.open("wb") as handle:
        write_po(handle, template, sort_output=True, omit_header=False, width=100)


def update() -> None:
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "itready.po"
        if po.exists():
            with po.open("rb") as handle:
                catalogue = read_po(handle, locale=language)
        else:
            catalogue = Catalog(locale=language, project="itready", domain="itready")
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        _header(catalogue)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalogue, sort_output=True, width=100)


def _header(catalogue: Catalog) -> None:
    """The same header on every run, so that an update changes only what changed."""
    catalogue.fuzzy = False
    catalogue.project, catalogue.version = "itready", "1"
    catalogue.copyright_holder = "the itready authors"
    catalogue.msgid_bugs_address = ""
    catalogue.last_translator = catalogue.language_team = "itready"
    catalogue.creation_date = catalogue.revision_date = EPOCH


def compile_mo() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)


if __name__ == "__main__":
    steps = {"extract": extract, "update": update, "compile": compile_mo}
    for step in sys.argv[1:] or ["extract", "update", "compile"]:
        steps[step]()
