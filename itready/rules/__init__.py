"""The rules: catalogue (YAML data), conditions, facts, built-in checks, and the engine."""
