"""Domain rules that do not depend on how data is entered or shown."""
