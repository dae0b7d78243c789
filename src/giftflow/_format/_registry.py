"""The registry: one entry per type the format knows, saying what that type needs.

Most entries are just the class: an attrs class whose fields the format already
knows is written as an object of its fields, an enum as its value, and a field
whose class normalises it (sorts, upper-cases) must already be in the normal form.
An entry says more only where the type needs it: a tag, for a member of a union
field; hooks of its own, for a leaf; the fields that are tuples of pairs or are keyed
by country codes. Every index the converter and the public functions use (the types
documents may name, the tags, the pair and country fields) is derived from this one
table, so adding a type is one entry here (see docs/format.md, "Adding a type").

Loaded on first use, with the converter: it takes the classes from the facade, which
is still being imported when it imports the public functions.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from giftflow import (
    Account,
    AccountForfeited,
    AccountKind,
    Agency,
    AgeRule,
    Applied,
    BalanceGuards,
    CapPeriod,
    Carry,
    Catalog,
    CatalogVersion,
    Channel,
    ChargedBack,
    Clawback,
    CoinCost,
    CoinLot,
    CoinPackage,
    Coins,
    CoinsExpired,
    CoinsPurchased,
    CostBasis,
    Creator,
    CreatorEntry,
    CreatorShare,
    CreatorTotal,
    Crossing,
    Currency,
    CustomAmount,
    DiamondBalance,
    DiamondRatio,
    Diamonds,
    DiamondsReconverted,
    DiamondValuation,
    Earning,
    Economy,
    Eligibility,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeBearer,
    FeeCharge,
    FeeKind,
    FeePeriod,
    FeeSchedule,
    FixedValue,
    FoldedGift,
    FxRate,
    FxRates,
    Gift,
    GifterLevels,
    GiftEvent,
    GiftReceipt,
    GiftSent,
    History,
    Idempotency,
    LeaderboardEntry,
    Ledger,
    LedgerSnapshot,
    LotDebit,
    LotKind,
    Mission,
    Money,
    PackagePrice,
    PayableSettled,
    PayoutCap,
    PayoutFailed,
    PayoutFee,
    PayoutFeeCharge,
    PayoutLeg,
    PayoutLegKind,
    PayoutMethod,
    PayoutPlan,
    PayoutPolicy,
    PayoutReason,
    PayoutReasonKind,
    PayoutRecord,
    PayoutRequested,
    PayoutSchedule,
    PayoutSettled,
    PayoutStatement,
    PolicySchedule,
    Posting,
    PriceBook,
    Promotion,
    Purchase,
    PurchaseBreakdown,
    Qualification,
    Quote,
    Rate,
    Recipient,
    Recurrence,
    Refunded,
    Refusal,
    RevenueShare,
    RewardSchedule,
    Rounded,
    Rounding,
    RoundingNote,
    ScheduleKind,
    Settlement,
    Spend,
    SpendingCap,
    SpendingDecision,
    SpendingRules,
    SpendPolicy,
    SpendRecord,
    SponsorBudget,
    Statement,
    StatementLine,
    Storefront,
    StoreSettled,
    StreakClose,
    StreakEvent,
    StreakKind,
    Tax,
    TaxMode,
    Threshold,
    TraceRow,
    Transaction,
    UnfinishedStreaks,
    UnitNames,
    ValueTrace,
    Viewer,
    Wallet,
    Window,
    WithdrawalLimit,
    WithholdingRule,
)
from giftflow._format import _leaves as leaf
from giftflow._format._coins_in import channel_in, channel_out
from giftflow._format._coins_out import folded_gift_in, folded_gift_out
from giftflow._format._ledger import ledger_in, ledger_out
from giftflow._ledger._events import EVENT_KINDS

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "ADDED",
    "COUNTRY_KEYS",
    "ENTRIES",
    "RECORDS",
    "TAGS",
    "VALUE_TYPES",
    "Entry",
    "Factories",
    "Leaf",
    "Pairs",
    "field_types",
]

Read = Callable[[Any, Any], Any]
"""A cattrs structure hook: ``(data, type) -> value``."""
Write = Callable[[Any], Any]
"""A cattrs unstructure hook: ``value -> data``."""


@attrs.frozen
class Leaf:
    """A type's own hooks: it is written as one piece of data, not field by field."""

    read: Read
    write: Write


@attrs.frozen
class Factories:
    """Hooks built with the converter, for a type written through its parts' hooks."""

    read: Callable[[Any, cattrs.Converter], Read]
    write: Callable[[Any, cattrs.Converter], Write]


@attrs.frozen
class Pairs:
    """A field holding a tuple of pairs, written as a list of objects with two keys.

    Attributes:
        what: The object's name in messages (``"policy entry"``).
        first: The key of the first half of each pair.
        second: The key of the second half.
    """

    what: str
    first: str
    second: str


@attrs.frozen
class Entry:
    """What the format needs to know about one type; most types need only ``kind``.

    Attributes:
        kind: The class.
        tag: Its key where a field holds one of several types (``{"money": ...}``):
            every member of such a union needs one.
        hooks: Its own hooks (a leaf, or the ledger); None to write an attrs class
            as an object of its fields and an enum as its value.
        pairs: Its fields that are tuples of pairs other than ``(str, X)``, by name.
        country_keys: Its fields that map ISO 3166-1 alpha-2 country codes to values.
        added: Its fields added after format version 2 (giftflow 0.1.0), each with a
            default: data written before them leaves them out, and reads them at their
            default. Written, they are always there.
        value_type: Whether :func:`~giftflow.to_data`, :func:`~giftflow.from_data`
            and documents take it; False for Python's own types, which only ever
            appear inside fields.
    """

    kind: type
    tag: str | None = None
    hooks: Leaf | Factories | None = None
    pairs: Mapping[str, Pairs] = attrs.field(factory=dict)
    country_keys: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    value_type: bool = True


def _plain(kind: type, read: Read, write: Write, *, tag: str | None = None) -> Entry:
    return Entry(kind, tag=tag, hooks=Leaf(read, write), value_type=False)


# Grouped by wing; within a wing, by defining module.
ENTRIES: tuple[Entry, ...] = (
    # Python's own types, only ever inside fields
    _plain(str, leaf.str_in, leaf.str_out),
    _plain(int, leaf.int_in, leaf.int_out, tag="int"),
    _plain(bool, leaf.bool_in, leaf.bool_out),
    _plain(Fraction, leaf.fraction_in, leaf.fraction_out),
    _plain(datetime, leaf.datetime_in, leaf.datetime_out),
    _plain(date, leaf.date_in, leaf.date_out),
    _plain(time, leaf.time_in, leaf.time_out),
    _plain(timedelta, leaf.timedelta_in, leaf.timedelta_out),
    _plain(tzinfo, leaf.zone_in, leaf.zone_out),
    # Values: money, rates, rounding, units, time
    Entry(Currency, hooks=Leaf(leaf.currency_in, leaf.currency_out)),
    Entry(Money, tag="money", hooks=Leaf(leaf.money_in, leaf.money_out)),
    Entry(ExactMoney, hooks=Leaf(leaf.exact_money_in, leaf.exact_money_out)),
    Entry(Rate, tag="rate", hooks=Leaf(leaf.rate_in, leaf.rate_out)),
    Entry(Rounded),
    Entry(Rounding),
    Entry(Coins, tag="coins", hooks=Leaf(leaf.units_in, leaf.units_out)),
    Entry(Diamonds, tag="diamonds", hooks=Leaf(leaf.units_in, leaf.units_out)),
    Entry(UnitNames),
    Entry(Recurrence),
    Entry(Window),
    # Coins in: fees, prices, purchases, wallets, spending rules
    Entry(Crossing),
    Entry(Fee),
    Entry(FeeBasis),
    Entry(FeeCharge),
    Entry(FeeKind),
    Entry(Qualification),
    Entry(Tax),
    Entry(TaxMode),
    Entry(Threshold, added=("qualification",)),
    Entry(Channel, hooks=Leaf(channel_in, channel_out)),
    Entry(FeePeriod),
    Entry(FeeSchedule, tag="fee_schedule"),
    Entry(CoinPackage),
    Entry(CustomAmount),
    Entry(PackagePrice),
    Entry(PriceBook),
    Entry(Promotion, added=("validity",)),
    Entry(Quote, added=("promotional_validity",)),
    Entry(Storefront, pairs={"fees": Pairs("channel's fees", "channel", "fees")}),
    Entry(CostBasis),
    Entry(Purchase),
    Entry(PurchaseBreakdown),
    Entry(RoundingNote),
    Entry(CoinCost),
    Entry(CoinLot, added=("expires_at",)),
    Entry(LotDebit),
    Entry(LotKind),
    Entry(Spend),
    Entry(SpendPolicy),
    Entry(Wallet),
    Entry(AgeRule, country_keys=("by_country",)),
    Entry(CapPeriod),
    Entry(Refusal),
    Entry(SpendRecord),
    Entry(SpendingCap),
    Entry(SpendingDecision),
    Entry(SpendingRules),
    Entry(Viewer),
    # Coins out: catalogs, conversion, gifts, streaks, recognition, traces, settlement
    Entry(Catalog),
    Entry(CatalogVersion),
    Entry(Gift),
    Entry(StreakKind),
    Entry(Carry),
    Entry(DiamondRatio, tag="diamond_ratio"),
    Entry(FixedValue, tag="fixed_value"),
    Entry(Mission),
    Entry(PolicySchedule, pairs={"entries": Pairs("policy entry", "start", "policy")}),
    Entry(RevenueShare, tag="revenue_share"),
    Entry(RewardSchedule, tag="reward_schedule"),
    Entry(Economy),
    Entry(Agency),
    Entry(CreatorShare),
    Entry(GiftEvent),
    Entry(GiftReceipt),
    Entry(Recipient),
    Entry(SponsorBudget),
    Entry(FoldedGift, hooks=Factories(folded_gift_in, folded_gift_out)),
    Entry(StreakClose),
    Entry(StreakEvent),
    Entry(UnfinishedStreaks),
    Entry(GifterLevels),
    Entry(LeaderboardEntry),
    Entry(CreatorEntry),
    Entry(TraceRow),
    Entry(ValueTrace),
    Entry(CreatorTotal),
    Entry(Settlement),
    # Cash out: valuation, schedules, policies, plans, statements
    Entry(DiamondValuation, pairs={"values": Pairs("valuation entry", "start", "value")}),
    Entry(FxRate),
    Entry(FxRates),
    Entry(PayoutSchedule),
    Entry(ScheduleKind),
    Entry(Creator),
    Entry(Eligibility),
    Entry(FeeBearer),
    Entry(PayoutCap),
    Entry(PayoutFee),
    Entry(PayoutMethod),
    Entry(PayoutPolicy),
    Entry(WithdrawalLimit),
    Entry(WithholdingRule),
    Entry(Earning),
    Entry(PayoutFeeCharge),
    Entry(PayoutLeg),
    Entry(PayoutLegKind),
    Entry(PayoutPlan),
    Entry(PayoutReason),
    Entry(PayoutReasonKind),
    Entry(PayoutRecord),
    Entry(PayoutStatement),
    # The ledger: journal, events (tagged with the kind the ledger records), statements
    Entry(Account),
    Entry(AccountKind),
    Entry(Posting),
    Entry(Transaction),
    Entry(AccountForfeited, tag=EVENT_KINDS[AccountForfeited]),
    Entry(ChargedBack, tag=EVENT_KINDS[ChargedBack]),
    Entry(CoinsExpired, tag=EVENT_KINDS[CoinsExpired]),
    Entry(CoinsPurchased, tag=EVENT_KINDS[CoinsPurchased]),
    Entry(DiamondsReconverted, tag=EVENT_KINDS[DiamondsReconverted], added=("expires_at",)),
    Entry(GiftSent, tag=EVENT_KINDS[GiftSent]),
    Entry(PayableSettled, tag=EVENT_KINDS[PayableSettled]),
    Entry(PayoutFailed, tag=EVENT_KINDS[PayoutFailed]),
    Entry(PayoutRequested, tag=EVENT_KINDS[PayoutRequested]),
    Entry(PayoutSettled, tag=EVENT_KINDS[PayoutSettled]),
    Entry(Refunded, tag=EVENT_KINDS[Refunded]),
    Entry(StoreSettled, tag=EVENT_KINDS[StoreSettled]),
    Entry(Applied),
    Entry(BalanceGuards),
    Entry(Clawback),
    Entry(History),
    Entry(Idempotency),
    Entry(Ledger, hooks=Factories(ledger_in, ledger_out)),
    Entry(LedgerSnapshot),
    Entry(DiamondBalance),
    Entry(Statement),
    Entry(StatementLine),
)


def field_types(kind: type) -> dict[str, Any]:
    """The resolved types of ``kind``'s fields.

    The annotations are strings (PEP 563). The facade resolves those of every public
    class in its defining module before it renames the class's ``__module__`` (other
    classes keep their module), so no table of modules is needed here.
    """
    return typing.get_type_hints(kind)


def _unique(pairs: list[tuple[Any, Any]], what: str) -> dict[Any, Any]:
    # Two entries claiming one name or tag would make documents ambiguous: refuse to load.
    index = dict(pairs)
    if len(index) != len(pairs):
        seen = [key for key, _ in pairs]
        repeated = sorted({str(key) for key in seen if seen.count(key) > 1})
        raise AssertionError(f"the format registry repeats a {what}: {', '.join(repeated)}")
    return index


VALUE_TYPES: Mapping[str, type] = _unique(
    [(entry.kind.__name__, entry.kind) for entry in ENTRIES if entry.value_type], "type name"
)
"""The types documents name, by class name; the only types the public functions take."""

TAGS: Mapping[Any, str] = {entry.kind: entry.tag for entry in ENTRIES if entry.tag is not None}
"""Each union member's tag. A union field is tagged when all its members have one."""
_unique([(tag, kind) for kind, tag in TAGS.items()], "tag")

RECORDS: Mapping[Any, Pairs] = {
    field_types(entry.kind)[name]: pairs for entry in ENTRIES for name, pairs in entry.pairs.items()
}
"""The tuple-of-pairs fields, keyed by the field's type (so any field of that type)."""

COUNTRY_KEYS: frozenset[Any] = frozenset(
    field_types(entry.kind)[name] for entry in ENTRIES for name in entry.country_keys
)
"""The mapping fields keyed by country codes, by the field's type."""

ADDED: Mapping[Any, tuple[str, ...]] = {entry.kind: entry.added for entry in ENTRIES if entry.added}
"""Per class, the fields that data of an earlier format version may leave out."""
