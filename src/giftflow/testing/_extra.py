"""Hypothesis, which ``giftflow.testing`` needs, or an error naming the extra that brings it.

``giftflow.testing`` imports this module first, so that without Hypothesis the import
fails with :class:`~giftflow.ExtraMissingError` (an ``ImportError``) that says what to
install, not with a bare "No module named 'hypothesis'" from deep inside a strategy.
"""

from giftflow import ExtraMissingError

try:
    import hypothesis  # noqa: F401  (imported to fail here, not deep in a strategy)
except ImportError as missing:
    raise ExtraMissingError(
        "giftflow.testing",
        missing.name or "hypothesis",
        "testing",
        "pip install 'giftflow[testing]'",
    ) from missing
