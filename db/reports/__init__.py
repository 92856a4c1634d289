"""Upward reports (issue 19): figures computed from the ledgers as they stood at a day's cut-off."""
