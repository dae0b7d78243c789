"""Configuration values that `mypy --strict` must reject, checked by tests/package/test_typing.py.

Attrs takes each ``__init__`` parameter's type from its converter, so every field that
normalises its input (a country's case, a list into a tuple) still has a precise type:
``recipients=42`` is a type error as well as a run-time ``InvalidTypeError``. Unmarked
lines must type-check.
"""

from datetime import UTC, date, datetime
from fractions import Fraction

from giftflow import (
    Account,
    AccountKind,
    Carry,
    Catalog,
    CatalogVersion,
    Channel,
    Coins,
    Creator,
    Data,
    Diamonds,
    Economy,
    FxRates,
    Gift,
    GifterLevels,
    GiftEvent,
    Ledger,
    Money,
    Recipient,
    RevenueShare,
    Rounding,
    Settlement,
    Statement,
    Viewer,
    currency,
    presets,
)
from giftflow.presets import tiktok
from giftflow import from_document, to_data, to_document

at = datetime(2026, 11, 24, 20, tzinfo=UTC)
rose = Gift(id="5655", name="Rose", price=Coins(1))
economy: Economy = tiktok()

# Valid: the accepted spellings of each field.
one: GiftEvent = GiftEvent(
    id="g1", viewer="v1", gift="Rose", count=1, recipients="ana", country="us", at=at
)
cohosts = GiftEvent(
    id="g2", viewer="v1", gift="Rose", count=2, recipients=["ana", Recipient("bo", weight=2)],
    country="GB", at=at,
)
version = CatalogVersion(version="v1", gifts=[rose])
catalog = Catalog(versions=(version,))
levels = GifterLevels([1, 100])
carry = Carry({"ana": Fraction(1, 2)})
viewer = Viewer(country="gb", birth_date=date(1990, 1, 1))
creator = Creator(country="US", birth_date=date(1990, 1, 1))
share = RevenueShare(share=presets.tiktok_net_share().share, diamond_value=Money.parse("0.005", "USD"))
fx = FxRates(())
day = Settlement(gifts={"5655": 3})
ledger = Ledger(economy)
wallet = Account(AccountKind.VIEWER_WALLET, "v1")
start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
left: Coins = ledger.balance(wallet, Coins)
earned: Diamonds = ledger.balance(Account(AccountKind.CREATOR_BALANCE, "ana"), Diamonds)
revenue: Money = ledger.balance(Account(AccountKind.PLATFORM_REVENUE), currency("USD"), at=end)
history: Statement = ledger.statement(wallet, Coins, start=start, end=end)
written: Data = to_data(Coins(1))
read: Money = from_document(to_document(Money.parse("1", "USD")), Money)

# Invalid: the shapes the validators refuse at run time.
GiftEvent(id="g3", viewer="v1", gift="Rose", count=1, recipients=42, country="US", at=at)  # E: arg-type
GiftEvent(id="g4", viewer="v1", gift="Rose", count=1, recipients="ana", country=840, at=at)  # E: arg-type
GiftEvent(id="g5", viewer="v1", gift="Rose", count=1, recipients=[1], country="US", at=at)  # E: list-item
CatalogVersion(version="v2", gifts=["Rose"])  # E: list-item
Catalog(versions=version)  # E: arg-type
GifterLevels(100)  # E: arg-type
Carry({"ana": 0.5})  # E: dict-item
Viewer(country=44, birth_date=date(1990, 1, 1))  # E: arg-type
Creator(country=None, birth_date=date(1990, 1, 1))  # E: arg-type
RevenueShare(share=share.share, diamond_value=0.005)  # E: arg-type
FxRates(("GBP", "USD", "1.26"))  # E: arg-type
wrong: Coins = from_document(to_document(Coins(1)), Money)  # E: assignment
Settlement(gifts={"5655": 1.5})  # E: dict-item
Settlement(agencies={"north": 5})  # E: dict-item
# Ledger units are types or a Currency, never strings; a balance comes back in its unit.
ledger.balance(wallet, "diamond")  # E: call-overload
ledger.balance(wallet, "USD")  # E: call-overload
ledger.statement(wallet, "coins", start=start, end=end)  # E: arg-type
misread: Diamonds = ledger.balance(wallet, Coins)  # E: assignment
# Data is a JSON value: narrow it before indexing.
unnarrowed: dict[str, Data] = to_data(Money.parse("1", "USD"))  # E: assignment

# The with_ methods and the presets' settings (issue #16, item 6).
us_only = presets.tiktok(diamond_rounding=Rounding.HALF_UP, countries=["US"])
us_only.with_rounding("down")  # E: arg-type
us_only.with_fees(Channel.IOS, presets.card_processor_fee())  # E: arg-type
us_only.with_price("coins_65", country="US", channel=Channel.IOS, price=1.09)  # E: arg-type
us_only.price_book.with_custom_range(max_coins=20_000)  # E: arg-type
presets.tiktok(fees={"ios": ()})  # E: dict-item
presets.twitch_bits(small_business=True)  # E: call-arg
presets.tiktok(prices=[("coins_65", "1.09")])  # E: list-item
