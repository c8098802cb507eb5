"""Words for people that depend on a number: every plural choice goes through ``plural``.

"1 finding", "2 findings", "1 VPN gateway": English has two forms, German has two too, other
languages more. Choosing the form in one function, with the whole phrase as its arguments, is
what gettext's ``ngettext`` needs, so that translating the output later is a change here and a
catalogue, not a hunt through every format (``xgettext --keyword=plural:1,2`` finds them).
"""

from __future__ import annotations


def plural(n: int, singular: str, plural: str) -> str:
    """``singular`` when ``n`` is 1, else ``plural``; ``{n}`` in either becomes the number.

    >>> plural(1, "{n} finding", "{n} findings"), plural(0, "{n} finding", "{n} findings")
    ('1 finding', '0 findings')
    """
    return (singular if n == 1 else plural).format(n=n)


__all__ = ["plural"]
