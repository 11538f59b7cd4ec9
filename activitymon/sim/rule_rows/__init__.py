"""The rows of the release table, one module per group of rules (bands, levels,
limits, kills, notes, reports); :mod:`activitymon.sim.rule_table` puts them together."""
