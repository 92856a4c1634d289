"""入户排查: the screening round's entry page (page.py) and its parts."""
