"""Allow ``python -m itready``."""

from itready.cli import main

main()
