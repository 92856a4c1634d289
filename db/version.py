"""The program's version, read by pyproject.toml and written into every export."""

APP_VERSION = "0.1.0"
