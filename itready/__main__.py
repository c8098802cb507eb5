"""Allow ``python -m itready``."""

from itready.cli import run

run()
