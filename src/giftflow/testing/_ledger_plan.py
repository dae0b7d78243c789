"""What generated ledger events draw from, derived once from the ledger's economy and cast.

The economy says when events can happen (a month in which it sells coins and sends
gifts), what a viewer can buy (each package price and custom amount on sale then, in
its own country, channel and currency), what can be sent (its catalog's gifts) and
which payables accrue (tax per country, each store's and processor's fee). The cast
says who takes part: the ledger's viewers, its creators and their agencies. Nothing
here names a package, channel or country of one platform, so any economy's events
are ones its :class:`~giftflow.Ledger` can book.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from hypothesis import strategies as st

from giftflow import (
    Account,
    AccountForfeited,
    AccountKind,
    Agency,
    ChargedBack,
    CoinsExpired,
    CoinsPurchased,
    Currency,
    CustomAmount,
    Diamonds,
    DiamondsReconverted,
    Economy,
    FeeKind,
    FxRate,
    FxRates,
    GiftSent,
    InvalidValueError,
    LedgerEvent,
    Money,
    PackagePrice,
    PayableSettled,
    PayoutFailed,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Rate,
    Refunded,
    StoreSettled,
    Viewer,
    Window,
    presets,
)
from giftflow.testing._base import _CREATORS, _VIEWERS, _labels, _pick, _utc
from giftflow.testing._checkout import _try_purchase
from giftflow.testing._coins_in import _quote_entry
from giftflow.testing._coins_out import _gift_candidates
from giftflow.testing._gift_events import _draw_gift_from
from giftflow.testing._values import _overlap, rates

_LEDGER_START = datetime(2026, 11, 1, tzinfo=UTC)
_SPAN = timedelta(days=30)
_Sale = tuple[PackagePrice | CustomAmount, Window]  # an entry, and when it is on sale


class _Cast(NamedTuple):
    """Who takes part in a ledger's events: its viewers, creators and agencies' ids."""

    viewers: tuple[str, ...]
    creators: tuple[str, ...]
    agencies: tuple[str, ...]

    @classmethod
    def of(cls, viewers: Mapping[str, Viewer], agencies: Mapping[str, Agency]) -> _Cast:
        # The host's viewers (a small pool if it has none), a small pool of creators with
        # every creator an agency represents, and those agencies.
        return cls(
            viewers=tuple(viewers) or _VIEWERS,
            creators=tuple(dict.fromkeys([*_CREATORS, *agencies])),
            agencies=tuple(dict.fromkeys(agency.id for agency in agencies.values())),
        )


_CAST = _Cast(_VIEWERS, _CREATORS, ())


def _bounded(window: Window) -> Window:
    # At most _SPAN of ``window``: its first month, its last, or _LEDGER_START's.
    start, end = window.start, window.end
    if start is None and end is None:
        return Window(start=_LEDGER_START, end=_LEDGER_START + _SPAN)
    if start is None:
        assert end is not None
        return Window(start=_utc(end) - _SPAN, end=_utc(end))
    if end is None or _utc(end) - _utc(start) > _SPAN:
        return Window(start=_utc(start), end=_utc(start) + _SPAN)
    return Window(start=_utc(start), end=_utc(end))


def _ledger_window(sales: list[Window], gifts: list[Window]) -> Window:
    """A month in which something is on sale and some gift is sendable, if there is one.

    _LEDGER_START's month when it has both (every preset's), else the first month of
    the earliest overlap of a sale and a gift, else of the first sale (or gift).
    """
    default = _bounded(Window())
    if any(default.overlaps(w) for w in sales) and any(default.overlaps(w) for w in gifts):
        return default
    meets = [found for s in sales for g in gifts if (found := _overlap(s, g)) is not None]
    for windows in (meets, sales, gifts):
        if windows:
            return _bounded(min(windows, key=_earliest))
    return default


def _earliest(window: Window) -> tuple[bool, datetime]:
    # Sorts windows open at the start first, then by start.
    start = window.start
    return (start is not None, _LEDGER_START if start is None else _utc(start))


class _Plan:
    """An economy's ledger events: when they happen, what is on sale, what can be sent."""

    __slots__ = ("currencies", "economy", "gifts", "payables", "sales", "window")

    def __init__(self, economy: Economy) -> None:
        book = economy.price_book
        entries: list[PackagePrice | CustomAmount] = [*book.prices, *book.custom]
        self.economy = economy
        self.window = _ledger_window(
            [entry.window for entry in entries],
            [window for _, _, window in _gift_candidates(economy.catalog)],
        )
        # The most coins first: a ledger's first purchases are its largest more often.
        coins = {package.id: package.total.amount for package in book.packages}
        self.sales: list[_Sale] = sorted(
            [(entry, found) for entry in entries if (found := _overlap(entry.window, self.window))],
            key=lambda sale: (
                -(
                    coins.get(sale[0].package, 0)
                    if isinstance(sale[0], PackagePrice)
                    else sale[0].max_coins.amount
                )
            ),
        )
        self.gifts = _gift_candidates(economy.catalog, self.window)
        shops = {storefront.country: storefront.currency for storefront in book.storefronts}
        sold = {shops[entry.country] for entry, _ in self.sales} or set(shops.values())
        # What refunds and dispute fees are paid in: the currencies coins are sold in.
        self.currencies = sorted(sold, key=str)
        self.payables = _payables(economy)

    def require_sales(self) -> None:
        """Refuse an economy that sells no coins: no viewer of its ledger could send a gift."""
        if not self.sales:
            book = self.economy.price_book
            when = "at all" if not (book.prices or book.custom) else "in any month it sends gifts"
            raise InvalidValueError(
                "economy.price_book",
                book,
                f"sells no coins {when} (no package price or custom amount), so no viewer"
                " could fund a gift",
                "pass an economy whose price book sells coins, or apply ledger_events("
                "economy=...) to a Ledger of your own",
            )


@functools.cache
def _tiktok_plan() -> _Plan:
    return _Plan(presets.tiktok())


def _plan(economy: Economy | None) -> _Plan:
    return _tiktok_plan() if economy is None else _Plan(economy)


def _time_in(draw: st.DrawFn, window: Window) -> datetime:
    """A time in a bounded ``window``, on a whole minute after its start where it spans one."""
    assert window.start is not None
    assert window.end is not None
    start, span = _utc(window.start), _utc(window.end) - _utc(window.start)
    step = timedelta(minutes=1) if span >= timedelta(minutes=1) else timedelta(microseconds=1)
    return start + step * draw(st.integers(0, (span - timedelta(microseconds=1)) // step))


def _money_or_none(draw: st.DrawFn, plan: _Plan) -> Money | None:
    minor = draw(_MAYBE_MINOR)
    unit = _pick(draw, plan.currencies)
    return None if minor is None else Money.of_minor(minor, unit)


def _payables(economy: Economy) -> list[tuple[Account, Currency]]:
    """The payables a ledger of ``economy`` can hold, each in a currency it can hold it in."""
    found: dict[tuple[Account, Currency], None] = {}
    for storefront in economy.price_book.storefronts:
        unit = storefront.currency
        for owner in (storefront.country, "withholding"):
            found[(Account(AccountKind.TAX_PAYABLE, owner), unit)] = None
        for channel in storefront.channels:
            for fee in (f for p in storefront.schedule_for(channel).periods for f in p.fees):
                kind = AccountKind.STORE_PAYABLE
                if fee.kind is not FeeKind.STORE:
                    kind = AccountKind.PROCESSOR_PAYABLE
                found[(Account(kind, fee.name), unit)] = None
    return list(found)


def _settlement(
    draw: st.DrawFn, plan: _Plan, cast: _Cast, event_id: str, at: datetime
) -> LedgerEvent:
    # An agency's commission is in the currency diamonds are valued in; with none in the
    # cast, an agency the ledger may not know (its settlement is then refused).
    value = plan.economy.conversion.at(at).value_currency
    agencies = [(Account(AccountKind.AGENCY_PAYABLE, agency), value) for agency in cast.agencies]
    agencies = agencies or [(Account(AccountKind.AGENCY_PAYABLE, "agency-1"), value)]
    payable, unit = _pick(draw, [*plan.payables, *agencies])
    minor = draw(st.integers(1, 5_000))
    if payable.kind is AccountKind.STORE_PAYABLE and draw(st.booleans()):
        gross = minor + draw(st.integers(0, 100_000))
        return StoreSettled(
            id=event_id,
            at=at,
            payable=payable,
            gross=Money.of_minor(gross, unit),
            net=Money.of_minor(gross - minor, unit),
        )
    return PayableSettled(id=event_id, at=at, payable=payable, amount=Money.of_minor(minor, unit))


def _gift_rates(economy: Economy, at: datetime) -> st.SearchStrategy[FxRates | None]:
    """None, or rates from every currency the economy sells coins in into its diamonds' one."""
    value = economy.conversion.at(at).value_currency
    sold = sorted({s.currency for s in economy.price_book.storefronts} - {value}, key=str)
    return _maybe_rates_into(tuple(sold), value)


# Bounded: economies are generated, so their currencies are many.
@functools.lru_cache(maxsize=256)
def _maybe_rates_into(
    sold: tuple[Currency, ...], value: Currency
) -> st.SearchStrategy[FxRates | None]:
    if not sold:
        return st.none() | st.just(FxRates(()))
    positive = _positive_rates()
    return st.none() | st.lists(positive, min_size=len(sold), max_size=len(sold)).map(
        lambda drawn: FxRates(
            tuple(FxRate(source=c, target=value, rate=r) for c, r in zip(sold, drawn, strict=True))
        )
    )


@functools.cache
def _positive_rates() -> st.SearchStrategy[Rate]:
    return rates(min_value=Rate.parse("0.0001"), max_value=Rate.parse("1000"))


# Made once: a strategy built for every event is validated for every event too.
_MAYBE_MINOR = st.none() | st.integers(1, 10_000)
_PURCHASE_IDS = st.sampled_from(("p1", "p2", "p3")) | _labels()
_PAYOUT_IDS = st.sampled_from(("po1", "po2")) | _labels()
_MAYBE_SETTLED = st.none() | st.builds(Diamonds, st.integers(1, 5_000))


def _funding(
    draw: st.DrawFn, plan: _Plan, viewer: str, purchase_id: str, *, first: bool = False
) -> CoinsPurchased | None:
    """A purchase of something on sale (``None`` if its fees exceed its price).

    ``first``: at the first instant it is on sale, before any other event of the month.
    """
    entry, window = _pick(draw, plan.sales)
    at = window.start if first else None
    quote = _quote_entry(draw, plan.economy.price_book, entry, at or _time_in(draw, window))
    # With the economy's cost basis: the ledger refuses lots valued with another.
    purchase = _try_purchase(draw, quote, purchase_id, plan.economy.cost_basis)
    if purchase is None:
        return None
    return CoinsPurchased(id=purchase_id, viewer=viewer, purchase=purchase)


def _purchase(
    draw: st.DrawFn, plan: _Plan, cast: _Cast, purchase_id: str, at: datetime
) -> LedgerEvent:
    # Whatever the book sells, at a time it sells it, with any proceeds and cost basis;
    # a settlement instead if it sells nothing or the fees drawn exceed the price.
    viewer = _pick(draw, cast.viewers)
    purchase = _funding(draw, plan, viewer, purchase_id) if plan.sales else None
    return purchase or _settlement(draw, plan, cast, purchase_id, at)


def _draw_event(draw: st.DrawFn, plan: _Plan, cast: _Cast) -> LedgerEvent:
    at = _time_in(draw, plan.window)
    event_id = draw(_labels())
    purchase_id = draw(_PURCHASE_IDS)
    kind = draw(st.integers(0, 15))
    if kind == 0:
        return _purchase(draw, plan, cast, purchase_id, at)
    if kind in (12, 13):  # gifts three times as often as most kinds, settlements four times
        kind = 1
    if kind in (10, 11, 14, 15) or (kind == 1 and not plan.gifts):
        return _settlement(draw, plan, cast, event_id, at)
    if kind == 1:
        economy = plan.economy
        gift = _draw_gift_from(draw, economy.catalog, plan.gifts, 20, cast.viewers, cast.creators)
        return GiftSent(gift=gift, fx=draw(_gift_rates(economy, gift.at)))
    if kind == 2:
        return Refunded(
            id=event_id, at=at, purchase_id=purchase_id, amount=_money_or_none(draw, plan)
        )
    if kind == 3:
        amount = _money_or_none(draw, plan)
        fee = None
        if draw(st.booleans()):
            unit = plan.currencies[0] if amount is None else amount.currency
            fee = Money.of_minor(15 * 10**unit.exponent, unit)
        return ChargedBack(id=event_id, at=at, purchase_id=purchase_id, amount=amount, fee=fee)
    if kind == 4:
        # The lots past their own expiry (a promotion's bonus), or every lot bought before.
        viewer = _pick(draw, cast.viewers)
        before = draw(st.none() | st.just(at))
        return CoinsExpired(id=event_id, at=at, viewer=viewer, acquired_before=before)
    if kind == 5:
        owner = _pick(draw, (*cast.viewers, *cast.creators))
        return AccountForfeited(id=event_id, at=at, owner=owner)
    creator = _pick(draw, cast.creators)
    if kind == 6:
        return DiamondsReconverted(
            id=event_id,
            at=at,
            creator=creator,
            diamonds=Diamonds(2 * draw(st.integers(1, 500))),
            coins_per_diamond=Rate.parse("1/2"),
        )
    payout_id = draw(_PAYOUT_IDS)
    if kind == 7:
        diamonds = Diamonds(draw(st.integers(1, 5_000)))
        return PayoutRequested(id=payout_id, at=at, creator=creator, diamonds=diamonds)
    if kind == 8:
        value = plan.economy.conversion.at(at).value_currency
        net = Money.of_minor(draw(st.integers(0, 2_500)), value)
        legs = (PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=net),)
        settled = draw(_MAYBE_SETTLED)
        return PayoutSettled(id=event_id, at=at, payout_id=payout_id, legs=legs, diamonds=settled)
    return PayoutFailed(id=event_id, at=at, payout_id=payout_id)
