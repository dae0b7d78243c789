"""Forged ledger documents: every invariant of issue #12 broken inside a stored ledger.

One valid document (``to_data`` of a ledger with a purchase, two gifts, a partial refund,
a payout request and its settlement) is forged one way per test; ``from_data`` must
refuse it with a ``DataError`` whose path is the bad field's, such as
``events[0].coins_purchased.purchase.lots[0].coins``. A field that is wrong only
against the ledger's own configuration (coins that the price book does not sell) may be
reported at an enclosing path (the event, ``events[0]``) if the message names the field.

Written for the behaviour issue #12 demands, so some fail until the library refuses them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

import giftflow
from giftflow import (
    Channel,
    CoinsPurchased,
    DataError,
    Diamonds,
    GiftEvent,
    GiftSent,
    Ledger,
    Money,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Refunded,
    Viewer,
    checkout,
    presets,
)

T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)
ECONOMY = presets.tiktok()
# TikTok's economy has a minimum age: the ledger needs the profile of every viewer who spends.
VIEWERS = {"v1": Viewer(country="US", birth_date=date(1990, 5, 1))}
QUOTE = ECONOMY.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=T0)


def _ledger() -> Ledger:
    ledger = Ledger(ECONOMY, viewers=VIEWERS)
    ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=checkout(QUOTE, purchase_id="p1")))
    for number, count in ((1, 5), (2, 1)):
        gift = GiftEvent(
            id=f"g{number}",
            viewer="v1",
            gift="Rose",
            count=count,
            recipients="ana",
            country="US",
            at=T0 + number * H,
        )
        ledger.apply(GiftSent(gift=gift))
    ledger.apply(
        Refunded(id="r1", at=T0 + 3 * H, purchase_id="p1", amount=Money.parse("0.10", "USD"))
    )
    ledger.apply(PayoutRequested(id="po1", at=T0 + D, creator="ana", diamonds=Diamonds(5)))
    leg = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.02", "USD"))
    ledger.apply(PayoutSettled(id="s1", at=T0 + 2 * D, payout_id="po1", legs=(leg,)))
    return ledger


# events[0] coins_purchased p1, [1] gift_sent g1, [2] gift_sent g2, [3] refunded r1,
# [4] payout_requested po1, [5] payout_settled s1
DOCUMENT: dict[str, Any] = giftflow.to_data(_ledger())
P = "events[0].coins_purchased.purchase"

Doc = dict[str, Any]


def event(doc: Doc, index: int) -> dict[str, Any]:
    """The fields of ``events[index]`` (inside its one tag)."""
    (fields,) = doc["events"][index].values()
    assert isinstance(fields, dict)
    return fields


def purchase(doc: Doc) -> dict[str, Any]:
    found = event(doc, 0)["purchase"]
    assert isinstance(found, dict)
    return found


def iso(moment: datetime) -> str:
    return moment.isoformat()


def written_purchase(**quote_changes: object) -> dict[str, Any]:
    """The written form of a self-consistent checkout of a forged quote (id p1)."""
    evolve: Callable[..., giftflow.Quote] = attrs.evolve
    data = giftflow.to_data(checkout(evolve(QUOTE, **quote_changes), purchase_id="p1"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class Forgery:
    id: str
    forge: Callable[[Doc], None]
    path: str  # the bad field's path
    within: str | None = None  # an enclosing path also accepted, if the message names the field


FORGERIES: list[Forgery] = []


def setter(
    getter: Callable[[Doc], dict[str, Any]], key: str, value: object
) -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        getter(doc)[key] = value

    return forge


def lot(doc: Doc) -> dict[str, Any]:
    found = purchase(doc)["lots"][0]
    assert isinstance(found, dict)
    return found


def add(id: str, path: str, forge: Callable[[Doc], None], within: str | None = None) -> None:
    FORGERIES.append(Forgery(id, forge, path, within))


def replace_purchase(**quote_changes: object) -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        event(doc, 0)["purchase"] = written_purchase(**quote_changes)

    return forge


# -- the purchase: lots, quote, breakdown --------------------------------------------

add("lot-coins-6500", f"{P}.lots[0].coins", setter(lot, "coins", 6500), within=P)
add("lot-coins-huge", f"{P}.lots[0].coins", setter(lot, "coins", 10 ** (10**5)))
add("lot-coins-str", f"{P}.lots[0].coins", setter(lot, "coins", "65"))
add(
    "lot-unknown-purchase-id",
    f"{P}.lots[0].purchase_id",
    setter(lot, "purchase_id", "p9"),
    within=P,
)
add(
    "lot-acquired-before-quote",
    f"{P}.lots[0].acquired_at",
    setter(lot, "acquired_at", iso(T0 - D)),
    within=P,
)
add("lot-id-leading-space", f"{P}.lots[0].id", setter(lot, "id", " p1/purchased"))
add("lot-kind-reconverted", f"{P}.lots[0].kind", setter(lot, "kind", "reconverted"), within=P)


def _tenfold_net(doc: Doc) -> None:
    # The lot stays self-consistent (gross = net + store fee per coin) but claims ten
    # times the net the breakdown received.
    lot(doc)["net_per_coin"] = {"minor": "138/13", "currency": "USD"}
    lot(doc)["gross_per_coin"] = {"minor": "144/13", "currency": "USD"}


add(
    "lot-net-per-coin-tenfold",
    f"{P}.lots[0].net_per_coin",
    _tenfold_net,
    within=P,
)


def _price(amount: str, currency: str = "USD") -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        purchase(doc)["quote"]["price"] = {"amount": amount, "currency": currency}

    return forge


add("quote-price-negative", f"{P}.quote.price", _price("-0.99"), within=f"{P}.quote")
add("quote-price-zero", f"{P}.quote.price", _price("0.00"), within=f"{P}.quote")
add(
    "quote-price-not-the-storefronts-currency",
    f"{P}.quote.price",
    _price("0.99", "EUR"),
    within=f"{P}.quote",
)
add("quote-price-float", f"{P}.quote.price.amount", _price(0.99))  # type: ignore[arg-type]
add(
    "quote-price-5000-digits",
    f"{P}.quote.price.amount",
    _price("9" * 5000 + ".00"),
)
add(
    "quote-package-coins-6500",
    f"{P}.quote.package.coins",
    replace_purchase(package=giftflow.CoinPackage(id="coins_65", coins=giftflow.Coins(6500))),
    within="events[0]",
)
add(
    "quote-package-unknown",
    f"{P}.quote.package.id",
    replace_purchase(package=giftflow.CoinPackage(id="coins_nope", coins=giftflow.Coins(65))),
    within="events[0]",
)
add(
    "quote-price-not-the-books",
    f"{P}.quote.price",
    replace_purchase(price=Money.parse("0.01", "USD")),
    within="events[0]",
)
# (No time is outside every TikTok price: its prices have no windows. A quote dated after
# the purchase that books it is refused instead.)
add(
    "quote-at-after-its-booking",
    "events[0].coins_purchased.at",
    replace_purchase(at=T0 + D),
    within="events[0]",
)


def _no_store_fee(doc: Doc) -> None:
    breakdown = purchase(doc)["breakdown"]
    breakdown["fees"] = []
    breakdown["net"] = breakdown["gross"]
    breakdown["roundings"] = breakdown["roundings"][:1]


def _fee_rate_150(doc: Doc) -> None:
    breakdown = purchase(doc)["breakdown"]
    fee = breakdown["fees"][0]
    fee["rate"] = "1.5"
    fee["exact"] = {"minor": "297/2", "currency": "USD"}
    fee["amount"] = {"amount": "1.49", "currency": "USD"}
    breakdown["roundings"][1]["exact"] = fee["exact"]
    breakdown["roundings"][1]["rounded"] = fee["amount"]
    breakdown["net"] = {"amount": "-0.50", "currency": "USD"}


def _storefront_fee_rate_150(doc: Doc) -> None:
    fees = purchase(doc)["quote"]["storefront"]["fees"]
    (ios,) = (entry for entry in fees if entry["channel"] == "ios")
    ios["fees"][0]["rate"] = "1.5"


def _net_plus_a_cent(doc: Doc) -> None:
    purchase(doc)["breakdown"]["net"] = {"amount": "0.70", "currency": "USD"}


def _breakdown_in_euros(doc: Doc) -> None:
    breakdown = purchase(doc)["breakdown"]
    for key in ("price", "gross", "tax", "net"):
        breakdown[key]["currency"] = "EUR"


add("breakdown-without-store-fee", f"{P}.breakdown.fees", _no_store_fee, within=f"{P}.breakdown")
add(
    "breakdown-fee-rate-150-percent",
    f"{P}.breakdown.fees[0].rate",
    _fee_rate_150,
    within=f"{P}.breakdown",
)
add(
    "storefront-fee-rate-150-percent",
    f"{P}.quote.storefront.fees[1].fees[0].rate",
    _storefront_fee_rate_150,
)
add("breakdown-does-not-sum", f"{P}.breakdown.net", _net_plus_a_cent, within=f"{P}.breakdown")
add(
    "breakdown-not-the-storefronts-currency",
    f"{P}.breakdown.price",
    _breakdown_in_euros,
    within=f"{P}.breakdown",
)
add(
    "purchase-viewer-trailing-space",
    "events[0].coins_purchased.viewer",
    setter(lambda d: event(d, 0), "viewer", "v1 "),
)

# -- gifts -----------------------------------------------------------------------------


def gift(doc: Doc, index: int = 1) -> dict[str, Any]:
    found = event(doc, index)["gift"]
    assert isinstance(found, dict)
    return found


G1 = "events[1].gift_sent.gift"
add(
    "gift-before-its-coins-were-bought",
    f"{G1}.at",
    setter(gift, "at", iso(T0 - H)),
    within="events[1]",
)
add("gift-id-leading-space", f"{G1}.id", setter(gift, "id", " g1"))
add("gift-count-huge", f"{G1}.count", setter(gift, "count", 10 ** (10**5)))
add("gift-count-str", f"{G1}.count", setter(gift, "count", "5"))
add("gift-count-zero", f"{G1}.count", setter(gift, "count", 0))
add("gift-at-int", f"{G1}.at", setter(gift, "at", 1_700_000_000))
add("gift-unknown", f"{G1}.gift", setter(gift, "gift", "Nope"), within="events[1]")
add("gift-more-coins-than-bought", f"{G1}.count", setter(gift, "count", 66), within="events[1]")
add(
    "gift-recipient-whitespace",
    f"{G1}.recipients[0].creator",
    lambda d: gift(d)["recipients"][0].__setitem__("creator", "ana "),
)


def _swap_gift_dates(doc: Doc) -> None:
    # g2 now happens before g1: the events are out of time order.
    gift(doc, 2)["at"] = iso(T0 + H / 2)


add("events-out-of-time-order", "events[2].gift_sent.gift.at", _swap_gift_dates, within="events[2]")


def _same_id_other_content(doc: Doc) -> None:
    gift(doc, 2)["id"] = "g1"


add(
    "gift-id-reused-with-other-content",
    "events[2].gift_sent.gift.id",
    _same_id_other_content,
    within="events[2]",
)


def _forfeit_before_second_gift(doc: Doc) -> None:
    doc["events"].insert(
        2, {"account_forfeited": {"id": "f1", "at": iso(T0 + H + H / 2), "owner": "v1"}}
    )


# after the insertion, g2 (now events[3]) is a gift from a closed account
add(
    "gift-from-a-closed-account",
    "events[3].gift_sent.gift.viewer",
    _forfeit_before_second_gift,
    within="events[3]",
)

# -- refunds and chargebacks -------------------------------------------------------------


def refund(doc: Doc) -> dict[str, Any]:
    return event(doc, 3)


R1 = "events[3].refunded"
add("refund-before-its-purchase", f"{R1}.at", setter(refund, "at", iso(T0 - D)), within="events[3]")
add(
    "refund-unknown-purchase",
    f"{R1}.purchase_id",
    setter(refund, "purchase_id", "p9"),
    within="events[3]",
)
add(
    "refund-names-a-gift",
    f"{R1}.purchase_id",
    setter(refund, "purchase_id", "g1"),
    within="events[3]",
)
add("refund-purchase-id-leading-space", f"{R1}.purchase_id", setter(refund, "purchase_id", " p1"))
add(
    "refund-amount-foreign-currency",
    f"{R1}.amount",
    setter(refund, "amount", {"amount": "0.10", "currency": "EUR"}),
    within="events[3]",
)
add(
    "refund-more-than-paid",
    f"{R1}.amount",
    setter(refund, "amount", {"amount": "5.00", "currency": "USD"}),
    within="events[3]",
)
add(
    "refund-amount-negative",
    f"{R1}.amount",
    setter(refund, "amount", {"amount": "-0.10", "currency": "USD"}),
)


def _append(kind: str, **fields: object) -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        doc["events"].append({kind: fields})

    return forge


add(
    "chargeback-fee-foreign-currency",
    "events[6].charged_back.fee",
    _append(
        "charged_back",
        id="c1",
        at=iso(T0 + 3 * D),
        purchase_id="p1",
        amount=None,
        fee={"amount": "15.00", "currency": "EUR"},
        fee_to="chargeback",
    ),
    within="events[6]",
)
add(
    "expiry-window-ends-after-the-event",
    "events[6].coins_expired.acquired_before",
    _append(
        "coins_expired", id="x1", at=iso(T0 + 3 * D), viewer="v1", acquired_before=iso(T0 + 4 * D)
    ),
    within="events[6]",
)
add(
    "reconversion-more-than-balance",
    "events[6].diamonds_reconverted.diamonds",
    _append(
        "diamonds_reconverted",
        id="d1",
        at=iso(T0 + 3 * D),
        creator="ana",
        diamonds=1000,
        coins_per_diamond="0.5",
    ),
    within="events[6]",
)

# -- payouts ----------------------------------------------------------------------------


def request(doc: Doc) -> dict[str, Any]:
    return event(doc, 4)


def settlement(doc: Doc) -> dict[str, Any]:
    return event(doc, 5)


PO, S1 = "events[4].payout_requested", "events[5].payout_settled"
add(
    "payout-request-more-than-balance",
    f"{PO}.diamonds",
    setter(request, "diamonds", 600),
    within="events[4]",
)
add(
    "payout-request-before-earnings",
    f"{PO}.at",
    setter(request, "at", iso(T0 - D)),
    within="events[4]",
)
add("payout-request-diamonds-zero", f"{PO}.diamonds", setter(request, "diamonds", 0))
add("payout-request-creator-empty", f"{PO}.creator", setter(request, "creator", ""))
add(
    "payout-settled-before-requested",
    f"{S1}.at",
    setter(settlement, "at", iso(T0 + H)),
    within="events[5]",
)
add(
    "payout-settled-unknown-payout",
    f"{S1}.payout_id",
    setter(settlement, "payout_id", "po9"),
    within="events[5]",
)
add(
    "payout-legs-foreign-currency",
    f"{S1}.legs[0].amount",
    lambda d: settlement(d)["legs"][0].__setitem__("amount", {"amount": "0.02", "currency": "EUR"}),
    within="events[5]",
)
add(
    "payout-legs-negative",
    f"{S1}.legs",
    lambda d: settlement(d)["legs"][0].__setitem__(
        "amount", {"amount": "-0.02", "currency": "USD"}
    ),
)
add("payout-legs-object", f"{S1}.legs", setter(settlement, "legs", {"net": "0.02"}))
add(
    "payout-settled-more-diamonds-than-reserved",
    f"{S1}.diamonds",
    setter(settlement, "diamonds", 6),
    within="events[5]",
)

# -- the configuration the ledger books against ------------------------------------------


def _catalog_rose(doc: Doc) -> dict[str, Any]:
    found = doc["economy"]["catalog"]["versions"][0]["gifts"][0]
    assert isinstance(found, dict)
    return found


def _book_price(doc: Doc) -> dict[str, Any]:
    found = doc["economy"]["price_book"]["prices"][0]
    assert isinstance(found, dict)
    return found


add(
    "catalog-gift-price-zero",
    "economy.catalog.versions[0].gifts[0].price",
    setter(_catalog_rose, "price", 0),
)
add(
    "price-book-price-negative",
    "economy.price_book.prices[0].price",
    setter(_book_price, "price", {"amount": "-0.99", "currency": "USD"}),
)
add(
    "price-book-price-foreign-currency",
    "economy.price_book.prices[0].price",
    setter(_book_price, "price", {"amount": "0.99", "currency": "EUR"}),
    within="economy.price_book",
)
add(
    "guards-overdraft-negative",
    "guards.viewer_overdraft",
    setter(lambda d: d["guards"], "viewer_overdraft", -5),
)
add("events-not-a-list", "events", setter(lambda d: d, "events", {"0": DOCUMENT["events"][0]}))


# -- the tests ----------------------------------------------------------------------------


def test_the_valid_document_reads_back() -> None:
    ledger = giftflow.from_data(Ledger, copy.deepcopy(DOCUMENT))
    assert giftflow.to_data(ledger) == DOCUMENT


def test_there_is_one_id_per_forgery() -> None:
    ids = [f.id for f in FORGERIES]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)


def _field(path: str) -> str:
    return path.rsplit(".", 1)[-1].split("[")[0]


def _refusal(doc: Doc) -> DataError:
    """The DataError reading ``doc`` raises; fails the test on anything else."""
    __tracebackhide__ = True
    caught: Exception | None = None
    try:
        giftflow.from_data(Ledger, doc)
    except Exception as error:  # any type: a bare builtin must fail below
        caught = error
    if caught is None:
        pytest.fail("the forged document was read")
    if not isinstance(caught, DataError):
        pytest.fail(f"{type(caught).__name__} instead of DataError: {caught}")
    return caught


@pytest.mark.parametrize("case", FORGERIES, ids=[f.id for f in FORGERIES])
def test_refuses_a_forged_ledger_document_naming_the_path(case: Forgery) -> None:
    doc = copy.deepcopy(DOCUMENT)
    case.forge(doc)
    assert doc != DOCUMENT, "the forgery changed nothing"
    error = _refusal(doc)
    found = error.argument
    exact = found == case.path or found.startswith((f"{case.path}.", f"{case.path}["))
    enclosing = (
        case.within is not None
        and case.path.startswith(found)
        and found.startswith(case.within)
        and _field(case.path) in str(error)
    )
    accepted = f" (or within {case.within!r}, naming {_field(case.path)!r})" if case.within else ""
    assert exact or enclosing, f"refused at {found!r}, expected {case.path!r}{accepted}: {error}"
