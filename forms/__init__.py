"""Declarative record definitions, input parsing and validation, Excel import and export; no Qt here."""
