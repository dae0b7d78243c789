"""The command line (the edge of the library: the only place that prints).

``python -m giftflow`` prints a tour of the TikTok-like default economy;
``python -m giftflow explain --preset tiktok --gift Lion --channel ios`` prints
one value trace.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import NoReturn, TextIO

from giftflow import presets
from giftflow._cash_out._plan import Earning
from giftflow._cash_out._planner import plan_payout
from giftflow._cash_out._policy import Creator
from giftflow._cash_out._valuation import DiamondValuation
from giftflow._coins_in._fees import Channel
from giftflow._coins_in._purchase import checkout
from giftflow._coins_in._rules import Viewer
from giftflow._coins_in._wallet import Wallet
from giftflow._coins_out._conversion import Carry
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import GiftEvent, send_gift
from giftflow._coins_out._issuance import Agency
from giftflow._coins_out._recognition import leaderboard
from giftflow._coins_out._trace import compare_channels, trace
from giftflow._ledger._book import Ledger
from giftflow._ledger._events import CoinsPurchased, GiftSent, Refunded
from giftflow._values._errors import GiftflowError
from giftflow._values._money import ExactMoney, Money
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding
from giftflow._values._units import Coins, Diamonds

PRESETS: dict[str, Callable[[], Economy]] = {
    "tiktok": presets.tiktok,
    "twitch": presets.twitch_bits,
    "youtube": presets.youtube_supers,
    "facebook": presets.facebook_stars,
    "bigo": presets.bigo,
}

# The tour runs at a fixed instant so its output never depends on the clock.
_AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
# TikTok sells far more than the stores' $1M small-developer tiers each year.
_PROCEEDS = Money.parse("5000000", "USD")


def tour(out: TextIO) -> None:
    """Print a tour of the TikTok-like default economy to ``out``."""

    def say(line: str = "") -> None:
        print(line, file=out)

    economy = presets.tiktok()
    book = economy.price_book
    say("giftflow tour: a TikTok-like economy (preset numbers are reported snapshots;")
    say("see giftflow.presets.SOURCES). Every amount below is exact.")
    say("")
    say("1. Exact money: integer minor units, exact rates, named rounding, nothing lost.")
    price = Money.parse("0.99", "USD")
    store, rest = price.allocate([30, 70])
    say(
        f"   {price} split 30:70 -> {store} + {rest}; 1.00 USD in three -> "
        + ", ".join(str(p) for p in Money.parse("1.00", "USD").split(3))
    )
    fee, residue = price.multiply_exact(Rate.parse("2.9%")).round_with_remainder(Rounding.HALF_EVEN)
    say(f"   2.9% of {price} = {fee} + {residue} left over (booked, not dropped)")
    try:
        Coins(1) + Diamonds(1)  # type: ignore[operator]
    except TypeError:
        say("   coins + diamonds -> TypeError (and a mypy error): they are different units")
    say("")
    say("2. A viewer buys coins. Where does the payment go?")
    wallets: dict[str, Wallet] = {}
    for bought_on, package in ((Channel.IOS, "coins_660"), (Channel.WEB, "coins_700")):
        quote = book.quote(package, country="US", channel=bought_on, at=_AT)
        purchase = checkout(quote, purchase_id=f"buy-{bought_on}")
        wallets[bought_on.id] = Wallet().credit(*purchase.lots)
        say(f"   {purchase.coins} on {bought_on}:")
        for line in str(purchase.breakdown).splitlines():
            say(f"     {line}")
    say("")
    say("3. The viewer sends gifts; every cent of the coins' price is traced.")
    carry = Carry()
    receipts = []
    for number, (gift, count, channel) in enumerate(
        (("Rose", 10, "ios"), ("Rose", 10, "web"), ("Hat and Mustache", 3, "web")), start=1
    ):
        event = GiftEvent(
            id=f"gift-{number}",
            viewer=f"viewer-{channel}",
            gift=gift,
            count=count,
            recipients="ana",
            country="US",
            at=_AT,
        )
        receipt = send_gift(economy, wallets[channel], event, carry=carry)
        wallets[channel], carry = receipt.wallet, receipt.carry
        receipts.append(receipt)
        say("")
        for line in str(trace(receipt, channel=Channel(channel))).splitlines():
            say(f"   {line}")
    say("")
    say("4. The same Lion (29,999 coins) bought through each channel:")
    agency = Agency(id="agency", rate=Rate.parse("10%"))
    for lion in compare_channels(
        economy, "Lion", country="US", at=_AT, proceeds_to_date=_PROCEEDS, agency=agency
    ):
        share = lion.creator_take_rate.percent(1, Rounding.HALF_EVEN)
        say(
            f"   {lion.channel}: paid {lion.paid.round(Rounding.HALF_EVEN)}, "
            f"creator gets {share} (agency paid from the platform's part)"
        )
    say("")
    say("5. Top gifters of ana's stream:")
    for entry in leaderboard(receipts, creator="ana"):
        say(f"   #{entry.rank} {entry.viewer}: {entry.coins} coins")
    say("")
    say("6. ana cashes out on 2026-12-01 under the TikTok payout preset:")
    earnings = [
        Earning(at=receipt.event.at, diamonds=share.diamonds)
        for receipt in receipts
        for share in receipt.shares
        if share.creator == "ana" and share.diamonds
    ]
    earnings.append(Earning(at=_AT, diamonds=Diamonds(4_000)))  # earlier streams, for the demo
    plan = plan_payout(
        presets.tiktok_payout_policy(),
        earnings=earnings,
        payouts=[],
        now=datetime(2026, 12, 1, 14, tzinfo=UTC),
        creator=Creator(
            country="US",
            birth_date=date(1990, 1, 1),
            payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        method="paypal",
        payout_currency="USD",
        valuation=DiamondValuation.of(ExactMoney.parse("0.005", "USD")),
        rounding=Rounding.DOWN,
    )
    arrival = "no payout" if plan.arrives_by is None else f"arriving by {plan.arrives_by.date()}"
    say(f"   {plan.diamonds} -> gross {plan.gross}, paid {plan.paid}, {arrival}")
    for reason in plan.reasons:
        say(f"   note: {reason}")
    say("")
    say("7. The same story in the ledger: every movement double-entry, each unit sums to 0.")
    # TikTok's economy has a minimum age (18+), which the ledger enforces: it needs to
    # know who the viewers are.
    adult = Viewer(country="US", birth_date=date(1990, 1, 1))
    ledger = Ledger(
        economy, viewers={f"viewer-{channel}": adult for channel in (Channel.IOS, Channel.WEB)}
    )
    for bought_on, package in ((Channel.IOS, "coins_660"), (Channel.WEB, "coins_700")):
        quote = book.quote(package, country="US", channel=bought_on, at=_AT)
        purchase = checkout(quote, purchase_id=f"buy-{bought_on}")
        ledger.apply(
            CoinsPurchased(id=purchase.id, viewer=f"viewer-{bought_on}", purchase=purchase)
        )
    for receipt in receipts:
        ledger.apply(GiftSent(gift=receipt.event))
    ledger.apply(
        Refunded(id="refund-1", at=_AT, purchase_id="buy-web", amount=Money.parse("1", "USD"))
    )
    for (account, unit), value in ledger.balances().items():
        money = unit not in ("coins", "diamonds")
        shown = str(Money.of_minor(value, unit)) if money else f"{value:,} {unit}"
        say(f"   {account!s:28} {shown:>16}")
    totals = ", ".join(f"{unit} {total}" for unit, total in sorted(ledger.totals().items()))
    say(f"   totals per unit: {totals}")
    say("")
    say("Explain any gift: python -m giftflow explain --preset tiktok --gift Lion --channel ios")


def explain(
    out: TextIO,
    *,
    preset: str,
    gift: str,
    channel: str,
    count: int,
    country: str,
    fx: Rate | None = None,
) -> None:
    """Print the value trace of ``count`` of ``gift`` bought on ``channel``."""
    economy = PRESETS[preset]()
    (result,) = compare_channels(
        economy,
        gift,
        country=country,
        at=_AT,
        count=count,
        channels=(Channel(channel),),
        proceeds_to_date=_PROCEEDS,
        fx=fx,
    )
    print(result, file=out)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not a usage dump: what is wrong and where to look.
        print(f"giftflow: {message} (see python -m giftflow --help)", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m giftflow", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    command = commands.add_parser("explain", help="print the value trace of one gift")
    command.add_argument("--preset", required=True, choices=sorted(PRESETS))
    command.add_argument("--gift", required=True, help="gift id or name, e.g. Lion")
    command.add_argument("--channel", default="ios", help="ios, google_play or web")
    command.add_argument("--count", type=int, default=1, help="how many of the gift")
    command.add_argument("--country", default="US", help="storefront country code")
    command.add_argument(
        "--fx",
        type=Rate.parse,
        default=None,
        help="units of the paid currency per unit of the diamonds' currency "
        "(e.g. 0.79 for GBP per USD); needed when they differ",
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the process exit status.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["explain", "--preset", "twitch", "--gift", "Cheer100", "--channel", "web"], buffer)
    0
    >>> print(buffer.getvalue().splitlines()[0])
    1 x Cheer100 (100 Bits), paid by a viewer via web
    """
    stream = sys.stdout if out is None else out
    arguments = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if arguments.command is None:
        tour(stream)
        return 0
    try:
        explain(
            stream,
            preset=arguments.preset,
            gift=arguments.gift,
            channel=arguments.channel,
            count=arguments.count,
            country=arguments.country,
            fx=arguments.fx,
        )
    except GiftflowError as error:
        print(f"giftflow: {error}", file=sys.stderr)
        return 2
    return 0
