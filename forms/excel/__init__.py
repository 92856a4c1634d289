"""Excel in and out: read clerks' own roster files (xlsx/xls/ods/csv) and match their columns to ours.

reader.py finds the header and data rows in each sheet and keeps cell types; mapping.py guesses which
column is which field from the header names. No Qt here.
"""
