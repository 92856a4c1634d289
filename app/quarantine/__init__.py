"""The quarantine ledger's screens: 首页 (today), the ledger, the case file and today's readings."""
