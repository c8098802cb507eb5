"""Formats of a check report: one module per format, each with ``render(report, options)``."""
