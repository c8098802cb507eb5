"""Load an inventory: find its files, read them safely, parse YAML with positions, cache.

``load`` (in ``itready.loader.inventory``) is the stage's door: it returns a ``LoadResult`` with
the typed inventory and every input error, located.
"""
