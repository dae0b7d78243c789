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
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    PrecisionLossError,
    UnknownCurrencyError,
)
from giftflow._money import ExactMoney, Money
from giftflow._rate import Rate
from giftflow._rounding import Rounded, Rounding
from giftflow._units import Coins, Diamonds, UnitNames

__all__ = [
    "Coins",
    "Currency",
    "CurrencyMismatchError",
    "Diamonds",
    "ExactMoney",
    "GiftflowError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "Money",
    "ParseError",
    "PrecisionLossError",
    "Rate",
    "Rounded",
    "Rounding",
    "UnitNames",
    "UnknownCurrencyError",
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
