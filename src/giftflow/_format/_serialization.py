"""Plain JSON-compatible data for every value type, and back, exactly.

The format is public and documented in ``docs/design.md`` ("Data format"). Data is
built only from dicts with string keys, lists, strings, ints and ``None``: never
floats, so every amount survives any JSON library in any language. Reading is
strict: every key is required, no other key is allowed, numbers written as text
must be in their one canonical spelling, and every class validator runs. Bad data
raises :class:`~giftflow.DataError` naming the path of the bad field, and nothing
is built.

cattrs does the walking (a private converter with ``forbid_extra_keys`` and
detailed validation); the hooks here define the format of the leaf values.
"""

from __future__ import annotations

import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from giftflow._cash_out import _plan as _payout_plan
from giftflow._cash_out import _policy as _payout_policy
from giftflow._cash_out import _schedule as _payout_schedule
from giftflow._cash_out import _statement as _payout_statement
from giftflow._cash_out import _valuation
from giftflow._cash_out._plan import (
    Earning,
    PayoutFeeCharge,
    PayoutLeg,
    PayoutLegKind,
    PayoutPlan,
    PayoutReason,
    PayoutReasonKind,
    PayoutRecord,
)
from giftflow._cash_out._policy import (
    Creator,
    Eligibility,
    FeeBearer,
    PayoutCap,
    PayoutFee,
    PayoutMethod,
    PayoutPolicy,
    WithdrawalLimit,
    WithholdingRule,
)
from giftflow._cash_out._schedule import PayoutSchedule, ScheduleKind
from giftflow._cash_out._statement import PayoutStatement
from giftflow._cash_out._valuation import DiamondValuation, FxRate, FxRates
from giftflow._coins_in import _fees, _pricing, _purchase, _rules, _wallet
from giftflow._coins_in._fees import (
    Crossing,
    Fee,
    FeeBasis,
    FeeCharge,
    FeeKind,
    Tax,
    TaxMode,
    Threshold,
)
from giftflow._coins_in._pricing import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    PriceBook,
    Promotion,
    Quote,
    Storefront,
)
from giftflow._coins_in._purchase import Purchase, PurchaseBreakdown, RoundingNote
from giftflow._coins_in._rules import (
    AgeRule,
    CapPeriod,
    Refusal,
    SpendingCap,
    SpendingDecision,
    SpendingRules,
    SpendRecord,
    Viewer,
)
from giftflow._coins_in._wallet import (
    CoinCost,
    CoinLot,
    CostBasis,
    LotDebit,
    LotKind,
    Spend,
    SpendPolicy,
    Wallet,
)
from giftflow._coins_out import (
    _catalog,
    _conversion,
    _economy,
    _gifts,
    _issuance,
    _recognition,
    _settlement,
    _streaks,
    _trace,
)
from giftflow._coins_out._catalog import Catalog, CatalogVersion, Gift, StreakKind
from giftflow._coins_out._conversion import (
    Carry,
    DiamondRatio,
    FixedValue,
    Mission,
    PolicySchedule,
    RevenueShare,
    RewardSchedule,
)
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import (
    GiftEvent,
    GiftReceipt,
    Recipient,
    SponsorBudget,
)
from giftflow._coins_out._issuance import Agency, CreatorShare
from giftflow._coins_out._recognition import GifterLevels, LeaderboardEntry
from giftflow._coins_out._settlement import CreatorTotal, Settlement
from giftflow._coins_out._streaks import FoldedGift, StreakEvent, UnfinishedStreaks
from giftflow._coins_out._trace import TraceRow, ValueTrace
from giftflow._ledger import _book as _ledger
from giftflow._ledger import _events, _journal, _statements
from giftflow._ledger._book import Applied, BalanceGuards, Clawback, Ledger
from giftflow._ledger._events import (
    EVENT_KINDS,
    AccountForfeited,
    ChargedBack,
    CoinsExpired,
    CoinsPurchased,
    DiamondsReconverted,
    GiftSent,
    LedgerEvent,
    PayoutFailed,
    PayoutRequested,
    PayoutSettled,
    Refunded,
)
from giftflow._ledger._journal import Account, AccountKind, Posting, Transaction
from giftflow._ledger._statements import Statement, StatementLine
from giftflow._values import _currency, _money, _rate, _rounding, _time, _units
from giftflow._values._currency import Currency, currency
from giftflow._values._errors import (
    DataError,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    _ShortRepr,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._numbers import format_scaled, parse_decimal_text, parse_int
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounded, Rounding
from giftflow._values._time import Recurrence, Window
from giftflow._values._units import Coins, Diamonds, UnitNames

if TYPE_CHECKING:
    import cattrs

__all__ = ["from_data", "from_document", "to_data", "to_document"]

T = TypeVar("T")

SCHEMA = "giftflow"
VERSION = 1

# Every type with a documented data format, with the module that defines it: its
# annotations are strings (PEP 563), resolved there so that the format does not depend
# on the facade (which renames __module__, after resolving the public classes'
# annotations itself). Adding a type is a change to the public format: add it here
# (with its module), give it a golden test, and document it in docs/design.md.
_COVERED: tuple[tuple[types.ModuleType, tuple[type, ...]], ...] = (
    (_currency, (Currency,)),
    (_money, (ExactMoney, Money)),
    (_rate, (Rate,)),
    (_rounding, (Rounded, Rounding)),
    (_units, (Coins, Diamonds, UnitNames)),
    (_time, (Recurrence, Window)),
    (_fees, (Crossing, Fee, FeeBasis, FeeCharge, FeeKind, Tax, TaxMode, Threshold)),
    (
        _pricing,
        (Channel, CoinPackage, CustomAmount, PackagePrice, PriceBook, Promotion, Quote, Storefront),
    ),
    (_purchase, (CostBasis, Purchase, PurchaseBreakdown, RoundingNote)),
    (_wallet, (CoinCost, CoinLot, LotDebit, LotKind, Spend, SpendPolicy, Wallet)),
    (
        _rules,
        (
            AgeRule,
            CapPeriod,
            Refusal,
            SpendRecord,
            SpendingCap,
            SpendingDecision,
            SpendingRules,
            Viewer,
        ),
    ),
    (_catalog, (Catalog, CatalogVersion, Gift, StreakKind)),
    (
        _conversion,
        (Carry, DiamondRatio, FixedValue, Mission, PolicySchedule, RevenueShare, RewardSchedule),
    ),
    (_economy, (Economy,)),
    (_issuance, (Agency, CreatorShare)),
    (_gifts, (GiftEvent, GiftReceipt, Recipient, SponsorBudget)),
    (_streaks, (FoldedGift, StreakEvent, UnfinishedStreaks)),
    (_recognition, (GifterLevels, LeaderboardEntry)),
    (_trace, (TraceRow, ValueTrace)),
    (_valuation, (DiamondValuation, FxRate, FxRates)),
    (_payout_schedule, (PayoutSchedule, ScheduleKind)),
    (
        _payout_policy,
        (
            Creator,
            Eligibility,
            FeeBearer,
            PayoutCap,
            PayoutFee,
            PayoutMethod,
            PayoutPolicy,
            WithdrawalLimit,
            WithholdingRule,
        ),
    ),
    (
        _payout_plan,
        (
            Earning,
            PayoutFeeCharge,
            PayoutLeg,
            PayoutLegKind,
            PayoutPlan,
            PayoutReason,
            PayoutReasonKind,
            PayoutRecord,
        ),
    ),
    (_payout_statement, (PayoutStatement,)),
    (_journal, (Account, AccountKind, Posting, Transaction)),
    (
        _events,
        (
            AccountForfeited,
            ChargedBack,
            CoinsExpired,
            CoinsPurchased,
            DiamondsReconverted,
            GiftSent,
            PayoutFailed,
            PayoutRequested,
            PayoutSettled,
            Refunded,
        ),
    ),
    (_ledger, (Applied, BalanceGuards, Clawback, Ledger)),
    (_statements, (Statement, StatementLine)),
    (_settlement, (CreatorTotal, Settlement)),
)
_TYPES: tuple[type, ...] = tuple(kind for _, kinds in _COVERED for kind in kinds)
_BY_NAME: dict[str, type] = {kind.__name__: kind for kind in _TYPES}
_MODULE_OF: dict[type, types.ModuleType] = {
    kind: module for module, kinds in _COVERED for kind in kinds
}

# Fields that may hold values of several types carry a tag: {"money": {...}}.
_TAGS: dict[Any, str] = {
    Money: "money",
    Coins: "coins",
    Diamonds: "diamonds",
    int: "int",
    Rate: "rate",
    RewardSchedule: "reward_schedule",
    RevenueShare: "revenue_share",
    FixedValue: "fixed_value",
    DiamondRatio: "diamond_ratio",
    **EVENT_KINDS,
}

Path = tuple[str | int, ...]


class _PathError(Exception):
    """A problem found at ``parts``, a path relative to the value being converted."""

    def __init__(
        self,
        value: Any,
        problem: str,
        hint: str,
        *,
        parts: Path = (),
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(problem)
        self.value = value
        self.problem = problem
        self.hint = hint
        self.parts = parts
        self.cause = cause

    def within(self, *outer: str | int) -> _PathError:
        self.parts = (*outer, *self.parts)
        # cattrs appends a note at every level it passes; the path is kept in parts.
        self.__notes__ = []
        return self


# -- public functions ------------------------------------------------------------


def to_data(value: object) -> Any:
    """Return ``value`` as plain JSON-compatible data, in the documented format.

    The result holds only dicts with string keys, lists, strings, ints and
    ``None``: amounts are exact decimal text, rates exact text, never floats.
    :func:`from_data` reads it back to an equal value.

    Args:
        value: A giftflow value: money, rates, units, configuration (price books,
            fees, rules, catalogs, conversion policies, economies, payout policies),
            purchases, wallets, gift receipts, payout plans, or one of the enums.

    Returns:
        Data that :func:`json.dumps` accepts as it is.

    Raises:
        InvalidTypeError: ``value`` is not a giftflow value type.
        DataError: A field holds something the format cannot write (a naive
            datetime, a float, a time zone other than ``datetime.timezone`` or
            ``zoneinfo.ZoneInfo``); ``argument`` is its path.

    >>> from giftflow import Coins, Money, Rate
    >>> to_data(Money.parse("10.50", "USD"))
    {'amount': '10.50', 'currency': 'USD'}
    >>> to_data(Rate.parse("1/3")), to_data(Coins(65))
    ('1/3', 65)
    """
    kind = type(value)
    if kind not in _BY_NAME.values():
        raise InvalidTypeError(
            "value",
            value,
            "is not a giftflow value type",
            "pass e.g. a Money, a PriceBook or a Wallet",
        )
    try:
        return _converter().unstructure(value, kind)
    except _PathError as bad:
        raise _data_error(bad, ()) from bad.cause


def from_data(kind: type[T], data: Any) -> T:
    """Build a ``kind`` from data in the documented format; the inverse of :func:`to_data`.

    Reading is strict, so that one value has one spelling and nothing is guessed:
    every key is required and no other is allowed, floats and bools are refused
    where numbers are expected, decimal text must have exactly the currency's
    places, and the classes' own validators run. Either the whole value is built or
    nothing is.

    Args:
        kind: The type to build, e.g. ``Money`` or ``PriceBook``.
        data: Plain data, such as the result of :func:`json.loads`.

    Returns:
        The value; ``from_data(type(v), to_data(v)) == v``.

    Raises:
        InvalidTypeError: ``kind`` is not a giftflow value type.
        DataError: The data does not describe a valid ``kind``; ``argument`` is the
            path of the bad field (``prices[2].price.amount``), ``value`` what is there.

    >>> from giftflow import Money
    >>> from_data(Money, {"amount": "10.50", "currency": "USD"})
    Money.parse('10.50', 'USD')
    >>> from_data(Money, {"amount": 10.5, "currency": "USD"})
    Traceback (most recent call last):
    ...
    giftflow.DataError: amount must be a string of decimal text, got 10.5 (float); ...
    """
    if kind not in _BY_NAME.values():
        raise InvalidTypeError(
            "kind", kind, "is not a giftflow value type", "pass e.g. Money, PriceBook or Wallet"
        )
    try:
        return _converter().structure(data, kind)
    except _PathError as bad:
        raise _data_error(bad, ()) from bad.cause


def to_document(value: object) -> dict[str, Any]:
    """Wrap :func:`to_data` in a self-describing document with a schema version.

    Store or send documents rather than bare data: :func:`from_document` needs no
    type, and refuses data written by a format version it does not know.

    Args:
        value: A giftflow value, as for :func:`to_data`.

    Returns:
        ``{"schema": "giftflow", "version": 1, "type": "<class name>", "data": ...}``.

    Raises:
        InvalidTypeError: ``value`` is not a giftflow value type.
        DataError: A field cannot be written (see :func:`to_data`).

    >>> from giftflow import Coins
    >>> to_document(Coins(65))
    {'schema': 'giftflow', 'version': 1, 'type': 'Coins', 'data': 65}
    """
    data = to_data(value)
    return {"schema": SCHEMA, "version": VERSION, "type": type(value).__name__, "data": data}


def from_document(document: Any) -> Any:
    """Read a document written by :func:`to_document` back into its value.

    Args:
        document: A dict with exactly the keys ``schema``, ``version``, ``type``
            and ``data``.

    Returns:
        The value the document describes.

    Raises:
        DataError: The document is not a giftflow document, has an unknown
            ``version`` or ``type``, or bad data; ``argument`` names the field
            (``version``, ``type``, ``data.prices[2].price.amount``...).

    >>> from giftflow import Money
    >>> from_document(to_document(Money.parse("0.99", "USD")))
    Money.parse('0.99', 'USD')
    >>> from_document({"schema": "giftflow", "version": 2, "type": "Money", "data": None})
    Traceback (most recent call last):
    ...
    giftflow.DataError: version is not a version this giftflow reads, got 2 (int); ...
    """
    try:
        fields = _object(document, "document", ("schema", "version", "type", "data"))
        if fields["schema"] != SCHEMA or type(fields["schema"]) is not str:
            raise _PathError(
                fields["schema"],
                "is not 'giftflow'",
                "this is not a giftflow document",
                parts=("schema",),
            )
        version = fields["version"]
        if type(version) is not int or version != VERSION:
            raise _PathError(
                version,
                "is not a version this giftflow reads",
                f"write version {VERSION}, or read it with the giftflow that wrote it",
                parts=("version",),
            )
        name = fields["type"]
        kind = _BY_NAME.get(name) if type(name) is str else None
        if kind is None:
            raise _PathError(
                name,
                "is not a giftflow value type",
                "use a class name such as 'Money' or 'PriceBook'",
                parts=("type",),
            )
    except _PathError as bad:
        # Problems with the envelope itself: a path of () is the document.
        raise _data_error(bad, (), root="document") from bad.cause
    try:
        return _converter().structure(fields["data"], kind)
    except _PathError as bad:
        raise _data_error(bad, ("data",)) from bad.cause


# -- errors and paths ----------------------------------------------------------------


def _data_error(bad: _PathError, prefix: Path, *, root: str = "data") -> DataError:
    return DataError(_path((*prefix, *bad.parts), root), bad.value, bad.problem, bad.hint)


def _path(parts: Path, root: str = "data") -> str:
    """Format a path the way a reader writes it: ``prices[2].price.amount``.

    >>> _path(("prices", 2, "price", "amount"))
    'prices[2].price.amount'
    >>> _path(()), _path(("by_country", "two words"))
    ('data', "by_country['two words']")
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]" if text else f"{root}[{part!r}]"
    return text or root


def _refused(value: Any, error: Exception, *, parts: Path = ()) -> _PathError:
    """Turn an error raised by a constructor into a problem with a path.

    Any exception counts, not only GiftflowError: whatever a class raises while
    refusing data, the caller of from_data sees one DataError (with the original
    as its cause), and nothing else.
    """
    if isinstance(error, InvalidArgumentError):
        return _PathError(value, error.problem, error.hint, parts=parts, cause=error)
    return _PathError(value, "is refused", str(error), parts=parts, cause=error)


def _keys(keys: tuple[str, ...]) -> str:
    return ", ".join(keys)


def _require(obj: Any, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if type(obj) is not dict:
        raise _PathError(
            obj,
            f"must be an object (a dict) with the keys {_keys(keys)}",
            f"write the {what} as an object",
        )
    for key in keys:
        if key not in obj:
            raise _PathError(
                obj,
                f"is missing from the {what} object",
                f"add it: every key is required ({_keys(keys)}), null where a value is absent",
                parts=(key,),
            )
    return obj


def _object(obj: Any, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    fields = _require(obj, what, keys)
    for key, value in fields.items():
        if key not in keys:
            raise _PathError(
                value,
                f"is not a key of {what}",
                f"remove it; the keys are {_keys(keys)}",
                parts=(key,),
            )
    return fields


def _at(key: str, hook: Callable[[Any], T], value: Any) -> T:
    try:
        return hook(value)
    except _PathError as bad:
        raise bad.within(key) from None


# -- leaf values: plain types ----------------------------------------------------------


def _str_in(obj: Any, _: Any = None) -> str:
    if type(obj) is not str:
        raise _PathError(obj, "must be a string", "write it in double quotes")
    return obj


def _str_out(value: Any) -> str:
    if type(value) is not str:
        raise _PathError(value, "must be a str", "fix the value before writing it")
    return value


def _int_hint(obj: Any) -> str:
    if isinstance(obj, float):
        return "write a whole number such as 65: a float is never exact"
    if isinstance(obj, bool):
        return "write a whole number such as 65: true and false are not numbers"
    if isinstance(obj, str):
        return "write the number without quotes"
    return "write a whole number such as 65"


def _int_in(obj: Any, _: Any = None) -> int:
    if type(obj) is not int:
        raise _PathError(obj, "must be an integer", _int_hint(obj))
    return obj


def _int_out(value: Any) -> int:
    if type(value) is not int:
        raise _PathError(
            value, "must be an int", "fix the value before writing it (no floats or bools)"
        )
    return value


def _bool_in(obj: Any, _: Any = None) -> bool:
    if type(obj) is not bool:
        raise _PathError(obj, "must be true or false", "write true or false, without quotes")
    return obj


def _bool_out(value: Any) -> bool:
    if type(value) is not bool:
        raise _PathError(value, "must be a bool", "fix the value before writing it (True or False)")
    return value


def _too_long(value: Any, error: ValueError) -> _PathError:
    return _PathError(value, "has too many digits to write as text", str(error), cause=error)


# -- leaf values: money, rates and units ------------------------------------------------


def _currency_out(value: Any) -> str | dict[str, Any]:
    if type(value) is not Currency:
        raise _PathError(value, "must be a Currency", "use currency('USD') or Currency(...)")
    if value.is_iso:
        return value.code
    return {
        "code": value.code,
        "exponent": value.exponent,
        "numeric": value.numeric,
        "name": value.name,
    }


def _currency_in(obj: Any, _: Any = None) -> Currency:
    if type(obj) is str:
        try:
            found = currency(obj)
        except Exception as error:
            raise _refused(obj, error) from None
        if found.code != obj:
            raise _PathError(obj, "must be an upper-case ISO 4217 code", f"write {found.code!r}")
        return found
    if type(obj) is not dict:
        raise _PathError(
            obj,
            "must be an ISO 4217 code or a currency object",
            "write 'USD', or {'code': 'GEM', 'exponent': 0, 'numeric': null, 'name': 'Gem'}",
        )
    fields = _object(obj, "currency", ("code", "exponent", "numeric", "name"))
    code = _at("code", _str_in, fields["code"])
    if code != code.upper():
        raise _PathError(code, "must be upper case", f"write {code.upper()!r}", parts=("code",))
    exponent = _at("exponent", _int_in, fields["exponent"])
    numeric = None if fields["numeric"] is None else _at("numeric", _int_in, fields["numeric"])
    name = _at("name", _str_in, fields["name"])
    try:
        return Currency(code=code, exponent=exponent, numeric=numeric, name=name)
    except Exception as error:  # a refusal by the class, whatever its kind: see _refused
        key = getattr(error, "argument", None)
        if key in fields:
            raise _refused(fields[key], error, parts=(key,)) from None
        raise _refused(obj, error) from None


def _money_out(value: Any) -> dict[str, Any]:
    if type(value) is not Money:
        raise _PathError(value, "must be Money", "use Money.parse('10.50', 'USD')")
    try:
        amount = format_scaled(value.minor, value.currency.exponent)
    except ValueError as error:
        raise _too_long(value, error) from None
    return {"amount": amount, "currency": _at("currency", _currency_out, value.currency)}


def _money_in(obj: Any, _: Any = None) -> Money:
    fields = _object(obj, "money", ("amount", "currency"))
    unit = _at("currency", _currency_in, fields["currency"])
    return Money.of_minor(
        _at("amount", lambda text: _minor_units(text, unit), fields["amount"]), unit
    )


def _minor_units(text: Any, unit: Currency) -> int:
    if type(text) is not str:
        raise _PathError(
            text,
            "must be a string of decimal text",
            "write the amount in quotes, e.g. '10.50': JSON numbers lose cents in many languages",
        )
    parsed = parse_decimal_text(text)
    if parsed is None:
        raise _PathError(text, "is not a decimal number", "write it like '10.50' or '-3.00'")
    scaled: Fraction = parsed[0] * 10**unit.exponent
    if scaled.denominator != 1:
        raise _PathError(
            text,
            f"has more decimal places than {unit.code} allows ({unit.exponent})",
            "amounts are exact: round it explicitly before writing it",
        )
    minor = scaled.numerator
    try:
        canonical = format_scaled(minor, unit.exponent)
    except ValueError as error:
        raise _too_long(text, error) from None
    if canonical != text:
        raise _PathError(
            text,
            f"must have exactly {unit.exponent} decimal places and no extra signs or zeros",
            f"write {canonical!r}",
        )
    return minor


def _fraction_out(value: Any) -> str:
    if type(value) is not Fraction:
        raise _PathError(value, "must be a Fraction", "fix the value before writing it")
    try:
        return str(value)
    except ValueError as error:
        raise _too_long(value, error) from None


_FRACTION = re.compile(r"(-?\d+)(?:/(\d+))?", re.ASCII)


def _fraction_in(obj: Any, _: Any = None) -> Fraction:
    if type(obj) is not str:
        raise _PathError(
            obj, "must be a string", "write an exact fraction such as '297/10' or '-3'"
        )
    match = _FRACTION.fullmatch(obj)
    if match is None:
        raise _PathError(obj, "is not an exact fraction", "write it like '297/10' or '-3'")
    numerator = parse_int(match.group(1))
    denominator = 1 if match.group(2) is None else parse_int(match.group(2))
    if numerator is None or denominator is None:
        raise _PathError(obj, "has too many digits", "write a shorter fraction")
    if denominator == 0:
        raise _PathError(obj, "divides by zero", "write a fraction with a positive denominator")
    value = Fraction(numerator, denominator)
    if str(value) != obj:
        raise _PathError(obj, "is not in lowest terms", f"write {str(value)!r}")
    return value


def _exact_money_out(value: Any) -> dict[str, Any]:
    if type(value) is not ExactMoney:
        raise _PathError(value, "must be ExactMoney", "use Money.multiply_exact(...)")
    return {
        "minor": _at("minor", _fraction_out, value.minor),
        "currency": _at("currency", _currency_out, value.currency),
    }


def _exact_money_in(obj: Any, _: Any = None) -> ExactMoney:
    fields = _object(obj, "exact money", ("minor", "currency"))
    unit = _at("currency", _currency_in, fields["currency"])
    return ExactMoney(_at("minor", _fraction_in, fields["minor"]), unit)


def _rate_out(value: Any) -> str:
    if type(value) is not Rate:
        raise _PathError(value, "must be a Rate", "use Rate.parse('0.3')")
    try:
        return value._canonical()
    except ValueError as error:
        raise _too_long(value, error) from None


def _rate_in(obj: Any, _: Any = None) -> Rate:
    if type(obj) is not str:
        raise _PathError(obj, "must be a string", "write an exact rate such as '0.005' or '1/3'")
    try:
        rate = Rate.parse(obj)
        canonical = rate._canonical()
    except GiftflowError as error:
        raise _refused(obj, error) from None
    except ValueError as error:
        raise _too_long(obj, error) from None
    if canonical != obj:
        raise _PathError(obj, "is not a rate in canonical form", f"write {canonical!r}")
    return rate


def _units_out(value: Any) -> int:
    if type(value) not in (Coins, Diamonds):
        raise _PathError(value, "must be Coins or Diamonds", "use Coins(65)")
    return _int_out(value.amount)


def _units_in(obj: Any, kind: Any) -> Any:
    return kind(_int_in(obj))


def _channel_out(value: Any) -> str:
    if type(value) is not Channel:
        raise _PathError(value, "must be a Channel", "use Channel.IOS or Channel('huawei')")
    return value.id


def _channel_in(obj: Any, _: Any = None) -> Channel:
    value = _str_in(obj)
    try:
        return Channel(value)
    except Exception as error:
        raise _refused(obj, error) from None


# -- leaf values: time -------------------------------------------------------------------

_OFFSET = r"[+-]\d{2}:\d{2}(?::\d{2})?"
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?"
    rf"(Z|{_OFFSET})(?:\[([^\[\]]+)\])?",
    re.ASCII,
)
_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_OFFSET_TEXT = re.compile(_OFFSET, re.ASCII)


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(offset).seconds
    hours, minutes, rest = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{sign}{hours:02}:{minutes:02}" + (f":{rest:02}" if rest else "")


def _offset_of(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    hours, minutes, *rest = (int(piece) for piece in text[1:].split(":"))
    if minutes > 59 or (rest and rest[0] > 59):
        raise ValueError("minutes and seconds of an offset are below 60")
    return sign * timedelta(hours=hours, minutes=minutes, seconds=rest[0] if rest else 0)


def _zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError) as error:
        raise _PathError(
            name,
            "is not an IANA time zone name known here",
            "write a name such as 'Europe/London', or install a newer tzdata",
            cause=error,
        ) from None


def _datetime_out(value: Any) -> str:
    if type(value) is not datetime:
        raise _PathError(value, "must be a datetime", "pass datetime(..., tzinfo=UTC)")
    offset = value.utcoffset()
    if offset is None:
        raise _PathError(
            value,
            "must be timezone-aware",
            "attach a zone, e.g. tzinfo=UTC or ZoneInfo('Europe/London')",
        )
    if offset.microseconds:
        raise _PathError(value, "has a UTC offset with microseconds", "use a whole-second offset")
    zone = value.tzinfo
    if type(zone) is timezone:
        return value.isoformat()
    if isinstance(zone, ZoneInfo) and zone.key is not None:
        return f"{value.isoformat()}[{zone.key}]"
    raise _PathError(
        value,
        f"has a time zone the format cannot name ({type(zone).__name__})",
        "use datetime.timezone for fixed offsets or zoneinfo.ZoneInfo for IANA zones",
    )


def _datetime_in(obj: Any, _: Any = None) -> datetime:
    if type(obj) is not str:
        raise _PathError(
            obj, "must be a string", "write RFC 3339 text such as '2026-01-01T00:00:00Z'"
        )
    match = _DATETIME.fullmatch(obj)
    if match is None:
        if _NAIVE.fullmatch(obj):
            raise _PathError(
                obj,
                "has no UTC offset (a naive date and time)",
                "append Z or an offset such as +01:00; giftflow never guesses a time zone",
            )
        raise _PathError(
            obj,
            "is not an RFC 3339 date and time",
            "write e.g. '2026-03-29T01:30:00+00:00' or '2026-03-29T01:30:00+00:00[Europe/London]'",
        )
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    micro = int((match.group(7) or "0").ljust(6, "0"))
    offset_text, name = match.group(8), match.group(9)
    try:
        local = datetime(year, month, day, hour, minute, second, micro)
        offset = timedelta(0) if offset_text == "Z" else _offset_of(offset_text)
        fixed = timezone(offset)
    except ValueError as error:
        raise _PathError(
            obj, f"is not a valid date and time ({error})", "check each field"
        ) from None
    if name is None:
        return local.replace(tzinfo=fixed)
    zone = _zone_named(name)
    if offset_text == "Z":
        try:
            return local.replace(tzinfo=UTC).astimezone(zone)
        except (ValueError, OverflowError) as error:
            raise _PathError(obj, f"is out of range ({error})", "check the year") from None
    # The offset picks between the two readings of a repeated or skipped local
    # time (fold 0 and 1), so the exact instant and wall time both come back.
    try:
        for fold in (0, 1):
            candidate = local.replace(tzinfo=zone, fold=fold)
            if candidate.utcoffset() == offset:
                return candidate
        actual = local.replace(tzinfo=zone).utcoffset()
    except (ValueError, OverflowError) as error:
        raise _PathError(obj, f"is out of range ({error})", "check the year") from None
    raise _PathError(
        obj,
        f"has an offset that {name} does not use at that time",
        f"write the offset {_offset_text(actual or timedelta(0))}, or leave out [{name}]",
    )


def _zone_out(value: Any) -> str:
    if type(value) is timezone:
        offset = value.utcoffset(None)
        if offset.microseconds:
            raise _PathError(value, "has an offset with microseconds", "use a whole-second offset")
        return "UTC" if not offset else _offset_text(offset)
    if isinstance(value, ZoneInfo) and value.key is not None:
        return value.key
    raise _PathError(
        value,
        f"is a time zone the format cannot name ({type(value).__name__})",
        "use datetime.timezone for fixed offsets or zoneinfo.ZoneInfo for IANA zones",
    )


def _zone_in(obj: Any, _: Any = None) -> tzinfo:
    if type(obj) is not str:
        raise _PathError(
            obj, "must be a string", "write 'UTC', an offset such as '+05:30' or an IANA name"
        )
    if obj == "UTC":
        return UTC
    if _OFFSET_TEXT.fullmatch(obj):
        try:
            return timezone(_offset_of(obj))
        except ValueError as error:
            raise _PathError(
                obj, f"is not a valid offset ({error})", "write e.g. '+05:30'"
            ) from None
    return _zone_named(obj)


def _timedelta_out(value: Any) -> dict[str, int]:
    if type(value) is not timedelta:
        raise _PathError(value, "must be a timedelta", "pass timedelta(hours=24)")
    return {"days": value.days, "seconds": value.seconds, "microseconds": value.microseconds}


def _timedelta_in(obj: Any, _: Any = None) -> timedelta:
    fields = _object(obj, "duration", ("days", "seconds", "microseconds"))
    days = _at("days", _int_in, fields["days"])
    seconds = _at("seconds", _int_in, fields["seconds"])
    micro = _at("microseconds", _int_in, fields["microseconds"])
    for key, value, limit in (("seconds", seconds, 86_400), ("microseconds", micro, 10**6)):
        if not 0 <= value < limit:
            raise _PathError(
                value,
                f"must be from 0 to {limit - 1}",
                "carry whole days into days and whole seconds into seconds",
                parts=(key,),
            )
    try:
        return timedelta(days=days, seconds=seconds, microseconds=micro)
    except OverflowError as error:
        raise _PathError(
            days, f"is out of range ({error})", "write a shorter duration", parts=("days",)
        ) from None


def _date_out(value: Any) -> str:
    if type(value) is not date:
        raise _PathError(value, "must be a date", "pass date(2000, 1, 1)")
    return value.isoformat()


def _date_in(obj: Any, _: Any = None) -> date:
    if type(obj) is not str:
        raise _PathError(obj, "must be a string", "write an ISO date such as '2008-01-31'")
    match = _DATE.fullmatch(obj)
    if match is None:
        raise _PathError(obj, "is not an ISO date", "write it as YYYY-MM-DD, e.g. '2008-01-31'")
    try:
        return date(*(int(piece) for piece in match.groups()))
    except ValueError as error:
        raise _PathError(obj, f"is not a valid date ({error})", "check the month and day") from None


_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d{6}))?", re.ASCII)


def _time_out(value: Any) -> str:
    if type(value) is not time:
        raise _PathError(value, "must be a time", "pass time(9, 0)")
    if value.tzinfo is not None:
        raise _PathError(value, "must be a local time without tzinfo", "drop the tzinfo")
    if value.fold:
        # The format has no place for it, and fold changes which instant a schedule means.
        raise _PathError(value, "has fold=1, which the format cannot write", "use fold=0")
    return value.isoformat()


def _time_in(obj: Any, _: Any = None) -> time:
    if type(obj) is not str:
        raise _PathError(obj, "must be a string", "write a local time such as '09:30:00'")
    match = _TIME.fullmatch(obj)
    if match is None:
        raise _PathError(
            obj,
            "is not a local time",
            "write it as HH:MM:SS, or HH:MM:SS.ffffff with six digits, e.g. '09:30:00'",
        )
    try:
        hour, minute, second, micro = (int(piece) for piece in match.groups(default="0"))
        value = time(hour, minute, second, micro)
    except ValueError as error:
        raise _PathError(obj, f"is not a valid time ({error})", "check each field") from None
    if value.isoformat() != obj:
        raise _PathError(obj, "is not in canonical form", f"write {value.isoformat()!r}")
    return value


# -- containers ------------------------------------------------------------------------


def _hints(kind: type) -> dict[str, Any]:
    module = _MODULE_OF.get(kind)
    if module is None:  # pragma: no cover (every type reached is covered)
        return typing.get_type_hints(kind)
    return typing.get_type_hints(kind, globalns=vars(module))


def _is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def _is_optional(kind: Any) -> bool:
    args = typing.get_args(kind)
    return _is_union(kind) and len(args) >= 2 and type(None) in args


def _is_tagged(kind: Any) -> bool:
    return _is_union(kind) and all(arg in _TAGS for arg in typing.get_args(kind))


def _is_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _present(kind: Any) -> Any:
    # An optional field's type without None: Money | Diamonds for Money | Diamonds | None.
    present = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    return functools.reduce(operator.or_, present)


def _optional_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = _present(kind)
    hook = converter.get_structure_hook(inner)
    return lambda obj, _: None if obj is None else hook(obj, inner)


def _optional_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(_present(kind))
    return lambda value: None if value is None else hook(value)


def _tagged_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    by_tag = {_TAGS[arg]: arg for arg in typing.get_args(kind)}
    tags = tuple(by_tag)
    hooks = {tag: converter.get_structure_hook(arg) for tag, arg in by_tag.items()}
    hint = f"write an object with one key naming the kind: {' or '.join(tags)}"

    def structure(obj: Any, _: Any) -> Any:
        if type(obj) is not dict or not obj:
            raise _PathError(
                obj, f"must be an object with exactly one of the keys {_keys(tags)}", hint
            )
        for tag in obj:
            if tag not in by_tag:
                raise _PathError(obj[tag], "is not a kind this field can hold", hint, parts=(tag,))
        if len(obj) != 1:
            raise _PathError(obj, "must hold exactly one kind", hint)
        ((tag, value),) = obj.items()
        return _at(tag, lambda inner: hooks[tag](inner, by_tag[tag]), value)

    return structure


def _tagged_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    args = typing.get_args(kind)
    hooks = {arg: converter.get_unstructure_hook(arg) for arg in args}
    names = " or ".join(getattr(arg, "__name__", str(arg)) for arg in args)

    def unstructure(value: Any) -> Any:
        arg = type(value)
        if arg not in hooks:
            raise _PathError(value, f"must be {names}", "fix the value before writing it")
        return {_TAGS[arg]: _at(_TAGS[arg], hooks[arg], value)}

    return unstructure


def _tuple_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = typing.get_args(kind)[0]
    hook = converter.get_structure_hook(inner)

    def structure(obj: Any, _: Any) -> tuple[Any, ...]:
        if type(obj) is not list:
            raise _PathError(obj, "must be a list", "write the items in square brackets")
        items = []
        for index, item in enumerate(obj):
            try:
                items.append(hook(item, inner))
            except _PathError as bad:
                raise bad.within(index) from None
        return tuple(items)

    return structure


def _tuple_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(typing.get_args(kind)[0])

    def unstructure(value: Any) -> list[Any]:
        if type(value) is not tuple:
            raise _PathError(value, "must be a tuple", "fix the value before writing it")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(hook(item))
            except _PathError as bad:
                raise bad.within(index) from None
        return items

    return unstructure


def _enum_in(kind: Any) -> Callable[[Any, Any], Any]:
    members = {member.value: member for member in kind}
    values = ", ".join(repr(value) for value in members)

    def structure(obj: Any, _: Any) -> Any:
        member = members.get(obj) if type(obj) is str else None
        if member is None:
            raise _PathError(obj, f"is not a {kind.__name__}", f"write one of {values}")
        return member

    return structure


def _enum_out(kind: Any) -> Callable[[Any], Any]:
    def unstructure(value: Any) -> Any:
        if type(value) is not kind:
            raise _PathError(value, f"must be a {kind.__name__}", "fix the value before writing it")
        return value.value

    return unstructure


_FIRST = re.compile(r"[A-Za-z_]\w*", re.ASCII)
_STEP = re.compile(r"\[(\d+)\]|\['([^']*)'\]|\.([A-Za-z_]\w*)", re.ASCII)


def _argument_path(
    argument: Any, error: Exception, obj: dict[str, Any], names: tuple[str, ...]
) -> tuple[Path, Any] | None:
    """The path in ``obj`` of what a validator's ``argument`` names, and the data there.

    Validators name fields (``end``), items (``values[2].start``), entries of a mapping
    (``by_country['US']``) or keys (``by_country key``); the path follows the argument
    as far as the data has it.

    >>> data = {"values": [{"start": None, "value": 1}], "by_country": {"us": "0.1"}}
    >>> _argument_path("values[0].start", ValueError(), data, ("values",))
    (('values', 0, 'start'), None)
    >>> from giftflow import InvalidValueError
    >>> bad_key = InvalidValueError("by_country key", "us", "is bad", "")
    >>> _argument_path("by_country key", bad_key, data, ("by_country",))
    (('by_country', 'us'), 'us')
    >>> _argument_path("total", ValueError(), data, ("values",)) is None
    True
    """
    first = _FIRST.match(argument) if isinstance(argument, str) else None
    if first is None or first.group() not in names:
        return None
    parts: list[str | int] = [first.group()]
    node, position = obj[first.group()], first.end()
    while position < len(argument):
        step = _STEP.match(argument, position)
        if step is None:
            break
        index, key, attribute = step.groups()
        if index is not None and type(node) is list and int(index) < len(node):
            parts.append(int(index))
            node = node[int(index)]
        elif type(node) is dict and (key or attribute) in node:
            parts.append(key or attribute)
            node = node[key or attribute]
        else:
            break
        position = step.end()
    value = getattr(error, "value", None)
    if (
        argument[position:] == " key"
        and type(node) is dict
        and type(value) is str
        and value in node
    ):
        return (*parts, value), value
    return tuple(parts), node


def _class_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
    from cattrs.gen import make_dict_structure_fn_from_attrs

    hints = _hints(kind)
    fields = [field.evolve(type=hints[field.name]) for field in attrs.fields(kind)]
    names = tuple(field.name for field in fields)
    generated = make_dict_structure_fn_from_attrs(fields, kind, converter)
    what = kind.__name__

    def problem(group: ClassValidationError, obj: dict[str, Any]) -> _PathError:
        for error in group.exceptions:
            notes = [
                n for n in getattr(error, "__notes__", ()) if type(n) is AttributeValidationNote
            ]
            if isinstance(error, _PathError):
                return error.within(notes[-1].name) if notes else error.within()
            if isinstance(error, ForbiddenExtraKeysError):
                key = next(key for key in obj if key in error.extra_fields)
                return _PathError(
                    obj[key],
                    f"is not a key of {what}",
                    f"remove it; the keys are {_keys(names)}",
                    parts=(key,),
                )
            # Without a note: the class itself refused the fields (a validator).
            argument = getattr(error, "argument", None)
            found = _argument_path(argument, error, obj, names)
            if found is not None:
                parts, value = found
                bad = _refused(value, error, parts=parts)
                if isinstance(value, dict | list) and isinstance(error, InvalidArgumentError):
                    bad.problem = f"{bad.problem} ({_ShortRepr().repr(error.value)})"
                return bad
            bad = _refused(obj, error)
            if isinstance(error, InvalidArgumentError):
                bad.problem = f"is not a valid {what}: {error.argument} {error.problem}"
            else:
                bad.problem = f"is not a valid {what}"
            return bad
        raise AssertionError("cattrs raised an empty ClassValidationError")  # pragma: no cover

    # Fields whose converter normalises (sorts, upper-cases): the data must already be
    # in the normal form, so that one value has one spelling.
    normalised = [
        (field.name, converter.get_unstructure_hook(field.type))
        for field in fields
        if field.converter is not None
    ]

    def structure(obj: Any, _: Any) -> Any:
        fields = _require(obj, what, names)
        try:
            value = generated(fields, kind)
        except ClassValidationError as group:
            raise problem(group, fields) from None
        for name, write in normalised:
            canonical = write(getattr(value, name))
            if canonical != fields[name]:
                raise _PathError(
                    fields[name],
                    "is not in canonical form",
                    f"write {_ShortRepr().repr(canonical)}",
                    parts=(name,),
                )
        return value

    return structure


def _class_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hints = _hints(kind)
    hooks = [
        (field.name, converter.get_unstructure_hook(hints[field.name]))
        for field in attrs.fields(kind)
    ]

    def unstructure(value: Any) -> dict[str, Any]:
        if type(value) is not kind:
            raise _PathError(value, f"must be a {kind.__name__}", "fix the value before writing it")
        return {name: _at(name, hook, getattr(value, name)) for name, hook in hooks}

    return unstructure


# -- fields with a shape of their own ---------------------------------------------------

# Tuples of pairs that are lists of objects, keyed by the type of the field: the
# object's name in messages, and its two keys.
_RECORDS: dict[Any, tuple[str, str, str]] = {
    _hints(Storefront)["fees"]: ("channel's fees", "channel", "fees"),
    _hints(PolicySchedule)["entries"]: ("policy entry", "start", "policy"),
    _hints(DiamondValuation)["values"]: ("valuation entry", "start", "value"),
}
# Objects whose keys must be country codes, keyed by the type of the field.
_COUNTRY_KEYS = {_hints(AgeRule)["by_country"]}
_COUNTRY = re.compile(r"[A-Z]{2}", re.ASCII)


def _is_record(kind: Any) -> bool:
    return kind in _RECORDS


def _records_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    what, *keys = _RECORDS[kind]
    parts = typing.get_args(typing.get_args(kind)[0])
    hooks = [
        (key, part, converter.get_structure_hook(part))
        for key, part in zip(keys, parts, strict=True)
    ]
    hint = "write a list of objects with the keys " + _keys(tuple(keys))

    def entry(obj: Any) -> tuple[Any, ...]:
        fields = _object(obj, what, tuple(keys))
        items = []
        for key, part, hook in hooks:
            try:
                items.append(hook(fields[key], part))
            except _PathError as bad:
                raise bad.within(key) from None
        return tuple(items)

    def structure(obj: Any, _: Any) -> tuple[Any, ...]:
        if type(obj) is not list:
            raise _PathError(obj, "must be a list", hint)
        return tuple(_at_index(index, entry, item) for index, item in enumerate(obj))

    return structure


def _records_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    what, *keys = _RECORDS[kind]
    parts = typing.get_args(typing.get_args(kind)[0])
    hooks = [
        (key, converter.get_unstructure_hook(part)) for key, part in zip(keys, parts, strict=True)
    ]

    def entry(pair: Any) -> dict[str, Any]:
        if type(pair) is not tuple or len(pair) != 2:
            raise _PathError(pair, f"must be a pair ({what})", "fix the value before writing it")
        return {key: _at(key, hook, item) for (key, hook), item in zip(hooks, pair, strict=True)}

    def unstructure(value: Any) -> list[Any]:
        if type(value) is not tuple:
            raise _PathError(value, "must be a tuple", "fix the value before writing it")
        return [_at_index(index, entry, pair) for index, pair in enumerate(value)]

    return unstructure


def _at_index(index: int, hook: Callable[[Any], T], value: Any) -> T:
    try:
        return hook(value)
    except _PathError as bad:
        raise bad.within(index) from None


def _is_map(kind: Any) -> bool:
    """Whether a field holds a mapping of strings, written as an object.

    A ``Mapping[str, X]``, or the tuple of ``(str, X)`` pairs a frozen class keeps a
    dict in (``AgeRule.by_country``).
    """
    args = typing.get_args(kind)
    if typing.get_origin(kind) is Mapping:
        return args[0] is str
    if not _is_tuple(kind):
        return False
    pair = typing.get_args(args[0])
    return typing.get_origin(args[0]) is tuple and len(pair) == 2 and pair[0] is str


def _value_type(kind: Any) -> Any:
    args = typing.get_args(kind)
    return args[1] if typing.get_origin(kind) is Mapping else typing.get_args(args[0])[1]


def _map_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = _value_type(kind)
    hook = converter.get_structure_hook(inner)
    countries = kind in _COUNTRY_KEYS
    mapping = typing.get_origin(kind) is Mapping

    def structure(obj: Any, _: Any) -> Any:
        if type(obj) is not dict:
            raise _PathError(obj, "must be an object", 'write {"key": value, ...}')
        items = []
        for key, item in obj.items():
            if type(key) is not str:
                # Not in the path: a path names keys by their text.
                raise _PathError(key, "has a key that is not a string", "write keys as strings")
            if countries and not _COUNTRY.fullmatch(key):
                raise _PathError(
                    key,
                    "is not an ISO 3166-1 alpha-2 country code",
                    "write upper-case codes such as 'KR'",
                    parts=(key,),
                )
            items.append((key, _at(key, lambda value: hook(value, inner), item)))
        # In the order written: a round trip keeps a tuple of pairs exactly as it was.
        return dict(items) if mapping else tuple(items)

    return structure


def _map_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(_value_type(kind))

    def unstructure(value: Any) -> dict[str, Any]:
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif type(value) is tuple:
            pairs = list(value)
        else:
            raise _PathError(value, "must be a mapping or a tuple of pairs", "build it from a dict")
        written: dict[str, Any] = {}
        for index, pair in enumerate(pairs):
            if type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not str:
                raise _PathError(
                    pair, "must be a (str, value) pair", "build it from a dict", parts=(index,)
                )
            if pair[0] in written:
                raise _PathError(pair, "repeats a key", "list each key once", parts=(index,))
            written[pair[0]] = _at(pair[0], hook, pair[1])
        return written

    return unstructure


# -- the converter ------------------------------------------------------------------------


def _is(kind: type) -> Callable[[Any], bool]:
    return lambda candidate: candidate is kind


# -- the ledger: its configuration and the events it applied ----------------------------

_LEDGER_KEYS = ("economy", "guards", "clawback", "agencies", "sponsors", "events")


def _ledger_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    def unstructure(ledger: Ledger) -> dict[str, Any]:
        return {
            "economy": converter.unstructure(ledger.economy, Economy),
            "guards": converter.unstructure(ledger.guards, BalanceGuards),
            "clawback": converter.unstructure(ledger.clawback, Clawback),
            "agencies": {
                creator: converter.unstructure(agency, Agency)
                for creator, agency in sorted(ledger.agencies.items())
            },
            "sponsors": {
                sponsor: converter.unstructure(budget, SponsorBudget)
                for sponsor, budget in sorted(ledger._initial_sponsors.items())
            },
            "events": [converter.unstructure(event, LedgerEvent) for event in ledger.events],
        }

    return unstructure


def _ledger_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    def read(part: Any) -> Callable[[Any], Any]:
        hook = converter.get_structure_hook(part)
        return lambda value: hook(value, part)

    def mapping(part: type) -> Callable[[Any], dict[str, Any]]:
        hook = read(part)

        def structure(obj: Any) -> dict[str, Any]:
            if type(obj) is not dict:
                raise _PathError(obj, "must be an object", "write {} for none")
            return {_at(key, _str_in, key): _at(key, hook, value) for key, value in obj.items()}

        return structure

    def structure(obj: Any, _: Any) -> Ledger:
        fields = _object(obj, "Ledger", _LEDGER_KEYS)
        economy = _at("economy", read(Economy), fields["economy"])
        guards = _at("guards", read(BalanceGuards), fields["guards"])
        clawback = _at("clawback", read(Clawback), fields["clawback"])
        agencies = _at("agencies", mapping(Agency), fields["agencies"])
        sponsors = _at("sponsors", mapping(SponsorBudget), fields["sponsors"])
        events = fields["events"]
        if type(events) is not list:
            raise _PathError(events, "must be a list", "write [] for none", parts=("events",))
        try:
            ledger = Ledger(
                economy, guards=guards, clawback=clawback, agencies=agencies, sponsors=sponsors
            )
        except GiftflowError as error:
            raise _refused(obj, error) from None
        event_hook = read(LedgerEvent)
        for index, data in enumerate(events):
            try:
                event = event_hook(data)
            except _PathError as bad:
                raise bad.within("events", index) from None
            try:
                ledger.apply(event)
            except GiftflowError as error:
                # The whole ledger is refused: a replay that fails builds nothing.
                raise _refused(data, error, parts=("events", index)) from None
        return ledger

    return structure


@functools.cache
def _converter() -> cattrs.Converter:
    # Built on first use, so that `import giftflow` does not import cattrs.
    import cattrs

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    structure, unstructure = (
        converter.register_structure_hook_factory,
        converter.register_unstructure_hook_factory,
    )
    # Later registrations take precedence: generic shapes first, special ones after.
    structure(attrs.has, _class_in)
    unstructure(attrs.has, _class_out)
    structure(_is_enum, _enum_in)
    unstructure(_is_enum, _enum_out)
    structure(_is_tuple, _tuple_in)
    unstructure(_is_tuple, _tuple_out)
    structure(_is_optional, _optional_in)
    unstructure(_is_optional, _optional_out)
    structure(_is_tagged, _tagged_in)
    unstructure(_is_tagged, _tagged_out)
    structure(_is_map, _map_in)
    unstructure(_is_map, _map_out)
    structure(_is_record, _records_in)
    unstructure(_is_record, _records_out)
    structure(_is(Ledger), _ledger_in)
    unstructure(_is(Ledger), _ledger_out)
    leaves: list[tuple[type, Callable[[Any, Any], Any], Callable[[Any], Any]]] = [
        (str, _str_in, _str_out),
        (int, _int_in, _int_out),
        (bool, _bool_in, _bool_out),
        (Currency, _currency_in, _currency_out),
        (Money, _money_in, _money_out),
        (ExactMoney, _exact_money_in, _exact_money_out),
        (Fraction, _fraction_in, _fraction_out),
        (Rate, _rate_in, _rate_out),
        (Coins, _units_in, _units_out),
        (Diamonds, _units_in, _units_out),
        (Channel, _channel_in, _channel_out),
        (datetime, _datetime_in, _datetime_out),
        (date, _date_in, _date_out),
        (time, _time_in, _time_out),
        (timedelta, _timedelta_in, _timedelta_out),
        (tzinfo, _zone_in, _zone_out),
    ]
    for kind, read, write in leaves:
        if attrs.has(kind):
            # By predicate: registering an attrs class directly makes cattrs resolve its
            # annotations through __module__ (the facade), not the defining module.
            converter.register_structure_hook_func(_is(kind), read)
            converter.register_unstructure_hook_func(_is(kind), write)
        else:
            converter.register_structure_hook(kind, read)
            converter.register_unstructure_hook(kind, write)
    return converter
