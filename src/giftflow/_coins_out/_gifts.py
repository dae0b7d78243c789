"""Sending gifts: debit coins, convert them into creators' diamonds, and account for every share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs

from giftflow._coins_in._pricing import check_country
from giftflow._coins_in._wallet import CoinCost, LotDebit, Wallet
from giftflow._coins_out._catalog import Gift
from giftflow._coins_out._conversion import Carry, ConversionPolicy, RevenueShare
from giftflow._coins_out._economy import Economy
from giftflow._values._checks import check_instance, check_name, upper
from giftflow._values._errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SponsorBudgetError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._time import check_aware
from giftflow._values._units import Coins, Diamonds, UnitNames

__all__ = [
    "Agency",
    "CreatorShare",
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


def _recipients(value: Any) -> Any:
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


def _check_count(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValueError("count", value, "must be a positive int", "send at least one gift")


@attrs.frozen(kw_only=True)
class GiftEvent:
    """A viewer sends ``count`` of a gift to one or more creators at a time and place.

    Attributes:
        id: The caller's unique id for the event.
        viewer: Who sends.
        gift: The gift's id or name in the economy's catalog.
        count: How many (a finished streak of 10 Roses is one event with count 10).
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
    at: datetime = attrs.field(validator=lambda i, a, v: check_aware("at", v))
    battle: bool = attrs.field(default=False, validator=check_instance(bool, "False"))


@attrs.frozen(kw_only=True)
class Agency:
    """An agency representing a creator, paid ``rate`` of the platform's share of their gifts.

    The commission comes out of what the platform keeps, never out of the
    creator's diamonds (as TikTok describes its agency programme).

    >>> Agency(id="agency-1", rate=Rate.parse("10%")).rate
    Rate.parse('0.1')
    """

    id: str = attrs.field(validator=check_name)
    rate: Rate = attrs.field(validator=check_instance(Rate, "Rate.parse('10%')"))

    def __attrs_post_init__(self) -> None:
        if self.rate > Rate.ONE:
            raise InvalidValueError("rate", self.rate, "must be at most 100%", "pass e.g. 10%")


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
                "configure", self.cap.currency, self.value_per_coin.currency
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
        cost = ExactMoney(Fraction(self.value_per_coin.minor * coins.amount), self.cap.currency)
        if cost.minor > self.remaining.minor:
            raise SponsorBudgetError(self.sponsor, cost, self.remaining)
        spent = cost.minor + (Fraction(0) if self.spent is None else self.spent.minor)
        return cost, attrs.evolve(self, spent=ExactMoney(spent, self.cap.currency))


@attrs.frozen(kw_only=True)
class CreatorShare:
    """What one recipient earned from a gift, exactly, and what was issued.

    ``entitlement + battle_bonus + carried_in == diamonds + carried_out`` exactly
    (in diamonds); ``value`` is ``entitlement + battle_bonus`` in money.
    """

    creator: str
    weight: int
    coins: Coins
    rate: Rate | None
    entitlement: Fraction
    battle_bonus: Fraction
    carried_in: Fraction
    diamonds: Diamonds
    carried_out: Fraction
    value: ExactMoney
    agency: str | None
    agency_value: ExactMoney | None


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

    @property
    def diamonds(self) -> Diamonds:
        """Diamonds issued to all recipients."""
        return Diamonds(sum(share.diamonds.amount for share in self.shares))


def send_gift(
    economy: Economy,
    wallet: Wallet,
    event: GiftEvent,
    *,
    carry: Carry,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
    agencies: Mapping[str, Agency] | None = None,
    sponsors: Mapping[str, SponsorBudget] | None = None,
) -> GiftReceipt:
    """Send a gift: debit the viewer's coins, convert them, and split among recipients.

    Pure: returns the new wallet and carry in the receipt and changes nothing it
    was given. If anything is refused (unknown gift, too few coins, a sponsor's
    budget exceeded), nothing is debited and the error says why. It does not apply
    ``economy.spending_rules``: check them with :meth:`SpendingRules.check` first.

    Args:
        economy: The platform configuration.
        wallet: The viewer's wallet.
        event: What was sent, by whom, to whom, when and where.
        carry: Creators' carried diamond remainders before this gift.
        metrics: Per creator, metrics for reward schedules (e.g. ``live_minutes``).
        agencies: Per creator, the agency that represents them.
        sponsors: Per sponsor id, the budget that pays for its sponsored gifts.

    Returns:
        A :class:`GiftReceipt`; ``receipt.trace()`` explains where the money went.

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
        zero = ExactMoney(Fraction(0), cost.currency)
        funding = CoinCost(gross=cost, net=cost, tax=zero, store_fee=zero, processor_fee=zero)
        debits: tuple[LotDebit, ...] = ()
        new_wallet = wallet
    else:
        spend = wallet.spend(coins, economy.spend_policy)
        debits, new_wallet = spend.debits, spend.wallet
        funding = _total_cost(debits)
    # Exact diamonds for the whole gift; a revenue share depends on each
    # recipient's metrics, so it is computed per recipient in _shares.
    entitlement = (
        Fraction(0)
        if type(policy) is RevenueShare
        else policy.diamonds_for(coins=coins.amount, net=funding.net, metrics={})
    )
    shares, new_carry = _shares(
        economy, policy, event, coins, funding, entitlement, carry, metrics or {}, agencies or {}
    )
    return GiftReceipt(
        event=event,
        gift=gift,
        coins=coins,
        debits=debits,
        funding=funding,
        sponsor=sponsor_budget,
        policy=policy,
        shares=shares,
        wallet=new_wallet,
        carry=new_carry,
        names=economy.names,
    )


def _check_type(argument: str, value: Any, kind: type) -> None:
    if type(value) is not kind:
        raise InvalidTypeError(
            argument, value, f"must be a {kind.__name__}", f"pass a {kind.__name__}"
        )


def _total_cost(debits: tuple[LotDebit, ...]) -> CoinCost:
    currencies = {debit.net_value.currency for debit in debits}
    if len(currencies) != 1:
        raise CurrencyMismatchError("combine", *sorted(str(c) for c in currencies)[:2])
    (currency,) = currencies

    def total(pick: Any) -> ExactMoney | None:
        values = [pick(debit) for debit in debits]
        if any(value is None for value in values):
            return None
        return ExactMoney(sum((v.minor for v in values), Fraction(0)), currency)

    gross = total(lambda d: d.gross_value)
    net = total(lambda d: d.net_value)
    assert gross is not None
    assert net is not None
    return CoinCost(
        gross=gross,
        net=net,
        tax=total(lambda d: None if d.cost is None else d.cost.tax),
        store_fee=total(lambda d: None if d.cost is None else d.cost.store_fee),
        processor_fee=total(lambda d: None if d.cost is None else d.cost.processor_fee),
    )


def _shares(
    economy: Economy,
    policy: ConversionPolicy,
    event: GiftEvent,
    coins: Coins,
    funding: CoinCost,
    entitlement: Fraction,
    carry: Carry,
    metrics: Mapping[str, Mapping[str, int]],
    agencies: Mapping[str, Agency],
) -> tuple[tuple[CreatorShare, ...], Carry]:
    weights = [r.weight for r in event.recipients]
    total_weight = sum(weights)
    coin_parts = coins.allocate(weights)
    unit_value = policy.diamond_value
    bonus_rate = economy.battle_bonus if event.battle and economy.battle_bonus else Rate.ZERO
    shares = []
    for recipient, coin_part in zip(event.recipients, coin_parts, strict=True):
        weight = Fraction(recipient.weight, total_weight)
        net_part = ExactMoney(funding.net.minor * weight, funding.net.currency)
        rate: Rate | None = None
        if type(policy) is RevenueShare:
            creator_metrics = metrics.get(recipient.creator, {})
            rate = policy.rate(creator_metrics)
            earned = policy.diamonds_for(coins=0, net=net_part, metrics=creator_metrics)
        else:
            earned = entitlement * weight
        bonus = earned * bonus_rate.value
        carried_in = carry.of(recipient.creator)
        diamonds, carry = carry.issue(recipient.creator, earned + bonus, economy.diamond_rounding)
        value = ExactMoney((earned + bonus) * unit_value.minor, unit_value.currency)
        agency = agencies.get(recipient.creator)
        agency_value = None
        if agency is not None:
            agency_value = _agency_value(agency, net_part, earned, unit_value)
        shares.append(
            CreatorShare(
                creator=recipient.creator,
                weight=recipient.weight,
                coins=coin_part,
                rate=rate,
                entitlement=earned,
                battle_bonus=bonus,
                carried_in=carried_in,
                diamonds=diamonds,
                carried_out=carry.of(recipient.creator),
                value=value,
                agency=None if agency is None else agency.id,
                agency_value=agency_value,
            )
        )
    return tuple(shares), carry


def _agency_value(
    agency: Agency, net: ExactMoney, earned: Fraction, unit_value: ExactMoney
) -> ExactMoney:
    if type(agency) is not Agency:
        raise InvalidTypeError("agencies", agency, "must map creators to Agency", "")
    if net.currency != unit_value.currency:
        raise CurrencyMismatchError("share", net.currency, unit_value.currency)
    # The platform's portion before any battle bonus: what it received less the
    # creator's earnings. Nothing is paid from a loss.
    platform = net.minor - earned * unit_value.minor
    return ExactMoney(max(platform, Fraction(0)) * agency.rate.value, net.currency)
