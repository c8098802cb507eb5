"""Load an inventory: find its files, read them safely, parse YAML with positions, cache.

``load`` returns a ``LoadResult``: the typed inventory and every input error, located
(``itready.load`` is the same door with the cyclic collector paused).
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.loader.cache import Cache
    from itready.loader.discover import discover
    from itready.loader.files import Unreadable, read_bytes
    from itready.loader.inventory import LoadResult, load
    from itready.loader.yaml import YamlError, decode, parse

__all__ = ["Cache", "LoadResult", "Unreadable", "YamlError", "decode", "discover", "load",
           "parse", "read_bytes"]
__getattr__ = exports(__name__, {
    "Cache": "cache", "discover": "discover", "Unreadable": "files", "read_bytes": "files",
    "LoadResult": "inventory", "load": "inventory", "YamlError": "yaml", "decode": "yaml",
    "parse": "yaml",
})
