"""giftflow: exact, typed models of live-stream virtual-gift economies.

Viewers buy coins with money, spend them on gifts, creators receive diamonds, and
diamonds are paid out as money. giftflow models every step as immutable values
and pure functions, in integer minor units with exact rates, so that no value is
created or lost.

>>> import giftflow
>>> price = giftflow.Money.parse("0.99", "USD")
>>> price.allocate([70, 30])
(Money.parse('0.69', 'USD'), Money.parse('0.30', 'USD'))
"""

import inspect as _inspect
import typing as _typing
from types import FunctionType as _FunctionType

import attrs as _attrs

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
from giftflow._cash_out._planner import plan_payout
from giftflow._cash_out._policy import (
    Creator,
    Eligibility,
    FeeBearer,
    PayoutCap,
    PayoutFee,
    PayoutMethod,
    PayoutPolicy,
    WithdrawalLimit,
)
from giftflow._cash_out._schedule import PayoutSchedule, ScheduleKind
from giftflow._cash_out._statement import PayoutStatement, payout_statement
from giftflow._cash_out._valuation import DiamondValuation, FxRate, FxRates
from giftflow._cash_out._withholding import WithholdingRule
from giftflow._coins_in._fees import (
    Crossing,
    Fee,
    FeeBasis,
    FeeCharge,
    FeeKind,
    Qualification,
    Tax,
    TaxMode,
    Threshold,
)
from giftflow._coins_in._lots import CoinCost, CoinLot, CostBasis, LotKind
from giftflow._coins_in._packages import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    Promotion,
)
from giftflow._coins_in._pricing import (
    FeePeriod,
    FeeSchedule,
    PriceBook,
    Quote,
    Storefront,
)
from giftflow._coins_in._purchase import (
    Purchase,
    PurchaseBreakdown,
    RoundingNote,
    checkout,
)
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
from giftflow._coins_in._wallet import LotDebit, Spend, SpendPolicy, Wallet
from giftflow._coins_out._catalog import Catalog, CatalogVersion, Gift, StreakKind
from giftflow._coins_out._column_input import ArrowStreamExportable, ColumnSource
from giftflow._coins_out._columns import settle_columns
from giftflow._coins_out._conversion import (
    Carry,
    ConversionPolicy,
    DiamondRatio,
    FixedValue,
    Mission,
    PolicySchedule,
    RevenueShare,
    RewardSchedule,
)
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._explain import amount_gift, compare_channels, explain
from giftflow._coins_out._gifts import (
    GiftEvent,
    GiftReceipt,
    Recipient,
    SponsorBudget,
    send_gift,
)
from giftflow._coins_out._issuance import Agency, CreatorShare
from giftflow._coins_out._recognition import CreatorEntry, GifterLevels, LeaderboardEntry
from giftflow._coins_out._settlement import CreatorTotal, GiftRecord, Settlement
from giftflow._coins_out._settling import settle
from giftflow._coins_out._streaks import (
    FoldedGift,
    StreakClose,
    StreakEvent,
    UnfinishedStreaks,
    fold_streaks,
)
from giftflow._coins_out._trace import TraceRow, ValueTrace, trace
from giftflow._format._api import Data, from_data, from_document, to_data, to_document
from giftflow._ledger._book import Applied, BalanceGuards, Clawback, History, Idempotency, Ledger
from giftflow._ledger._errors import (
    AccountClosedError,
    ConcurrentApplyError,
    EventOrderError,
    IdempotencyConflictError,
    InsufficientBalanceError,
    UnbalancedTransactionError,
)
from giftflow._ledger._events import (
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
from giftflow._ledger._journal import (
    Account,
    AccountKind,
    Amount,
    Posting,
    Transaction,
    Unit,
    unit_of,
)
from giftflow._ledger._payable_events import PayableSettled, StoreSettled
from giftflow._ledger._payouts import DiamondBalance
from giftflow._ledger._rankings import creator_leaderboard, leaderboard
from giftflow._ledger._snapshot import LedgerSnapshot
from giftflow._ledger._statements import Statement, StatementLine
from giftflow._values._currency import Currency, currency, iso_currencies
from giftflow._values._errors import (
    CurrencyMismatchError,
    DataError,
    ExtraMissingError,
    GiftflowError,
    InsufficientCoinsError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    LimitConflictError,
    MissingRateError,
    NaiveDatetimeError,
    OverlapError,
    ParseError,
    PrecisionLossError,
    SettlementError,
    UnknownChannelError,
    UnknownCurrencyError,
    UnknownGiftError,
    UnknownPackageError,
)
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._refusals import PayoutRefusedError, SpendingRefusedError, SponsorBudgetError
from giftflow._values._rounding import Rounded, Rounding
from giftflow._values._tables import Record
from giftflow._values._time import Recurrence, Window
from giftflow._values._units import Coins, Diamonds, UnitNames

# Grouped by wing with a comment per group, so the facade reads as a table of contents;
# sorted within each group.
__all__ = [  # noqa: RUF022
    # Values: money, currencies, rates, rounding, units, time, records, errors
    "Coins",
    "Currency",
    "CurrencyMismatchError",
    "DataError",
    "Diamonds",
    "ExactMoney",
    "ExtraMissingError",
    "GiftflowError",
    "InsufficientCoinsError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "LimitConflictError",
    "MissingRateError",
    "Money",
    "NaiveDatetimeError",
    "OverlapError",
    "ParseError",
    "PayoutRefusedError",
    "PrecisionLossError",
    "Rate",
    "Record",
    "Recurrence",
    "Rounded",
    "Rounding",
    "SettlementError",
    "SpendingRefusedError",
    "SponsorBudgetError",
    "UnitNames",
    "UnknownChannelError",
    "UnknownCurrencyError",
    "UnknownGiftError",
    "UnknownPackageError",
    "Window",
    "currency",
    "iso_currencies",
    # Coins in: fees, prices and checkout, purchases, wallets, spending rules
    "AgeRule",
    "CapPeriod",
    "Channel",
    "CoinCost",
    "CoinLot",
    "CoinPackage",
    "CostBasis",
    "Crossing",
    "CustomAmount",
    "Fee",
    "FeeBasis",
    "FeeCharge",
    "FeeKind",
    "FeePeriod",
    "FeeSchedule",
    "LotDebit",
    "LotKind",
    "PackagePrice",
    "PriceBook",
    "Promotion",
    "Purchase",
    "PurchaseBreakdown",
    "Qualification",
    "Quote",
    "Refusal",
    "RoundingNote",
    "Spend",
    "SpendPolicy",
    "SpendRecord",
    "SpendingCap",
    "SpendingDecision",
    "SpendingRules",
    "Storefront",
    "Tax",
    "TaxMode",
    "Threshold",
    "Viewer",
    "Wallet",
    "checkout",
    # Coins out: economy, catalog, conversion, issuance, gifts, streaks, recognition, traces, settlement
    "Agency",
    "ArrowStreamExportable",
    "Carry",
    "Catalog",
    "CatalogVersion",
    "ColumnSource",
    "ConversionPolicy",
    "CreatorEntry",
    "CreatorShare",
    "CreatorTotal",
    "DiamondRatio",
    "Economy",
    "FixedValue",
    "FoldedGift",
    "Gift",
    "GiftEvent",
    "GiftReceipt",
    "GiftRecord",
    "GifterLevels",
    "LeaderboardEntry",
    "Mission",
    "PolicySchedule",
    "Recipient",
    "RevenueShare",
    "RewardSchedule",
    "Settlement",
    "SponsorBudget",
    "StreakClose",
    "StreakEvent",
    "StreakKind",
    "TraceRow",
    "UnfinishedStreaks",
    "ValueTrace",
    "amount_gift",
    "compare_channels",
    "explain",
    "fold_streaks",
    "send_gift",
    "settle",
    "settle_columns",
    "trace",
    # Cash out: valuation, payout schedules, policies, plans, statements
    "Creator",
    "DiamondValuation",
    "Earning",
    "Eligibility",
    "FeeBearer",
    "FxRate",
    "FxRates",
    "PayoutCap",
    "PayoutFee",
    "PayoutFeeCharge",
    "PayoutLeg",
    "PayoutLegKind",
    "PayoutMethod",
    "PayoutPlan",
    "PayoutPolicy",
    "PayoutReason",
    "PayoutReasonKind",
    "PayoutRecord",
    "PayoutSchedule",
    "PayoutStatement",
    "ScheduleKind",
    "WithdrawalLimit",
    "WithholdingRule",
    "payout_statement",
    "plan_payout",
    # The ledger: journal, events, the book, balances, statements
    "Account",
    "AccountClosedError",
    "AccountForfeited",
    "AccountKind",
    "Amount",
    "Applied",
    "BalanceGuards",
    "ChargedBack",
    "Clawback",
    "CoinsExpired",
    "CoinsPurchased",
    "ConcurrentApplyError",
    "DiamondBalance",
    "DiamondsReconverted",
    "EventOrderError",
    "GiftSent",
    "History",
    "Idempotency",
    "IdempotencyConflictError",
    "InsufficientBalanceError",
    "Ledger",
    "LedgerEvent",
    "LedgerSnapshot",
    "PayableSettled",
    "PayoutFailed",
    "PayoutRequested",
    "PayoutSettled",
    "Posting",
    "Refunded",
    "Statement",
    "StatementLine",
    "StoreSettled",
    "Transaction",
    "UnbalancedTransactionError",
    "Unit",
    "creator_leaderboard",
    "leaderboard",
    "unit_of",
    # The data format
    "Data",
    "from_data",
    "from_document",
    "to_data",
    "to_document",
]

__version__ = "0.2.0.dev0"

# Annotations are strings (PEP 563), which typing.get_type_hints evaluates in the module
# that __module__ names. Resolve them while that is still the defining module, and keep
# the objects, so that get_type_hints(giftflow.Window) and attrs.fields(...).type work
# after the renaming below.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type):
        _own = _inspect.get_annotations(_obj)
        if _own:
            _hints = _typing.get_type_hints(_obj, include_extras=True)
            _obj.__annotations__ = {key: _hints[key] for key in _own}
        if _attrs.has(_obj):  # inherited fields too (Coins' come from a private base)
            _attrs.resolve_types(_obj, include_extras=True)

# Public objects report the facade as their home, so reprs, tracebacks and
# pickles name `giftflow.Money`, never a private module.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type | _FunctionType):
        _obj.__module__ = __name__
del _name, _obj, _own, _hints, _FunctionType, _inspect, _typing, _attrs
