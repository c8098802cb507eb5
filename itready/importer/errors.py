"""Bad input to an import: an export, a mapping or a people file that cannot be used.

Such input stops the import before anything is written (exit 2), with a message that names the
file and, where there is one, the row or the line and column. A single row that does not fit is
not bad input: it is skipped or left unwritten with its reason, and the import goes on.
"""

from __future__ import annotations

from itready.errors import printable


class BadInput(Exception):
    """Why an import cannot start: ``where`` is ``file``, ``file:row N`` or ``file:line:col``."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.message = printable(message)
        self.where = printable(where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
