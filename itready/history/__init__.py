"""How readiness developed: the inventory's own git history, point by point.

``timeline`` lists the points (dates and revisions along the first-parent line, from git
alone); ``compute`` loads the inventory at each and takes the figures of ``check`` and
``procure`` on that date. ``points`` chooses the dates, ``snapshot`` keeps one checkout whose
unchanged files are not parsed again, ``series`` does the rest.
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.history.points import default_since
    from itready.history.series import History, Point, Timeline, compute, timeline

__all__ = ["History", "Point", "Timeline", "compute", "default_since", "timeline"]
__getattr__ = exports(__name__, {
    "default_since": "points", "History": "series", "Point": "series",
    "Timeline": "series", "compute": "series", "timeline": "series",
})
