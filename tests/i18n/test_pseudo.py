"""A pseudo-localised run: every text that went through gettext comes back marked ⟦…⟧ with its
letters accented, so whatever English is left unmarked never passed through a catalogue (a
missing ``_()``, a text translated at import, a sentence glued from pieces, a click text our
catalogue does not reach). Rule texts come from the rule YAML in German, data stays data."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from language_runs import MUSTERSTADT, commands, english, places

from itready import i18n
from itready.cli import main

pytestmark = pytest.mark.skipif(not (MUSTERSTADT / "itready.yaml").is_file(),
                                reason="inventories/musterstadt is missing")

_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|%\(\w+\)[sdif]|%[sdif])")
_ACCENTS = str.maketrans("aeiouyAEIOUYcn", "àéîöûÿÀÉÎÖÛŸçñ")  # y: "by" has no other vowel
_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")


class Pseudo(gettext.NullTranslations):
    """Every text marked and accented; placeholders kept, so that formatting still works."""

    def gettext(self, message: str) -> str:
        if not message:
            return message
        parts = _PLACEHOLDER.split(message)
        return "⟦" + "".join(part if index % 2 else part.translate(_ACCENTS)
                             for index, part in enumerate(parts)) + "⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def unmarked(text: str) -> str:
    """``text`` without what went through gettext (innermost first: texts nest)."""
    while True:
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            return stripped
        text = stripped


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pseudo")
    places(tmp)
    return tmp


def test_the_pseudo_translation_marks_and_keeps_placeholders() -> None:
    assert Pseudo().gettext("{n} finding of {rule!r}") == "⟦{n} fîñdîñg öf {rule!r}⟧"
    assert unmarked("a ⟦b ⟦c⟧ d⟧ e") == "a   e"


@pytest.mark.parametrize("number", range(len(commands(Path("/x")))))
def test_a_pseudo_localised_run_leaves_no_english(number: int, place: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pseudo = Pseudo()
    monkeypatch.setattr(i18n, "translation", lambda: pseudo)
    args = commands(place)[number]
    result = CliRunner().invoke(main, [*args, "--lang", "de"] if args[0] != "--version"
                                else ["--lang", "de", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "⟦" in result.output, result.output[:2000]  # the catalogue was used at all
    found = english(unmarked(result.output))
    assert not found, f"itready {' '.join(args)} (pseudo):\n" + "\n".join(found) + \
        "\n---\n" + result.output[:3000]
