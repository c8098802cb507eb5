"""itready: is the IT infrastructure ready for mobile work, desk sharing and telework?

The package is usable as a library::

    from datetime import date
    import itready

    result = itready.load("inventories/musterstadt")     # read and validate
    report = itready.check(result, date(2026, 11, 27))  # run the rules

``load`` and ``check`` are the doors; the stages behind them are subpackages: ``loader`` (files,
YAML, positions, cache), ``validate`` (records and input errors), ``rules`` (catalogue, facts,
findings), ``plan`` (gap and purchase lists), ``formats`` (text for people and machines) and
``cli`` (the command line). docs/architecture.md draws the way through them.
"""

__version__ = "0.1.0"

from itready.api import check, load

__all__ = ["__version__", "check", "load"]
