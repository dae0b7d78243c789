"""giftflow's benchmarks: ``make bench`` (``python -m benchmarks``) runs them.

Each ``benchmarks/bench_<topic>.py`` module defines ``GROUPS``, a tuple of
:class:`benchmarks._harness.Group`; the harness finds them by name, so a new suite is a
new module and nothing else. ``python -m benchmarks --quick`` runs every benchmark once
on tiny inputs (what ``tests/package/test_benchmarks.py`` does, so they cannot rot); see
``python -m benchmarks --help`` and docs/performance.md.
"""
