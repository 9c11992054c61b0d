"""Pure-Python core: enums, value objects, validation and Vietnamese text rules.

Imports nothing else from this package (checked by the import-linter contract).
"""
