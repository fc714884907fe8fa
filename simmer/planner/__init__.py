"""The weekly planner: a week of meals per household, planned for a whole batch of households.

`schema` fixes the tables the planner reads and writes; the solver, the independent rule
checker and the Dagster assets all speak these tables.
"""
