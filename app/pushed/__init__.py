"""上级推送核查名单: the lists pushed down by the township, their import, items and feedback (issue 17)."""
