"""lowback's benchmarks: ``python -m benchmarks [--quick]`` from the repository root.

See docs/performance.md for what each figure means.
"""
