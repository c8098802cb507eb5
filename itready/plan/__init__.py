"""What closes the gaps: the gap list (stock and free seats first) and the purchase list.

``build_plan`` runs the rules and allocates stock and seats (a ``Plan``); ``build_procurement``
turns the plan into purchase lines (a ``Procurement``).
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.plan.gaps import Action, GapLine, Plan, build_plan
    from itready.plan.procure import Line, Procurement, build_procurement

__all__ = ["Action", "GapLine", "Line", "Plan", "Procurement", "build_plan", "build_procurement"]
__getattr__ = exports(__name__, {
    "Action": "gaps", "GapLine": "gaps", "Plan": "gaps", "build_plan": "gaps",
    "Line": "procure", "Procurement": "procure", "build_procurement": "procure",
})
