"""A loading progress bar on standard error, for a person waiting at a terminal.

Shown only when loading takes more than a second and standard error is a terminal; the CLI
never creates it in pipes or CI logs.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def progress_bar(delay: float = 1.0) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback; ``progress(-1, -1)`` closes the bar."""
    started = time.monotonic()
    state: dict = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if done < 0:
            if bar is not None:
                bar.stop()
            return
        if bar is None:
            if time.monotonic() - started < delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(),
                           console=Console(stderr=True), transient=True)
            state["task"] = bar.add_task("load", total=total)
            state["bar"] = bar
            bar.start()
        bar.update(state["task"], completed=done)

    return update
