"""The rules: catalogue (YAML data), conditions, facts, built-in checks, and the engine.

``load_catalogue`` reads the rules in force, ``run_checks`` runs them over a loaded inventory
(findings), ``check`` makes the report of one ``itready check`` run (findings and readiness).
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.rules.catalogue import Catalogue, Rule, load_catalogue
    from itready.rules.engine import check, readiness, run_checks, selected
    from itready.rules.facts import FACTS, Context

__all__ = ["FACTS", "Catalogue", "Context", "Rule", "check", "load_catalogue", "readiness",
           "run_checks", "selected"]
__getattr__ = exports(__name__, {
    "Catalogue": "catalogue", "Rule": "catalogue", "load_catalogue": "catalogue",
    "check": "engine", "readiness": "engine", "run_checks": "engine", "selected": "engine",
    "FACTS": "facts", "Context": "facts",
})
