"""Benchmarks of Mötespärm, each measured against its physical limit in the same run.

Run with ``make bench`` (``python -m bench``). Every benchmark reports ours, a
baseline and their ratio; none of them passes or fails.
"""
