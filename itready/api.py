"""The library's doors: ``load`` an inventory, ``check`` it. ``itready`` re-exports both.

They are also where the one speed trick that spans stages lives: loading and checking a large
inventory creates millions of objects and no reference cycles, and Python's cyclic collector
would rescan all of them again and again (about a third of the run time at 100,000 workplaces,
docs/performance.md). So each door runs with the collector paused; reference counting still
frees everything as usual. The ``itready`` program pauses it once for the whole command.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itready.findings import Report
    from itready.loader.cache import Cache
    from itready.loader.inventory import LoadResult


@contextmanager
def paused() -> Iterator[None]:
    """Run the block without cyclic collection; restore the collector's state after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(root: str | Path, *, cache: Cache | None = None, fast: bool = True,
         progress: Callable[[int, int], None] | None = None) -> LoadResult:
    """Read, validate and cross-check the inventory that ``root`` names or lies in (found as
    ``itready.loader.discover.find_root`` says): every input error, located, beside whatever
    could be read. Never raises for bad input."""
    from itready.loader.discover import find_root
    from itready.loader.inventory import load as load_inventory

    with paused():
        return load_inventory(find_root(Path(root)), cache=cache, fast=fast,
                              progress=progress)


def check(result: LoadResult, as_of: date, *, select: Iterable[str] = (),
          ignore: Iterable[str] = (), department: str | None = None,
          site: str | None = None) -> Report:
    """The report of one ``itready check`` run on a loaded inventory (see
    ``itready.rules.engine.check``)."""
    from itready.rules.engine import check as run_check

    with paused():
        return run_check(result, as_of, select=select, ignore=ignore, department=department,
                         site=site)
