"""The command line: parse options, call the core, choose a format, set the exit code.

Kept thin and lazy: each command imports what it needs when it runs, so that ``itready --help``
starts instantly. Bad input never ends in a traceback: input errors are listed and the exit code
is 2; any other failure is a bug and says so.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from itready import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2026-11-27") from None


as_of_option = click.option(
    "--as-of", callback=_as_of, metavar="YYYY-MM-DD",
    help="Check date (default: today), so that a run can be repeated byte for byte.",
)
path_argument = click.argument(
    "path", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Parse every file afresh.")


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
            ctx.exit(EXIT_INVALID)
        except OSError as exc:  # output that cannot be written (a full disk): no traceback
            what = exc.filename or "the output"
            click.echo(f"error: cannot write {what}: {exc.strerror or exc}", err=True)
            ctx.exit(EXIT_INVALID)


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
            code = code or EXIT_INVALID
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM after the command, before the exit
        print("itready: interrupted", file=sys.stderr)
        code = 130
    os._exit(code)


_FINISHED: list[BaseException] = []


def _load(path: Path, no_cache: bool, quiet: bool = False) -> Any:
    from itready.load.cache import Cache
    from itready.load.inventory import load

    progress = None
    if not quiet and sys.stderr.isatty() and not os.environ.get("CI"):
        from itready.cli.progress import progress_bar

        progress = progress_bar()
    try:
        return load(path, cache=None if no_cache else Cache(), progress=progress)
    finally:
        if progress is not None:
            progress(-1, -1)


def _display(root: Path, location: Any) -> str:
    """A location as a user's editor opens it: relative to where the command was run."""
    from itready.formats import RenderOptions, display_path

    shown = display_path(RenderOptions(root=str(root)), location.path)
    return f"{shown}:{location.line}:{location.column}"


FAIL_ON = ("critical", "high", "medium", "low", "info", "never")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _choose_format(name: str) -> str:
    if name != "auto":
        return name
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from itready.formats import FORMATS

        if "github" in FORMATS:
            return "github"
    return "rich" if sys.stdout.isatty() else "text"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        from itready.write import write_atomic

        write_atomic(output, text)


def _error_report(result: Any, as_of: date) -> Any:
    """A report that carries only input errors: no rule runs on an inventory not trusted."""
    from itready.findings import Readiness, Report

    return Report(organisation=result.inventory.settings.organisation, as_of=as_of,
                  tool_version=__version__, findings=(), errors=tuple(result.errors),
                  overall=Readiness("overall", 0, 0), departments=(), sites=())
