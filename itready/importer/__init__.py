"""Import: the organisation's existing data (Intune, Active Directory, GLPI, Snipe-IT, i-doit,
Microsoft 365, NetBox, any CSV or XLSX) into the inventory, every month, without losing a hand
edit. ``run`` takes a ``Request`` and returns a ``Report``; bad input raises ``BadInput``.

How a source's rows become records is data: the presets in ``presets/*.yaml`` are mapping files
(``mapping``), like the rules are. The stages: ``read`` (files), ``inputs`` (which input a file
is), ``evaluate`` (a row's fields), ``plan`` (what to do with each row), ``apply`` (the new text
of each file, edited at exact positions by ``yamltext``, checked), ``diff``, ``state`` (what the
import last wrote, kept in the inventory).
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.importer.errors import BadInput
    from itready.importer.mapping import PRESETS, preset_text
    from itready.importer.runner import Report, Request, run

__all__ = ["PRESETS", "BadInput", "Report", "Request", "preset_text", "run"]
__getattr__ = exports(__name__, {
    "BadInput": "errors", "PRESETS": "mapping", "preset_text": "mapping", "Report": "runner",
    "Request": "runner", "run": "runner",
})
