"""Store programs on dates: fee schedules, prior-year eligibility, link-out and EU terms.

The published figures (facts.md, section 9): Apple's Small Business Program charges 15%
in a year after one with at most $1M of proceeds and 30% once the year passes $1M (and
the whole next year); Apple takes no commission on US link-out purchases from the ruling
of 2025-04-30 (27% before); the EU alternative terms of 2025-06-26; Google Play's 15% on
the first $1M from 2021-07-01.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Channel,
    CoinPackage,
    Coins,
    Crossing,
    CurrencyMismatchError,
    Fee,
    FeeBasis,
    FeeKind,
    FeePeriod,
    FeeSchedule,
    InvalidTypeError,
    InvalidValueError,
    Money,
    NaiveDatetimeError,
    OverlapError,
    PackagePrice,
    PriceBook,
    Purchase,
    Qualification,
    Rate,
    Rounding,
    Storefront,
    Tax,
    Threshold,
    UnknownChannelError,
    Window,
    checkout,
    currency,
    presets,
)
from giftflow.testing import fee_schedules, storefronts

USD = currency("USD")
EUR = currency("EUR")
RULING = datetime(2025, 4, 30, tzinfo=UTC)
APPEAL = datetime(2025, 12, 11, tzinfo=UTC)
LIMIT = Money.parse("1000000", USD)


def usd(text: str) -> Money:
    return Money.parse(text, USD)


def eur(text: str) -> Money:
    return Money.parse(text, EUR)


def at(year: int, month: int = 6, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def flat(name: str, rate: str) -> Fee:
    return Fee(
        name=name,
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse(rate),
    )


def us_book(
    *, crossing: Crossing = Crossing.WHOLE_PURCHASE, google: FeeSchedule | None = None
) -> PriceBook:
    """A US storefront with every US store program, each channel selling one $9.99 package."""
    us = Storefront(
        country="US",
        currency=USD,
        tax=Tax.none(),
        fees={
            Channel.IOS: presets.apple_fee_schedule(USD, small_business=True, crossing=crossing),
            Channel.IOS_LINK_OUT: presets.apple_link_out_fee_schedule().plus(
                presets.card_processor_fee()
            ),
            Channel.GOOGLE_PLAY: google or presets.google_play_fee_schedule(USD),
            Channel.WEB: (presets.card_processor_fee(),),
        },
    )
    channels = (Channel.IOS, Channel.IOS_LINK_OUT, Channel.GOOGLE_PLAY, Channel.WEB)
    return PriceBook(
        storefronts=(us,),
        packages=(CoinPackage(id="coins_700", coins=Coins(700)),),
        prices=tuple(
            PackagePrice(package="coins_700", country="US", channel=channel, price=usd("9.99"))
            for channel in channels
        ),
    )


def buy(
    channel: Channel,
    when: datetime,
    *,
    proceeds: str | None = None,
    prior: str | None = None,
    book: PriceBook | None = None,
) -> Purchase:
    quote = (book or us_book()).quote("coins_700", country="US", channel=channel, at=when)
    return checkout(
        quote,
        purchase_id="p1",
        proceeds_to_date=None if proceeds is None else usd(proceeds),
        prior_year_proceeds=None if prior is None else usd(prior),
    )


def store_fees(purchase: Purchase) -> list[tuple[str, Money]]:
    return [(charge.name, charge.amount) for charge in purchase.breakdown.fees]


SCHEDULES = [
    presets.apple_fee_schedule(USD),
    presets.apple_fee_schedule(USD, small_business=True),
    presets.apple_link_out_fee_schedule(),
    presets.apple_eu_alternative_fee_schedule(store_services_tier=2, initial_acquisition=True),
    presets.google_play_fee_schedule(USD),
    presets.google_play_fee_schedule(USD, enrolled=False),
    presets.google_play_us_alternative_billing_fee_schedule(),
]


class TestSources:
    @pytest.mark.parametrize("schedule", SCHEDULES)
    def test_every_preset_period_names_a_dated_source(self, schedule: FeeSchedule) -> None:
        for period in schedule.periods:
            assert period.source is not None
            source = presets.SOURCES[period.source]
            assert source.date != "n.d."
            assert source.confidence.startswith(("stated", "reported"))

    @pytest.mark.parametrize(
        "preset",
        [
            presets.apple_fee_schedule,
            presets.apple_link_out_fee_schedule,
            presets.apple_eu_alternative_fee_schedule,
            presets.google_play_fee_schedule,
            presets.google_play_us_alternative_billing_fee_schedule,
        ],
    )
    def test_every_schedule_cites_known_sources(self, preset: object) -> None:
        cited = set(re.findall(r"``([a-z_]+)``", getattr(preset, "__doc__", "") or ""))
        cited -= {"initial_acquisition", "from_2026", "proceeds_to_date", "prior_year_proceeds"}
        assert cited
        assert set() == cited - set(presets.SOURCES)

    def test_every_boundary_is_a_sourced_date(self) -> None:
        starts = {
            period.window.start.date().isoformat()
            for schedule in SCHEDULES
            for period in schedule.periods
            if period.window.start is not None
        }
        assert {
            "2021-01-01",
            "2021-07-01",
            "2025-04-30",
            "2025-06-26",
            "2025-10-29",
            "2025-12-11",
        } == starts
        for day in starts:
            assert any(day in source.what for source in presets.SOURCES.values()), day


class TestQualification:
    def test_names_both_ways_a_year_qualifies(self) -> None:
        assert ["every_year", "prior_year"] == [q.value for q in Qualification]

    def test_a_threshold_qualifies_every_year_unless_told(self) -> None:
        threshold = Threshold(limit=LIMIT, rate_above=Rate.parse("30%"), crossing=Crossing.SPLIT)
        assert Qualification.EVERY_YEAR is threshold.qualification

    def test_refuses_a_qualification_that_is_not_one(self) -> None:
        with pytest.raises(InvalidTypeError, match=r"^qualification must be a Qualification"):
            Threshold(
                limit=LIMIT,
                rate_above=Rate.parse("30%"),
                crossing=Crossing.SPLIT,
                qualification="prior_year",  # type: ignore[arg-type]
            )


class TestFeePeriod:
    def test_keeps_its_window_fees_and_source(self) -> None:
        period = FeePeriod(window=Window(start=RULING), fees=[flat("a", "1%")], source="x")
        assert (Window(start=RULING), (flat("a", "1%"),), "x") == (
            period.window,
            period.fees,
            period.source,
        )

    @pytest.mark.parametrize(
        ("changes", "argument"),
        [
            ({"window": None}, "window"),
            ({"fees": "apple"}, "fees"),
            ({"fees": ("30%",)}, "fees"),
            ({"source": ""}, "source"),
            ({"source": " x"}, "source"),
        ],
    )
    def test_refuses_bad_parts(self, changes: dict[str, Any], argument: str) -> None:
        fields: dict[str, Any] = {"window": Window(), "fees": (), **changes}
        with pytest.raises((InvalidTypeError, InvalidValueError)) as error:
            FeePeriod(**fields)
        assert argument == error.value.argument

    def test_refuses_fees_in_two_currencies(self) -> None:
        card = presets.card_processor_fee()
        euro_card = attrs.evolve(card, fixed=eur("0.25"))
        with pytest.raises(CurrencyMismatchError):
            FeePeriod(window=Window(), fees=(card, euro_card))


class TestFeeSchedule:
    EARLY = FeePeriod(window=Window(end=RULING), fees=(flat("apple", "27%"),))
    LATE = FeePeriod(window=Window(start=RULING), fees=())

    def test_picks_the_period_whose_window_holds_the_time(self) -> None:
        schedule = FeeSchedule((self.EARLY, self.LATE))
        assert self.EARLY == schedule.period_at(RULING - timedelta(microseconds=1))
        assert self.LATE == schedule.period_at(RULING)
        assert () == schedule.fees_at(at(2030))

    def test_compares_instants_not_wall_clocks(self) -> None:
        schedule = FeeSchedule((self.EARLY, self.LATE))
        # 2025-04-29 20:30 in New York is 00:30 UTC on the 30th: after the ruling.
        evening = datetime(2025, 4, 29, 20, 30, tzinfo=ZoneInfo("America/New_York"))
        assert () == schedule.fees_at(evening)

    def test_a_time_no_period_covers_is_refused_naming_it(self) -> None:
        schedule = FeeSchedule((FeePeriod(window=Window(start=RULING, end=APPEAL), fees=()),))
        with pytest.raises(UnknownChannelError, match=r"^at is outside every period") as error:
            schedule.fees_at(APPEAL)
        assert "at" == error.value.argument

    def test_refuses_a_naive_time(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            FeeSchedule((self.LATE,)).fees_at(datetime(2026, 1, 1))

    def test_refuses_overlapping_periods(self) -> None:
        with pytest.raises(OverlapError, match=r"^periods\[1\]") as error:
            FeeSchedule((self.EARLY, FeePeriod(window=Window(), fees=())))
        assert "periods[1]" == error.value.argument

    def test_refuses_periods_out_of_time_order(self) -> None:
        with pytest.raises(InvalidValueError, match="list the periods in time order"):
            FeeSchedule((self.LATE, self.EARLY))

    def test_refuses_no_periods_and_what_is_not_a_period(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^periods must not be empty"):
            FeeSchedule(())
        with pytest.raises(InvalidTypeError, match=r"^periods must be a tuple of FeePeriod"):
            FeeSchedule((flat("apple", "30%"),))  # type: ignore[arg-type]

    def test_refuses_periods_with_fees_in_two_currencies(self) -> None:
        card = presets.card_processor_fee()
        euro = FeePeriod(window=Window(start=RULING), fees=(attrs.evolve(card, fixed=eur("0.25")),))
        with pytest.raises(CurrencyMismatchError):
            FeeSchedule((FeePeriod(window=Window(end=RULING), fees=(card,)), euro))

    def test_plus_adds_fees_after_each_period_s_own(self) -> None:
        card = presets.card_processor_fee()
        schedule = FeeSchedule((self.EARLY, self.LATE)).plus(card)
        assert [(flat("apple", "27%"), card), (card,)] == [p.fees for p in schedule.periods]
        with pytest.raises(InvalidTypeError, match=r"^fees must all be Fee"):
            schedule.plus("card")  # type: ignore[arg-type]

    @given(fee_schedules(gaps=False), st.datetimes(timezones=st.just(UTC)))
    def test_without_gaps_exactly_one_period_holds_every_time(
        self, schedule: FeeSchedule, when: datetime
    ) -> None:
        holding = [p for p in schedule.periods if p.window.contains(when)]
        assert [schedule.period_at(when)] == holding

    @given(fee_schedules())
    def test_generated_periods_are_in_order_and_apart(self, schedule: FeeSchedule) -> None:
        for earlier, later in zip(schedule.periods, schedule.periods[1:], strict=False):
            assert not earlier.window.overlaps(later.window)


class TestStorefrontSchedules:
    STORE = us_book().storefront("US")

    def test_a_scheduled_channel_needs_the_time(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^at is required") as error:
            self.STORE.fees_for(Channel.IOS)
        assert "at" == error.value.argument

    def test_a_plain_channel_ignores_the_time(self) -> None:
        card = presets.card_processor_fee()
        assert (
            (card,)
            == self.STORE.fees_for(Channel.WEB)
            == self.STORE.fees_for(Channel.WEB, at=at(2000))
        )

    def test_schedule_for_gives_every_channel_as_a_schedule(self) -> None:
        web = self.STORE.schedule_for(Channel.WEB)
        assert (FeePeriod(window=Window(), fees=(presets.card_processor_fee(),)),) == web.periods
        assert presets.google_play_fee_schedule(USD) == self.STORE.schedule_for(Channel.GOOGLE_PLAY)

    def test_refuses_a_schedule_in_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            Storefront(
                country="DE",
                currency=EUR,
                tax=Tax.none(),
                fees={Channel.IOS: presets.apple_fee_schedule(USD, small_business=True)},
            )

    def test_a_quote_when_no_period_covers_the_time_is_refused(self) -> None:
        book = us_book()
        with pytest.raises(
            UnknownChannelError, match="fee schedule of google_play in storefront US"
        ):
            book.quote("coins_700", country="US", channel=Channel.GOOGLE_PLAY, at=at(2021, 6, 30))

    @given(storefronts())
    def test_every_time_has_fees_on_every_generated_channel(self, store: Storefront) -> None:
        for channel in store.channels:
            assert isinstance(store.fees_for(channel, at=at(2026)), tuple)


class TestAppleSmallBusiness:
    @pytest.mark.parametrize("prior", ["0.00", "800000.00", "1000000.00"])
    def test_is_15_percent_in_a_year_after_one_within_1m(self, prior: str) -> None:
        purchase = buy(Channel.IOS, at(2026), proceeds="500", prior=prior)
        # 9.99 x 15% = 1.4985, rounded half up.
        assert [("apple small business", usd("1.50"))] == store_fees(purchase)
        assert usd("8.49") == purchase.breakdown.net

    def test_is_30_percent_all_year_after_a_year_above_1m(self) -> None:
        for month in (1, 6, 12):
            purchase = buy(Channel.IOS, at(2026, month), proceeds="0", prior="1000000.01")
            assert [("apple small business", usd("3.00"))] == store_fees(purchase)
            assert Rate.parse("30%") == purchase.breakdown.fees[0].rate

    def test_crossing_1m_in_the_year_moves_to_30_percent_for_the_rest_of_it(self) -> None:
        # The purchase that crosses pays 30% in full (the preset's default), as do later ones.
        assert (
            usd("1.50")
            == buy(Channel.IOS, at(2026, 3), proceeds="999991.50", prior="0").breakdown.store_fee
        )
        assert (
            usd("3.00")
            == buy(Channel.IOS, at(2026, 9), proceeds="999995", prior="0").breakdown.store_fee
        )
        assert (
            usd("3.00")
            == buy(Channel.IOS, at(2026, 12), proceeds="1500000", prior="0").breakdown.store_fee
        )

    def test_the_next_year_is_standard_and_the_one_after_requalifies(self) -> None:
        # 2026 passed $1M: all of 2027 pays 30%, even at zero proceeds so far.
        assert (
            usd("3.00")
            == buy(Channel.IOS, at(2027, 1, 2), proceeds="0", prior="1200000").breakdown.store_fee
        )
        # 2027 ended at $900,000: 2028 is back at 15%.
        assert (
            usd("1.50")
            == buy(Channel.IOS, at(2028, 1, 2), proceeds="0", prior="900000").breakdown.store_fee
        )

    def test_a_split_crossing_charges_15_percent_on_the_part_within_1m_exactly(self) -> None:
        book = us_book(crossing=Crossing.SPLIT)
        purchase = buy(Channel.IOS, at(2026), proceeds="999995", prior="0", book=book)
        charge = purchase.breakdown.fees[0]
        # $5.00 of headroom: the first 500 / 0.85 cents pay 15%, the rest of 999 cents 30%.
        within = Fraction(500) / Fraction("0.85")
        exact = within * Fraction("0.15") + (999 - within) * Fraction("0.30")
        assert Fraction(35949, 170) == exact == charge.exact.minor
        assert (usd("2.11"), usd("7.88")) == (charge.amount, purchase.breakdown.net)
        # What the developer keeps of the part within the limit fills the headroom exactly.
        assert within - within * Fraction("0.15") == 500

    def test_before_the_program_began_everyone_paid_30_percent(self) -> None:
        purchase = buy(Channel.IOS, datetime(2020, 12, 31, 23, 59, tzinfo=UTC))
        assert [("apple", usd("3.00"))] == store_fees(purchase)

    def test_needs_the_prior_year_s_proceeds_as_well_as_this_year_s(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^prior_year_proceeds is required") as error:
            buy(Channel.IOS, at(2026), proceeds="0")
        assert "Money.zero" in str(error.value)
        with pytest.raises(InvalidValueError, match=r"^proceeds_to_date is required"):
            buy(Channel.IOS, at(2026), prior="0")

    def test_refuses_prior_proceeds_that_are_negative_or_in_another_currency(self) -> None:
        with pytest.raises(InvalidValueError, match=r"^prior_year_proceeds must not be negative"):
            buy(Channel.IOS, at(2026), proceeds="0", prior="-1")
        quote = us_book().quote("coins_700", country="US", channel=Channel.IOS, at=at(2026))
        with pytest.raises(CurrencyMismatchError) as error:
            checkout(
                quote, purchase_id="p1", proceeds_to_date=usd("0"), prior_year_proceeds=eur("0")
            )
        assert "prior_year_proceeds" == error.value.argument

    def test_a_channel_without_such_a_fee_ignores_the_prior_year(self) -> None:
        purchase = buy(Channel.WEB, at(2026), prior="5000000")
        assert [("card", usd("0.59"))] == store_fees(purchase)

    def test_the_standard_schedule_is_30_percent_at_every_time(self) -> None:
        schedule = presets.apple_fee_schedule(USD)
        assert [(presets.apple_fee(USD),)] == [p.fees for p in schedule.periods]
        assert Window() == schedule.periods[0].window


class TestLinkOut:
    def test_apple_took_27_percent_before_the_ruling(self) -> None:
        purchase = buy(Channel.IOS_LINK_OUT, RULING - timedelta(seconds=1))
        # 9.99 x 27% = 2.6973; the card: 9.99 x 2.9% + 0.30 = 0.58971.
        assert [("apple link-out", usd("2.70")), ("card", usd("0.59"))] == store_fees(purchase)
        assert usd("6.70") == purchase.breakdown.net

    @pytest.mark.parametrize("when", [RULING, APPEAL - timedelta(seconds=1), APPEAL, at(2026, 11)])
    def test_no_commission_from_the_ruling_through_the_appeal(self, when: datetime) -> None:
        purchase = buy(Channel.IOS_LINK_OUT, when)
        assert [("apple link-out", usd("0.00")), ("card", usd("0.59"))] == store_fees(purchase)
        assert usd("9.40") == purchase.breakdown.net

    def test_each_period_names_its_source(self) -> None:
        schedule = presets.apple_link_out_fee_schedule()
        assert ["apple_link_out_us", "apple_link_out_us", "apple_link_out_us_appeal"] == [
            p.source for p in schedule.periods
        ]
        assert [None, RULING, APPEAL] == [p.window.start for p in schedule.periods]
        for period in schedule.periods:
            assert period.source in presets.SOURCES


class TestGooglePlayUsAlternativeBilling:
    START, END = at(2025, 10, 29), at(2027, 11, 1)

    def book(self) -> PriceBook:
        schedule = presets.google_play_us_alternative_billing_fee_schedule()
        return us_book(google=schedule.plus(presets.card_processor_fee()))

    @pytest.mark.parametrize(
        "when", [at(2025, 10, 29), at(2026, 11, 24), at(2027, 11, 1) - timedelta(seconds=1)]
    )
    def test_google_takes_20_percent_and_the_processor_its_fee(self, when: datetime) -> None:
        purchase = buy(Channel.GOOGLE_PLAY, when, book=self.book())
        # 9.99 x 20% = 1.998; the card: 9.99 x 2.9% + 0.30 = 0.58971.
        fees = [("google play alternative billing", usd("2.00")), ("card", usd("0.59"))]
        assert fees == store_fees(purchase)
        assert usd("7.40") == purchase.breakdown.net

    @pytest.mark.parametrize("when", [at(2025, 10, 28), at(2027, 11, 1), at(2028)])
    def test_outside_the_injunction_nothing_is_sold(self, when: datetime) -> None:
        with pytest.raises(UnknownChannelError, match="outside every period"):
            buy(Channel.GOOGLE_PLAY, when, book=self.book())

    def test_the_period_is_the_injunctions_with_its_source(self) -> None:
        (period,) = presets.google_play_us_alternative_billing_fee_schedule().periods
        assert (self.START, self.END) == (period.window.start, period.window.end)
        assert "2025-10-29" == presets.SOURCES[period.source or ""].date


class TestEuAlternativeTerms:
    DURING = at(2025, 9)

    def fees(self, **options: Any) -> list[tuple[str, str]]:
        schedule = presets.apple_eu_alternative_fee_schedule(**options)
        return [(fee.name, str(fee.rate)) for fee in schedule.fees_at(self.DURING)]

    @pytest.mark.parametrize(
        ("options", "store_services"),
        [
            ({"store_services_tier": 1}, "5%"),
            ({"store_services_tier": 1, "small_business": True}, "5%"),
            ({"store_services_tier": 2}, "13%"),
            ({"store_services_tier": 2, "small_business": True}, "10%"),
        ],
    )
    def test_charges_the_published_rates(
        self, options: dict[str, Any], store_services: str
    ) -> None:
        expected = [
            ("apple store services", str(Rate.parse(store_services))),
            ("apple core technology commission", str(Rate.parse("5%"))),
        ]
        assert expected == self.fees(**options)

    def test_the_initial_acquisition_fee_when_it_applies(self) -> None:
        assert ("apple initial acquisition", str(Rate.parse("2%"))) == self.fees(
            store_services_tier=2, initial_acquisition=True
        )[0]

    def test_a_purchase_splits_exactly_into_each_fee_and_the_net(self) -> None:
        schedule = presets.apple_eu_alternative_fee_schedule(
            store_services_tier=2, initial_acquisition=True
        )
        # Tax left out: the fees are on the price net of tax either way.
        de = Storefront(country="DE", currency=EUR, tax=Tax.none(), fees={Channel.IOS: schedule})
        book = PriceBook(
            storefronts=(de,),
            packages=(CoinPackage(id="coins_700", coins=Coins(700)),),
            prices=(
                PackagePrice(
                    package="coins_700", country="DE", channel=Channel.IOS, price=eur("9.99")
                ),
            ),
        )
        quote = book.quote("coins_700", country="DE", channel=Channel.IOS, at=self.DURING)
        breakdown = checkout(quote, purchase_id="p1").breakdown
        # 2% = 0.1998, 13% = 1.2987, 5% = 0.4995: each rounded half up on its own.
        assert [eur("0.20"), eur("1.30"), eur("0.50")] == [c.amount for c in breakdown.fees]
        assert eur("7.99") == breakdown.net

    def test_no_terms_before_2025_06_26_nor_after_2025_unless_the_caller_gives_them(self) -> None:
        schedule = presets.apple_eu_alternative_fee_schedule(store_services_tier=1)
        for when in (at(2025, 6, 25), at(2026, 1, 1)):
            with pytest.raises(UnknownChannelError):
                schedule.fees_at(when)
        later = (flat("apple core technology commission", "5%"),)
        given_later = presets.apple_eu_alternative_fee_schedule(
            store_services_tier=1, from_2026=later
        )
        assert later == given_later.fees_at(at(2026, 11))
        assert None is given_later.periods[-1].source

    @pytest.mark.parametrize(
        ("options", "argument"),
        [
            ({"store_services_tier": 3}, "store_services_tier"),
            ({"store_services_tier": True}, "store_services_tier"),
            ({"store_services_tier": 1, "small_business": "yes"}, "small_business"),
            ({"store_services_tier": 1, "initial_acquisition": 1}, "initial_acquisition"),
            ({"store_services_tier": 1, "from_2026": ("5%",)}, "from_2026"),
        ],
    )
    def test_refuses_bad_options(self, options: dict[str, Any], argument: str) -> None:
        with pytest.raises((InvalidTypeError, InvalidValueError)) as error:
            presets.apple_eu_alternative_fee_schedule(**options)
        assert argument == error.value.argument


class TestGooglePlaySchedule:
    @pytest.mark.parametrize(
        ("proceeds", "expected"),
        [("0", "1.50"), ("999995", "2.11"), ("1000000", "3.00"), ("5000000", "3.00")],
    )
    def test_is_15_percent_on_the_first_1m_each_year_split_at_the_crossing(
        self, proceeds: str, expected: str
    ) -> None:
        purchase = buy(Channel.GOOGLE_PLAY, at(2026), proceeds=proceeds)
        assert [("google play", usd(expected))] == store_fees(purchase)

    def test_every_year_starts_at_15_percent_whatever_the_year_before(self) -> None:
        purchase = buy(Channel.GOOGLE_PLAY, at(2027, 1, 2), proceeds="0", prior="9000000")
        assert usd("1.50") == purchase.breakdown.store_fee

    def test_is_30_percent_when_not_enrolled(self) -> None:
        schedule = presets.google_play_fee_schedule(USD, enrolled=False)
        (fee,) = schedule.fees_at(at(2026))
        assert (Rate.parse("30%"), None) == (fee.rate, fee.threshold)

    def test_starts_on_2021_07_01(self) -> None:
        schedule = presets.google_play_fee_schedule(USD)
        assert [Window(start=datetime(2021, 7, 1, tzinfo=UTC))] == [
            p.window for p in schedule.periods
        ]


# -- conservation, for any proceeds at any time ---------------------------------------------

MINOR = st.one_of(
    st.integers(0, 2 * 10**8),
    st.integers(10**8 - 2_000, 10**8 + 2_000),  # around the $1M limit
)


@attrs.frozen
class Drawn:
    """A purchase of ``us_book()`` at any time with any proceeds, or why there is none."""

    purchase: Purchase | None
    refused: str | None  # the argument a refusal named
    when: datetime
    channel: Channel
    proceeds: int
    prior: int


@st.composite
def store_purchases(draw: st.DrawFn) -> Drawn:
    crossing = draw(st.sampled_from(Crossing))
    book = us_book(crossing=crossing)
    channel = draw(st.sampled_from(book.storefront("US").channels))
    when = draw(st.datetimes(datetime(2019, 1, 1), datetime(2031, 1, 1), timezones=st.just(UTC)))
    price = Money.of_minor(draw(st.integers(1, 10**7)), USD)
    book = attrs.evolve(book, prices=[attrs.evolve(p, price=price) for p in book.prices])
    proceeds, prior = draw(MINOR), draw(MINOR)
    try:
        quote = book.quote("coins_700", country="US", channel=channel, at=when)
        purchase = checkout(
            quote,
            purchase_id="p1",
            proceeds_to_date=Money.of_minor(proceeds, USD),
            prior_year_proceeds=Money.of_minor(prior, USD),
        )
    except InvalidValueError as error:
        return Drawn(None, error.argument, when, channel, proceeds, prior)
    return Drawn(purchase, None, when, channel, proceeds, prior)


class TestConservation:
    @given(store_purchases())
    def test_fees_and_net_add_up_to_the_gross_exactly(self, drawn: Drawn) -> None:
        purchase = drawn.purchase
        if purchase is None:
            # Google Play before its tiers began is not sold; the card's 30 cents can
            # exceed a price of a few cents (checkout refuses a negative net).
            google_early = drawn.channel == Channel.GOOGLE_PLAY and drawn.when < datetime(
                2021, 7, 1, tzinfo=UTC
            )
            carded = drawn.channel in (Channel.WEB, Channel.IOS_LINK_OUT)
            assert ("at" if google_early else "quote") == drawn.refused
            assert google_early or carded
            return
        breakdown = purchase.breakdown
        assert breakdown.gross.minor == (
            breakdown.tax.minor + sum(c.amount.minor for c in breakdown.fees) + breakdown.net.minor
        )
        for charge in breakdown.fees:
            assert charge.rounding.round(charge.exact.minor).units == charge.amount.minor

    @given(store_purchases())
    def test_the_apple_rate_follows_the_date_and_the_two_years_proceeds(self, drawn: Drawn) -> None:
        purchase = drawn.purchase
        if purchase is None or drawn.channel != Channel.IOS:
            return
        (charge,) = purchase.breakdown.fees
        low, high = Rate.parse("15%"), Rate.parse("30%")
        headroom = LIMIT.minor - drawn.proceeds
        kept_at_low = charge.base.minor - charge.base.multiply_exact(low).minor
        if (
            drawn.when < datetime(2021, 1, 1, tzinfo=UTC)
            or drawn.prior > LIMIT.minor
            or headroom <= 0
        ):
            assert high == charge.rate
        elif kept_at_low <= headroom:
            assert low == charge.rate
        else:
            assert low < charge.rate <= high

    @given(store_purchases())
    def test_link_out_purchases_pay_apple_nothing_from_the_ruling(self, drawn: Drawn) -> None:
        purchase = drawn.purchase
        if purchase is None or drawn.channel != Channel.IOS_LINK_OUT:
            return
        apple = purchase.breakdown.fees[0]
        expected = Rate.ZERO if drawn.when >= RULING else Rate.parse("27%")
        assert ("apple link-out", expected) == (apple.name, apple.rate)
