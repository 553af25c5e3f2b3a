"""lowback's benchmarks: whole-process and in-process figures, and issue 7's targets.

Run ``python -m benchmarks`` (or ``--quick``) from the repository root; see
``docs/performance.md`` for the figures and how to read them.
"""
