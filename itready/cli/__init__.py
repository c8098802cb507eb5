"""The command line: parse options, call the core, choose a format, set the exit code.

The group lives here; ``options`` holds the options commands share, ``output`` what every
command does around the core (load, choose a format, write), ``commands`` one module per
command. Kept thin and lazy: each command imports what it needs when it runs, so that
``itready --help`` starts instantly. Bad input never ends in a traceback: input errors are
listed and the exit code is 2; any other failure is a bug and says so.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from itready import __version__
from itready.cli.localised import Command
from itready.cli.options import lang_option
from itready.i18n import N_, _, os_reason


class _Group(Command, click.Group):
    """Commands are imported when used; help and messages speak the language of ``--lang``
    (read before click parses anything) or the environment; Ctrl-C ends quietly with exit
    code 130."""

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

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        import signal

        from itready.i18n import prescan, set_language, teach_click

        args = list(sys.argv[1:] if args is None else args)
        set_language(prescan(args))  # before click writes any help or usage error
        teach_click()

        # SIGTERM (CI timeouts, `kill`) unwinds like Ctrl-C, so that no temporary file of an
        # atomic write is left behind.
        signal.signal(signal.SIGTERM, _terminate)
        # Text that the output's encoding cannot hold (PYTHONIOENCODING=latin-1, a Windows
        # console) is written with replacement characters, never a UnicodeEncodeError.
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                # a stream that is closed or cannot be changed is left as it is
                with contextlib.suppress(ValueError, OSError):
                    reconfigure(errors="replace")
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from itready.api import paused

        try:
            # A command is one short-lived pass over millions of objects without cycles: no
            # cyclic collection between loading, checking and rendering (docs/performance.md).
            with paused():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(_("itready: interrupted"), err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader of the output went away (| head): stop quietly
            ctx.exit(2)
        except OSError as exc:  # output that cannot be written (a full disk): no traceback
            what = exc.filename or _("the output")
            click.echo(_("error: cannot write {file}: {reason}").format(
                file=what, reason=exc.strerror or exc), err=True)
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
    "import": "import_",  # the module's name: import is a Python keyword
}


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_("{program}, version {version}").format(program="itready",
                                                             version=__version__))
        ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("Is the IT ready for mobile work, desk sharing and telework?\n\n"
                     "Loads a YAML inventory of sites, VPN gateways, workplaces, devices and "
                     "licences, checks it against a rule catalogue and reports readiness, gaps "
                     "and what to buy."))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help=N_("Show the version and exit."))
@lang_option
def main() -> None:
    """The command group; each command is a module of ``itready.cli.commands``."""


def run() -> None:
    """The ``itready`` program: run ``main``, then end the process without freeing its heap.

    A run leaves every record, fact and finding alive to the end; freeing them one by one at
    interpreter exit costs time for memory the operating system takes back at once (figures:
    docs/performance.md). So, as mypy does, flush the output and leave with ``os._exit``.
    Library use and tests call ``main``, which exits normally.
    """
    import gc

    # No cyclic collection at all: a command pauses it for its run anyway (itready.api), and
    # re-enabling it at the end would make the next allocation scan every object of the run.
    gc.disable()
    _reserve_standard_descriptors()
    try:
        try:
            main(prog_name="itready")  # also as `python -m itready`
            code: Any = 0
        except SystemExit as exc:
            # The exit's traceback holds the command's frames, and they the inventory, rules
            # and report: kept referenced, none of it is freed before the process ends.
            _FINISHED.append(exc)
            code = exc.code
        if not isinstance(code, int):  # sys.exit("message") prints it and means failure
            if code is not None:
                _say(str(code))
            code = 0 if code is None else 1
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (| head): nothing more to say
            pass
        except OSError as exc:  # a full disk behind a redirection: what was asked is not there
            _say(_("error: cannot write {file}: {reason}").format(
                file=_("standard output"), reason=os_reason(exc)))
            code = 2
        try:
            if sys.stderr is not None:
                sys.stderr.flush()
        except OSError:  # standard error is gone: the exit code still says how the run went
            pass
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM after the command, before the exit
        _say(_("itready: interrupted"))
        code = 130
    os._exit(code)


def _say(text: str) -> None:
    """A line on standard error, if there is one (closed, it is left out, never sent to
    standard output as ``print(file=None)`` would)."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr)


def _reserve_standard_descriptors() -> None:
    """Open the null device on standard input, output and error where they are closed
    (``>&-``, ``2>&-``), so that no file itready opens later (a report, a cache entry) gets
    descriptor 1 or 2 and receives what a library writes there (rapidyaml reports parse errors
    on descriptor 2). Python has set ``sys.stdout``/``sys.stderr`` to None already: writing
    standard output then fails as "cannot write standard output", standard error is silent."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


_FINISHED: list[BaseException] = []
