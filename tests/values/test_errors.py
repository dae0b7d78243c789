"""Errors: one base class, builtin bases, facts as attributes, messages that say what to do."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import pickle
import traceback
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import giftflow
from giftflow import (
    Coins,
    CurrencyMismatchError,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    Money,
    ParseError,
    PrecisionLossError,
    Rate,
    Rounding,
    UnknownCurrencyError,
    currency,
)

ARGUMENT_ERRORS = [
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    PrecisionLossError,
    UnknownCurrencyError,
]


class TestGiftflowError:
    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (InvalidArgumentError, None),
            (InvalidTypeError, TypeError),
            (InvalidValueError, ValueError),
            (ParseError, ValueError),
            (PrecisionLossError, ValueError),
            (UnknownCurrencyError, ValueError),
            (CurrencyMismatchError, ValueError),
        ],
    )
    def test_every_error_is_a_giftflow_error_and_the_matching_builtin(
        self, error: type[GiftflowError], builtin: type[Exception] | None
    ) -> None:
        assert issubclass(error, GiftflowError)
        if builtin is not None:
            assert issubclass(error, builtin)
        assert "giftflow" == error.__module__

    def test_specific_value_errors_are_invalid_value_errors(self) -> None:
        for error in [ParseError, PrecisionLossError, UnknownCurrencyError]:
            assert issubclass(error, InvalidValueError)

    def test_a_type_error_is_not_a_value_error(self) -> None:
        assert not issubclass(InvalidTypeError, ValueError)
        assert not issubclass(InvalidValueError, TypeError)

    def test_tracebacks_name_the_public_class(self) -> None:
        try:
            Money.of_minor(1.5, "USD")  # type: ignore[arg-type]
        except InvalidTypeError as error:
            last_line = traceback.format_exception_only(error)[-1]
        assert last_line.startswith("giftflow.InvalidTypeError: minor must be an int")

    @pytest.mark.parametrize(
        "call",
        [
            lambda: Money.of_minor(1.5, "USD"),  # type: ignore[arg-type]
            lambda: Money.parse("1.005", "USD"),
            lambda: Money.parse("1.00", "USD") + Money.parse("1.00", "EUR"),
            lambda: giftflow.currency("ZZZ"),
            lambda: Rate.parse("x"),
        ],
    )
    def test_one_except_clause_catches_every_refusal(self, call: Callable[[], object]) -> None:
        with pytest.raises(GiftflowError):
            call()

    def test_a_failed_call_changes_nothing(self) -> None:
        total = Money.parse("1.00", "USD")
        with pytest.raises(CurrencyMismatchError):
            total += Money.parse("1.00", "EUR")
        assert Money.parse("1.00", "USD") == total


class TestInvalidArgumentError:
    @pytest.mark.parametrize("error", ARGUMENT_ERRORS)
    def test_carries_the_facts_and_says_them(self, error: type[InvalidArgumentError]) -> None:
        raised = error("count", -1.5, "must be positive", "pass 1 or more")
        assert ("count", -1.5, "must be positive", "pass 1 or more") == (
            raised.argument,
            raised.value,
            raised.problem,
            raised.hint,
        )
        assert "count must be positive, got -1.5 (float); pass 1 or more" == str(raised)

    @pytest.mark.parametrize("error", ARGUMENT_ERRORS)
    def test_pickles_with_its_facts(self, error: type[InvalidArgumentError]) -> None:
        raised = error("amount", Decimal("1.005"), "has too many places", "round it first")
        copy = pickle.loads(pickle.dumps(raised))
        assert error is type(copy)
        assert str(raised) == str(copy)
        assert (raised.argument, raised.value, raised.problem, raised.hint) == (
            copy.argument,
            copy.value,
            copy.problem,
            copy.hint,
        )

    @pytest.mark.parametrize(
        ("call", "error", "argument", "value"),
        [
            (lambda: Money.of_minor(1.5, "USD"), InvalidTypeError, "minor", 1.5),  # type: ignore[arg-type]
            (lambda: Money.of_minor(True, "USD"), InvalidTypeError, "minor", True),
            (lambda: Money.parse(1.5, "USD"), InvalidTypeError, "amount", 1.5),  # type: ignore[arg-type]
            (lambda: Money.parse("1.005", "USD"), PrecisionLossError, "amount", "1.005"),
            (lambda: Money.parse("ten", "USD"), ParseError, "amount", "ten"),
            (lambda: Money.parse(Decimal("NaN"), "USD"), InvalidValueError, "amount", None),
            (lambda: Money.of_minor(1, "ZZZ"), UnknownCurrencyError, "currency", "ZZZ"),
            (lambda: currency("ZZZ"), UnknownCurrencyError, "code", "ZZZ"),
            (lambda: Money.zero("USD") // 0, InvalidValueError, "divisor", 0),
            (lambda: Rate.parse(0.5), InvalidTypeError, "rate", 0.5),  # type: ignore[arg-type]
            (lambda: Rate.parse("-5%"), InvalidValueError, "rate", "-5%"),
            (lambda: Rate.parse("half"), ParseError, "rate", "half"),
            (lambda: Coins(1.0), InvalidTypeError, "amount", 1.0),  # type: ignore[arg-type]
            (lambda: Coins.parse("1.5"), ParseError, "text", "1.5"),
            (lambda: currency(840), InvalidTypeError, "code", 840),  # type: ignore[arg-type]
            (lambda: Rounding.UP.round(2.5), InvalidTypeError, "value", 2.5),  # type: ignore[arg-type]
            (lambda: Money.zero("USD").split(0), InvalidValueError, "count", 0),
        ],
    )
    def test_real_refusals_name_the_argument_and_show_the_value(
        self,
        call: Callable[[], object],
        error: type[InvalidArgumentError],
        argument: str,
        value: Any,
    ) -> None:
        with pytest.raises(error) as info:
            call()
        raised = info.value
        assert argument == raised.argument
        if value is not None:
            assert value == raised.value
            assert type(value) is type(raised.value)
        message = str(raised)
        assert message.startswith(f"{argument} ")
        assert repr(raised.value) in message
        assert f"({type(raised.value).__name__})" in message
        assert raised.hint
        assert message.endswith(raised.hint)
        copy = pickle.loads(pickle.dumps(raised))
        assert (type(raised), message) == (type(copy), str(copy))


class TestCurrencyMismatchError:
    def test_carries_both_currencies(self) -> None:
        usd, eur = currency("USD"), currency("EUR")
        with pytest.raises(CurrencyMismatchError) as info:
            Money.zero(usd) - Money.zero(eur)
        assert ("subtract", usd, eur) == (info.value.operation, info.value.left, info.value.right)
        assert "cannot subtract USD and EUR" in str(info.value)
        assert "explicit rate and rounding mode" in str(info.value)

    def test_says_which_currency_the_text_named(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="text is in EUR but currency is USD"):
            Money.parse("1.00 EUR", "USD")

    @pytest.mark.parametrize("argument", [None, "proceeds_to_date"])
    def test_pickles_with_its_facts(self, argument: str | None) -> None:
        raised = CurrencyMismatchError("add", currency("USD"), currency("JPY"), argument=argument)
        copy = pickle.loads(pickle.dumps(raised))
        assert CurrencyMismatchError is type(copy)
        assert str(raised) == str(copy)
        assert (raised.operation, raised.left, raised.right, raised.argument) == (
            copy.operation,
            copy.left,
            copy.right,
            copy.argument,
        )

    @pytest.mark.parametrize(
        ("operation", "expected"),
        [
            ("compare", "proceeds_to_date: cannot compare EUR and USD; convert one side first"),
            ("parse", "proceeds_to_date: the text is in EUR but currency is USD"),
        ],
    )
    def test_names_the_argument_first(self, operation: str, expected: str) -> None:
        error = CurrencyMismatchError(
            operation, currency("EUR"), currency("USD"), argument="proceeds_to_date"
        )
        assert str(error).startswith(expected)
        assert error.argument == "proceeds_to_date"

    def test_without_an_argument_names_none(self) -> None:
        assert CurrencyMismatchError("add", currency("USD"), currency("EUR")).argument is None


class TestHugeValues:
    def test_an_int_too_long_to_print_still_gives_a_giftflow_error(self) -> None:
        huge = 10**5000
        caught = giftflow.InvalidValueError("rate", -huge, "must not be negative", "fix it")
        assert "<an int of 16610 bits>" in str(caught)
        assert -huge == caught.value
