"""The message catalogues are complete: every text has German and English, with the same
placeholders and both plural forms; the catalogue is what the code says; the compiled .mo is
the .po; click's own texts are in it; the rule catalogue carries both languages."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from conftest import ROOT

from itready.i18n import LOCALEDIR

LOCALE = Path(LOCALEDIR)
PO = {language: LOCALE / language / "LC_MESSAGES" / "itready.po" for language in ("de", "en")}


def placeholders(text: str) -> list[str]:
    """``{name}`` fields (with their conversion and format) and ``%(name)s`` / ``%s``, sorted."""
    names = [f"{{{field}{'!' + conversion if conversion else ''}"
             f"{':' + spec if spec else ''}}}"
             for _, field, spec, conversion in string.Formatter().parse(text)
             if field is not None]
    return sorted(names + re.findall(r"%\(\w+\)[sdif]|%[sdif]", text))


def _catalogue(language: str) -> Catalog:
    with PO[language].open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def german() -> Catalog:
    return _catalogue("de")


def _key(message) -> tuple:  # type: ignore[no-untyped-def]
    return (message.context, message.id)


def test_every_message_has_german_with_the_same_placeholders(german: Catalog) -> None:
    assert german.num_plurals == 2 and german.plural_expr == "(n != 1)"
    problems = []
    for message in german:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strs) or len(strs) != (2 if message.pluralizable else 1):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for index, text in enumerate(strs):  # plural form i against its English form
            english = ids[min(index, len(ids) - 1)]
            if placeholders(text) != placeholders(english):
                problems.append(f"placeholders differ: {english!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_german_and_english_catalogues_have_the_same_texts(german: Catalog) -> None:
    """English is the source language: its catalogue holds the same msgids (empty msgstrs),
    so that LANGUAGE=en:de stops at English."""
    english = _catalogue("en")
    assert {_key(m) for m in english if m.id} == {_key(m) for m in german if m.id}
    assert all(not any(m.string) if isinstance(m.string, tuple) else not m.string
               for m in english if m.id)


def test_the_catalogue_is_what_the_code_says(german: Catalog) -> None:
    """Every text marked in itready/ (and every text of click) is in the catalogue, and the
    catalogue holds no text that no code marks any more: `make i18n` was run."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as tool
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    template = Catalog()
    import click

    tool._extract(ROOT / "itready", template)
    tool._extract(Path(click.__file__).parent, template)
    for text in tool.CLICK_EXTRAS:
        template.add(text)
    marked = {_key(m) for m in template if m.id}
    listed = {_key(m) for m in german if m.id}
    assert not marked - listed, f"run `make i18n`: not in the catalogue: {marked - listed}"
    assert not listed - marked, f"run `make i18n`: no longer in the code: {listed - marked}"


def test_the_compiled_catalogue_is_the_po(german: Catalog) -> None:
    """The .mo that gettext reads says what the .po says (a stale .mo: `make i18n`)."""
    mo = LOCALE / "de" / "LC_MESSAGES" / "itready.mo"
    assert mo.is_file(), "no compiled catalogue: run `make i18n` (or reinstall)"
    compiled = io.BytesIO()
    write_mo(compiled, german, use_fuzzy=False)
    with mo.open("rb") as handle:
        installed = read_mo(handle)
    expected = read_mo(io.BytesIO(compiled.getvalue()))
    assert _texts(installed) == _texts(expected), "stale .mo: run `make i18n`"


def _texts(catalogue: Catalog) -> dict:
    def plain(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, (list, tuple)) else value
    return {(m.context, plain(m.id)): plain(m.string) for m in catalogue if m.id}


def test_click_texts_follow_the_language() -> None:
    """click's own texts come from our catalogue (itready.i18n.teach_click)."""
    import click.core

    from itready import i18n

    i18n.set_language("de")
    i18n.teach_click()
    assert click.core._("Usage:") == "Aufruf:"
    assert click.formatting._("Usage:") == "Aufruf:"
