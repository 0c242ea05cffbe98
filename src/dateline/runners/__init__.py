"""Runners: the same core function (`core.analyze_rows`) over many inputs, on every core of one machine
(`local`), or on a Ray cluster (`ray`); their Parquet output (`parquet`) goes into the store with `load`.
"""
