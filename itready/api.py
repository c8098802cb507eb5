"""Pause the cyclic garbage collector during allocation-heavy phases.

Loading and checking a large inventory creates millions of objects and no reference cycles;
Python's collector would rescan all of them again and again (about a third of the run time at
100,000 workplaces, docs/performance.md). Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
