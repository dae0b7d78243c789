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

from giftflow._currency import Currency, currency, iso_currencies
from giftflow._errors import (
    CurrencyMismatchError,
    GiftflowError,
    InsufficientCoinsError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    OverlapError,
    ParseError,
    PrecisionLossError,
    SpendingRefusedError,
    UnknownChannelError,
    UnknownCurrencyError,
    UnknownPackageError,
)
from giftflow._fees import Crossing, Fee, FeeBasis, FeeCharge, FeeKind, Tax, TaxMode, Threshold
from giftflow._money import ExactMoney, Money
from giftflow._pricing import (
    Channel,
    CoinPackage,
    CustomAmount,
    PackagePrice,
    PriceBook,
    Promotion,
    Quote,
    Storefront,
)
from giftflow._purchase import CostBasis, Purchase, PurchaseBreakdown, RoundingNote, checkout
from giftflow._rate import Rate
from giftflow._rounding import Rounded, Rounding
from giftflow._rules import (
    AgeRule,
    CapPeriod,
    Refusal,
    SpendingCap,
    SpendingDecision,
    SpendingRules,
    SpendRecord,
    Viewer,
)
from giftflow._time import Recurrence, Window
from giftflow._units import Coins, Diamonds, UnitNames
from giftflow._wallet import CoinLot, LotDebit, LotKind, Spend, SpendPolicy, Wallet

__all__ = [
    "AgeRule",
    "CapPeriod",
    "Channel",
    "CoinLot",
    "CoinPackage",
    "Coins",
    "CostBasis",
    "Crossing",
    "Currency",
    "CurrencyMismatchError",
    "CustomAmount",
    "Diamonds",
    "ExactMoney",
    "Fee",
    "FeeBasis",
    "FeeCharge",
    "FeeKind",
    "GiftflowError",
    "InsufficientCoinsError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "LotDebit",
    "LotKind",
    "Money",
    "NaiveDatetimeError",
    "OverlapError",
    "PackagePrice",
    "ParseError",
    "PrecisionLossError",
    "PriceBook",
    "Promotion",
    "Purchase",
    "PurchaseBreakdown",
    "Quote",
    "Rate",
    "Recurrence",
    "Refusal",
    "Rounded",
    "Rounding",
    "RoundingNote",
    "Spend",
    "SpendPolicy",
    "SpendRecord",
    "SpendingCap",
    "SpendingDecision",
    "SpendingRefusedError",
    "SpendingRules",
    "Storefront",
    "Tax",
    "TaxMode",
    "Threshold",
    "UnitNames",
    "UnknownChannelError",
    "UnknownCurrencyError",
    "UnknownPackageError",
    "Viewer",
    "Wallet",
    "Window",
    "checkout",
    "currency",
    "iso_currencies",
]

__version__ = "0.1.0.dev0"

# Public objects report the facade as their home, so reprs, tracebacks and
# pickles name `giftflow.Money`, never a private module.
for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__"):
        _obj.__module__ = __name__
del _name, _obj
