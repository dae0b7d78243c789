"""The command line: the tour, ``explain``, and one-line errors with exit status 2."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from giftflow._cli import main

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


def explain(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["explain", *arguments], out)
    return status, out.getvalue()


class TestMain:
    def test_the_tour_traces_a_rose_and_a_lion_with_take_rates(self) -> None:
        out = io.StringIO()
        assert 0 == main([], out)
        tour = out.getvalue()
        assert "10 x Rose (10 coins), paid by viewer-ios via ios" in tour
        assert "10 x Rose (10 coins), paid by viewer-web via web" in tour
        assert "The same Lion (29,999 coins) bought through each channel:" in tour
        assert "   ios: paid 454.51 USD, creator gets 33.0%" in tour
        assert "   web: paid 321.40 USD, creator gets 46.7%" in tour
        assert 3 == tour.count("creator take rate:")

    def test_the_tour_ends_with_balanced_ledger_books(self) -> None:
        out = io.StringIO()
        main([], out)
        tour = out.getvalue()
        assert "   creator_balance:ana              317 diamonds" in tour
        assert "   totals per unit: USD 0, coins 0, diamonds 0" in tour

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

    def test_explain_refuses_to_guess_an_exchange_rate(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Diamonds are valued in USD and the UK storefront sells in GBP: without --fx
        # the command says so rather than guess a rate.
        status, printed = explain("--preset", "tiktok", "--gift", "Rose", "--country", "GB")
        assert (2, "") == (status, printed)
        assert "giftflow: cannot trace GBP and USD" in capsys.readouterr().err

    def test_explain_converts_with_an_explicit_exchange_rate(self) -> None:
        # 1 diamond = $0.005 = 0.00395 GBP at 0.79 GBP per USD.
        status, printed = explain(
            "--preset", "tiktok", "--gift", "Rose", "--country", "GB", "--fx", "0.79"
        )
        assert 0 == status
        assert "creator streamer: 1 diamond  ~0.0040 GBP" in printed

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--preset", "tiktok", "--gift", "Unicorn"], "gift is neither the id nor the name"),
            (["--preset", "tiktok", "--gift", "Rose", "--channel", "huawei"], "channels sells"),
            (["--preset", "tiktok", "--gift", "Rose", "--channel", "iOS!"], "id must be"),
            (["--preset", "twitch", "--gift", "Cheer1", "--channel", "ios"], "channels sells"),
            (["--preset", "youtube", "--gift", "Super Chat"], "channels sells"),
            (["--preset", "tiktok", "--gift", "Rose", "--count", "0"], "count must be"),
            (["--preset", "tiktok", "--gift", "Rose", "--country", "FR"], "country has no"),
        ],
    )
    def test_bad_values_print_one_line_and_return_2(
        self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, printed = explain(*arguments)
        captured = capsys.readouterr()
        assert (2, "", "") == (status, printed, captured.out)
        assert 1 == len(captured.err.splitlines())
        assert captured.err.startswith("giftflow: ")
        assert message in captured.err

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["explain", "--preset", "kick", "--gift", "Rose"], "invalid choice: 'kick'"),
            (["explain", "--gift", "Rose"], "the following arguments are required: --preset"),
            (["explain", "--preset", "tiktok", "--gift", "Rose", "--count", "x"], "invalid int"),
            (["tour"], "invalid choice: 'tour'"),
        ],
    )
    def test_bad_arguments_print_one_line_and_exit_2(
        self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as caught:
            main(arguments, io.StringIO())
        captured = capsys.readouterr()
        assert 2 == caught.value.code
        assert 1 == len(captured.err.splitlines())
        assert captured.err.startswith("giftflow: ")
        assert message in captured.err

    def test_runs_as_a_module(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "giftflow"], capture_output=True, text=True, check=False
        )
        assert (0, "") == (result.returncode, result.stderr)
        assert result.stdout.startswith("giftflow tour: a TikTok-like economy")
