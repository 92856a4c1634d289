"""The imports' use cases: a plan made by forms/ (reading, mapping, planning) is written here.

Why here: a plan's types (planned households, people, cases, refused rows) and the one transaction that
applies it belong together, below forms/, so forms/ builds a plan and db/ applies it without the two
layers importing each other. Each module holds one import's plan and its apply; `rows` the accounting of
every row read that both share.
"""
