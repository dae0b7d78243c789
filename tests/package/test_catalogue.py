"""A catalogue of bad inputs: every public callable and every ledger event kind (issue #12).

Each case is one bad call, one test id. A refusal must be a ``GiftflowError`` (a bare
builtin exception fails the case) whose message names the argument (or, for an operator,
what to use instead). A bad ledger event must also leave ``to_data(ledger)`` exactly as
it was. The tables are built at import; the last tests check that the catalogue is big
enough and that no public callable is missing from it, so it cannot rot.

Cases are written for the behaviour issue #12 demands, not for today's, so some fail
until the library refuses them.
"""

from __future__ import annotations

import inspect
import signal
import types
from collections.abc import Callable

import pytest

import giftflow
import giftflow.plot
import giftflow.presets
import giftflow.testing
from giftflow import GiftflowError
from tests.package.catalogue_cases import CASES, EVENTS, LEDGER_CASES, Case, LedgerCase


class _OverBudget(BaseException):
    """Raised by the timer: a bad input must be refused in bounded time (not caught as Exception)."""


BUDGET_SECONDS = 5.0


def _refusal(run: Callable[[], object]) -> BaseException:
    """What ``run`` raises, within the time budget; fails the test if it raises nothing."""
    __tracebackhide__ = True

    def over_budget(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, over_budget)
    signal.setitimer(signal.ITIMER_REAL, BUDGET_SECONDS)
    try:
        run()
    except Exception as error:  # any type: a bare builtin must fail the check below
        return error
    except _OverBudget:
        pytest.fail(
            f"still working after {BUDGET_SECONDS} s: bad input must be refused in bounded time"
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pytest.fail("accepted: the bad input was not refused")


def _check_refusal(error: BaseException, argument: str) -> None:
    __tracebackhide__ = True
    assert isinstance(error, GiftflowError), (
        f"a bare {type(error).__module__}.{type(error).__qualname__} escaped, "
        f"not a GiftflowError: {error!r}"
    )
    assert argument in str(error), f"the message does not name {argument!r}: {error}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_refuses_a_bad_call(case: Case) -> None:
    _check_refusal(_refusal(case.run), case.argument)


@pytest.mark.parametrize("case", LEDGER_CASES, ids=[case.id for case in LEDGER_CASES])
def test_refuses_a_bad_event_leaving_the_ledger_unchanged(case: LedgerCase) -> None:
    ledger = case.setup()
    before = giftflow.to_data(ledger)
    error = _refusal(lambda: ledger.apply(case.event()))  # type: ignore[arg-type]
    after = giftflow.to_data(ledger)
    _check_refusal(error, case.argument)
    assert before == after, "the refused event changed the ledger"


def test_the_catalogue_has_300_cases_with_unique_ids() -> None:
    ids = [case.id for case in CASES] + [case.id for case in LEDGER_CASES]
    assert len(ids) >= 300
    assert len(set(ids)) == len(ids), sorted({i for i in ids if ids.count(i) > 1})


def _takes_arguments(obj: object) -> bool:
    try:
        return bool(inspect.signature(obj).parameters)  # type: ignore[arg-type]
    except ValueError:
        return True


def test_every_public_callable_has_a_case() -> None:
    """Every callable of giftflow, giftflow.presets, giftflow.testing and giftflow.plot is in a case.

    Exempt: the exception classes (they are what a refusal raises, not an input), the
    Protocols (``ArrowStreamExportable``: a shape of argument, never called), type
    aliases (``Record``: a shape of result, never called), and
    functions that take no argument at all (``iso_currencies``, the preset economies,
    most strategies), since no argument of theirs can be wrong.
    """
    cases: list[Case | LedgerCase] = [*CASES, *LEDGER_CASES]
    covered = {
        name.split(".")[1]
        if name.startswith(("presets.", "testing.", "plot."))
        else name.split(".")[0]
        for case in cases
        for name in case.names
    }
    covered |= {kind.__name__ for kind, _ in EVENTS}
    missing = []
    for module in (giftflow, giftflow.presets, giftflow.testing, giftflow.plot):
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or (isinstance(obj, type) and issubclass(obj, BaseException)):
                continue
            if getattr(obj, "_is_protocol", False):
                continue  # a Protocol describes what callers pass; nobody calls it
            if isinstance(obj, types.GenericAlias):
                continue  # a type alias (``Record``) names a shape; nobody calls it
            if _takes_arguments(obj) and name not in covered:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"public callables with no bad-input case: {missing}"


def test_every_ledger_event_kind_has_refused_applications() -> None:
    kinds = {name for case in LEDGER_CASES for name in case.names if name != "Ledger.apply"}
    events = {kind.__name__ for kind, _ in EVENTS} | {"GiftSent"}
    assert events <= kinds, sorted(events - kinds)
    for kind in events:
        assert sum(kind in case.names for case in LEDGER_CASES) >= 3, kind
