"""The management report: one self-contained HTML page for those who decide and pay.

``figures`` computes what the report shows from the core (the findings, readiness and purchase
list of ``check`` and ``procure``), ``content`` adds the history and says why there is none;
``charts`` draws plain SVG. The page itself is written by ``itready.formats.report`` from the
template in ``templates/``.
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.report.content import HistoryNote, Management, history_of
    from itready.report.figures import Figures, build_figures

__all__ = ["Figures", "HistoryNote", "Management", "build_figures", "history_of"]
__getattr__ = exports(__name__, {
    "Figures": "figures", "build_figures": "figures", "HistoryNote": "content",
    "Management": "content", "history_of": "content",
})
