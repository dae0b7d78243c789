"""The value trace: where every minor unit a viewer paid for a gift went, exactly."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_in._packages import Channel
from giftflow._coins_out._gifts import GiftReceipt
from giftflow._coins_out._tables import trace_html, trace_records
from giftflow._values._allocation import round_to_total
from giftflow._values._checks import check_instance, check_name
from giftflow._values._currency import Currency
from giftflow._values._errors import CurrencyMismatchError, InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney
from giftflow._values._numbers import format_scaled
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, Diamonds, UnitNames

__all__ = ["TraceRow", "ValueTrace", "trace"]


def _check_label(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    if type(value) is not str or not value.strip():
        raise InvalidValueError("label", value, "must be a non-empty str", "pass e.g. 'store fee'")


def _check_diamonds(row: TraceRow) -> None:
    # Only a creator row issues diamonds, and its amount is their worth: same sign. (A
    # carried remainder can make a gift issue -1 diamond under a half-way rounding.)
    value = row.diamonds
    if value is None:
        return
    if type(value) is not Diamonds or row.party != "creator":
        raise InvalidValueError(
            "diamonds", value, "must be None, or Diamonds on a creator row", "pass None"
        )
    sign = (value.amount > 0) - (value.amount < 0)
    if sign != (row.amount.minor > 0) - (row.amount.minor < 0):
        raise InvalidValueError(
            "diamonds", value, f"must have the sign of amount={row.amount}", "see trace"
        )


def _check_rows(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not tuple or not all(type(row) is TraceRow for row in value):
        raise InvalidTypeError("rows", value, "must be a tuple of TraceRow", "build it with trace")


def _check_channel(value: Any) -> None:
    if value is not None and type(value) is not Channel:
        raise InvalidTypeError("channel", value, "must be a Channel or None", "pass Channel.IOS")


def _check_optional_channel(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_channel(value)


def _check_count(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValueError("count", value, "must be a positive int", "pass the gift count")


def _check_coins(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 0:
        raise InvalidValueError("coins", value, "must be an int >= 0", "pass the gift's coins")


@attrs.frozen(kw_only=True)
class TraceRow:
    """One destination of the money paid for a gift.

    Attributes:
        party: Who gets it: ``tax``, ``store``, ``processor``, ``creator``,
            ``rounding``, ``agency`` or ``platform`` (``fees`` when a lot did not
            itemise tax and fees).
        label: A human description.
        amount: The exact amount, in the currency the viewer paid.
        diamonds: For creator rows, the whole diamonds issued.
    """

    party: str = attrs.field(validator=check_name)
    label: str = attrs.field(validator=_check_label)
    amount: ExactMoney = attrs.field(validator=check_instance(ExactMoney, "ExactMoney.parse(...)"))
    diamonds: Diamonds | None = None

    def __attrs_post_init__(self) -> None:
        _check_diamonds(self)


@attrs.frozen(kw_only=True)
class ValueTrace:
    """Every minor unit paid for a gift, where it went; the rows add up exactly to ``paid``.

    ``str()`` is a table for terminals, ``_repr_html_()`` a table for notebooks,
    ``to_records()`` plain records (party, label, amount, currency, diamonds) for
    polars, pandas or JSON.
    """

    gift: str = attrs.field(validator=check_name)
    count: int = attrs.field(validator=_check_count)
    coins: int = attrs.field(validator=_check_coins)
    paid_by: str = attrs.field(validator=_check_label)
    paid: ExactMoney = attrs.field(validator=check_instance(ExactMoney, "ExactMoney.parse(...)"))
    rows: tuple[TraceRow, ...] = attrs.field(validator=_check_rows)
    channel: Channel | None = attrs.field(default=None, validator=_check_optional_channel)
    names: UnitNames = attrs.field(
        factory=UnitNames, validator=check_instance(UnitNames, "UnitNames()")
    )

    def __attrs_post_init__(self) -> None:
        for row in self.rows:
            if row.amount.currency != self.paid.currency:
                raise CurrencyMismatchError(
                    "combine rows and paid in", row.amount.currency, self.paid.currency
                )
        total = sum((row.amount.minor for row in self.rows), Fraction(0))
        if total != self.paid.minor:
            raise InvalidValueError(
                "rows",
                self.rows,
                f"add up to {total}, not {self.paid.minor}",
                "a trace must balance",
            )

    @property
    def currency(self) -> Currency:
        """The currency the viewer (or sponsor) paid in."""
        return self.paid.currency

    def total(self, party: str) -> ExactMoney:
        """The exact total of the rows of ``party``."""
        if type(party) is not str:
            raise InvalidTypeError("party", party, "must be a str", "pass e.g. 'creator'")
        amount = sum((r.amount.minor for r in self.rows if r.party == party), Fraction(0))
        return ExactMoney(amount, self.currency)

    @property
    def creator_take_rate(self) -> Rate:
        """The creators' earnings (rounding included) as a share of what was paid."""
        if self.paid.minor == 0:
            return Rate.ZERO
        earned = self.total("creator").minor + self.total("rounding").minor
        return Rate(max(earned, Fraction(0)) / self.paid.minor)

    to_records = trace_records
    _repr_html_ = trace_html

    def _lines(self) -> list[tuple[str, str, str]]:
        # Shown amounts and shares are rounded as one allocation (largest remainder), so
        # the rows add up to the paid line and the shares to 100.0%, to the digit shown.
        scaled = [row.amount.minor * 100 for row in self.rows]
        shown = round_to_total(scaled, Rounding.HALF_EVEN.round(self.paid.minor * 100).units)
        if self.paid.minor:
            tenths = round_to_total(
                [row.amount.minor * 1000 / self.paid.minor for row in self.rows], 1000
            )
        else:
            tenths = [0] * len(self.rows)
        return [
            (row.label, _show_scaled(shown_units, exact, self.currency), _tenths(share))
            for row, shown_units, exact, share in zip(self.rows, shown, scaled, tenths, strict=True)
        ]

    def __str__(self) -> str:
        via = f" via {self.channel}" if self.channel is not None else ""
        coins = self.names.show(Coins(self.coins))
        head = f"{self.count} x {self.gift} ({coins}), paid by {self.paid_by}{via}"
        lines = self._lines()
        width = max(len(label) for label, _, _ in [*lines, ("paid", "", "")])
        amount_width = max(len(a) for _, a, _ in [*lines, ("", _show(self.paid), "")])
        out = [head, f"  {'paid':<{width}}  {_show(self.paid):>{amount_width}}  100.0%"]
        out += [
            f"  {label:<{width}}  {amount:>{amount_width}}  {share:>6}"
            for label, amount, share in lines
        ]
        out.append(f"  creator take rate: {_percent(self.creator_take_rate)}")
        return "\n".join(out)

    def _heading(self) -> tuple[str, str]:
        # What the HTML table shows around the lines: the paid amount and the take rate.
        return _show(self.paid), _percent(self.creator_take_rate)


def _show(amount: ExactMoney) -> str:
    """Exact when it terminates within two extra places, else rounded with a ``~``."""
    scaled = amount.minor * 100
    return _show_scaled(Rounding.HALF_EVEN.round(scaled).units, scaled, amount.currency)


def _show_scaled(units: int, exact: Fraction, currency: Currency) -> str:
    """``units`` hundredths of a minor unit, with a ``~`` when they are not ``exact``."""
    text = format_scaled(units, currency.exponent + 2)
    return f"{'' if units == exact else '~'}{text} {currency.code}"


def _tenths(tenths: int) -> str:
    """A share in tenths of a percent: ``-4.2%``."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{tenth}%"


def _percent(rate: Rate) -> str:
    return rate.percent(1, Rounding.HALF_EVEN)


def _convert(value: ExactMoney, target: Currency, fx: Rate | None) -> ExactMoney:
    if value.currency == target:
        return value
    if fx is None:
        raise CurrencyMismatchError("trace", target, value.currency)
    # fx: one major unit of the value currency is worth fx major units of the target.
    scale = Fraction(10**target.exponent, 10**value.currency.exponent)
    return ExactMoney(value.minor * fx.value * scale, target)


def trace(
    receipt: GiftReceipt, *, fx: Rate | None = None, channel: Channel | None = None
) -> ValueTrace:
    """Explain a gift: where every minor unit paid for its coins went.

    Args:
        receipt: From :func:`send_gift`.
        fx: When creators are valued in another currency than the viewer paid in
            (a UK viewer, diamonds worth USD): one unit of the diamonds' currency
            in units of the paid currency. Required then; never fetched.
        channel: Shown in the heading when the coins came from one channel.

    Raises:
        CurrencyMismatchError: The currencies differ and no ``fx`` was given.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Carry, Channel, GiftEvent, Wallet, checkout, presets, send_gift
    >>> economy = presets.twitch_bits()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    >>> wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    >>> cheer = GiftEvent(id="e1", viewer="v1", gift="Cheer100", count=1, recipients="ana",
    ...                   country="US", at=at)
    >>> receipt = send_gift(economy, wallet, cheer, carry=Carry())
    >>> print(trace(receipt))  # doctest: +NORMALIZE_WHITESPACE
    1 x Cheer100 (100 Bits), paid by v1
      paid                     1.4000 USD  100.0%
      creator ana: 100 Bits    1.0000 USD   71.4%
      platform                 0.4000 USD   28.6%
      creator take rate: 71.4%
    """
    if type(receipt) is not GiftReceipt:
        raise InvalidTypeError("receipt", receipt, "must be a GiftReceipt", "use send_gift(...)")
    if fx is not None and (type(fx) is not Rate or fx.value <= 0):
        raise InvalidValueError(
            "fx", fx, "must be a positive Rate or None", "pass e.g. Rate.parse('0.79')"
        )
    _check_channel(channel)
    funding = receipt.funding
    currency = funding.gross.currency
    rows: list[TraceRow] = []
    itemised = (funding.tax, funding.store_fee, funding.processor_fee)
    if all(part is not None for part in itemised):
        for party, label, part in zip(
            ("tax", "store", "processor"),
            ("tax", "store fee", "processor fee"),
            itemised,
            strict=True,
        ):
            assert part is not None
            if part.minor:
                rows.append(TraceRow(party=party, label=label, amount=part))
    else:
        rows.append(
            TraceRow(
                party="fees",
                label="tax and fees (not itemised)",
                amount=funding.gross - funding.net,
            )
        )
    unit_value = receipt.policy.diamond_value
    kept = funding.net.minor
    for share in receipt.shares:
        issued = _convert(
            ExactMoney(Fraction(share.diamonds.amount * unit_value.minor), unit_value.currency),
            currency,
            fx,
        )
        earned = _convert(share.value, currency, fx)
        bonus = " incl. battle bonus" if share.battle_bonus else ""
        rows.append(
            TraceRow(
                party="creator",
                label=f"creator {share.creator}: {receipt.names.show(share.diamonds)}{bonus}",
                amount=issued,
                diamonds=share.diamonds,
            )
        )
        rounding = earned - issued
        if rounding.minor:
            rows.append(
                TraceRow(
                    party="rounding",
                    label=f"carried for {share.creator} (rounding)",
                    amount=rounding,
                )
            )
        kept -= earned.minor
        if share.agency_value is not None and share.agency_value.minor:
            rows.append(
                TraceRow(party="agency", label=f"agency {share.agency}", amount=share.agency_value)
            )
            kept -= share.agency_value.minor
    rows.append(TraceRow(party="platform", label="platform", amount=ExactMoney(kept, currency)))
    paid_by = f"sponsor {receipt.sponsor.sponsor}" if receipt.sponsor else receipt.event.viewer
    return ValueTrace(
        gift=receipt.gift.name,
        count=receipt.event.count,
        coins=receipt.coins.amount,
        paid_by=paid_by,
        paid=funding.gross,
        rows=tuple(rows),
        channel=channel,
        names=receipt.names,
    )
