"""Excel in and out: read clerks' own roster files (xlsx/xls/ods/csv) and match their columns to ours.

reader.py reads a file into sheet tables: opening.py opens it, extent.py measures each sheet before it is
read (a far cell or a bomb is refused), csv_text.py decodes a CSV, headers.py finds the header row, rows.py
sorts the rows into data and skipped-with-reason (sheet_table.py holds what they share); mapping.py
guesses which column is which field from the header names. No Qt here.
"""
