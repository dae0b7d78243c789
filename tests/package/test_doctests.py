"""Run the examples in method docstrings of public classes.

The facade sets ``__module__ = "giftflow"`` on public classes, so pytest's
``--doctest-modules`` collects their class docstrings through ``giftflow/__init__.py``
but skips their methods (whose globals belong to the private module). This test
collects those method examples, with the globals of the module that defines them.
"""

from __future__ import annotations

import doctest
import inspect
import sys

import pytest

import giftflow
from giftflow import presets


def _method_tests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found: dict[str, doctest.DocTest] = {}
    for owner in (giftflow, presets):
        for name in owner.__all__:
            cls = getattr(owner, name)
            if not inspect.isclass(cls) or not cls.__module__.startswith("giftflow"):
                continue
            defining = next(
                (
                    vars(sys.modules[f.__globals__["__name__"]])
                    for f in vars(cls).values()
                    if inspect.isfunction(f) and f.__qualname__.startswith(f"{cls.__name__}.")
                ),
                None,
            )
            if defining is None:
                continue
            for test in finder.find(cls, f"{cls.__module__}.{name}", module=False, globs=defining):
                if test.name != f"{cls.__module__}.{name}" and test.examples:
                    found.setdefault(test.name, test)
    return sorted(found.values(), key=lambda test: test.name)


_TESTS = _method_tests()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("test", _TESTS, ids=[test.name for test in _TESTS])
def test_method_example(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    test.globs = dict(test.globs)
    runner.run(test, out=lambda text: None)
    results = runner.summarize(verbose=False)
    if results.failed:
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=_FLAGS)
        runner.run(test, out=report.append)
        pytest.fail("".join(report), pytrace=False)


def test_method_examples_are_collected() -> None:
    names = {test.name for test in _TESTS}
    assert {"giftflow.Money.allocate", "giftflow.Fee.charge"} <= names
