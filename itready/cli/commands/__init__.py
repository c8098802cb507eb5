"""One module per command; ``itready.cli`` imports them when they are used."""
