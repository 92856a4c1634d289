"""Report definitions (as data the township can edit) and the workbooks written from them (issue 19)."""
