"""Validate parsed YAML: the format table, typed records, settings and their input errors.

``validate_file`` turns one file's data into records and problems, ``validate_settings`` does
the same for itready.yaml, ``cross_check`` finds what spans files (duplicate ids, references);
``FIELDS`` is the format table that the validator, the JSON Schema and the docs share.
"""

from typing import TYPE_CHECKING

from itready.lazy import exports

if TYPE_CHECKING:
    from itready.validate.records import FileRecords, Reference, validate_file
    from itready.validate.references import cross_check
    from itready.validate.schema import FIELDS, FieldSpec
    from itready.validate.settings import validate_settings
    from itready.validate.shape import Problem

__all__ = ["FIELDS", "FieldSpec", "FileRecords", "Problem", "Reference", "cross_check",
           "validate_file", "validate_settings"]
__getattr__ = exports(__name__, {
    "FileRecords": "records", "Reference": "records", "validate_file": "records",
    "cross_check": "references", "FIELDS": "schema", "FieldSpec": "schema",
    "validate_settings": "settings", "Problem": "shape",
})
