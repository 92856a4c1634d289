"""Storage, domain rules and queries of the ledger. No Qt here: app/ is the only Qt layer."""
