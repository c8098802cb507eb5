"""What every command does around the core: load with a progress bar, choose a format, write it.

One place chooses a format (``choose_format``), prepares its ``Options`` (``options_for``) and
writes the text where the user asked (``emit``): standard output or ``-o FILE``, and every
``--report FORMAT=FILE`` of the same run. Data formats are UTF-8 bytes written exactly (CSV keeps
its BOM and CRLF); text for people follows the output's encoding; a file format (an xlsx
workbook) is bytes, written exactly to a file or a pipe and refused on a terminal. A file is
written whole or not at all (``itready.write``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from itready.errors import printable
from itready.i18n import _, os_reason, plural

if TYPE_CHECKING:
    from itready.errors import InputError, Location
    from itready.findings import Report
    from itready.formats import Options
    from itready.loader.cache import Cache
    from itready.loader.inventory import LoadResult

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def _terminal() -> bool:
    """Whether standard output is a terminal (a closed one is not)."""
    return sys.stdout is not None and sys.stdout.isatty()


def open_cache(no_cache: bool) -> Cache | None:
    """The user's cache, unless ``no_cache``."""
    from itready.loader.cache import Cache

    return None if no_cache else Cache()


def cache_warning(cache: Cache | None) -> None:
    """Say on standard error why a cache directory was not used; no cache home at all (no
    HOME in a container) needs no warning: the run is only slower."""
    if cache is not None and cache.unusable and cache.directory is not None:
        click.echo(_("warning: cache not used: {reason}").format(
            reason=printable(cache.unusable)), err=True)


def load_inventory(path: Path, no_cache: bool, quiet: bool = False, allow_empty: bool = False,
                   notes: bool = True) -> LoadResult:
    """The inventory at ``path``, with the cache unless ``no_cache``; a progress bar on a
    terminal (never in pipes, files or CI logs). Other inventories below it are noted on
    standard error (unless not ``notes``); one without records ends the run with exit code 2
    unless ``allow_empty``."""
    from itready.api import load
    from itready.model import KINDS

    progress = None
    if not quiet and sys.stderr is not None and sys.stderr.isatty() \
            and not os.environ.get("CI"):
        from itready.cli.progress import progress_bar

        progress = progress_bar()
    cache = open_cache(no_cache)
    try:
        result = load(path, cache=cache, progress=progress)
    finally:
        if progress is not None:
            progress(-1, -1)
        cache_warning(cache)
    if notes:
        note_nested(path, result.nested)
    if not (allow_empty or result.errors or any(getattr(result.inventory, kind.key)
                                                 for kind in KINDS)):
        no_records(path, result.nested)
    return result


def guard_outputs(path: Path | None, output: Path | None,
                  reports: Iterable[tuple[str, Path]] = (), reads: Iterable[Path | None] = (),
                  writes: Iterable[tuple[str, Path | None]] = ()) -> None:
    """Refuse, before the run, output files that would clobber its input or each other (a
    usage error, exit 2): a file named twice (also through a symbolic link or another spelling
    of its path), a file the run reads (``reads``: a baseline; the inventory's itready.yaml and
    the rule files it names), and any YAML file inside the inventory at ``path``, which the
    next run would read as inventory. ``writes`` are further files the run writes
    (``--write-baseline``)."""
    targets = [(f"--report {fmt}", file) for fmt, file in reports]
    targets += [("-o", output)] if output is not None else []
    targets += [(option, file) for option, file in writes if file is not None]
    if not targets:
        return
    read = {os.path.realpath(file): "" for file in reads if file is not None}
    root = os.path.realpath(path) if path is not None and path.is_dir() else None
    if root is not None:
        from itready.loader.verdict import settings_of
        from itready.model import SETTINGS_FILE

        settings = Path(root) / SETTINGS_FILE
        read[str(settings)] = ""
        try:
            named = settings_of(settings.read_bytes()).rules.paths if settings.is_file() else ()
        except OSError:
            named = ()
        for rule_file in named:
            read[os.path.realpath(Path(root) / rule_file)] = _(" (a rule file)")
    seen: dict[str, str] = {}
    for option, file in targets:
        real = os.path.realpath(file)
        if real in seen:
            raise click.UsageError(_(
                "{file} is named more than once (also as {other}); -o, each --report and "
                "--write-baseline need a file of their own").format(file=file,
                                                                    other=seen[real]))
        seen[real] = f"{option} {file}"
        if real in read:
            raise click.UsageError(_(
                "{option} {file}: this run reads that file{what}; write the report "
                "elsewhere").format(option=option, file=file, what=read[real]))
        if root is not None and Path(real).is_relative_to(root) \
                and real.lower().endswith((".yaml", ".yml")):
            raise click.UsageError(_(
                "{option} {file}: a YAML file inside the inventory {path}, which the next run "
                "would read as inventory; write the report elsewhere (or under another "
                "name)").format(option=option, file=file, path=path))


def note_nested(path: Path, nested: Iterable[str]) -> None:
    """Say which folders below the inventory were left out as inventories of their own."""
    for folder in nested:
        shown = display(path, folder)
        click.echo(_("note: {folder} has an itready.yaml of its own: another inventory, left "
                     "out (check it on its own: itready check {folder})").format(folder=shown),
                   err=True)


def no_records(path: Path, nested: Iterable[str] = ()) -> None:
    """End the run (exit 2): ``path`` holds no inventory records, and a gate must not pass on
    nothing."""
    from itready.model import KINDS, SETTINGS_FILE

    kinds = ", ".join(kind.key for kind in KINDS)
    below = [display(path, folder) for folder in nested]
    if (path / SETTINGS_FILE).is_file():
        text = _("error: {path} has an {settings} but no inventory records (no YAML file with "
                 "{kinds}): is it the inventory folder?")
    else:
        text = _("error: {path} has no {settings} and no inventory records (no YAML file with "
                 "{kinds}): is it the inventory folder?")
    text = text.format(path=display(path, ""), settings=SETTINGS_FILE, kinds=kinds)
    if below:
        text += " " + _("Inventories below it: {folders}.").format(folders=", ".join(below))
    click.echo(text + " " + _("--allow-empty accepts an empty inventory."), err=True)
    sys.exit(EXIT_INVALID)


def scope(result: LoadResult, department: str | None, site: str | None
          ) -> tuple[str | None, str | None]:
    """``--department`` and ``--site`` as the inventory names them; a name that names no
    department or site (or several) is a usage error (exit 2) with the candidates."""
    from itready.rules import selection as names

    try:
        return (None if department is None else names.department(department, result.inventory),
                None if site is None else names.site(site, result.inventory))
    except names.ScopeError as exc:
        raise click.BadParameter(exc.message, param_hint=f"'{exc.option}'") from None


def rule_patterns(result: LoadResult, select: tuple[str, ...], ignore: tuple[str, ...]
                  ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``--select`` and ``--ignore``, each pattern checked to match a rule of the catalogue."""
    from itready.rules import selection as names
    from itready.rules.catalogue import load_catalogue

    catalogue = result.catalogue
    if catalogue is None:
        catalogue = load_catalogue(Path(result.inventory.root), result.inventory.settings)[0]
    try:
        return (names.rule_patterns("--select", select, catalogue),
                names.rule_patterns("--ignore", ignore, catalogue))
    except names.ScopeError as exc:
        raise click.BadParameter(exc.message, param_hint=f"'{exc.option}'") from None


def display(root: Path, where: Location | str) -> str:
    """A location (or a path in the inventory) as a user's editor opens it: relative to where
    the command was run."""
    from itready.formats import Options, display_path

    if isinstance(where, str):
        return printable(display_path(Options(root=str(root)), where))
    shown = printable(display_path(Options(root=str(root)), where.path))
    return f"{shown}:{where.line}:{where.column}"


def error_lines(errors: Iterable[InputError], path: Path, unchecked: int = 0) -> list[str]:
    """Input errors as every command prints them, ``file:line:col: error CODE message``,
    sorted, and the count of references into files that could not be read."""
    from itready.formats import Options
    from itready.formats.check.text import error_lines as lines

    return lines(sorted(errors, key=lambda e: e.sort_key()), unchecked, Options(root=str(path)))


def list_errors(errors: LoadResult | Iterable[InputError], path: Path) -> None:
    """Input errors (of a load, or others) on standard error, then that nothing was written."""
    from itready.loader.inventory import LoadResult

    if isinstance(errors, LoadResult):
        listed, unchecked = list(errors.errors), errors.unchecked_references
    else:
        listed, unchecked = list(errors), 0
    for line in error_lines(listed, path, unchecked):
        click.echo(line, err=True)
    click.echo(_("{errors}: the inventory is not valid; nothing was written").format(
        errors=plural(len(listed), "{n} error", "{n} errors")), err=True)


def error_report(result: LoadResult, as_of: date) -> Report:
    """A report that carries only input errors: no rule runs on an inventory not trusted."""
    from itready import __version__
    from itready.findings import Readiness, Report

    return Report(organisation=result.inventory.settings.organisation, as_of=as_of,
                  tool_version=__version__, findings=(), errors=tuple(result.errors),
                  overall=Readiness("overall", 0, 0), departments=(), sites=(),
                  unchecked_references=result.unchecked_references)


def choose_format(subject: str, name: str, plain: str) -> str:
    """The format ``auto`` stands for: github in GitHub Actions (where the subject has it),
    rich on a terminal (where it has it), else ``plain``."""
    if name != "auto":
        return name
    from itready.formats import names

    available = names(subject)
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in available:
        return "github"
    return "rich" if _terminal() and "rich" in available else plain


def terminal_width() -> int:
    """The terminal's width, kept between 80 and 200 columns; 100 in files and pipes."""
    if not _terminal():
        return 100
    return min(200, max(80, shutil.get_terminal_size((100, 24)).columns))


def options_for(subject: str, path: Path | None, names: Iterable[str], output: Path | None,
                **settings: Any) -> Options:
    """``Options`` for rendering ``names`` of ``subject``: colour and width for a terminal,
    and the inventory's place in its git repository where a chosen format needs it."""
    from itready.formats import FORMATS, Options

    prefix = ""
    if path is not None and any(FORMATS[subject][n].repo_paths for n in names):
        from itready.git import repo_prefix

        prefix = repo_prefix(path)
    to_terminal = output is None and _terminal()
    return Options(root=str(path) if path is not None else "", repo_prefix=prefix,
                   color=to_terminal and not os.environ.get("NO_COLOR"),
                   width=terminal_width() if output is None else 100, **settings)


def emit(subject: str, value: Any, name: str, options: Options, output: Path | None = None,
         reports: Iterable[tuple[str, Path]] = (),
         step_summary: Callable[[], str] | None = None) -> None:
    """Write ``value`` as format ``name`` to standard output (or ``output``), and as each
    ``--report`` format to its file. With the github format, ``step_summary()`` is appended to
    ``$GITHUB_STEP_SUMMARY``. A file that cannot be written is an error (exit 2) after the
    others were written."""
    import dataclasses

    from itready.formats import FORMATS

    if output is None and FORMATS[subject][name].writes_bytes and _terminal():
        raise click.UsageError(_("{format} is a file format, not text for a terminal: write it "
                                 "to a file with -o FILE (e.g. -o {file})").format(
                                     format=name, file=f"{subject}.{name}"))
    failed = False
    for fmt, file in reports:
        text = FORMATS[subject][fmt].renderer()(value, dataclasses.replace(options, color=False))
        try:
            write(subject, fmt, text, file)
        except OSError as exc:
            click.echo(_("error: cannot write {file}: {reason}").format(
                file=file, reason=os_reason(exc)), err=True)
            failed = True
        else:
            click.echo(_("wrote {format} report to {file}").format(format=fmt, file=file),
                       err=True)
    text = FORMATS[subject][name].renderer()(value, options)
    try:
        write(subject, name, text, output)
    except OSError as exc:
        if output is None:
            raise  # standard output: the command group says so and exits 2
        click.echo(_("error: cannot write {file}: {reason}").format(
            file=output, reason=os_reason(exc)), err=True)
        failed = True
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary is not None and summary_file and "github" in {
            name, *(fmt for fmt, _file in reports)}:
        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary() + "\n")
        except OSError as exc:
            click.echo(_("warning: cannot append to GITHUB_STEP_SUMMARY {file}: {reason}").format(
                file=summary_file, reason=os_reason(exc)), err=True)
    if failed:
        sys.exit(EXIT_INVALID)


def write(subject: str, name: str, text: str | bytes, output: Path | None) -> None:
    """``text`` of format ``name`` to ``output`` (atomically), or to standard output; the
    bytes of a file format as they are."""
    from itready.formats import FORMATS

    data = FORMATS[subject][name].data
    if output is not None:
        from itready.write import write_atomic

        write_atomic(output, text, newline="" if data else None)  # bytes: as they are
    elif isinstance(text, bytes):
        out(text)
    elif data:
        out(text.encode("utf-8"))  # bytes: no newline translation, BOM kept
    else:
        out(text)


def out(text: str | bytes, nl: bool = False) -> None:
    """Write to standard output; a closed one (``>&-``) is an OSError that the command group
    reports as "cannot write standard output" with exit code 2, never a silent success."""
    if sys.stdout is None:
        import errno

        raise OSError(errno.EBADF, _("it is closed"), _("standard output"))
    click.echo(text, nl=nl)
