"""Payout statements: a period's earnings, payouts, fees, withholding and balance carried."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import attrs

from giftflow._cash_out._plan import Earning, PayoutRecord, check_records, same_currency
from giftflow._cash_out._tables import statement_fields, statement_html, statement_records
from giftflow._values._checks import check_instance
from giftflow._values._currency import Currency
from giftflow._values._currency import resolve_currency as _resolve_currency
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._tables import text_fields
from giftflow._values._time import Window
from giftflow._values._units import Diamonds, UnitNames

__all__ = ["PayoutStatement", "payout_statement"]


def _ends(value: Any) -> tuple[datetime, datetime]:
    # A statement's period, in UTC: a Window with both ends.
    if type(value) is not Window or value.start is None or value.end is None:
        raise InvalidValueError(
            "period",
            value,
            "must be a Window with a start and an end",
            "pass Window(start=..., end=...)",
        )
    return _utc(value.start), _utc(value.end)


def _check_period(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _ends(value)


def _check_payouts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(r) is PayoutRecord for r in value):
        raise InvalidTypeError(
            "payouts", value, "must be a tuple of PayoutRecord", "wrap the records in a tuple"
        )


def _diamonds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Diamonds:
        raise InvalidTypeError(attribute.name, value, "must be Diamonds", "pass Diamonds(700)")


def _money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Money:
        raise InvalidTypeError(attribute.name, value, "must be Money", "pass Money.zero('USD')")


def _refuse(argument: str, value: Any, problem: str) -> InvalidValueError:
    return InvalidValueError(
        argument, value, problem, "build statements with payout_statement, not by editing one"
    )


@attrs.frozen(kw_only=True)
class PayoutStatement:
    """A creator's statement for a period: diamonds earned and paid out, money, balance carried.

    ``closing == opening + earned - paid_out`` in diamonds, and
    ``net == gross - fees - withheld`` in money; ``paid_out``, ``gross``, ``fees`` and
    ``withheld`` are the totals of ``payouts``, which lie in the period. A statement that
    does not add up is refused, however it was made (constructor, ``attrs.evolve``,
    ``from_data``). ``to_records()`` gives the payouts as plain records,
    ``_repr_html_()`` the statement and its payouts for notebooks.

    Attributes:
        period: The statement's window ``[start, end)``.
        opening: Diamonds not yet paid out at the start.
        earned: Diamonds earned in the period.
        paid_out: Diamonds withdrawn in the period.
        closing: Diamonds carried to the next period.
        gross: Value of the diamonds withdrawn.
        fees: Fees borne by the creator.
        withheld: Tax withheld.
        net: What was paid, before currency conversion.
        payouts: The payouts in the period, oldest first.
        names: What the platform calls diamonds.

    >>> from datetime import datetime, timezone
    >>> jan = Window(start=datetime(2026, 1, 1, tzinfo=timezone.utc),
    ...              end=datetime(2026, 2, 1, tzinfo=timezone.utc))
    >>> statement = payout_statement(
    ...     earnings=[Earning(at=datetime(2026, 1, 9, tzinfo=timezone.utc), diamonds=Diamonds(700))],
    ...     payouts=[], period=jan, currency="USD")
    >>> statement.closing, statement.net
    (Diamonds(700), Money.parse('0.00', 'USD'))
    """

    period: Window = attrs.field(validator=_check_period)
    opening: Diamonds = attrs.field(validator=_diamonds)
    earned: Diamonds = attrs.field(validator=_diamonds)
    paid_out: Diamonds = attrs.field(validator=_diamonds)
    closing: Diamonds = attrs.field(validator=_diamonds)
    gross: Money = attrs.field(validator=_money)
    fees: Money = attrs.field(validator=_money)
    withheld: Money = attrs.field(validator=_money)
    net: Money = attrs.field(validator=_money)
    payouts: tuple[PayoutRecord, ...] = attrs.field(validator=_check_payouts)
    names: UnitNames = attrs.field(
        factory=UnitNames, validator=check_instance(UnitNames, "UnitNames()")
    )

    def __attrs_post_init__(self) -> None:
        for name in ("earned", "paid_out"):
            if getattr(self, name).amount < 0:
                raise _refuse(name, getattr(self, name), "must not be negative")
        home = self.gross.currency
        for name in ("fees", "withheld", "net"):
            same_currency(name, getattr(self, name), home)
        start, end = _ends(self.period)
        for index, record in enumerate(self.payouts):
            if not start <= _utc(record.at) < end:
                raise _refuse(f"payouts[{index}].at", record.at, "must lie in the period")
            same_currency(f"payouts[{index}].amount", record.amount, home)
        totals = {
            "paid_out": sum(r.diamonds.amount for r in self.payouts),
            "gross": sum(r.amount.minor for r in self.payouts),
            "fees": sum(r.fees.minor for r in self.payouts if r.fees is not None),
            "withheld": sum(r.withheld.minor for r in self.payouts if r.withheld is not None),
        }
        for name, total in totals.items():
            value = getattr(self, name)
            if (value.amount if name == "paid_out" else value.minor) != total:
                raise _refuse(name, value, f"must be the total of the payouts ({total:,})")
        if self.net.minor != self.gross.minor - self.fees.minor - self.withheld.minor:
            raise _refuse("net", self.net, "must be gross less fees and withheld")
        expected = self.opening.amount + self.earned.amount - self.paid_out.amount
        if self.closing.amount != expected:
            raise _refuse(
                "closing", self.closing, f"must be opening + earned - paid_out ({expected:,})"
            )

    to_records = statement_records
    _repr_html_ = statement_html

    def __str__(self) -> str:
        return text_fields(statement_fields(self))


def payout_statement(
    *,
    earnings: Iterable[Earning],
    payouts: Iterable[PayoutRecord],
    period: Window,
    currency: Currency | str,
    names: UnitNames | None = None,
) -> PayoutStatement:
    """A statement of ``period``: earned, paid out, fees, withheld, and the balance carried.

    Args:
        earnings: The creator's earnings (any period; only the window counts as earned).
        payouts: The creator's payout records.
        period: A :class:`Window` with both ends.
        currency: The valuation currency (so an empty statement still has one).
        names: What the platform calls diamonds.

    Raises:
        InvalidValueError: ``period`` is open at either end.
        CurrencyMismatchError: A payout's money is in another currency.

    >>> from datetime import datetime, timezone
    >>> def day(d): return datetime(2026, 11, d, tzinfo=timezone.utc)
    >>> statement = payout_statement(
    ...     earnings=[Earning(at=day(1), diamonds=Diamonds(5000)),
    ...               Earning(at=day(20), diamonds=Diamonds(1000))],
    ...     payouts=[PayoutRecord(at=day(10), diamonds=Diamonds(4000),
    ...                           amount=Money.parse("20", "USD"), fees=Money.parse("0.40", "USD"))],
    ...     period=Window(start=day(5), end=day(30)), currency="USD")
    >>> print(statement)
    period           2026-11-05 to 2026-11-30
    opening balance  5,000 diamonds
    earned           1,000 diamonds
    paid out         4,000 diamonds
    closing balance  2,000 diamonds
    gross            20.00 USD
    fees             0.40 USD
    withheld         0.00 USD
    net              19.60 USD
    """
    start, end = _ends(period)
    home = _resolve_currency("currency", currency)
    shown = names if names is not None else UnitNames()
    if type(shown) is not UnitNames:
        raise InvalidTypeError("names", names, "must be UnitNames or None", "pass UnitNames()")
    earned = check_records("earnings", earnings, Earning)
    records = check_records("payouts", payouts, PayoutRecord)
    for index, record in enumerate(records):
        # A record's fees and withholding are in its amount's currency (PayoutRecord checks).
        same_currency(f"payouts[{index}].amount", record.amount, home)
    before = sum(e.diamonds.amount for e in earned if _utc(e.at) < start)
    during = sum(e.diamonds.amount for e in earned if start <= _utc(e.at) < end)
    paid_before = sum(r.diamonds.amount for r in records if _utc(r.at) < start)
    inside = sorted(
        (r for r in records if start <= _utc(r.at) < end),
        key=lambda r: (_utc(r.at), r.diamonds.amount),
    )
    paid_out = sum(r.diamonds.amount for r in inside)
    gross = Money.total((r.amount for r in inside), home)
    fees = Money.total((r.fees for r in inside if r.fees is not None), home)
    withheld = Money.total((r.withheld for r in inside if r.withheld is not None), home)
    opening = before - paid_before
    return PayoutStatement(
        period=period,
        opening=Diamonds(opening),
        earned=Diamonds(during),
        paid_out=Diamonds(paid_out),
        closing=Diamonds(opening + during - paid_out),
        gross=gross,
        fees=fees,
        withheld=withheld,
        net=gross - fees - withheld,
        payouts=tuple(inside),
        names=shown,
    )


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
