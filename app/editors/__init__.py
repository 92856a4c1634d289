"""Entry forms built from the declarative definitions in forms/definitions."""
