"""Hypothesis profiles for the suite; choose one with ``--hypothesis-profile=NAME``.

- ``quick`` (the default): a few examples per property, for the edit-test loop.
- ``ci``: what ``make test`` runs; enough examples to matter, still fast on 2 cores.
  Derandomized with no example database: the same examples on every run and every clone
  (docs/design.md, "Deterministic CI").
- ``thorough``: what ``make thorough`` runs, at least 10,000 examples per property,
  random ones each run, so it goes on looking for new failures.
"""

from hypothesis import settings

settings.register_profile("quick", max_examples=20)
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True
)
settings.register_profile("thorough", max_examples=10_000, deadline=None)

# The --hypothesis-profile option is applied after conftest files load, so it wins.
settings.load_profile("quick")

# Deliberate type errors for mypy (tests/package/test_typing.py); importing them would raise.
collect_ignore = ["typing_fail"]
