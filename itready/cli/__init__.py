"""The command line: parse options, call the core, choose a format, set the exit code.

The group lives here; ``options`` holds the options commands share, ``output`` what every
command does around the core (load, choose a format, write), ``commands`` one module per
command. Kept thin and lazy: each command imports what it needs when it runs, so that
``itready --help`` starts instantly. Bad input never ends in a traceback: input errors are
listed and the exit code is 2; any other failure is a bug and says so.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from itready import __version__


class _Group(click.Group):
    """Commands are imported when used; Ctrl-C ends quietly with exit code 130."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._module(name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = self._module(name)
        return getattr(module, name.replace("-", "_") + "_command", None) if module else None

    @staticmethod
    def _module(name: str) -> Any:
        import importlib

        if name not in COMMANDS:
            return None
        try:
            return importlib.import_module(f"itready.cli.commands.{COMMANDS[name]}")
        except ModuleNotFoundError as exc:
            if exc.name == f"itready.cli.commands.{COMMANDS[name]}":
                return None
            raise

    def main(self, *args: Any, **kwargs: Any) -> Any:
        import signal

        # SIGTERM (CI timeouts, `kill`) unwinds like Ctrl-C, so that no temporary file of an
        # atomic write is left behind.
        signal.signal(signal.SIGTERM, _terminate)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from itready.api import paused

        try:
            # A command is one short-lived pass over millions of objects without cycles: no
            # cyclic collection between loading, checking and rendering (docs/performance.md).
            with paused():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("itready: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader of the output went away (| head): stop quietly
            ctx.exit(2)
        except OSError as exc:  # output that cannot be written (a full disk): no traceback
            what = exc.filename or "the output"
            click.echo(f"error: cannot write {what}: {exc.strerror or exc}", err=True)
            ctx.exit(2)


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


#: Command name -> module in itready.cli.commands; imported only when the command runs or help
#: is shown, so that start-up stays instant.
COMMANDS = {
    "check": "check",
    "validate": "validate",
    "gaps": "gaps",
    "procure": "procure",
    "diff": "diff",
    "rules": "rules",
    "lifecycle": "lifecycle",
    "init": "init",
    "schema": "schema",
    "history": "history",
    "report": "report",
}


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="itready")
def main() -> None:
    """Is the IT ready for mobile work, desk sharing and telework?

    Loads a YAML inventory of sites, VPN gateways, workplaces, devices and licences, checks it
    against a rule catalogue and reports readiness, gaps and what to buy.
    """


def run() -> None:
    """The ``itready`` program: run ``main``, then end the process without freeing its heap.

    A run leaves every record, fact and finding alive to the end; freeing them one by one at
    interpreter exit took 0.3 s at 100,000 workplaces, for memory the operating system takes
    back at once. So, as mypy does, flush the output and leave with ``os._exit``. Library use
    and tests call ``main``, which exits normally.
    """
    import gc

    # No cyclic collection at all: a command pauses it for its run anyway (itready.api), and
    # re-enabling it at the end made the next allocation scan every object of the run once
    # more (70 ms at 10,000 workplaces) just before the process ends.
    gc.disable()
    try:
        try:
            main()
            code: Any = 0
        except SystemExit as exc:
            # The exit's traceback holds the command's frames, and they the inventory, rules
            # and report: kept referenced, none of it is freed before the process ends.
            _FINISHED.append(exc)
            code = exc.code
        if not isinstance(code, int):  # sys.exit("message") prints it and means failure
            if code is not None:
                print(code, file=sys.stderr)
            code = 0 if code is None else 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # the reader went away (| head): nothing more to say
            pass
        except OSError as exc:  # a full disk behind a redirection
            print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
            code = code or 2
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM after the command, before the exit
        print("itready: interrupted", file=sys.stderr)
        code = 130
    os._exit(code)


_FINISHED: list[BaseException] = []
