"""乡镇汇总: the township's page (issue 19)."""
