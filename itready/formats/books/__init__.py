"""The Excel workbooks of each subject (``-f xlsx``): what their sheets hold, as ``Book``s.

One module per subject (``check``, ``gaps``, ``procure``), each with ``book(subject, options)``,
which ``FORMATS`` names; ``itready.formats.xlsx`` writes the book. Headings and labels are in the
run's language, rule IDs have their titles beside them, and every figure is a typed cell.
"""
