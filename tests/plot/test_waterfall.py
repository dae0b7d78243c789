"""giftflow.plot.waterfall: the bars are the trace's exact parts, drawn as floats only."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("matplotlib")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from giftflow import (
    Agency,
    Channel,
    Creator,
    Diamonds,
    DiamondValuation,
    Earning,
    ExtraMissingError,
    Fee,
    FeeBasis,
    FeeBearer,
    FeeKind,
    FxRate,
    FxRates,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PayoutFee,
    PayoutMethod,
    PayoutPlan,
    Rate,
    Rounding,
    ValueTrace,
    WithholdingRule,
    compare_channels,
    plan_payout,
    presets,
)
from giftflow.plot import waterfall
from giftflow.plot._waterfall import steps
from giftflow.testing import payout_plans, value_traces

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
PROCEEDS = Money.parse("5000000", "USD")


def lion() -> ValueTrace:
    (found,) = compare_channels(
        presets.tiktok(),
        "Lion",
        country="US",
        at=AT,
        channels=[Channel.IOS],
        proceeds_to_date=PROCEEDS,
        agency=Agency(id="nova", rate=Rate.parse("10%")),
    )
    return found


def stars() -> ValueTrace:
    (found,) = compare_channels(presets.facebook_stars(), "Stars", country="US", at=AT, count=50)
    return found


def fee(name: str, **parts: Money | Rate) -> Fee:
    return Fee(
        name=name,
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        **parts,  # type: ignore[arg-type]
    )


def wire_payout() -> PayoutPlan:
    """20,001 TikTok diamonds by wire to Germany: 15% withheld, $15 + $10 (platform) fees."""
    wire = PayoutMethod(
        name="wire",
        fees=(
            PayoutFee(fee=fee("wire", fixed=Money.parse("15", "USD"))),
            PayoutFee(
                fee=fee("wire handling", fixed=Money.parse("10", "USD")),
                bearer=FeeBearer.PLATFORM,
            ),
        ),
    )
    policy = attrs.evolve(
        presets.tiktok_payout_policy(),
        methods=(wire,),
        withholding=WithholdingRule(
            rounding=Rounding.HALF_UP, by_country={"DE": Rate.parse("15%")}
        ),
    )
    return plan_payout(
        policy,
        earnings=[Earning(at=datetime(2026, 11, 1, tzinfo=UTC), diamonds=Diamonds(20_001))],
        payouts=[],
        now=AT,
        creator=Creator(
            country="DE",
            birth_date=date(1990, 1, 1),
            payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        method="wire",
        payout_currency="EUR",
        valuation=DiamondValuation.from_conversion(presets.tiktok().conversion),
        rounding=Rounding.DOWN,
        fx=FxRates((FxRate.of("USD", "EUR", "0.9250"),)),
    )


def bars(ax: Axes) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def left_labels(ax: Axes) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def right_labels(ax: Axes) -> list[str]:
    (right,) = ax.child_axes
    return [label.get_text() for label in right.get_yticklabels()]


def drawn(trace: ValueTrace, **options: object) -> Axes:
    return waterfall(trace, ax=Figure().subplots(), **options)  # type: ignore[arg-type]


class TestSteps:
    def test_are_the_trace_rows_without_a_payout(self) -> None:
        trace = lion()
        assert [(r.label, r.party, r.amount) for r in trace.rows] == [
            (s.label, s.party, s.amount) for s in steps(trace)
        ]

    def test_split_each_creator_in_proportion_to_the_payout(self) -> None:
        trace, plan = lion(), wire_payout()
        (creator,) = [row for row in trace.rows if row.party == "creator"]
        found = {step.label: step for step in steps(trace, plan)}
        share = creator.amount.minor / plan.gross_value.minor
        assert creator.amount == found[creator.label].amount
        assert found[creator.label].subtotal
        assert plan.withholding.minor * share == found["withheld (15.0%)"].amount.minor
        assert Money.parse("15", "USD").minor * share == found["payout fee: wire"].amount.minor
        assert plan.residue.minor * share == found["rounded off at payout"].amount.minor
        bank = found["to the creator's bank (wire, EUR)"].amount.minor
        assert plan.paid_value.minor * share == bank

    def test_take_the_platform_borne_fee_from_the_platform(self) -> None:
        trace, plan = lion(), wire_payout()
        (creator,) = [row for row in trace.rows if row.party == "creator"]
        found = {step.label: step for step in steps(trace, plan)}
        handling = Money.parse("10", "USD").minor * creator.amount.minor / plan.gross_value.minor
        assert handling == found["the platform's payout fee: wire handling"].amount.minor
        assert trace.total("platform").minor - handling == found["platform"].amount.minor

    @given(value_traces(), st.none() | payout_plans().filter(lambda plan: plan.pays))
    def test_add_up_exactly_to_what_was_paid_and_are_drawn_so(
        self, trace: ValueTrace, plan: PayoutPlan | None
    ) -> None:
        found = steps(trace, plan)
        parts = [step for step in found if not step.subtotal]
        assert trace.paid.minor == sum(step.amount.minor for step in parts)
        for index, step in enumerate(found):
            if step.subtotal:  # a creator's earnings: its parts follow, down to the bank
                bank = next(i for i in range(index + 1, len(found)) if found[i].party == "bank")
                assert step.amount.minor == sum(
                    part.amount.minor for part in found[index + 1 : bank + 1]
                )
        # Drawn: one bar per part, each the float of its exact amount.
        ax = drawn(trace, payout=plan)
        scale = 10**trace.currency.exponent
        assert [float(trace.paid.minor / scale)] + [
            float(step.amount.minor / scale) for step in parts
        ] == [bar.get_width() for bar in bars(ax)]
        assert len(left_labels(ax)) == len(right_labels(ax))


class TestWaterfall:
    def test_draws_each_part_exactly_where_the_one_above_ended(self) -> None:
        trace = lion()
        ax = drawn(trace)
        top = trace.paid.minor
        expected = [(0.0, float(top / 100))]
        for row in trace.rows:
            top -= row.amount.minor
            expected.append((float(top / 100), float(row.amount.minor / 100)))
        assert 0 == top
        assert expected == [(bar.get_x(), bar.get_width()) for bar in bars(ax)]

    def test_draws_shares_of_the_payment(self) -> None:
        trace = lion()
        ax = drawn(trace, shares=True)
        widths = [bar.get_width() for bar in bars(ax)]
        exact = [row.amount.minor / trace.paid.minor for row in trace.rows]
        assert 1 == sum(exact)
        assert [1.0] + [float(share) for share in exact] == widths
        assert "share of what was paid" == ax.get_xlabel()

    def test_labels_each_part_and_its_exact_amount(self) -> None:
        ax = drawn(lion())
        assert [
            "paid by a viewer",
            "store fee",
            "creator streamer: 29999 diamonds",
            "agency nova",
            "platform",
        ] == left_labels(ax)
        assert [
            "~454.5121 USD  100.0%",
            "~136.3591 USD  30.0%",
            "149.9950 USD  33.0%",
            "~16.8158 USD  3.7%",
            "~151.3422 USD  33.3%",
        ] == right_labels(ax)
        assert "1 x Lion via ios: where ~454.5121 USD went" == ax.get_title()

    def test_runs_a_negative_part_back(self) -> None:
        trace = stars()
        ax = drawn(trace)
        platform = bars(ax)[-1]
        assert float(trace.total("platform").minor / 100) == platform.get_width() < 0
        assert right_labels(ax)[-1].endswith("-14.1%")

    def test_with_a_payout_follows_the_money_to_the_bank(self) -> None:
        trace, plan = lion(), wire_payout()
        ax = drawn(trace, payout=plan, shares=True)
        assert [
            "paid by a viewer",
            "store fee",
            "creator streamer: 29999 diamonds",
            "withheld (15.0%)",
            "payout fee: wire",
            "rounded off at payout",
            "to the creator's bank (wire, EUR)",
            "agency nova",
            "platform",
            "the platform's payout fee: wire handling",
        ] == left_labels(ax)
        # The creator's earnings are a bracket over their parts, not one more bar.
        assert len(left_labels(ax)) - 1 == len(bars(ax))
        parts = [step for step in steps(trace, plan) if not step.subtotal]
        assert [1.0] + [float(s.amount.minor / trace.paid.minor) for s in parts] == [
            bar.get_width() for bar in bars(ax)
        ]

    def test_makes_a_figure_when_given_no_axes(self) -> None:
        ax = waterfall(stars())
        try:
            assert 4 == len(bars(ax))
            assert ax.figure in [plt.figure(number) for number in plt.get_fignums()]
        finally:
            plt.close(ax.figure)  # type: ignore[arg-type]

    def test_reports_giftflow_plot_as_its_module(self) -> None:
        assert "giftflow.plot" == waterfall.__module__

    @pytest.mark.parametrize(
        ("options", "argument", "error"),
        [
            ({"trace": None}, "trace", InvalidTypeError),
            ({"payout": 5}, "payout", InvalidTypeError),
            ({"shares": 1}, "shares", InvalidTypeError),
            ({"ax": "axes"}, "ax", InvalidTypeError),
        ],
    )
    def test_refuses_bad_arguments(
        self, options: dict[str, object], argument: str, error: type[Exception]
    ) -> None:
        call: dict[str, object] = {"trace": stars(), **options}
        with pytest.raises(error, match=argument):
            waterfall(**call)  # type: ignore[arg-type]

    def test_refuses_a_payout_that_pays_nothing(self) -> None:
        plan = plan_payout(
            presets.tiktok_payout_policy(),
            earnings=[],
            payouts=[],
            now=AT,
            creator=Creator(country="US", payout_account_since=datetime(2026, 1, 1, tzinfo=UTC)),
            method="bank",
            payout_currency="USD",
            valuation=DiamondValuation.from_conversion(presets.tiktok().conversion),
            rounding=Rounding.DOWN,
        )
        assert not plan.pays
        with pytest.raises(InvalidValueError, match="payout"):
            waterfall(stars(), payout=plan)

    def test_without_matplotlib_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("matplotlib", "matplotlib.pyplot", "matplotlib.axes"):
            monkeypatch.setitem(sys.modules, name, None)
        with pytest.raises(ExtraMissingError, match=r"giftflow\[plot\]") as raised:
            waterfall(stars())
        assert isinstance(raised.value, ImportError)
        assert str(raised.value.name).startswith("matplotlib")
