"""Hypothesis profiles for the suite; choose one with ``--hypothesis-profile=NAME``.

- ``quick`` (the default): a few examples per property, for the edit-test loop.
- ``ci``: what ``make test`` runs; enough examples to matter, still fast on 2 cores.
  Derandomized with no example database: the same examples on every run and every clone
  (docs/design.md, "Deterministic CI").
- ``thorough``: what ``make thorough`` runs, at least 10,000 examples per property,
  random ones each run, so it goes on looking for new failures.
"""

from hypothesis import HealthCheck, settings

# Timing is not a property of the code: on a loaded 2-core machine a draw or an example can
# take seconds, so no profile fails a test for its duration (neither the deadline nor the
# too_slow health check); `make bench` measures speed.
_SLOW = [HealthCheck.too_slow]

settings.register_profile("quick", max_examples=20, deadline=None, suppress_health_check=_SLOW)
settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=_SLOW,
)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None, suppress_health_check=_SLOW
)

# The --hypothesis-profile option is applied after conftest files load, so it wins.
settings.load_profile("quick")

# Deliberate type errors for mypy (tests/package/test_typing.py); importing them would raise.
collect_ignore = ["typing_fail"]
