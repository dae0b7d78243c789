"""The command-line tour (the edge of the library: the only place that prints)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import TextIO

from giftflow import presets
from giftflow._errors import GiftflowError
from giftflow._money import Money
from giftflow._numbers import format_scaled, terminating_decimal
from giftflow._pricing import Channel
from giftflow._purchase import checkout
from giftflow._rate import Rate
from giftflow._rounding import Rounding
from giftflow._units import Coins, Diamonds, UnitNames


def tour(out: TextIO) -> None:
    """Print a short demonstration of exact money and virtual units to ``out``."""

    def say(line: str = "") -> None:
        print(line, file=out)

    say("giftflow: exact money for virtual-gift economies")
    say("=" * 50)
    price = Money.parse("0.99", "USD")
    say(f"A viewer pays {price} for a pack of coins.")
    say("")
    say("1. Money is exact: integer minor units, never floats.")
    say(f"   0.1 + 0.2 as floats   = {0.1 + 0.2!r}")  # float-ok: shown as the bug giftflow avoids
    tenth = Money.parse("0.10", "USD")
    say(f"   0.10 + 0.20 in giftflow = {tenth + Money.parse('0.20', 'USD')}")
    say("")
    say("2. Splitting never loses a cent (largest remainder, ties to the earlier part).")
    store, platform = price.allocate([30, 70])
    say(f"   {price} split 30:70  -> store {store}, platform {platform}")
    parts = Money.parse("1.00", "USD").split(3)
    say(f"   1.00 USD split in 3 -> {', '.join(str(p) for p in parts)}")
    say(f"   and back again      -> {Money.total(parts, 'USD')}")
    say("")
    say("3. Every lossy step names its rounding mode and keeps the remainder.")
    fee = price.multiply_exact(Rate.parse("2.9%"))
    say(f"   2.9% of {price} is exactly {_cents(fee.minor)} cents")
    for mode in (Rounding.HALF_EVEN, Rounding.UP, Rounding.DOWN):
        rounded, rest = fee.round_with_remainder(mode)
        say(f"   {mode.name:<9} -> {rounded} + remainder {_cents(rest.minor)} cents")
    say("")
    say("4. Coins and diamonds are distinct types; each economy names them.")
    bits = UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits")
    say(f"   {Coins(65) + Coins(5)} ; {Diamonds(1)} ; on Twitch: {bits.show(Coins(100))}")
    try:
        Coins(1) + Diamonds(1)  # type: ignore[operator]
    except TypeError as error:
        say(f"   coins + diamonds -> TypeError: {error}")
    try:
        Money.parse("1.005", "USD")
    except GiftflowError as error:
        say(f"   Money.parse('1.005', 'USD') -> {type(error).__name__}:")
        say(f"     {error}")
    say("")
    _purchases(say)


def _purchases(say: Callable[[str], None]) -> None:
    # Prices are the TikTok preset's: reported snapshots, see giftflow.presets.SOURCES.
    book = presets.tiktok_price_book()
    at = datetime(2026, 11, 24, 12, tzinfo=UTC)
    say("5. Buying coins on TikTok (preset prices, reported snapshots): where the money goes.")
    cases = [
        ("US", Channel.IOS, "coins_65"),
        ("US", Channel.GOOGLE_PLAY, "coins_65"),
        ("US", Channel.WEB, "coins_70"),
        ("GB", Channel.IOS, "coins_65"),
    ]
    for country, channel, package in cases:
        quote = book.quote(package, country=country, channel=channel, at=at)
        # Google's 15% tier covers only the first $1M a year; TikTok is far past it.
        proceeds = Money.parse("5000000", "USD") if channel == Channel.GOOGLE_PLAY else None
        purchase = checkout(
            quote, purchase_id=f"demo-{country}-{channel}", proceeds_to_date=proceeds
        )
        breakdown = purchase.breakdown
        per_coin = breakdown.net.multiply_exact(Rate.ratio(1, purchase.coins.amount))
        say("")
        say(f"   {purchase.coins} on {channel} in {country}:")
        for line in str(breakdown).splitlines():
            say(f"     {line}")
        exact = per_coin.minor
        approx = Rounding.HALF_EVEN.round(exact * 10_000).units
        say(
            f"     net per coin: about {format_scaled(approx, 4)} minor units of "
            f"{breakdown.net.currency} (exactly {exact})"
        )


def _cents(value: Fraction) -> str:
    return terminating_decimal(value) or str(value)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the process exit status.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main([], buffer)
    0
    >>> "largest remainder" in buffer.getvalue()
    True
    """
    stream = sys.stdout if out is None else out
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments:
        message = f"giftflow: unexpected arguments {arguments!r}; run without arguments"
        print(message, file=sys.stderr)
        return 2
    tour(stream)
    return 0
