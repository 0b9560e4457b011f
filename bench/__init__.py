"""The benchmark suite: a data generator at national scale, page timings, query counts, throughput.

Timings are measured here and written to ``bench/RESULTS.md``; tests never assert on time.
"""
