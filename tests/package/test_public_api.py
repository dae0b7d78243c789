"""The public names: exactly what __all__ lists, all reporting the facade as their home."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import ast
import importlib.metadata
import importlib.resources
import inspect
import subprocess
import sys
import types
import typing

import attrs
import pytest

import giftflow
import giftflow.plot
import giftflow.presets
import giftflow.testing

# Every public name is listed by hand: adding or removing one is a decision, so it
# shows up in a diff of this file as well as in __all__.
FOUNDATION_NAMES = {
    # Money and currencies
    "Currency",
    "ExactMoney",
    "Money",
    "currency",
    "iso_currencies",
    # Rates and rounding
    "Rate",
    "Rounded",
    "Rounding",
    # Virtual units
    "Coins",
    "Diamonds",
    "UnitNames",
    # Errors
    "CurrencyMismatchError",
    "GiftflowError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "InvalidValueError",
    "ParseError",
    "PrecisionLossError",
    "UnknownCurrencyError",
}
# Names added after the foundation, by the private module that defines them, copied
# from the facade when this list was written; extend it together with __all__.
LATER_NAMES = {
    # giftflow._coins_out._catalog
    "Catalog",
    "CatalogVersion",
    "Gift",
    "StreakKind",
    # giftflow._coins_out._conversion
    "Carry",
    "ConversionPolicy",
    "DiamondRatio",
    "FixedValue",
    "Mission",
    "PolicySchedule",
    "RevenueShare",
    "RewardSchedule",
    # giftflow._coins_out._economy
    "Economy",
    # giftflow._values._errors
    "DataError",
    "InsufficientCoinsError",
    "LimitConflictError",
    "MissingRateError",
    "NaiveDatetimeError",
    "OverlapError",
    "PayoutRefusedError",
    "SpendingRefusedError",
    "SettlementError",
    "SponsorBudgetError",
    "UnknownChannelError",
    "UnknownGiftError",
    "UnknownPackageError",
    # giftflow._coins_in._fees
    "Crossing",
    "Fee",
    "FeeBasis",
    "FeeCharge",
    "FeeKind",
    "Qualification",
    "Tax",
    "TaxMode",
    "Threshold",
    # giftflow._coins_in._pricing
    "FeePeriod",
    "FeeSchedule",
    # giftflow._coins_out._gifts
    "Agency",
    "CreatorShare",
    "GiftEvent",
    "GiftReceipt",
    "Recipient",
    "SponsorBudget",
    "send_gift",
    # giftflow._cash_out._plan
    "Earning",
    "PayoutFeeCharge",
    "PayoutLeg",
    "PayoutLegKind",
    "PayoutPlan",
    "PayoutReason",
    "PayoutReasonKind",
    "PayoutRecord",
    # giftflow._cash_out._policy
    "Creator",
    "Eligibility",
    "FeeBearer",
    "PayoutCap",
    "PayoutFee",
    "PayoutMethod",
    "PayoutPolicy",
    "WithdrawalLimit",
    "WithholdingRule",
    # giftflow._cash_out._schedule
    "PayoutSchedule",
    "ScheduleKind",
    # giftflow._cash_out._statement
    "PayoutStatement",
    "payout_statement",
    # giftflow._cash_out._planner
    "plan_payout",
    # giftflow._coins_in._pricing
    "Channel",
    "CoinPackage",
    "CustomAmount",
    "PackagePrice",
    "PriceBook",
    "Promotion",
    "Quote",
    "Storefront",
    # giftflow._coins_in._purchase
    "CostBasis",
    "Purchase",
    "PurchaseBreakdown",
    "RoundingNote",
    "checkout",
    # giftflow._coins_out._recognition
    "CreatorEntry",
    "GifterLevels",
    "LeaderboardEntry",
    # giftflow._coins_in._rules
    "AgeRule",
    "CapPeriod",
    "Refusal",
    "SpendRecord",
    "SpendingCap",
    "SpendingDecision",
    "SpendingRules",
    "Viewer",
    # giftflow._format._api
    "Data",
    "from_data",
    "from_document",
    "to_data",
    "to_document",
    # giftflow._coins_out._settlement
    "CreatorTotal",
    "GiftRecord",
    "Settlement",
    "settle",
    "settle_columns",
    "ArrowStreamExportable",
    "ColumnSource",
    "ExtraMissingError",
    # giftflow._coins_out._streaks
    "FoldedGift",
    "StreakClose",
    "StreakEvent",
    "UnfinishedStreaks",
    "fold_streaks",
    # giftflow._values._tables
    "Record",
    # giftflow._values._time
    "Recurrence",
    "Window",
    # giftflow._coins_out._trace
    "TraceRow",
    "ValueTrace",
    # giftflow._coins_out._explain
    "amount_gift",
    "compare_channels",
    "explain",
    "trace",
    # giftflow._cash_out._valuation
    "DiamondValuation",
    "FxRate",
    "FxRates",
    # giftflow._coins_in._lots
    "CoinCost",
    "CoinLot",
    "LotKind",
    # giftflow._coins_in._wallet
    "LotDebit",
    "Spend",
    "SpendPolicy",
    "Wallet",
}
LEDGER_NAMES = {
    # giftflow._ledger._journal
    "Account",
    "AccountKind",
    "Amount",
    "Posting",
    "Transaction",
    "Unit",
    "unit_of",
    # giftflow._ledger._events
    "AccountForfeited",
    "ChargedBack",
    "CoinsExpired",
    "CoinsPurchased",
    "DiamondsReconverted",
    "GiftSent",
    "LedgerEvent",
    "PayoutFailed",
    "PayoutRequested",
    "PayoutSettled",
    "Refunded",
    # giftflow._ledger._payable_events
    "PayableSettled",
    "StoreSettled",
    # giftflow._ledger._book
    "Applied",
    "BalanceGuards",
    "Clawback",
    "History",
    "Idempotency",
    "Ledger",
    # giftflow._ledger._payouts
    "DiamondBalance",
    # giftflow._ledger._rankings
    "creator_leaderboard",
    "leaderboard",
    # giftflow._ledger._snapshot
    "LedgerSnapshot",
    # giftflow._ledger._statements
    "Statement",
    "StatementLine",
    # errors the ledger raises
    "AccountClosedError",
    "ConcurrentApplyError",
    "EventOrderError",
    "IdempotencyConflictError",
    "InsufficientBalanceError",
    "UnbalancedTransactionError",
}
PUBLIC_NAMES = FOUNDATION_NAMES | LATER_NAMES | LEDGER_NAMES

FOUNDATION_TESTING_NAMES = {
    "assert_balanced",
    "assert_sums_to",
    "coins",
    "currencies",
    "diamonds",
    "exact_money",
    "money",
    "rates",
    "ratios",
    "rounded",
    "roundings",
    "unit_names",
}
LATER_TESTING_NAMES = {
    "catalog_versions",
    "creator_shares",
    "folded_gifts",
    "gift_receipts",
    "creator_entries",
    "leaderboard_entries",
    "payout_fee_charges",
    "payout_legs",
    "payout_reasons",
    "trace_rows",
    "value_traces",
    "age_rules",
    "agencies",
    "assert_payout_conserves",
    "carries",
    "catalogs",
    "channels",
    "coin_lots",
    "coin_packages",
    "conversion_policies",
    "creator_totals",
    "creators",
    "custom_amounts",
    "diamond_valuations",
    "earnings",
    "economies",
    "eligibilities",
    "fee_periods",
    "fee_schedules",
    "fees",
    "fx_rate_tables",
    "fx_rates",
    "gift_events",
    "gift_records",
    "gifter_levels",
    "gifts",
    "missions",
    "package_prices",
    "payout_caps",
    "payout_fees",
    "payout_methods",
    "payout_plans",
    "payout_policies",
    "payout_records",
    "payout_schedules",
    "payout_statements",
    "policy_schedules",
    "price_books",
    "proceeds_for",
    "promotions",
    "purchases",
    "quotes",
    "recipients",
    "recurrences",
    "reward_schedules",
    "settlements",
    "spend_policies",
    "spend_records",
    "spending_caps",
    "spending_rules",
    "sponsor_budgets",
    "storefronts",
    "streak_events",
    "taxes",
    "thresholds",
    "viewers",
    "wallets",
    "windows",
    "withdrawal_limits",
    "withholding_rules",
}
LEDGER_TESTING_NAMES = {
    "accounts",
    "applied_results",
    "assert_ledger_balanced",
    "balance_guards",
    "clawbacks",
    "diamond_balances",
    "histories",
    "idempotencies",
    "ledger_events",
    "ledger_snapshots",
    "ledgers",
    "postings",
    "statement_lines",
    "statements",
    "transactions",
}
TESTING_NAMES = FOUNDATION_TESTING_NAMES | LATER_TESTING_NAMES | LEDGER_TESTING_NAMES
# giftflow.presets, by platform (listed here since issue #16 added YouTube Jewels and
# Instagram Gifts economies).
PRESETS_NAMES = {
    "SOURCES",
    "Source",
    # app stores and processors
    "apple_eu_alternative_fee_schedule",
    "apple_fee",
    "apple_fee_schedule",
    "apple_link_out_fee_schedule",
    "card_processor_fee",
    "google_play_fee",
    "google_play_fee_schedule",
    "google_play_us_alternative_billing_fee_schedule",
    # TikTok LIVE
    "tiktok",
    "tiktok_age_rule",
    "tiktok_catalog",
    "tiktok_net_share",
    "tiktok_payout_policy",
    "tiktok_price_book",
    "tiktok_scaled_rewards_2025",
    # Twitch Bits
    "twitch_bits",
    "twitch_bits_price_book",
    "twitch_payout_policy",
    # YouTube: Super Chat, Jewels and Rubies
    "youtube",
    "youtube_jewels",
    "youtube_jewels_price_book",
    "youtube_supers",
    "youtube_supers_spending_rules",
    # Meta: Facebook Stars, Instagram Gifts
    "facebook_stars",
    "facebook_stars_payout_policy",
    "facebook_stars_price_book",
    "instagram_gifts",
    "instagram_gifts_payout_policy",
    "instagram_gifts_price_book",
    # Bigo Live
    "bigo",
    "bigo_payout_policy",
}
# giftflow.plot: pictures of the money, drawn with matplotlib (the `plot` extra).
PLOT_NAMES = {"waterfall"}


WING_ORDER = ["_values", "_coins_in", "_coins_out", "_cash_out", "_ledger", "_format"]


def _defining_wing(name: str) -> str:
    """The wing whose module the facade imports ``name`` from (its source says)."""
    tree = ast.parse(inspect.getsource(giftflow))
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("giftflow.")
            and any((alias.asname or alias.name) == name for alias in node.names)
        ):
            return node.module.split(".")[1]
    raise AssertionError(f"{name} is not imported by the facade")


def public_attributes(module: types.ModuleType) -> set[str]:
    """Names a user sees in dir(module), leaving out submodules and dunders."""
    return {
        name
        for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), types.ModuleType)
    }


def attrs_classes(module: types.ModuleType) -> list[str]:
    """Public names that are attrs classes."""
    return sorted(name for name in module.__all__ if attrs.has(getattr(module, name)))


def classes_and_functions(module: types.ModuleType) -> list[str]:
    """Public names that are classes or functions (not aliases such as ``A | B``)."""
    return sorted(
        name
        for name in module.__all__
        if isinstance(getattr(module, name), type) or inspect.isfunction(getattr(module, name))
    )


class TestGiftflowAll:
    def test_lists_exactly_the_public_names(self) -> None:
        assert PUBLIC_NAMES == set(giftflow.__all__)
        assert len(giftflow.__all__) == len(set(giftflow.__all__))

    def test_is_everything_public_in_the_module(self) -> None:
        assert set(giftflow.__all__) == public_attributes(giftflow)

    def test_is_grouped_by_wing_and_sorted_within(self) -> None:
        # The facade reads as a table of contents: one group per wing, in the order the
        # layers stack, each sorted (this replaced "__all__ is sorted", issue #11).
        wings = [_defining_wing(name) for name in giftflow.__all__]
        assert sorted(wings, key=WING_ORDER.index) == wings
        for wing in WING_ORDER:
            group = [name for name, at in zip(giftflow.__all__, wings, strict=True) if at == wing]
            assert sorted(group) == group

    def test_star_import_gives_exactly_the_public_names(self) -> None:
        namespace: dict[str, object] = {}
        exec("from giftflow import *", namespace)
        assert set(giftflow.__all__) == set(namespace) - {"__builtins__"}

    @pytest.mark.parametrize("name", classes_and_functions(giftflow))
    def test_public_classes_and_functions_report_giftflow_as_their_module(self, name: str) -> None:
        assert "giftflow" == getattr(giftflow, name).__module__

    @pytest.mark.parametrize("name", attrs_classes(giftflow))
    def test_type_hints_of_attrs_classes_resolve_after_the_renaming(self, name: str) -> None:
        kind = getattr(giftflow, name)
        hints = typing.get_type_hints(kind)
        fields = attrs.fields(kind)
        assert {field.name: field.type for field in fields} == {
            field.name: hints[field.name] for field in fields
        }

    @pytest.mark.parametrize("name", classes_and_functions(giftflow))
    def test_type_hints_of_classes_and_functions_resolve(self, name: str) -> None:
        hints = typing.get_type_hints(getattr(giftflow, name))
        assert not any(isinstance(hint, str | typing.ForwardRef) for hint in hints.values())

    @pytest.mark.parametrize("name", sorted(FOUNDATION_NAMES))
    def test_foundation_names_are_documented_with_an_example(self, name: str) -> None:
        doc = inspect.getdoc(getattr(giftflow, name)) or ""
        assert ">>>" in doc

    def test_version_is_the_distributions(self) -> None:
        assert importlib.metadata.version("giftflow") == giftflow.__version__

    def test_ships_py_typed(self) -> None:
        assert importlib.resources.files("giftflow").joinpath("py.typed").is_file()


class TestGiftflowImport:
    def test_imports_neither_hypothesis_nor_the_currency_table(self) -> None:
        code = (
            "import sys, giftflow\n"
            "giftflow.Money.of_minor(1, giftflow.Currency(code='GEM', exponent=0))\n"
            "print(sorted(name for name in ('hypothesis', 'iso4217', 'giftflow.testing')"
            " if name in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == result.stdout.strip()


class TestTestingAll:
    def test_lists_exactly_the_public_functions(self) -> None:
        defined_here = {
            name
            for name, value in vars(giftflow.testing).items()
            if inspect.isfunction(value)
            and value.__module__ == "giftflow.testing"
            and not name.startswith("_")
        }
        assert TESTING_NAMES == set(giftflow.testing.__all__)
        assert defined_here == set(giftflow.testing.__all__)

    @pytest.mark.parametrize("name", sorted(FOUNDATION_TESTING_NAMES))
    def test_foundation_functions_are_documented_with_an_example(self, name: str) -> None:
        doc = inspect.getdoc(getattr(giftflow.testing, name)) or ""
        assert ">>>" in doc


class TestPresetsAll:
    def test_lists_exactly_the_public_names(self) -> None:
        assert PRESETS_NAMES == set(giftflow.presets.__all__)
        assert len(giftflow.presets.__all__) == len(set(giftflow.presets.__all__))
        assert set(giftflow.presets.__all__) == public_attributes(giftflow.presets)

    @pytest.mark.parametrize("name", classes_and_functions(giftflow.presets))
    def test_report_giftflow_presets_as_their_module(self, name: str) -> None:
        assert "giftflow.presets" == getattr(giftflow.presets, name).__module__

    @pytest.mark.parametrize("name", classes_and_functions(giftflow.presets))
    def test_are_documented_with_an_example(self, name: str) -> None:
        doc = inspect.getdoc(getattr(giftflow.presets, name)) or ""
        assert ">>>" in doc

    @pytest.mark.parametrize(
        "name", [n for n in classes_and_functions(giftflow.presets) if n != "Source"]
    )
    def test_type_hints_resolve(self, name: str) -> None:
        hints = typing.get_type_hints(getattr(giftflow.presets, name))
        assert "return" in hints
        assert not any(isinstance(hint, str | typing.ForwardRef) for hint in hints.values())


class TestPlotAll:
    def test_lists_exactly_the_public_functions(self) -> None:
        assert PLOT_NAMES == set(giftflow.plot.__all__)
        assert PLOT_NAMES == public_attributes(giftflow.plot)

    @pytest.mark.parametrize("name", sorted(PLOT_NAMES))
    def test_functions_report_giftflow_plot_as_their_module(self, name: str) -> None:
        assert "giftflow.plot" == getattr(giftflow.plot, name).__module__

    @pytest.mark.parametrize("name", sorted(PLOT_NAMES))
    def test_functions_are_typed_and_documented_with_an_example(self, name: str) -> None:
        function = getattr(giftflow.plot, name)
        doc = inspect.getdoc(function) or ""
        assert ">>>" in doc
        hints = function.__annotations__
        assert "return" in hints
        assert set(inspect.signature(function).parameters) <= set(hints)
        assert not any("Any" in str(hint) for hint in hints.values())

    def test_importing_it_imports_no_matplotlib(self) -> None:
        code = "import sys, giftflow.plot; print('matplotlib' in sys.modules)"
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "False" == result.stdout.strip()
