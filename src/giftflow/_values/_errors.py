"""The exceptions giftflow raises.

Every error derives from :class:`GiftflowError`, and the specific ones also derive
from the builtin a caller would naturally catch (``TypeError`` for a value of the
wrong type, ``ValueError`` for a value of the right type that is not acceptable).
Each carries the facts as attributes, so callers never have to parse a message.
"""

from __future__ import annotations

import enum
import numbers
import reprlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

__all__ = [
    "Choice",
    "CurrencyMismatchError",
    "DataError",
    "ExtraMissingError",
    "GiftflowError",
    "InsufficientCoinsError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "LimitConflictError",
    "MissingRateError",
    "NaiveDatetimeError",
    "OverlapError",
    "ParseError",
    "PrecisionLossError",
    "SettlementError",
    "UnknownChannelError",
    "UnknownCurrencyError",
    "UnknownGiftError",
    "UnknownPackageError",
    "refuse",
    "refuse_operators",
]


_LONGEST = 200  # characters of a refused value's repr that a message shows in full


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

    def __init__(self, argument: str, value: object, problem: str, hint: str) -> None:
        self.argument = argument
        self.value = value
        self.problem = problem
        self.hint = hint
        try:
            shown = repr(value)
        except ValueError:  # ints over 4,300 digits refuse to print
            shown = _ShortRepr().repr(value)
        if len(shown) > _LONGEST:  # a thousand-digit fraction, say: cut it short
            shown = _ShortRepr().repr(value)
        super().__init__(f"{argument} {problem}, got {shown} ({type(value).__name__}); {hint}")

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

    Attributes ``left`` and ``right`` hold the two currencies, and ``argument`` the
    name of the refused argument when one is to blame (``None`` for an operator); the
    message then starts with it.

    >>> import giftflow
    >>> giftflow.Money.parse("1.00", "USD") + giftflow.Money.parse("1.00", "EUR")
    Traceback (most recent call last):
    ...
    giftflow.CurrencyMismatchError: cannot add USD and EUR; convert one side first ...
    >>> str(CurrencyMismatchError("compare", "EUR", "USD", argument="proceeds_to_date"))[:45]
    'proceeds_to_date: cannot compare EUR and USD;'
    """

    def __init__(
        self, operation: str, left: object, right: object, argument: str | None = None
    ) -> None:
        self.operation = operation
        self.left = left
        self.right = right
        self.argument = argument
        if operation == "parse":
            message = f"the text is in {left} but currency is {right}; pass matching currencies"
        else:
            message = (
                f"cannot {operation} {left} and {right}; convert one side first with an "
                f"explicit rate and rounding mode"
            )
        super().__init__(message if argument is None else f"{argument}: {message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.operation, self.left, self.right, self.argument))


class DataError(InvalidValueError):
    """Serialised data that does not describe a giftflow value; nothing was built from it.

    ``argument`` is the path of the bad field inside the data, such as
    ``prices[2].price.amount`` (``data`` for the whole), ``value`` is what was found
    there (for a missing key, the object that lacks it) and ``hint`` says how to fix
    it. The message shows a shortened ``value``, since data can be large.

    >>> import giftflow
    >>> try:
    ...     giftflow.from_data(giftflow.Money, {"amount": "0.5", "currency": "USD"})
    ... except giftflow.DataError as error:
    ...     print(error.argument, "|", error.hint)
    amount | write '0.50'
    """

    def __init__(self, argument: str, value: object, problem: str, hint: str) -> None:
        # Not InvalidArgumentError.__init__: its full repr of the value could be huge.
        self.argument = argument
        self.value = value
        self.problem = problem
        self.hint = hint
        shown = _ShortRepr().repr(value)
        GiftflowError.__init__(
            self, f"{argument} {problem}, got {shown} ({type(value).__name__}); {hint}"
        )


class _ShortRepr(reprlib.Repr):
    """A repr cut short, that never fails (Python refuses to print ints over 4300 digits)."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxdict, self.maxlist, self.maxstring = 2, 4, 4, 60

    def repr_int(self, x: int, level: int) -> str:
        try:
            return super().repr_int(x, level)
        except ValueError:
            return f"<an int of {x.bit_length()} bits>"


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


class InsufficientCoinsError(GiftflowError, ValueError):
    """A wallet holds fewer coins than a spend needs; the numbers are attributes.

    ``argument`` names what asked for the coins (``gift.count`` for a gift event).

    >>> error = InsufficientCoinsError(requested=100, available=65)
    >>> (error.shortfall, str(error))
    (35, 'coins: cannot spend 100 coins: the wallet holds 65, 35 short; buy more coins first')
    """

    def __init__(self, requested: int, available: int, argument: str = "coins") -> None:
        self.requested = requested
        self.available = available
        self.shortfall = requested - available
        self.argument = argument
        super().__init__(
            f"{argument}: cannot spend {requested} coins: the wallet holds {available}, "
            f"{self.shortfall} short; buy more coins first"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.requested, self.available, self.argument))


class MissingRateError(InvalidValueError):
    """No rate is configured for what was asked: an FX pair, or a diamond value, at that time.

    ``argument`` names the table (``rates``, ``valuation``), ``value`` the missing
    pair (``'EUR->USD'``) or time, and ``hint`` what to add. giftflow never fetches
    or guesses a rate, and never inverts one silently.

    >>> import giftflow
    >>> from datetime import datetime, timezone
    >>> giftflow.FxRates(()).rate("EUR", "USD", at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    giftflow.MissingRateError: rates has no rate from EUR to USD in force at 2026-11-24T00:00:00+00:00, got 'EUR->USD' (str); ...
    """


class LimitConflictError(InvalidValueError):
    """Two limits of a policy can never both hold, such as a minimum above a cap.

    >>> import giftflow
    >>> giftflow.PayoutPolicy(
    ...     name="odd", schedule=giftflow.PayoutSchedule.on_demand(),
    ...     methods=(giftflow.PayoutMethod(name="bank"),),
    ...     minimum=giftflow.Money.parse("100", "USD"),
    ...     caps=(giftflow.PayoutCap(limit=giftflow.Money.parse("50", "USD"),
    ...                              period=giftflow.CapPeriod.CALENDAR_DAY),))
    Traceback (most recent call last):
    ...
    giftflow.LimitConflictError: minimum exceeds the daily cap of 50.00 USD, so nothing could ever be paid out, got ...
    """


class SettlementError(InvalidValueError):
    """A batch settlement cannot reproduce sending the gifts one by one.

    Raised by :func:`~giftflow.settle` for a rounding mode whose result with a carry
    depends on the order of the gifts, a sponsored gift, or a record without the
    ``net`` that a revenue share or an agency's commission needs.

    >>> from datetime import datetime, timezone
    >>> import attrs, giftflow
    >>> from giftflow import presets
    >>> economy = attrs.evolve(presets.tiktok(),
    ...                        diamond_rounding=giftflow.Rounding.HALF_EVEN)
    >>> giftflow.settle(economy, [], country="US", at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    giftflow.SettlementError: economy.diamond_rounding makes issuing with a carry depend on the order of the gifts, ...
    """


class ExtraMissingError(InvalidArgumentError, ImportError):
    """A feature needs an optional extra that is not installed (an ``ImportError`` too).

    >>> str(ExtraMissingError("settle_columns", "pyarrow", "columns", "pip install 'giftflow[columns]'"))
    "settle_columns needs the 'columns' extra, got 'pyarrow' (str) missing; pip install 'giftflow[columns]'"
    """

    def __init__(self, argument: str, value: object, problem: str, hint: str) -> None:
        extra = problem if problem.startswith("needs") else f"needs the {problem!r} extra"
        InvalidArgumentError.__init__(self, argument, value, extra, hint)
        self.args = (f"{argument} {extra}, got {value!r} ({type(value).__name__}) missing; {hint}",)
        self.name = value if isinstance(value, str) else None
        self.msg = self.args[0]

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.argument, self.value, self.problem, self.hint))


# -- operators the values refuse -------------------------------------------------------
# When both sides of an operator decline (NotImplemented), Python raises a bare TypeError
# that says nothing about money: Money * 1.5 would never mention multiply. So for operands
# giftflow knows (numbers, text, None, its own values) a value raises InvalidTypeError
# itself, with its hint (giftflow._values._operators). An operand of a type giftflow does
# not know still gets NotImplemented when its type implements the reflected operation, so
# that type keeps its chance. == is never refused (Money == 0 is False). This lives with
# the errors, at the very bottom, because Rounding and Currency need it too.

T = TypeVar("T", bound=type)

Hint = Callable[[str, Any], str]
"""``hint(symbol, other)``: the fix for ``value <symbol> other`` (``other`` is None for
a unary operator or a conversion, whose symbol is written like ``int()`` or ``-x``)."""


# The operators a value may refuse: binary ones (each with its reflected twin), orderings
# (with the one Python tries on the other side), and unary ones and numeric conversions.
def _table(text: str) -> dict[str, str]:
    words = text.split()  # pairs of a method's name (without dunders) and its symbol
    return {f"__{name}__": symbol for name, symbol in zip(words[::2], words[1::2], strict=True)}


_BINARY = _table(
    "add + sub - mul * matmul @ truediv / floordiv // mod % divmod divmod pow ** "
    "lshift << rshift >> and & xor ^ or |"
)
_ORDER = {"__lt__": ("<", "__gt__"), "__le__": ("<=", "__ge__")}
_ORDER |= {"__gt__": (">", "__lt__"), "__ge__": (">=", "__le__")}
_UNARY = _table(
    "neg -x pos +x abs abs() invert ~x int int() float float() complex complex() "  # float-ok
    "index index() round round() floor math.floor() ceil math.ceil() trunc math.trunc()"
)
_KNOWN = (numbers.Number, Decimal, str, bytes, type(None), list, tuple, dict, set)


def _defers(other: Any, reflected: str) -> bool:
    # True when `other` is of a type giftflow does not know that implements the
    # reflected operation: it gets its chance through NotImplemented.
    kind = type(other)
    if isinstance(other, _KNOWN) or getattr(kind, "_giftflow_value", False):
        return False
    method = getattr(kind, reflected, None)
    return method is not None and method is not getattr(object, reflected, None)


def refuse(value: Any, symbol: str, other: Any, hint: Hint, *, reflected: bool = False) -> None:
    """Raise :class:`InvalidTypeError` for ``value <symbol> other``, or defer.

    Returns (and the caller returns ``NotImplemented``) only when ``other`` is of a
    type giftflow does not know that implements the reflected operation, and this is
    not already the reflected call; every other operand is refused with
    ``hint(symbol, other)``.

    >>> refuse(1, "*", 1.5, lambda symbol, other: "use multiply")
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: other is not an operand of int *, got 1.5 (float); use multiply
    """
    if not reflected:
        name = _REFLECTED_NAMES.get(symbol)
        if name is not None and _defers(other, name):
            return
    kind = type(value).__name__
    operation = f"... {symbol} {kind}" if reflected else f"{kind} {symbol}"
    raise InvalidTypeError("other", other, f"is not an operand of {operation}", hint(symbol, other))


_REFLECTED_NAMES = {symbol: f"__r{name[2:]}" for name, symbol in _BINARY.items()}
_REFLECTED_NAMES |= dict(_ORDER.values())


def _binary(symbol: str, hint: Hint, *, reflected: bool) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        refuse(self, symbol, other, hint, reflected=reflected)
        return NotImplemented

    return method


def _unary(symbol: str, hint: Hint) -> Callable[..., Any]:
    def method(self: Any, *args: Any) -> Any:
        raise InvalidTypeError(
            f"{symbol[:-1]}value)" if symbol.endswith("()") else "value",
            self,
            f"is refused: {type(self).__name__} does not support {symbol}",
            hint(symbol, None),
        )

    return method


def _defined(cls: type, name: str) -> bool:
    method = getattr(cls, name, None)
    return method is not None and method is not getattr(object, name, None)


def refuse_operators(hint: Hint) -> Callable[[T], T]:
    """Class decorator: every operator ``cls`` does not define raises with ``hint``.

    Marks the class as giftflow's own, so that its instances are refused (never
    deferred to) as operands of the other values.
    """

    def decorate(cls: T) -> T:
        for name, symbol in _BINARY.items():
            reflected = f"__r{name[2:]}"
            if not _defined(cls, name):
                setattr(cls, name, _binary(symbol, hint, reflected=False))
            if not _defined(cls, reflected):
                setattr(cls, reflected, _binary(symbol, hint, reflected=True))
        for name, (symbol, _) in _ORDER.items():
            if not _defined(cls, name):
                setattr(cls, name, _binary(symbol, hint, reflected=False))
        for name, symbol in _UNARY.items():
            if not _defined(cls, name):
                setattr(cls, name, _unary(symbol, hint))
        setattr(cls, "_giftflow_value", True)  # noqa: B010 (a class attribute, not a slot)
        return cls

    return decorate


class Choice(enum.Enum):
    """The base of giftflow's enums: an unknown value is refused naming the choices.

    ``Rounding("up")`` raises :class:`~giftflow.InvalidValueError` (a ``ValueError``, as
    Python's own refusal is) that lists the values to choose from.

    >>> class Side(Choice):
    ...     BUY = "buy"
    >>> Side("sell")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: Side is not one of 'buy', got 'sell' (str); pass Side.BUY or its value
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        choices = ", ".join(repr(member.value) for member in cls)
        example = next(iter(cls))
        raise InvalidValueError(
            cls.__name__,
            value,
            f"is not one of {choices}",
            f"pass {cls.__name__}.{example.name} or its value",
        )
