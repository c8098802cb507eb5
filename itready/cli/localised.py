"""click commands whose help speaks the run's language.

click builds help from texts fixed when a command is defined, at import, before any language is
known. So help texts are English msgids (marked with ``N_``) and ``Command`` translates them
when help is shown: the command's help, its short help in a group's listing, every option's
help, and the usage pieces click never translates (``[OPTIONS]``). click's own texts ("Usage:",
"Error: …") follow through ``itready.i18n.teach_click``. Option help is swapped in place for the
time it is formatted and put back after, so that one process can show help in one language
after another (tests do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from itready.i18n import N_, _

HELP_OPTION_HELP = N_("Show this message and exit.")


@contextmanager
def _translated(items: Iterable[Any], attribute: str = "help") -> Iterator[None]:
    """Each item's ``attribute`` (an English msgid) in the current language, for the block."""
    saved = [(item, getattr(item, attribute, None)) for item in items]
    for item, text in saved:
        if text:
            setattr(item, attribute, _(text))
    try:
        yield
    finally:
        for item, text in saved:
            setattr(item, attribute, text)


class Command(click.Command):
    """A command whose help and options' help are msgids, translated when shown."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        made = self._help_option is None
        option = super().get_help_option(ctx)
        if made and option is not None:  # click translated it when it made it: the msgid back
            option.help = HELP_OPTION_HELP
        return option

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated([self]):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self.get_params(ctx)):
            super().format_options(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated([self], "epilog"):
            super().format_epilog(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self]), _translated([self], "short_help"):
            return super().get_short_help_str(limit)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_(piece) for piece in super().collect_usage_pieces(ctx)]



def command(name: str, help: str, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` with ``Command``; ``help`` is an English msgid (``N_``)."""
    return click.command(name, cls=Command, help=help, **attrs)  # type: ignore[return-value]
