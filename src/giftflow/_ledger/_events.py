"""The events a ledger applies: everything that moves coins, diamonds or money.

Each event carries the caller's unique ``id`` (its idempotency key) and the time
``at`` it takes effect. Events are plain immutable values; what they do to the
books is decided by :meth:`giftflow.Ledger.apply` alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from giftflow._cash_out._plan import PayoutLeg, PayoutLegKind, PayoutPlan
from giftflow._coins_in._purchase import Purchase
from giftflow._coins_out._gifts import GiftEvent
from giftflow._ledger._errors import EventOrderError
from giftflow._ledger._payable_events import PayableSettled, StoreSettled
from giftflow._values._checks import check_aware, check_instance, check_name, check_optional_aware
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._fx import FxRate, FxRates
from giftflow._values._money import ExactMoney, Money, check_optional_money
from giftflow._values._rate import Rate
from giftflow._values._units import Coins, Diamonds

__all__ = [
    "AccountForfeited",
    "ChargedBack",
    "CoinsExpired",
    "CoinsPurchased",
    "DiamondsReconverted",
    "GiftSent",
    "LedgerEvent",
    "PayoutFailed",
    "PayoutRequested",
    "PayoutSettled",
    "Refunded",
]


def _aware(instance: Any, attribute: attrs.Attribute[datetime], value: Any) -> None:
    check_aware(attribute.name, value)


def _positive_diamonds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Diamonds or value.amount <= 0:
        raise InvalidValueError(attribute.name, value, "must be Diamonds > 0", "pass Diamonds(100)")


def _optional_positive_diamonds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _positive_diamonds(instance, attribute, value)


def _optional_positive_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_optional_money(instance, attribute, value)
    if value is not None and value.minor == 0:
        raise InvalidValueError(
            attribute.name, value, "must be positive", "pass None for everything left"
        )


@attrs.frozen(kw_only=True)
class CoinsPurchased:
    """A viewer bought coins: the money is split as the purchase says and the coins credited.

    ``at`` defaults to the time of the purchase's quote.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, checkout, presets
    >>> quote = presets.tiktok_price_book().quote(
    ...     "coins_65", country="US", channel=Channel.IOS,
    ...     at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    >>> event = CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1"))
    >>> event.at
    datetime.datetime(2026, 11, 24, 0, 0, tzinfo=datetime.timezone.utc)
    """

    id: str = attrs.field(validator=check_name)
    viewer: str = attrs.field(validator=check_name)
    purchase: Purchase = attrs.field(validator=check_instance(Purchase, "checkout(quote, ...)"))
    at: datetime = attrs.field(
        # The default runs before the validators: a non-purchase gets its own error there.
        default=attrs.Factory(
            lambda self: self.purchase.quote.at if type(self.purchase) is Purchase else None,
            takes_self=True,
        ),
        validator=_aware,
    )

    def __attrs_post_init__(self) -> None:
        quoted = self.purchase.quote.at
        if self.at < quoted:
            raise EventOrderError(
                "at",
                self.at,
                f"is before purchase {self.purchase.id!r} was quoted ({quoted.isoformat()})",
            )


def _metrics(value: Mapping[str, Mapping[str, int]]) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType(
            {
                creator: MappingProxyType(dict(m)) if isinstance(m, Mapping) else m
                for creator, m in value.items()
            }
        )
    return value


def _check_metrics(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    ok = isinstance(value, Mapping) and all(
        type(creator) is str
        and isinstance(metrics, Mapping)
        and all(type(k) is str and type(v) is int for k, v in metrics.items())
        for creator, metrics in value.items()
    )
    if not ok:
        raise InvalidTypeError(
            "metrics", value, "must map creators to {metric: int}", "{'ana': {'live_minutes': 30}}"
        )


def _check_fx(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not FxRates:
        raise InvalidTypeError(
            "fx",
            value,
            "must be FxRates or None",
            "pass FxRates((FxRate.of('GBP', 'USD', '1.27'),))",
        )


def _plain_metrics(left: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    return {creator: dict(metrics) for creator, metrics in left.items()}


@attrs.frozen(kw_only=True)
class GiftSent:
    """A viewer sent a gift (see :class:`~giftflow.GiftEvent`); its id and time are the gift's.

    ``metrics`` gives, per recipient, the metrics a metric-driven revenue share
    needs (e.g. ``{'ana': {'live_minutes': 30}}``).

    ``fx`` gives the rates from the currencies the coins were bought in into the
    currency diamonds are valued in. With it, the money behind the coins is
    recognised as platform revenue in that currency, through the conversion
    account; it is needed when a revenue share or an agency's commission must
    compare that money with diamonds, or when coins bought in several currencies
    fund one gift to co-hosts. The rates travel in the event, so replaying it
    needs no rate source; pass only the rates in force (``FxRates.at``).

    >>> from datetime import datetime, timezone
    >>> gift = GiftEvent(id="g1", viewer="v1", gift="Rose", count=1, recipients="ana",
    ...                  country="US", at=datetime(2026, 11, 24, 20, tzinfo=timezone.utc))
    >>> GiftSent(gift=gift).id
    'g1'
    """

    gift: GiftEvent = attrs.field(validator=check_instance(GiftEvent, "GiftEvent(...)"))
    metrics: Mapping[str, Mapping[str, int]] = attrs.field(
        factory=dict,
        converter=_metrics,
        validator=_check_metrics,
        eq=attrs.cmp_using(eq=lambda a, b: _plain_metrics(a) == _plain_metrics(b)),
    )
    fx: FxRates | None = attrs.field(default=None, validator=_check_fx)

    def __attrs_post_init__(self) -> None:
        recipients = {recipient.creator for recipient in self.gift.recipients}
        strangers = sorted(creator for creator in self.metrics if creator not in recipients)
        if strangers:
            raise InvalidValueError(
                "metrics",
                strangers,
                f"names creators who are not recipients of gift {self.gift.id!r}",
                f"give metrics only for its recipients: {sorted(recipients)}",
            )

    @property
    def id(self) -> str:
        """The gift event's id."""
        return self.gift.id

    @property
    def at(self) -> datetime:
        """The gift event's time."""
        return self.gift.at


@attrs.frozen(kw_only=True)
class Refunded:
    """Money paid back to the viewer for a purchase: all that is left, or ``amount`` of it.

    Every leg (tax, each fee, net) is reversed in proportion, by cumulative
    rounding, so partial refunds that add up to the whole end exactly where one
    full refund does. Coins go back in the same proportion; coins already spent
    are recovered by the ledger's :class:`~giftflow.Clawback` policy.

    >>> from datetime import datetime, timezone
    >>> Refunded(id="r1", at=datetime(2026, 11, 25, tzinfo=timezone.utc), purchase_id="p1").amount
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    purchase_id: str = attrs.field(validator=check_name)
    amount: Money | None = attrs.field(default=None, validator=_optional_positive_money)


@attrs.frozen(kw_only=True)
class ChargedBack:
    """A card chargeback: a refund the viewer's bank forced, plus an optional dispute ``fee``.

    The fee is paid by the platform to the processor named ``fee_to``.

    >>> from datetime import datetime, timezone
    >>> ChargedBack(id="c1", at=datetime(2026, 11, 25, tzinfo=timezone.utc), purchase_id="p1",
    ...             fee=Money.parse("15", "USD"), fee_to="card processor").fee_to
    'card processor'
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    purchase_id: str = attrs.field(validator=check_name)
    amount: Money | None = attrs.field(default=None, validator=_optional_positive_money)
    fee: Money | None = attrs.field(default=None, validator=check_optional_money)
    fee_to: str = attrs.field(default="chargeback", validator=check_name)

    def __attrs_post_init__(self) -> None:
        fee, amount = self.fee, self.amount
        if fee is not None and amount is not None and fee.currency != amount.currency:
            raise InvalidValueError(
                "fee",
                fee,
                f"is in {fee.currency} but the amount charged back is in {amount.currency}",
                "charge the dispute fee in the purchase's currency",
            )


@attrs.frozen(kw_only=True)
class CoinsExpired:
    """A viewer's coins expire at ``at``: what is left of them goes to breakage, with its money.

    Every lot whose own expiry (:attr:`CoinLot.expires_at <giftflow.CoinLot.expires_at>`)
    is at or before ``at`` expires, and with ``acquired_before`` so does every lot
    acquired before that time (a platform rule such as "coins expire after two years"),
    expiring or not. An expiry that finds nothing to expire is recorded with no
    postings, so expiring a viewer's coins again expires nothing twice.

    >>> from datetime import datetime, timezone
    >>> CoinsExpired(id="x1", at=datetime(2028, 1, 1, tzinfo=timezone.utc), viewer="v1",
    ...              acquired_before=datetime(2026, 1, 1, tzinfo=timezone.utc)).viewer
    'v1'
    >>> CoinsExpired(id="x2", at=datetime(2028, 1, 1, tzinfo=timezone.utc),
    ...              viewer="v1").acquired_before is None
    True
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    viewer: str = attrs.field(validator=check_name)
    acquired_before: datetime | None = attrs.field(default=None, validator=check_optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.acquired_before is not None and self.acquired_before > self.at:
            raise EventOrderError(
                "acquired_before",
                self.acquired_before,
                f"is after the expiry itself ({self.at.isoformat()}): coins acquired later"
                " cannot expire then",
            )


@attrs.frozen(kw_only=True)
class AccountForfeited:
    """An account is terminated: its coins and diamonds are forfeited to breakage, and it closes.

    ``owner`` names a viewer, a creator or both (one person may be both). Later
    events for a closed account are refused.

    >>> from datetime import datetime, timezone
    >>> AccountForfeited(id="f1", at=datetime(2026, 12, 1, tzinfo=timezone.utc), owner="v1").owner
    'v1'
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    owner: str = attrs.field(validator=check_name)


def _check_reconversion_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Rate or value <= Rate.ZERO:
        raise InvalidValueError(
            "coins_per_diamond", value, "must be a positive Rate", "pass Rate.parse('0.5')"
        )


@attrs.frozen(kw_only=True)
class DiamondsReconverted:
    """A creator turns diamonds back into coins at ``coins_per_diamond``, into their own wallet.

    The diamonds must convert into whole coins exactly (no value is rounded away).
    With ``expires_at`` (after ``at``) the coins expire then, as VOOV's coins from
    redeemed diamonds expire at the end of the next month.

    >>> from datetime import datetime, timezone
    >>> event = DiamondsReconverted(id="d1", at=datetime(2026, 12, 1, tzinfo=timezone.utc),
    ...                             creator="ana", diamonds=Diamonds(100),
    ...                             coins_per_diamond=Rate.parse("0.5"))
    >>> event.coins
    Coins(50)
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    creator: str = attrs.field(validator=check_name)
    diamonds: Diamonds = attrs.field(validator=_positive_diamonds)
    coins_per_diamond: Rate = attrs.field(validator=_check_reconversion_rate)
    expires_at: datetime | None = attrs.field(default=None, validator=check_optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.expires_at is not None and self.expires_at <= self.at:
            raise InvalidValueError(
                "expires_at",
                self.expires_at,
                f"must be after the reconversion ({self.at.isoformat()})",
                "give the coins a later expiry, or None for coins that never expire",
            )
        exact = self.diamonds.amount * self.coins_per_diamond.value
        if exact.denominator != 1:
            step = self.coins_per_diamond.value.denominator
            raise InvalidValueError(
                "diamonds",
                self.diamonds,
                f"do not make whole coins at {self.coins_per_diamond} coins per diamond",
                f"reconvert a multiple of {step} diamonds",
            )

    @property
    def coins(self) -> Coins:
        """The coins the diamonds become."""
        return Coins(int(self.diamonds.amount * self.coins_per_diamond.value))


@attrs.frozen(kw_only=True)
class PayoutRequested:
    """A creator's payout is requested: ``diamonds`` move from their balance into clearing.

    Its ``id`` is the payout's id, which :class:`PayoutSettled` and
    :class:`PayoutFailed` name. :meth:`from_plan` builds one from a payout plan.

    >>> from datetime import datetime, timezone
    >>> PayoutRequested(id="po1", at=datetime(2026, 12, 1, tzinfo=timezone.utc), creator="ana",
    ...                 diamonds=Diamonds(4000)).diamonds
    Diamonds(4000)
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    creator: str = attrs.field(validator=check_name)
    diamonds: Diamonds = attrs.field(validator=_positive_diamonds)
    forfeited: Diamonds | None = attrs.field(default=None, validator=_optional_positive_diamonds)
    """Diamonds the plan forfeits (unclaimed too long): they go to breakage with the request."""

    @classmethod
    def from_plan(cls, plan: PayoutPlan, *, id: str, creator: str) -> PayoutRequested:
        """The request for ``plan``'s diamonds, at the time the plan initiates the payout.

        Raises:
            PayoutRefusedError: The plan pays nothing; its reasons say why.
        """
        if type(plan) is not PayoutPlan:
            raise InvalidTypeError("plan", plan, "must be a PayoutPlan", "use plan_payout(...)")
        plan.raise_if_refused()
        forfeited = plan.forfeited if plan.forfeited.amount else None
        return cls(
            id=id,
            at=plan.initiated_at,
            creator=creator,
            diamonds=plan.diamonds,
            forfeited=forfeited,
        )


def _check_legs(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(leg) is PayoutLeg for leg in value):
        raise InvalidTypeError("legs", value, "must be a tuple of PayoutLeg", "pass plan.legs")
    currencies = sorted({str(leg.amount.currency) for leg in value})
    if len(currencies) > 1:
        raise InvalidValueError(
            "legs",
            value,
            f"mix currencies ({', '.join(currencies)})",
            "pay one payout in one currency",
        )
    for leg in value:
        if leg.amount.minor < 0:
            raise InvalidValueError("legs", leg, "must not be negative", "pass plan.legs")


def _check_optional_exact(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not ExactMoney:
        raise InvalidTypeError("residue", value, "must be ExactMoney or None", "pass plan.residue")


@attrs.frozen(kw_only=True)
class PayoutSettled:
    """A requested payout is paid: ``diamonds`` of the reserved ones (all if ``None``) retire.

    The money ``legs`` are paid from platform revenue: the net to the creator's
    bank, withholding to tax payable, fees to the processors. Diamonds reserved
    but not settled go back to the creator. ``residue`` records the exact
    rounding the plan left by valuation and FX (kept in the transaction's metadata);
    the ledger books what the legs leave of the diamonds' value to its rounding account.

    ``paid`` is what the creator receives when the net leg is paid in another
    currency, at the rate ``fx`` gives at ``at``: the net goes through the
    conversion account, ``paid`` to the creator's bank, the remainder to rounding.
    :meth:`from_plan` fills both from the plan (its rate, as a one-entry table).

    >>> from datetime import datetime, timezone
    >>> from giftflow import PayoutLegKind
    >>> leg = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("20", "USD"))
    >>> PayoutSettled(id="s1", at=datetime(2026, 12, 3, tzinfo=timezone.utc), payout_id="po1",
    ...               legs=(leg,)).diamonds is None
    True
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    payout_id: str = attrs.field(validator=check_name)
    legs: tuple[PayoutLeg, ...] = attrs.field(validator=_check_legs)
    diamonds: Diamonds | None = attrs.field(default=None, validator=_optional_positive_diamonds)
    residue: ExactMoney | None = attrs.field(default=None, validator=_check_optional_exact)
    paid: Money | None = attrs.field(default=None, validator=_optional_positive_money)
    fx: FxRates | None = attrs.field(default=None, validator=_check_fx)

    def __attrs_post_init__(self) -> None:
        if self.paid is None:
            return
        nets = [leg for leg in self.legs if leg.kind is PayoutLegKind.NET]
        if len(nets) != 1 or self.fx is None:
            raise InvalidValueError(
                "paid",
                self.paid,
                "converts the net leg, so it needs exactly one net leg and fx",
                "build the event with PayoutSettled.from_plan(plan, ...)",
            )
        if nets[0].amount.currency == self.paid.currency:
            raise InvalidValueError(
                "paid",
                self.paid,
                "is in the net leg's currency: nothing is converted",
                "pass paid=None",
            )

    @classmethod
    def from_plan(
        cls, plan: PayoutPlan, *, id: str, payout_id: str, at: datetime | None = None
    ) -> PayoutSettled:
        """The settlement of ``plan`` in full, at ``at`` (default: the plan's arrival)."""
        if type(plan) is not PayoutPlan:
            raise InvalidTypeError("plan", plan, "must be a PayoutPlan", "use plan_payout(...)")
        plan.raise_if_refused()
        when = at if at is not None else plan.arrives_by
        assert when is not None  # a plan that pays has an arrival
        converted = plan.fx_rate is not None and plan.paid.currency != plan.net.currency
        return cls(
            id=id,
            at=when,
            payout_id=payout_id,
            legs=plan.legs,
            diamonds=plan.diamonds,
            residue=plan.residue,
            paid=plan.paid if converted else None,
            fx=FxRates(
                (FxRate(source=plan.net.currency, target=plan.paid.currency, rate=plan.fx_rate),)
            )
            if converted and plan.fx_rate is not None
            else None,
        )


@attrs.frozen(kw_only=True)
class PayoutFailed:
    """A requested payout failed (or was voided): the reserved diamonds return, exactly.

    >>> from datetime import datetime, timezone
    >>> PayoutFailed(id="x1", at=datetime(2026, 12, 3, tzinfo=timezone.utc),
    ...              payout_id="po1", reason="bank rejected").reason
    'bank rejected'
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    payout_id: str = attrs.field(validator=check_name)
    reason: str = attrs.field(default="", validator=check_instance(str, "'bank rejected'"))


LedgerEvent = (
    CoinsPurchased
    | GiftSent
    | Refunded
    | ChargedBack
    | CoinsExpired
    | AccountForfeited
    | DiamondsReconverted
    | PayoutRequested
    | PayoutSettled
    | PayoutFailed
    | PayableSettled
    | StoreSettled
)
"""Any event :meth:`giftflow.Ledger.apply` accepts."""

EVENT_KINDS: dict[type, str] = {
    CoinsPurchased: "coins_purchased",
    GiftSent: "gift_sent",
    Refunded: "refunded",
    ChargedBack: "charged_back",
    CoinsExpired: "coins_expired",
    AccountForfeited: "account_forfeited",
    DiamondsReconverted: "diamonds_reconverted",
    PayoutRequested: "payout_requested",
    PayoutSettled: "payout_settled",
    PayoutFailed: "payout_failed",
    PayableSettled: "payable_settled",
    StoreSettled: "store_settled",
}
"""Each event type's ``kind``, as transactions record it."""
