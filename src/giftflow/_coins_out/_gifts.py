"""Sending gifts: debit coins, convert them into creators' diamonds, and account for every share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_in._lots import CoinCost
from giftflow._coins_in._wallet import LotDebit, Wallet
from giftflow._coins_out._catalog import Gift
from giftflow._coins_out._conversion import _POLICIES, Carry, ConversionPolicy
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._issuance import (
    Agency,
    CreatorShare,
    Issuance,
    debit_funding,
    sponsor_funding,
    valued_funding,
)
from giftflow._values._checks import (
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    upper,
)
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._fx import FxRates
from giftflow._values._money import ExactMoney, Money
from giftflow._values._refusals import SponsorBudgetError
from giftflow._values._units import Coins, Diamonds, UnitNames

__all__ = [
    "GiftEvent",
    "GiftReceipt",
    "Recipient",
    "SponsorBudget",
    "send_gift",
]


def _check_weight(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValueError(
            "weight", value, "must be a positive int", "pass 1 for equal shares"
        )


@attrs.frozen
class Recipient:
    """A creator receiving (a share of) a gift; ``weight`` sets the share among co-hosts.

    >>> Recipient("ana", 2)
    Recipient(creator='ana', weight=2)
    """

    creator: str = attrs.field(validator=check_name)
    weight: int = attrs.field(default=1, validator=_check_weight)


def _recipients(value: str | Sequence[str | Recipient]) -> Any:
    if isinstance(value, str):
        return (Recipient(value),)
    if isinstance(value, list | tuple):
        return tuple(Recipient(v) if isinstance(v, str) else v for v in value)
    return value


def _check_recipients(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value or not all(type(r) is Recipient for r in value):
        raise InvalidTypeError(
            "recipients", value, "must be one or more creators", "pass 'ana' or ['ana', 'bo']"
        )
    creators = [r.creator for r in value]
    if len(set(creators)) != len(creators):
        raise InvalidValueError(
            "recipients", creators, "names a creator twice", "give a co-host a larger weight"
        )


_MAX_COUNT = 10**9
"""The most gifts one event may send: far above any real streak, and small enough that
``price x count`` stays a modest int (a 5,000-digit count would be accepted and then
make every sum and every JSON document huge)."""


def _check_count(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    check_count(value)


def check_count(value: Any) -> None:
    """Refuse a gift count that is not an int from 1 to ``_MAX_COUNT``."""
    if type(value) is not int or not 1 <= value <= _MAX_COUNT:
        raise InvalidValueError(
            "count",
            value,
            f"must be an int from 1 to {_MAX_COUNT:,}",
            "send at least one gift; split a larger batch into several events",
        )


@attrs.frozen(kw_only=True)
class GiftEvent:
    """A viewer sends ``count`` of a gift to one or more creators at a time and place.

    Attributes:
        id: The caller's unique id for the event.
        viewer: Who sends.
        gift: The gift's id or name in the economy's catalog.
        count: How many (a finished streak of 10 Roses is one event with count 10),
            at most 10**9 (one billion).
        recipients: One creator, or co-hosts with weights (``'ana'`` or
            ``[Recipient('ana', 2), Recipient('bo')]``).
        country: Where the viewer is (selects the catalog version).
        at: When (timezone-aware).
        battle: Whether the gift counts toward a battle its recipients won, so the
            economy's battle bonus applies.

    >>> from datetime import datetime, timezone
    >>> event = GiftEvent(id="e1", viewer="v1", gift="Rose", count=10, recipients="ana",
    ...                   country="US", at=datetime(2026, 11, 24, 20, tzinfo=timezone.utc))
    >>> event.recipients
    (Recipient(creator='ana', weight=1),)
    """

    id: str = attrs.field(validator=check_name)
    viewer: str = attrs.field(validator=check_name)
    gift: str = attrs.field(validator=check_name)
    count: int = attrs.field(validator=_check_count)
    recipients: tuple[Recipient, ...] = attrs.field(
        converter=_recipients, validator=_check_recipients
    )
    country: str = attrs.field(converter=upper, validator=check_country)
    at: datetime = attrs.field(validator=check_aware_field)
    battle: bool = attrs.field(default=False, validator=check_instance(bool, "False"))


def _check_budget_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Money or value.minor < 0:
        raise InvalidValueError(
            attribute.name, value, "must be Money >= 0", "pass Money.parse(...)"
        )


@attrs.frozen(kw_only=True)
class SponsorBudget:
    """A sponsor's budget for its gifts: it pays ``value_per_coin`` for each coin of them.

    Viewers send sponsored gifts without spending coins; the sponsor stands in
    as the buyer, so the platform's net for those coins is what the sponsor
    pays, and conversion proceeds as usual. ``spent`` never exceeds ``cap``.

    >>> budget = SponsorBudget(sponsor="brand", cap=Money.parse("100", "USD"),
    ...                        value_per_coin=Money.parse("0.01", "USD"))
    >>> budget.remaining
    ExactMoney(minor=Fraction(10000, 1), currency=currency('USD'))
    """

    sponsor: str = attrs.field(validator=check_name)
    cap: Money = attrs.field(validator=_check_budget_money)
    value_per_coin: Money = attrs.field(validator=_check_budget_money)
    spent: ExactMoney | None = None

    def __attrs_post_init__(self) -> None:
        if self.value_per_coin.currency != self.cap.currency:
            raise CurrencyMismatchError(
                "configure cap and value_per_coin in",
                self.cap.currency,
                self.value_per_coin.currency,
            )
        if self.spent is not None:
            if type(self.spent) is not ExactMoney or self.spent.currency != self.cap.currency:
                raise InvalidTypeError(
                    "spent", self.spent, "must be ExactMoney in the cap's currency", ""
                )
            if not 0 <= self.spent.minor <= self.cap.minor:
                raise InvalidValueError("spent", self.spent, f"must be within 0 and {self.cap}", "")

    @property
    def remaining(self) -> ExactMoney:
        """What is left of the cap."""
        spent = Fraction(0) if self.spent is None else self.spent.minor
        return ExactMoney(self.cap.minor - spent, self.cap.currency)

    def charge(self, coins: Coins) -> tuple[ExactMoney, SponsorBudget]:
        """Charge the budget for ``coins``; return the cost and the updated budget."""
        if type(coins) is not Coins or coins.amount < 0:
            raise InvalidValueError(
                "coins", coins, "must be Coins >= 0", "pass the sponsored gift's Coins(...)"
            )
        cost = ExactMoney(Fraction(self.value_per_coin.minor * coins.amount), self.cap.currency)
        if cost.minor > self.remaining.minor:
            raise SponsorBudgetError(self.sponsor, cost, self.remaining)
        spent = cost.minor + (Fraction(0) if self.spent is None else self.spent.minor)
        return cost, attrs.evolve(self, spent=ExactMoney(spent, self.cap.currency))


@attrs.frozen(kw_only=True)
class GiftReceipt:
    """Everything that happened when a gift was sent: coins, shares, new state, and the trace.

    Attributes:
        event: The gift event.
        gift: The catalog gift it resolved to.
        coins: Coins the gift cost (price x count).
        debits: The lots the coins came from (empty for a sponsored gift).
        funding: The exact money behind those coins (sponsor-paid for sponsored gifts).
        sponsor: The sponsor's updated budget, for a sponsored gift.
        policy: The conversion policy in force.
        shares: One per recipient.
        wallet: The viewer's wallet after the gift.
        carry: Every creator's carried remainder after the gift.
        names: The economy's names for coins and diamonds.

    The constructor (and so ``attrs.evolve`` and ``from_data``) checks that the parts
    agree: the coins are the gift's price times the event's count, the shares are one
    per recipient and split those coins, and the debits (for a gift paid in coins) add
    up to them. :func:`send_gift` builds receipts without repeating the checks.
    """

    event: GiftEvent
    gift: Gift
    coins: Coins
    debits: tuple[LotDebit, ...]
    funding: CoinCost
    sponsor: SponsorBudget | None
    policy: ConversionPolicy
    shares: tuple[CreatorShare, ...]
    wallet: Wallet
    carry: Carry
    names: UnitNames

    def __attrs_post_init__(self) -> None:
        _check_receipt(self)

    @classmethod
    def _unchecked(cls, *values: Any) -> GiftReceipt:
        # Built by send_gift from checked inputs: the fields in order, without the checks.
        receipt = _new(GiftReceipt)
        for setter, value in zip(_RECEIPT_SLOTS, values, strict=True):
            setter(receipt, value)
        return receipt

    @property
    def diamonds(self) -> Diamonds:
        """Diamonds issued to all recipients."""
        return Diamonds(sum(share.diamonds.amount for share in self.shares))


_new = object.__new__
_RECEIPT_SLOTS = tuple(
    GiftReceipt.__dict__[field.name].__set__ for field in attrs.fields(GiftReceipt)
)
_RECEIPT_TYPES = {
    "event": GiftEvent,
    "gift": Gift,
    "coins": Coins,
    "funding": CoinCost,
    "wallet": Wallet,
    "carry": Carry,
    "names": UnitNames,
}


def _check_receipt(receipt: GiftReceipt) -> None:
    for name, kind in _RECEIPT_TYPES.items():
        _check_type(name, getattr(receipt, name), kind)
    if type(receipt.policy) not in _POLICIES:
        raise InvalidTypeError(
            "policy", receipt.policy, "must be a conversion policy", "see Economy.conversion"
        )
    if receipt.sponsor is not None:
        _check_type("sponsor", receipt.sponsor, SponsorBudget)
    expected = receipt.gift.price * receipt.event.count
    if receipt.coins != expected:
        raise InvalidValueError(
            "coins",
            receipt.coins,
            f"must be the gift's price x the event's count = {expected.amount}",
            "build receipts with send_gift",
        )
    shares = receipt.shares
    if type(shares) is not tuple or not all(type(share) is CreatorShare for share in shares):
        raise InvalidTypeError("shares", shares, "must be a tuple of CreatorShare", "")
    creators = [(r.creator, r.weight) for r in receipt.event.recipients]
    if [(share.creator, share.weight) for share in shares] != creators:
        raise InvalidValueError(
            "shares", shares, f"must be one per recipient, in order: {creators}", ""
        )
    if sum(share.coins.amount for share in shares) != receipt.coins.amount:
        raise InvalidValueError("shares", shares, "must split the receipt's coins exactly", "")
    debits = receipt.debits
    if type(debits) is not tuple or not all(type(debit) is LotDebit for debit in debits):
        raise InvalidTypeError("debits", debits, "must be a tuple of LotDebit", "")
    paid = sum(debit.coins.amount for debit in debits)
    if paid != (0 if receipt.sponsor is not None else receipt.coins.amount):
        raise InvalidValueError(
            "debits",
            debits,
            f"debit {paid} coins for a gift of {receipt.coins.amount} coins"
            + (" that a sponsor paid" if receipt.sponsor is not None else ""),
            "build receipts with send_gift",
        )


_receipt = GiftReceipt._unchecked


def send_gift(
    economy: Economy,
    wallet: Wallet,
    event: GiftEvent,
    *,
    carry: Carry,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
    agencies: Mapping[str, Agency] | None = None,
    sponsors: Mapping[str, SponsorBudget] | None = None,
    fx: FxRates | None = None,
) -> GiftReceipt:
    """Send a gift: debit the viewer's coins, convert them, and split among recipients.

    Pure: returns the new wallet and carry in the receipt and changes nothing it
    was given. If anything is refused (unknown gift, too few coins, a sponsor's
    budget exceeded), nothing is debited and the error says why. It does not apply
    ``economy.spending_rules``: check them with :meth:`SpendingRules.check` first.

    Coins are spent in ``economy.spend_policy`` order, skipping lots expired by the
    gift's time: those stay in the receipt's wallet, untouched, for an expiry to book
    to breakage (:class:`~giftflow.CoinsExpired`); a gift never spends them.

    Args:
        economy: The platform configuration.
        wallet: The viewer's wallet.
        event: What was sent, by whom, to whom, when and where.
        carry: Creators' carried diamond remainders before this gift.
        metrics: Per creator, metrics for reward schedules (e.g. ``live_minutes``).
        agencies: Per creator, the agency that represents them.
        sponsors: Per sponsor id, the budget that pays for its sponsored gifts.
        fx: Exchange rates into the currency diamonds are valued in. With them, the
            money behind the coins is valued in that currency at the gift's time
            (the receipt's ``funding``); without them it stays in the currency it was
            paid in, which works only while it is one currency and the policy does not
            need its value (a revenue share or an agency's commission does).

    Returns:
        A :class:`GiftReceipt`; :func:`~giftflow.trace` of it explains where the money went.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets
    >>> economy = presets.twitch_bits()
    >>> at = datetime(2026, 11, 24, 20, tzinfo=timezone.utc)
    >>> from giftflow import Channel, checkout
    >>> quote = economy.price_book.quote("bits_100", country="US", channel=Channel.WEB, at=at)
    >>> wallet = Wallet().credit(*checkout(quote, purchase_id="p1").lots)
    >>> event = GiftEvent(id="e1", viewer="v1", gift="Cheer100", count=1, recipients="ana",
    ...                   country="US", at=at)
    >>> receipt = send_gift(economy, wallet, event, carry=Carry())
    >>> receipt.diamonds, receipt.wallet.balance
    (Diamonds(100), Coins(0))
    """
    _check_type("economy", economy, Economy)
    _check_type("wallet", wallet, Wallet)
    _check_type("event", event, GiftEvent)
    _check_type("carry", carry, Carry)
    _check_per_creator("metrics", metrics, Mapping, "{'ana': {'live_minutes': 30}}")
    _check_per_creator("agencies", agencies, Agency, "{'ana': Agency(...)}")
    _check_per_creator("sponsors", sponsors, SponsorBudget, "{'brand': SponsorBudget(...)}")
    if fx is not None:
        _check_type("fx", fx, FxRates)
    gift = economy.catalog.gift(event.gift, country=event.country, at=event.at)
    coins = gift.price * event.count
    policy = economy.conversion.at(event.at)
    sponsor_budget = None
    if gift.sponsor is not None:
        budget = (sponsors or {}).get(gift.sponsor)
        if type(budget) is not SponsorBudget:
            raise InvalidValueError(
                "sponsors",
                sponsors,
                f"has no budget for sponsor {gift.sponsor!r} of gift {gift.name!r}",
                "pass sponsors={sponsor_id: SponsorBudget(...)}",
            )
        if budget.sponsor != gift.sponsor:
            raise InvalidValueError(
                "sponsors",
                {gift.sponsor: budget},
                f"maps sponsor {gift.sponsor!r} to the budget of {budget.sponsor!r}",
                "key each budget by its own sponsor: {budget.sponsor: budget}",
            )
        cost, sponsor_budget = budget.charge(coins)
        funding = sponsor_funding(cost)
        debits: tuple[LotDebit, ...] = ()
        new_wallet = wallet
    else:
        spend = wallet.spend(coins, economy.spend_policy, at=event.at)
        debits, new_wallet = spend.debits, spend.wallet
        _check_held(wallet, debits, event.at)
    issuance = Issuance.under(economy, policy)
    value = issuance.currency
    if gift.sponsor is None:
        currencies = {debit.net_value.currency for debit in debits}
        mixed = len(currencies) > 1
        funding = debit_funding(
            debits, into=value if fx is not None or mixed else None, fx=fx, at=event.at
        )
    represented = [r.creator for r in event.recipients if r.creator in (agencies or {})]
    if fx is not None or issuance.needs_value(agency=bool(represented)):
        if represented:
            agency = (agencies or {})[represented[0]]
            purpose = f"agency {agency.id!r}'s commission on gifts to {represented[0]!r}"
        else:
            purpose = "the conversion policy shares what the platform received"
        funding = valued_funding(funding, value, fx, event.at, purpose=purpose)
    shares, new_carry = issuance.shares(
        [(r.creator, r.weight) for r in event.recipients],
        coins,
        funding,
        carry=carry,
        battle=event.battle,
        metrics=metrics or {},
        agencies=agencies or {},
    )
    return _receipt(
        event,
        gift,
        coins,
        debits,
        funding,
        sponsor_budget,
        policy,
        shares,
        new_wallet,
        new_carry,
        economy.names,
    )


def _check_held(wallet: Wallet, debits: tuple[LotDebit, ...], at: datetime) -> None:
    # A gift cannot spend coins bought after it: the viewer did not hold them yet.
    debited = {debit.lot_id for debit in debits}
    for lot in wallet.lots:
        if lot.acquired_at > at and lot.id in debited:
            raise InvalidValueError(
                "at",
                at,
                f"is before lot {lot.id!r} was acquired ({lot.acquired_at.isoformat()}), "
                "and the gift would spend its coins",
                "date the gift after the coins were bought, or spend from the wallet as it "
                "was then",
            )


def _check_per_creator(argument: str, value: Any, kind: type, example: str) -> None:
    if value is None:
        return
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(item, kind) for key, item in value.items()
    ):
        raise InvalidTypeError(
            argument, value, f"must map names to {kind.__name__}", f"pass e.g. {example}"
        )


def _check_type(argument: str, value: Any, kind: type) -> None:
    if type(value) is not kind:
        raise InvalidTypeError(
            argument, value, f"must be a {kind.__name__}", f"pass a {kind.__name__}"
        )
