"""The exceptions giftflow raises.

Every error derives from :class:`GiftflowError`, and the specific ones also derive
from the builtin a caller would naturally catch (``TypeError`` for a value of the
wrong type, ``ValueError`` for a value of the right type that is not acceptable).
Each carries the facts as attributes, so callers never have to parse a message.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CurrencyMismatchError",
    "GiftflowError",
    "InsufficientCoinsError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "OverlapError",
    "ParseError",
    "PrecisionLossError",
    "SpendingRefusedError",
    "SponsorBudgetError",
    "UnknownChannelError",
    "UnknownCurrencyError",
    "UnknownGiftError",
    "UnknownPackageError",
]


class GiftflowError(Exception):
    """Base class of every error giftflow raises on purpose.

    >>> import giftflow
    >>> try:
    ...     giftflow.currency("ZZZ")
    ... except giftflow.GiftflowError as error:
    ...     print(type(error).__name__)
    UnknownCurrencyError
    """


class InvalidArgumentError(GiftflowError):
    """An argument was refused; ``argument``, ``value`` and ``hint`` say which, what and why.

    Args:
        argument: The name of the refused argument, as the caller wrote it.
        value: The refused value itself.
        problem: What is wrong with it, as a sentence fragment.
        hint: What to do instead.

    >>> error = InvalidValueError("count", -1, "must be positive", "pass 1 or more")
    >>> str(error)
    'count must be positive, got -1 (int); pass 1 or more'
    >>> error.argument, error.value
    ('count', -1)
    """

    def __init__(self, argument: str, value: Any, problem: str, hint: str) -> None:
        self.argument = argument
        self.value = value
        self.problem = problem
        self.hint = hint
        super().__init__(f"{argument} {problem}, got {value!r} ({type(value).__name__}); {hint}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.argument, self.value, self.problem, self.hint))


class InvalidTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type (a ``float`` where an ``int`` is needed, say).

    >>> import giftflow
    >>> giftflow.Money.of_minor(1.5, "USD")
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: minor must be an int of minor units, got 1.5 (float); ...
    """


class InvalidValueError(InvalidArgumentError, ValueError):
    """An argument has the right type but a value that is not acceptable.

    >>> import giftflow
    >>> giftflow.Rate.parse("-1/2")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: rate must not be negative, got '-1/2' (str); ...
    """


class ParseError(InvalidValueError):
    """Text that does not have the expected form.

    >>> import giftflow
    >>> giftflow.Money.parse("ten dollars", "USD")
    Traceback (most recent call last):
    ...
    giftflow.ParseError: amount is not a decimal number, got 'ten dollars' (str); ...
    """


class PrecisionLossError(InvalidValueError):
    """A value has more precision than its currency can hold; nothing is rounded silently.

    >>> import giftflow
    >>> giftflow.Money.parse("1.005", "USD")
    Traceback (most recent call last):
    ...
    giftflow.PrecisionLossError: amount has more decimal places than USD allows (2), ...
    """


class UnknownCurrencyError(InvalidValueError):
    """A currency code that ISO 4217 does not define with a minor unit.

    >>> import giftflow
    >>> giftflow.currency("ABC")
    Traceback (most recent call last):
    ...
    giftflow.UnknownCurrencyError: code is not an ISO 4217 currency code, got 'ABC' (str); ...
    """


class CurrencyMismatchError(GiftflowError, ValueError):
    """Two amounts in different currencies were combined.

    Attributes ``left`` and ``right`` hold the two currencies.

    >>> import giftflow
    >>> giftflow.Money.parse("1.00", "USD") + giftflow.Money.parse("1.00", "EUR")
    Traceback (most recent call last):
    ...
    giftflow.CurrencyMismatchError: cannot add USD and EUR; convert one side first ...
    """

    def __init__(self, operation: str, left: Any, right: Any) -> None:
        self.operation = operation
        self.left = left
        self.right = right
        if operation == "parse":
            message = f"the text is in {left} but currency is {right}; pass matching currencies"
        else:
            message = (
                f"cannot {operation} {left} and {right}; convert one side first with an "
                f"explicit rate and rounding mode"
            )
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.operation, self.left, self.right))


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone; giftflow never guesses one.

    >>> from datetime import datetime
    >>> import giftflow
    >>> giftflow.Window(start=datetime(2026, 1, 1))
    Traceback (most recent call last):
    ...
    giftflow.NaiveDatetimeError: start must be timezone-aware, got datetime.datetime(2026, 1, 1, 0, 0) ...
    """


class OverlapError(InvalidValueError):
    """Two configuration entries claim the same thing at the same time (e.g. two prices).

    >>> issubclass(OverlapError, ValueError)
    True
    """


class UnknownChannelError(InvalidValueError):
    """No price or fee is configured for this sales channel.

    >>> issubclass(UnknownChannelError, GiftflowError)
    True
    """


class UnknownPackageError(InvalidValueError):
    """No coin package, or no price for it, matches the request.

    >>> issubclass(UnknownPackageError, ValueError)
    True
    """


class UnknownGiftError(InvalidValueError):
    """No gift with this id or name is sendable at that time and place.

    >>> issubclass(UnknownGiftError, ValueError)
    True
    """


class SponsorBudgetError(GiftflowError, ValueError):
    """A sponsored gift would exceed what is left of its sponsor's budget.

    >>> error = SponsorBudgetError(sponsor="brand", needed="5.00 USD", remaining="1.00 USD")
    >>> str(error)
    "sponsor 'brand' has 1.00 USD left but the gift needs 5.00 USD; raise the budget or send an unsponsored gift"
    """

    def __init__(self, sponsor: str, needed: Any, remaining: Any) -> None:
        self.sponsor = sponsor
        self.needed = needed
        self.remaining = remaining
        super().__init__(
            f"sponsor {sponsor!r} has {remaining} left but the gift needs {needed}; "
            "raise the budget or send an unsponsored gift"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.sponsor, self.needed, self.remaining))


class InsufficientCoinsError(GiftflowError, ValueError):
    """A wallet holds fewer coins than a spend needs; the numbers are attributes.

    >>> error = InsufficientCoinsError(requested=100, available=65)
    >>> (error.shortfall, str(error))
    (35, 'cannot spend 100 coins: the wallet holds 65, 35 short; buy more coins first')
    """

    def __init__(self, requested: int, available: int) -> None:
        self.requested = requested
        self.available = available
        self.shortfall = requested - available
        super().__init__(
            f"cannot spend {requested} coins: the wallet holds {available}, "
            f"{self.shortfall} short; buy more coins first"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.requested, self.available))


class SpendingRefusedError(GiftflowError, ValueError):
    """A purchase or gift was refused by spending-protection rules.

    ``refusals`` holds one structured entry per rule that refused, with the limit
    and the excess as numbers.
    """

    def __init__(self, refusals: tuple[Any, ...]) -> None:
        self.refusals = refusals
        super().__init__("; ".join(str(refusal) for refusal in refusals))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.refusals,))
