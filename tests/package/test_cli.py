"""The command line: the tour, ``explain``, help, version, one-line errors, closed pipes."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import importlib.metadata
import io
import os
import subprocess
import sys

import attrs
import pytest

import giftflow
from giftflow import Channel, Coins, CustomAmount, Money, Rounding, presets
from giftflow._cli import PRESETS, main
from giftflow._tour import AT

EXPLAINED = [
    ("tiktok", "Lion", "ios", "1", "1 x Lion (29999 coins), paid by a viewer via ios"),
    (
        "tiktok",
        "Rose",
        "google_play",
        "10",
        "10 x Rose (10 coins), paid by a viewer via google_play",
    ),
    ("tiktok", "5655", "web", "1", "1 x Rose (1 coin), paid by a viewer via web"),
    ("twitch", "Cheer100", "web", "1", "1 x Cheer100 (100 Bits), paid by a viewer via web"),
    (
        "youtube",
        "Super Chat",
        "ios",
        "1000",
        "1000 x Super Chat (1000 cents), paid by a viewer via ios",
    ),
    (
        "youtube",
        "super chat",
        "web",
        "500",
        "500 x Super Chat (500 cents), paid by a viewer via web",
    ),
    ("facebook", "Stars", "web", "100", "100 x Stars (100 Stars), paid by a viewer via web"),
    (
        "bigo",
        "Diamonds",
        "web",
        "1000",
        "1000 x Diamonds (1000 Diamonds), paid by a viewer via web",
    ),
]

TIKTOK_GIFTS = (
    "Rose, TikTok, Finger Heart, Rosa, Perfume, Doughnut, Hat and Mustache, Paper Crane, "
    "Swan, Lion, TikTok Universe"
)

# Each bad value: the option the error names, and what it tells the user to use.
BAD_VALUES = [
    (["--preset", "kick", "--gift", "Rose"], "--preset", "use one of bigo, facebook, tiktok"),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--channel", "android"],
        "--channel",
        "'android' in US; use one of google_play, ios, web",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--channel", "iOS!"],
        "--channel",
        "use one of google_play, ios, web",
    ),
    (
        [
            "--preset",
            "tiktok",
            "--gift",
            "Rose",
            "--country",
            "GB",
            "--fx",
            "0.79",
            "--channel",
            "web",
        ],
        "--channel",
        "'web' in GB; use one of ios",
    ),
    (
        ["--preset", "twitch", "--gift", "Cheer1", "--channel", "ios"],
        "--channel",
        "use one of web",
    ),
    (
        ["--preset", "tiktok", "--gift", "Unicorn"],
        "--gift",
        f"no gift 'Unicorn' in US; use one of {TIKTOK_GIFTS}",
    ),
    (
        ["--preset", "twitch", "--gift", "Rose", "--channel", "web"],
        "--gift",
        "use one of Cheer1, Cheer100, Cheer500",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--country", "FR"],
        "--country",
        "no storefront in 'FR'; use one of US, GB",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--count", "0"],
        "--count",
        "0 must be an int from 1 to 1,000,000,000",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--count", "x"],
        "--count",
        "invalid int value: 'x'",
    ),
    (
        ["--preset", "youtube", "--gift", "Super Chat"],
        "--count",
        "no channel of youtube sells the coins for 1 x Super Chat in US",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--country", "GB"],
        "--fx",
        "required for --country GB: tiktok sells coins there in GBP and values diamonds in USD",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--fx", "0.79"],
        "--fx",
        "not used for --country US: tiktok sells coins there in USD",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--country", "GB", "--fx", "abc"],
        "--fx",
        "'abc' is not a rate; pass a decimal such as 0.79",
    ),
    (
        ["--preset", "tiktok", "--gift", "Rose", "--country", "GB", "--fx", "0"],
        "--fx",
        "'0' must be a positive Rate; pass the rate as a positive decimal",
    ),
]


def explain(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["explain", *arguments], out)
    return status, out.getvalue()


def run_module(*arguments: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "giftflow", *arguments],
        text=True,
        check=False,
        **options,
    )


class TestTour:
    def test_the_tour_traces_a_rose_and_a_lion_with_take_rates(self) -> None:
        out = io.StringIO()
        assert 0 == main([], out)
        tour = out.getvalue()
        assert "10 x Rose (10 coins), paid by viewer-ios via ios" in tour
        assert "10 x Rose (10 coins), paid by viewer-web via web" in tour
        assert "the same Lion (29,999 coins) bought through each channel:" in tour
        assert "   ios: paid 454.51 USD, creator gets 33.0%" in tour
        assert "   web: paid 321.40 USD, creator gets 46.7%" in tour
        assert 4 == tour.count("creator take rate:")

    def test_the_tour_ends_with_balanced_ledger_books(self) -> None:
        out = io.StringIO()
        main([], out)
        tour = out.getvalue()
        assert "   ana's diamonds after the payout: 0" in tour
        assert "   trial balance, every unit: USD 0, coins 0, diamonds 0" in tour

    def test_runs_as_a_module(self) -> None:
        result = run_module(capture_output=True)
        assert (0, "") == (result.returncode, result.stderr)
        assert result.stdout.startswith("giftflow tour: one evening of a TikTok-like economy")


class TestExplain:
    @pytest.mark.parametrize(("preset", "gift", "channel", "count", "heading"), EXPLAINED)
    def test_explain_prints_the_trace_of_one_gift(
        self, preset: str, gift: str, channel: str, count: str, heading: str
    ) -> None:
        status, printed = explain(
            "--preset", preset, "--gift", gift, "--channel", channel, "--count", count
        )
        lines = printed.splitlines()
        assert 0 == status
        assert heading == lines[0]
        assert lines[1].startswith("  paid ")
        assert lines[-1].startswith("  creator take rate: ")

    def test_explain_a_lion_on_ios_by_default(self) -> None:
        status, printed = explain("--preset", "tiktok", "--gift", "Lion")
        assert (0, "1 x Lion (29999 coins), paid by a viewer via ios") == (
            status,
            printed.splitlines()[0],
        )
        assert "  creator take rate: 33.0%" == printed.splitlines()[-1]

    def test_explain_converts_with_an_explicit_exchange_rate(self) -> None:
        # 1 diamond = $0.005 = 0.00395 GBP at 0.79 GBP per USD; the country in any case.
        status, printed = explain(
            "--preset", "tiktok", "--gift", "Rose", "--country", "gb", "--fx", "0.79"
        )
        assert 0 == status
        assert "creator streamer: 1 diamond  ~0.0040 GBP" in printed

    @pytest.mark.parametrize("preset", sorted(PRESETS))
    def test_fx_is_asked_for_exactly_where_the_currencies_differ(
        self, preset: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Every storefront of every preset: --fx is needed exactly where the storefront's
        # currency is not the one the preset values diamonds in.
        economy = PRESETS[preset]()
        at = AT
        valued_in = economy.conversion.at(at).value_currency
        for storefront in economy.price_book.storefronts:
            gift = economy.catalog.gifts_at(country=storefront.country, at=at)[0]
            common = ["--preset", preset, "--gift", gift.id, "--country", storefront.country]
            common += ["--channel", storefront.channels[0].id, "--count", "100"]
            without, _ = explain(*common)
            with_fx, _ = explain(*common, "--fx", "0.79")
            errors = capsys.readouterr().err
            differ = storefront.currency != valued_in
            assert ((2, 0) if differ else (0, 2)) == (without, with_fx)
            assert ("required for" if differ else "not used for") in errors


class TestHelpAndVersion:
    def test_help_is_written_for_people(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(["--help"], io.StringIO())
        shown = capsys.readouterr().out
        assert shown.startswith("usage: python -m giftflow [-h] [--version] COMMAND ...")
        assert "With no command, print a tour of a TikTok-like economy" in shown
        assert "explain   trace where the money paid for one gift goes" in shown
        assert "examples:\n  python -m giftflow                      the tour\n" in shown
        assert "exit status: 0 when done, 2 for a bad argument" in shown
        # Not the module's docstring for developers.
        assert "``" not in shown
        assert "edge of the library" not in shown

    def test_explain_help_lists_what_each_preset_sells(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 0 == main(["explain", "--help"], io.StringIO())
        shown = capsys.readouterr().out
        assert "--preset PRESET    the economy: bigo, facebook, tiktok, twitch, youtube" in shown
        assert "  tiktok    US USD: google_play, ios, web\n" in shown
        assert "            GB GBP: ios (needs --fx: GBP per USD)\n" in shown
        assert "  twitch    US USD: web\n            gifts in US: Cheer1, Cheer100," in shown
        assert "Prices and gifts are those of 2026-11-24." in shown
        assert "--country GB --fx 0.79" in shown

    def test_version_is_the_packages(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(["--version"], io.StringIO())
        assert f"giftflow {importlib.metadata.version('giftflow')}\n" == capsys.readouterr().out
        assert importlib.metadata.version("giftflow") == giftflow.__version__


class TestBadArguments:
    @pytest.mark.parametrize(("arguments", "option", "advice"), BAD_VALUES)
    def test_a_bad_value_names_its_option_and_what_to_use(
        self,
        arguments: list[str],
        option: str,
        advice: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        status, printed = explain(*arguments)
        captured = capsys.readouterr()
        assert (2, "", "") == (status, printed, captured.out)
        assert 1 == len(captured.err.splitlines())
        assert captured.err.startswith(f"giftflow: argument {option}: ")
        assert advice in captured.err
        assert captured.err.endswith("(see python -m giftflow explain --help)\n")

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["explain", "--gift", "Rose"], "the following arguments are required: --preset"),
            (["tour"], "argument COMMAND: invalid choice: 'tour' (choose from 'explain')"),
            (["--colour"], "unrecognized arguments: --colour"),
        ],
    )
    def test_bad_arguments_print_one_line_and_return_2(
        self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 2 == main(arguments, io.StringIO())
        captured = capsys.readouterr()
        assert ("", 1) == (captured.out, len(captured.err.splitlines()))
        assert captured.err.startswith("giftflow: ")
        assert message in captured.err

    def test_a_channel_that_cannot_sell_the_coins_names_those_that_can(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # A YouTube whose iOS app takes Super Chats from $10 only: 5 dollars' worth is
        # a --channel problem, since the web still sells it.
        economy = presets.youtube_supers()
        custom = tuple(
            CustomAmount(
                country="US",
                channel=channel,
                price_per=Money.parse("0.01", "USD"),
                per=1,
                min_coins=Coins(lowest),
                max_coins=Coins(50_000),
                rounding=Rounding.HALF_EVEN,
            )
            for channel, lowest in ((Channel.WEB, 100), (Channel.IOS, 1_000))
        )
        changed = attrs.evolve(economy, price_book=attrs.evolve(economy.price_book, custom=custom))
        monkeypatch.setitem(PRESETS, "youtube", lambda: changed)
        arguments = ["--preset", "youtube", "--gift", "Super Chat", "--count", "500"]
        assert 0 == explain(*arguments, "--channel", "web")[0]
        assert (2, "") == explain(*arguments, "--channel", "ios")
        error = capsys.readouterr().err
        assert error.startswith(
            "giftflow: argument --channel: 'ios' sells neither a package nor 500 coins in US"
        )
        assert "; use one of web (see" in error

    def test_the_module_exits_2_on_a_bad_argument(self) -> None:
        result = run_module("explain", "--preset", "kick", "--gift", "Rose", capture_output=True)
        assert (2, "") == (result.returncode, result.stdout)
        assert result.stderr.startswith("giftflow: argument --preset: 'kick' is not a preset")


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class TestClosedOutput:
    def test_a_closed_stream_stops_the_command_with_status_1(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 1 == main([], _ClosedPipe())
        assert ("", "") == tuple(capsys.readouterr())

    @pytest.mark.parametrize(
        ("arguments", "status"),
        [
            ([], 1),
            (["explain", "--preset", "tiktok", "--gift", "Lion"], 1),
            # argparse itself ignores an OSError while it prints help or the version.
            (["--help"], 0),
            (["--version"], 0),
        ],
    )
    def test_a_reader_that_went_away_gets_no_traceback(
        self, arguments: list[str], status: int
    ) -> None:
        # The read end is closed before the command writes anything, so its first write
        # fails with EPIPE every time (no race with a reader).
        read, write = os.pipe()
        os.close(read)
        try:
            result = run_module(*arguments, stdout=write, stderr=subprocess.PIPE)
        finally:
            os.close(write)
        assert (status, "") == (result.returncode, result.stderr)

    def test_piping_the_tour_to_head_exits_quietly(self) -> None:
        # However the race with head goes, nothing is printed on stderr.
        result = subprocess.run(
            f"'{sys.executable}' -m giftflow | head -3",
            shell=True,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (0, "") == (result.returncode, result.stderr)
        assert 3 == len(result.stdout.splitlines())
