"""Forged ledger documents: every invariant of issue #12 broken inside a stored ledger.

One valid ledger (a purchase, two gifts, a partial refund, a payout request and its
settlement) is written twice: as ``to_data`` writes it, with compact events (the
purchase names its price-book entry), and in the full shape of format version 1 (the
purchase with its quote, breakdown and lots), which is still read. Each document is
forged one way per test; ``from_data`` must refuse it with a ``DataError`` whose path
is the bad field's, such as ``events[0].coins_purchased.purchase.lots[0].coins`` (full)
or ``events[0].coins_purchased.package`` (compact). A field that is wrong only against
the ledger's own configuration (coins that the price book does not sell) may be
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
from tests.format.raw import raw_data

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


def _full(ledger: Ledger) -> dict[str, Any]:
    """The ledger's data in format version 1: no events_shape, each event in full."""
    data: dict[str, Any] = raw_data(ledger)
    del data["events_shape"]
    data["events"] = [
        {ledger.transaction(event.id).kind: giftflow.to_data(event)} for event in ledger.events
    ]
    return data


# events[0] coins_purchased p1, [1] gift_sent g1, [2] gift_sent g2, [3] refunded r1,
# [4] payout_requested po1, [5] payout_settled s1
DOCUMENT: dict[str, Any] = raw_data(_ledger())
FULL_DOCUMENT: dict[str, Any] = _full(_ledger())
DOCUMENTS = {"compact": DOCUMENT, "full": FULL_DOCUMENT}
P = "events[0].coins_purchased.purchase"
C = "events[0].coins_purchased"

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
    shapes: tuple[str, ...] = ("compact", "full")  # the documents it forges


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


def add(
    id: str,
    path: str,
    forge: Callable[[Doc], None],
    within: str | None = None,
    shapes: tuple[str, ...] = ("compact", "full"),
) -> None:
    FORGERIES.append(Forgery(id, forge, path, within, shapes))


def full(id: str, path: str, forge: Callable[[Doc], None], within: str | None = None) -> None:
    """A forgery of the full purchase, which only a version-1 document holds."""
    add(id, path, forge, within, shapes=("full",))


def compact(id: str, path: str, forge: Callable[[Doc], None], within: str | None = None) -> None:
    """A forgery of the compact purchase."""
    add(id, path, forge, within, shapes=("compact",))


def replace_purchase(**quote_changes: object) -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        event(doc, 0)["purchase"] = written_purchase(**quote_changes)

    return forge


# -- the purchase: lots, quote, breakdown --------------------------------------------

full("lot-coins-6500", f"{P}.lots[0].coins", setter(lot, "coins", 6500), within=P)
full("lot-coins-huge", f"{P}.lots[0].coins", setter(lot, "coins", 10 ** (10**5)))
full("lot-coins-str", f"{P}.lots[0].coins", setter(lot, "coins", "65"))
full(
    "lot-unknown-purchase-id",
    f"{P}.lots[0].purchase_id",
    setter(lot, "purchase_id", "p9"),
    within=P,
)
full(
    "lot-acquired-before-quote",
    f"{P}.lots[0].acquired_at",
    setter(lot, "acquired_at", iso(T0 - D)),
    within=P,
)
full("lot-id-leading-space", f"{P}.lots[0].id", setter(lot, "id", " p1/purchased"))
full("lot-kind-reconverted", f"{P}.lots[0].kind", setter(lot, "kind", "reconverted"), within=P)


def _tenfold_net(doc: Doc) -> None:
    # The lot stays self-consistent (gross = net + store fee per coin) but claims ten
    # times the net the breakdown received.
    lot(doc)["net_per_coin"] = {"minor": "138/13", "currency": "USD"}
    lot(doc)["gross_per_coin"] = {"minor": "144/13", "currency": "USD"}


full(
    "lot-net-per-coin-tenfold",
    f"{P}.lots[0].net_per_coin",
    _tenfold_net,
    within=P,
)


def _price(amount: str, currency: str = "USD") -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        purchase(doc)["quote"]["price"] = {"amount": amount, "currency": currency}

    return forge


full("quote-price-negative", f"{P}.quote.price", _price("-0.99"), within=f"{P}.quote")
full("quote-price-zero", f"{P}.quote.price", _price("0.00"), within=f"{P}.quote")
full(
    "quote-price-not-the-storefronts-currency",
    f"{P}.quote.price",
    _price("0.99", "EUR"),
    within=f"{P}.quote",
)
full("quote-price-float", f"{P}.quote.price.amount", _price(0.99))  # type: ignore[arg-type]
full(
    "quote-price-5000-digits",
    f"{P}.quote.price.amount",
    _price("9" * 5000 + ".00"),
)
full(
    "quote-package-coins-6500",
    f"{P}.quote.package.coins",
    replace_purchase(package=giftflow.CoinPackage(id="coins_65", coins=giftflow.Coins(6500))),
    within="events[0]",
)
full(
    "quote-package-unknown",
    f"{P}.quote.package.id",
    replace_purchase(package=giftflow.CoinPackage(id="coins_nope", coins=giftflow.Coins(65))),
    within="events[0]",
)
full(
    "quote-price-not-the-books",
    f"{P}.quote.price",
    replace_purchase(price=Money.parse("0.01", "USD")),
    within="events[0]",
)
# (No time is outside every TikTok price: its prices have no windows. A quote dated after
# the purchase that books it is refused instead.)
full(
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


full("breakdown-without-store-fee", f"{P}.breakdown.fees", _no_store_fee, within=f"{P}.breakdown")
full(
    "breakdown-fee-rate-150-percent",
    f"{P}.breakdown.fees[0].rate",
    _fee_rate_150,
    within=f"{P}.breakdown",
)
full(
    "storefront-fee-rate-150-percent",
    f"{P}.quote.storefront.fees[1].fees[0].rate",
    _storefront_fee_rate_150,
)
full("breakdown-does-not-sum", f"{P}.breakdown.net", _net_plus_a_cent, within=f"{P}.breakdown")
full(
    "breakdown-not-the-storefronts-currency",
    f"{P}.breakdown.price",
    _breakdown_in_euros,
    within=f"{P}.breakdown",
)
# -- the compact purchase: what a document holds in place of the purchase ----------------


def _smuggle_full_purchase(doc: Doc) -> None:
    # A whole self-consistent purchase of 6,500 coins, where the entry's names belong.
    event(doc, 0)["purchase"] = written_purchase(
        package=giftflow.CoinPackage(id="coins_65", coins=giftflow.Coins(6500))
    )


def _drop(key: str) -> Callable[[Doc], None]:
    def forge(doc: Doc) -> None:
        del event(doc, 0)[key]

    return forge


def _second_purchase(doc: Doc) -> None:
    entry = {"id": "p9", "viewer": "v1", "at": iso(T0 + 3 * D), "purchase_id": "p1"}
    entry |= {"package": "coins_65", "country": "US", "channel": "ios"}
    doc["events"].append({"coins_purchased": entry})


def _at_zone_quoted(doc: Doc) -> None:
    event(doc, 0)["quoted_at"] = event(doc, 0)["at"]


def _compact_event(doc: Doc) -> dict[str, Any]:
    return event(doc, 0)


compact("smuggled-full-purchase", f"{C}.purchase", _smuggle_full_purchase)
compact("smuggled-lots", f"{C}.lots", setter(_compact_event, "lots", []))
compact("smuggled-price", f"{C}.price", setter(_compact_event, "price", "0.01"))
compact("package-unknown", f"{C}.package", setter(_compact_event, "package", "coins_nope"))
compact("package-missing", f"{C}.package", _drop("package"))
compact("package-int", f"{C}.package", setter(_compact_event, "package", 65))
compact("coins-for-a-package", f"{C}.coins", setter(_compact_event, "coins", 6500))
compact("coins-null", f"{C}.coins", setter(_compact_event, "coins", None))
compact("country-without-storefront", f"{C}.country", setter(_compact_event, "country", "ZZ"))
compact("country-lower-case", f"{C}.country", setter(_compact_event, "country", "us"))
compact("channel-not-sold-there", f"{C}.channel", setter(_compact_event, "channel", "fax"))
compact("channel-int", f"{C}.channel", setter(_compact_event, "channel", 7))
compact(
    "quoted-after-the-purchase",
    f"{C}.at",
    setter(_compact_event, "quoted_at", iso(T0 + D)),
    within=C,
)
compact("quoted-naive", f"{C}.quoted_at", setter(_compact_event, "quoted_at", "2026-11-02T12:00"))
compact("quoted-at-its-default", f"{C}.quoted_at", _at_zone_quoted)
compact(
    "purchase-id-at-its-default", f"{C}.purchase_id", setter(_compact_event, "purchase_id", "p1")
)
compact(
    "purchase-id-leading-space", f"{C}.purchase_id", setter(_compact_event, "purchase_id", " p1")
)
compact(
    "purchase-id-recorded-twice",
    "events[6].coins_purchased.purchase_id",
    _second_purchase,
    within="events[6]",
)
compact(
    "proceeds-where-no-fee-reads-them",
    f"{C}.proceeds_to_date",
    setter(_compact_event, "proceeds_to_date", {"amount": "0.00", "currency": "USD"}),
)
compact(
    "proceeds-float",
    f"{C}.proceeds_to_date.amount",
    setter(_compact_event, "proceeds_to_date", {"amount": 0.0, "currency": "USD"}),
)
compact(
    "purchase-by-a-viewer-without-profile",
    f"{C}.viewer",
    setter(_compact_event, "viewer", "v9"),
    within="events[0]",
)
compact(
    "events-shape-unknown",
    "events_shape",
    setter(lambda d: d, "events_shape", "full"),
)
compact(
    "events-shape-dropped",
    f"{C}.purchase",
    lambda d: d.__delitem__("events_shape"),
)
compact(
    "gift-battle-at-its-default",
    "events[1].gift_sent.gift.battle",
    lambda d: event(d, 1)["gift"].__setitem__("battle", False),
)
compact(
    "gift-weight-at-its-default",
    "events[1].gift_sent.gift.recipients[0].weight",
    lambda d: event(d, 1)["gift"]["recipients"][0].__setitem__("weight", 1),
)
compact(
    "gift-weight-true",
    "events[1].gift_sent.gift.recipients[0].weight",
    lambda d: event(d, 1)["gift"]["recipients"][0].__setitem__("weight", True),
)
compact(
    "gift-metrics-at-its-default",
    "events[1].gift_sent.metrics",
    lambda d: event(d, 1).__setitem__("metrics", {}),
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


def _append(kind: str, *defaults: str, **fields: object) -> Callable[[Doc], None]:
    # A compact event leaves out the fields at their default (named in ``defaults``).
    def forge(doc: Doc) -> None:
        written = fields
        if "events_shape" in doc:
            written = {key: value for key, value in fields.items() if key not in defaults}
        doc["events"].append({kind: written})

    return forge


add(
    "chargeback-fee-foreign-currency",
    "events[6].charged_back.fee",
    _append(
        "charged_back",
        "amount",
        "fee_to",
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


@pytest.mark.parametrize("shape", sorted(DOCUMENTS))
def test_the_valid_document_reads_back(shape: str) -> None:
    ledger = giftflow.from_data(Ledger, copy.deepcopy(DOCUMENTS[shape]))
    assert giftflow.to_data(ledger) == DOCUMENT  # written compact, whatever it was read from
    assert _ledger().events == ledger.events


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


CASES = [(case, shape) for case in FORGERIES for shape in case.shapes]


@pytest.mark.parametrize(
    ("case", "shape"), CASES, ids=[f"{shape}-{case.id}" for case, shape in CASES]
)
def test_refuses_a_forged_ledger_document_naming_the_path(case: Forgery, shape: str) -> None:
    doc = copy.deepcopy(DOCUMENTS[shape])
    case.forge(doc)
    assert doc != DOCUMENTS[shape], "the forgery changed nothing"
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
