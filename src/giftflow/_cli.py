"""The command line (the edge of the library: the only place that prints).

``python -m giftflow`` prints a tour of the TikTok-like default economy;
``python -m giftflow explain --preset tiktok --gift Lion --channel ios`` prints
one value trace. The help a person reads is in ``_DESCRIPTION`` and ``_EPILOG``.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

import giftflow
from giftflow import presets
from giftflow._coins_in._packages import Channel
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._explain import compare_channels
from giftflow._coins_out._explain import explain as explain_gift
from giftflow._tour import AT as _AT
from giftflow._tour import PROCEEDS as _PROCEEDS
from giftflow._tour import tour
from giftflow._values._errors import GiftflowError, InvalidArgumentError, UnknownGiftError
from giftflow._values._rate import Rate

PRESETS: dict[str, Callable[[], Economy]] = {
    "tiktok": presets.tiktok,
    "twitch": presets.twitch_bits,
    "youtube": presets.youtube_supers,
    "facebook": presets.facebook_stars,
    "bigo": presets.bigo,
}


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
    result = explain_gift(
        PRESETS[preset](),
        gift,
        channel=Channel(channel),
        country=country,
        at=_AT,
        count=count,
        proceeds_to_date=_PROCEEDS,
        fx=fx,
    )
    print(result, file=out)


# -- the command line: arguments, their checks, and the exit status -----------------------
# Every bad argument exits with status 2 (argparse's convention) and one line on stderr
# that names the option as the user typed it and, where the choices are few, lists them.

_DESCRIPTION = """\
Exact models of live-stream virtual-gift economies: viewers buy coins with money,
send them as gifts, creators receive diamonds, and diamonds are paid out as money.

With no command, print a tour of a TikTok-like economy, every amount exact.
The explain command prints where the money paid for one gift goes."""

_EPILOG = """\
examples:
  python -m giftflow                      the tour
  python -m giftflow | less               the tour, a page at a time
  python -m giftflow explain --preset tiktok --gift Lion
  python -m giftflow explain --preset tiktok --gift Rose --country GB --fx 0.79
  python -m giftflow explain --help       every option of explain, and what each preset sells

exit status: 0 when done, 2 for a bad argument (with one line on stderr saying
which and what to use), 1 when the output was closed early (python -m giftflow | head).
Preset numbers are reported snapshots; giftflow.presets.SOURCES says where each
comes from."""

_EXPLAIN_DESCRIPTION = f"""\
Trace where the money paid for one gift goes: the viewer buys the smallest coin
package that covers the gift (or enough of the largest) through one channel, sends
the gift to one creator, and every part of the payment is shown: tax, store and
processor fees, the creator's diamonds and their value, and what the platform keeps.
Prices and gifts are those of {_AT.date()}."""

_EXPLAIN_EPILOG = """\
examples:
  python -m giftflow explain --preset tiktok --gift Lion
  python -m giftflow explain --preset tiktok --gift Rose --channel web --count 10
  python -m giftflow explain --preset tiktok --gift Rose --country GB --fx 0.79
  python -m giftflow explain --preset youtube --gift "Super Chat" --channel web --count 500"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors, and help that may list what the presets sell."""

    def __init__(self, *args: Any, sells: Callable[[], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self._sells = sells

    def format_help(self) -> str:
        # Building every preset takes a moment: only --help pays for it.
        if self._sells is not None:
            self.epilog = f"{self._sells()}\n\n{self.epilog}"
            self._sells = None
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        # One line, not a usage dump: what is wrong and where to look.
        self.exit(2, f"giftflow: {message} (see {self.prog} --help)\n")


def _one_of(names: Sequence[str]) -> str:
    return f"use one of {', '.join(names)}"


def _preset(text: str) -> str:
    if text not in PRESETS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a preset; {_one_of(sorted(PRESETS))}")
    return text


def _rate(parser: _Parser, text: str) -> Rate:
    try:
        return Rate.parse(text)
    except GiftflowError:
        parser.error(f"argument --fx: {text!r} is not a rate; pass a decimal such as 0.79")


def _sells() -> str:
    """What each preset sells, for ``explain --help``: storefronts, channels and gifts."""
    lines = ["what each preset sells (storefront country, currency: channels):"]
    for name in sorted(PRESETS):
        economy = PRESETS[name]()
        valued_in = economy.conversion.at(_AT).value_currency
        for index, storefront in enumerate(economy.price_book.storefronts):
            channels = ", ".join(channel.id for channel in storefront.channels)
            fx = (
                ""
                if storefront.currency == valued_in
                else f" (needs --fx: {storefront.currency} per {valued_in})"
            )
            label = name if index == 0 else ""
            lines.append(f"  {label:9} {storefront.country} {storefront.currency}: {channels}{fx}")
        first = economy.price_book.storefronts[0].country
        gifts = ", ".join(gift.name for gift in economy.catalog.gifts_at(country=first, at=_AT))
        lines.extend(
            textwrap.wrap(
                f"gifts in {first}: {gifts}",
                width=86,
                initial_indent=" " * 12,
                subsequent_indent=" " * 14,
            )
        )
    return "\n".join(lines)


def _parser() -> tuple[_Parser, _Parser]:
    parser = _Parser(prog="python -m giftflow", description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument(
        "--version",
        action="version",
        version=f"giftflow {giftflow.__version__}",
        help="print giftflow's version and exit",
    )
    commands = parser.add_subparsers(
        dest="command", title="commands", metavar="COMMAND", help="none for the tour, or:"
    )
    command = commands.add_parser(
        "explain",
        help="trace where the money paid for one gift goes",
        description=_EXPLAIN_DESCRIPTION,
        epilog=_EXPLAIN_EPILOG,
        sells=_sells,
    )
    command.add_argument(
        "--preset",
        required=True,
        type=_preset,
        metavar="PRESET",
        help=f"the economy: {', '.join(sorted(PRESETS))}",
    )
    command.add_argument(
        "--gift", required=True, help="a gift's name or id, any case, e.g. Lion or 'Super Chat'"
    )
    command.add_argument(
        "--channel", default="ios", help="where the coins are bought (default: ios)"
    )
    command.add_argument("--count", type=int, default=1, help="how many of the gift (default: 1)")
    command.add_argument(
        "--country", default="US", help="the storefront's country code (default: US)"
    )
    command.add_argument(
        "--fx",
        default=None,
        help="units of the storefront's currency per unit of the diamonds' currency "
        "(e.g. 0.79 for GBP per USD); required exactly when the two differ",
    )
    return parser, command


def _check(parser: _Parser, arguments: argparse.Namespace) -> None:
    """Refuse a country, channel, gift or ``--fx`` the preset cannot use, listing the choices."""
    economy = PRESETS[arguments.preset]()
    name = arguments.preset
    storefronts = economy.price_book.storefronts
    countries = [storefront.country for storefront in storefronts]
    country = arguments.country.upper()
    if country not in countries:
        parser.error(
            f"argument --country: {name} has no storefront in {arguments.country!r}; "
            + _one_of(countries)
        )
    arguments.country = country
    storefront = economy.price_book.storefront(country)
    channels = [channel.id for channel in storefront.channels]
    if arguments.channel not in channels:
        parser.error(
            f"argument --channel: {name} sells no coins through {arguments.channel!r} "
            f"in {country}; {_one_of(channels)}"
        )
    try:
        economy.catalog.gift(arguments.gift, country=country, at=_AT)
    except UnknownGiftError:
        gifts = [gift.name for gift in economy.catalog.gifts_at(country=country, at=_AT)]
        parser.error(
            f"argument --gift: {name} has no gift {arguments.gift!r} in {country}; "
            + _one_of(gifts)
        )
    arguments.fx_text = arguments.fx
    if arguments.fx is not None:
        arguments.fx = _rate(parser, arguments.fx)
    paid_in = storefront.currency
    valued_in = economy.conversion.at(_AT).value_currency
    if paid_in != valued_in and arguments.fx is None:
        parser.error(
            f"argument --fx: required for --country {country}: {name} sells coins there in "
            f"{paid_in} and values diamonds in {valued_in}; pass --fx with the {paid_in} "
            f"price of 1 {valued_in} (giftflow never fetches or guesses a rate)"
        )
    if paid_in == valued_in and arguments.fx is not None:
        parser.error(
            f"argument --fx: not used for --country {country}: {name} sells coins there in "
            f"{paid_in}, the currency it values diamonds in, so there is nothing to convert; "
            "leave --fx out"
        )


def _explain(parser: _Parser, arguments: argparse.Namespace, out: TextIO) -> int:
    _check(parser, arguments)
    try:
        explain(
            out,
            preset=arguments.preset,
            gift=arguments.gift,
            channel=arguments.channel,
            count=arguments.count,
            country=arguments.country,
            fx=arguments.fx,
        )
    except InvalidArgumentError as error:
        if error.argument == "count":
            parser.error(f"argument --count: {arguments.count} {error.problem}; {error.hint}")
        if error.argument == "fx":
            parser.error(
                f"argument --fx: {arguments.fx_text!r} {error.problem.replace(' or None', '')}; "
                "pass the rate as a positive decimal, e.g. --fx 0.79"
            )
        if error.argument == "channels":
            parser.error(_unsold(error, arguments))
        raise
    return 0


def _unsold(error: InvalidArgumentError, arguments: argparse.Namespace) -> str:
    """The error for a channel that sells in the storefront but not this many coins.

    YouTube's channels take a Super Chat from $1, say: the channels that can sell the
    coins for this gift are named, or, where none can, ``--count`` is to change.
    """
    economy = PRESETS[arguments.preset]()
    working = []
    for channel in economy.price_book.storefront(arguments.country).channels:
        try:
            compare_channels(
                economy,
                arguments.gift,
                country=arguments.country,
                at=_AT,
                count=arguments.count,
                channels=(channel,),
                proceeds_to_date=_PROCEEDS,
                fx=arguments.fx,
            )
        except GiftflowError:
            continue
        working.append(channel.id)
    if working:
        return f"argument --channel: {arguments.channel!r} {error.problem}; {_one_of(working)}"
    return (
        f"argument --count: no channel of {arguments.preset} sells the coins for "
        f"{arguments.count} x {arguments.gift} in {arguments.country} "
        f"({arguments.channel} {error.problem}); change --count"
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line on ``argv``, print to ``out``; return the exit status.

    0 when done, 2 for a bad argument (one line on stderr), 1 when the output was
    closed early. ``--help`` and ``--version`` return 0 rather than raise
    ``SystemExit``, so the command line runs in-process the same as in a shell.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["explain", "--preset", "twitch", "--gift", "Cheer100", "--channel", "web"], buffer)
    0
    >>> print(buffer.getvalue().splitlines()[0])
    1 x Cheer100 (100 Bits), paid by a viewer via web
    """
    stream = sys.stdout if out is None else out
    try:
        try:
            return _run(list(sys.argv[1:] if argv is None else argv), stream)
        finally:
            # Flush here, inside the try, so a reader that went away is noticed now
            # and not as an "Exception ignored" when the interpreter exits.
            stream.flush()
    except BrokenPipeError:
        # The reader closed the pipe (python -m giftflow | head -3): stop quietly, as
        # Python's documentation advises (signal module, "Note on SIGPIPE"): point
        # stdout at devnull so that the flush at exit cannot fail again, and exit 1.
        if out is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(argv: list[str], out: TextIO) -> int:
    parser, explain_parser = _parser()
    try:
        arguments = parser.parse_args(argv)
        if arguments.command is None:
            tour(out)
            return 0
        return _explain(explain_parser, arguments, out)
    except SystemExit as stop:  # --help, --version and every bad argument
        return stop.code if isinstance(stop.code, int) else 2
    except GiftflowError as error:
        print(f"giftflow: {error}", file=sys.stderr)
        return 2
