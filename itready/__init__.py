"""itready: is the IT infrastructure ready for mobile work, desk sharing and telework?

The package is usable as a library: ``itready.inventory.load`` reads and validates an inventory,
the rule engine turns it into findings, and ``itready.formats`` renders them.
"""

__version__ = "0.1.0"
