"""Validate parsed YAML: the format table, typed records, settings and their input errors."""
