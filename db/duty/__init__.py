"""Duty rosters (值班表, issue 18): the problem as plain frozen dataclasses, prechecks, the solver, rule checks.

No storage here: the models map their rows onto `db.duty.problem` and store what `db.duty.solver.solve` returns.
"""
