"""App stores and payment processors: the fees the platforms' price books charge (private).

The fees of one time (:func:`apple_fee`, :func:`google_play_fee`, :func:`card_processor_fee`)
and the store programs as dated :class:`~giftflow.FeeSchedule` values, chosen by the
purchase's time: Apple's standard and Small Business terms, Apple's US link-out terms,
Apple's EU alternative terms and Google Play's tiers. Every boundary is a date from
:data:`SOURCES`; the hour is not in the sources, so periods change at 00:00 UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from giftflow import (
    Crossing,
    Currency,
    Fee,
    FeeBasis,
    FeeKind,
    FeePeriod,
    FeeSchedule,
    InvalidTypeError,
    InvalidValueError,
    Money,
    Qualification,
    Rate,
    Rounding,
    Threshold,
    Window,
    currency,
)
from giftflow.presets._common import flag

__all__ = [
    "apple_eu_alternative_fee_schedule",
    "apple_fee",
    "apple_fee_schedule",
    "apple_link_out_fee_schedule",
    "card_processor_fee",
    "google_play_fee",
    "google_play_fee_schedule",
    "google_play_us_alternative_billing_fee_schedule",
]

_SMALL_BUSINESS_START = datetime(2021, 1, 1, tzinfo=UTC)  # apple_small_business
_GOOGLE_PLAY_TIERS_START = datetime(2021, 7, 1, tzinfo=UTC)  # google_play_commission
_LINK_OUT_RULING = datetime(2025, 4, 30, tzinfo=UTC)  # apple_link_out_us
_LINK_OUT_APPEAL = datetime(2025, 12, 11, tzinfo=UTC)  # apple_link_out_us_appeal
# google_play_us_alternative_billing: the injunction's window.
_PLAY_INJUNCTION = Window(
    start=datetime(2025, 10, 29, tzinfo=UTC), end=datetime(2027, 11, 1, tzinfo=UTC)
)
_EU_TERMS_2025 = datetime(2025, 6, 26, tzinfo=UTC)  # apple_eu_alternative_terms
_EU_SINGLE_MODEL = datetime(2026, 1, 1, tzinfo=UTC)  # apple_eu_alternative_terms (announced)


def apple_fee(currency: Currency, *, small_business: bool = False) -> Fee:
    """Apple's App Store commission on the price net of tax (source: ``apple_commission``).

    Standard: 30%. Small Business Program: 15% while the developer's proceeds in the
    calendar year stay within $1,000,000 (a purchase that crosses it, and the rest
    of that year, pay 30%); the threshold is in USD, so the small-business fee
    only exists for USD storefronts here. This fee takes the caller's word that the
    developer qualifies this year; :func:`apple_fee_schedule` decides it from the
    prior year's proceeds instead.

    >>> from giftflow import currency
    >>> apple_fee(currency("USD")).rate
    Rate.parse('0.3')
    >>> apple_fee(currency("USD"), small_business=True).threshold.crossing
    <Crossing.WHOLE_PURCHASE: 'whole_purchase'>
    """
    _check_currency(currency)
    if not flag("small_business", small_business):
        return _store_fee("apple", "30%")
    return _apple_small_business(currency, Crossing.WHOLE_PURCHASE, Qualification.EVERY_YEAR)


def _store_fee(name: str, rate: str) -> Fee:
    # The stores' commissions are percentages of the price net of tax, rounded half up.
    return Fee(
        name=name,
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse(rate),
    )


def _apple_small_business(
    currency: Currency, crossing: Crossing, qualification: Qualification
) -> Fee:
    return Fee(
        name="apple small business",
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("15%"),
        threshold=Threshold(
            limit=Money.parse("1000000", _usd_only(currency)),
            rate_above=Rate.parse("30%"),
            crossing=crossing,
            qualification=qualification,
        ),
    )


def google_play_fee(currency: Currency) -> Fee:
    """Google Play's service fee for an enrolled developer (source: ``google_play_commission``).

    15% on the first $1,000,000 of earnings each calendar year, 30% above; a
    purchase that crosses the threshold is split between the two rates.

    >>> from giftflow import currency
    >>> google_play_fee(currency("USD")).threshold.crossing
    <Crossing.SPLIT: 'split'>
    """
    return Fee(
        name="google play",
        kind=FeeKind.STORE,
        basis=FeeBasis.NET_OF_TAX,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("15%"),
        threshold=Threshold(
            limit=Money.parse("1000000", _usd_only(currency)),
            rate_above=Rate.parse("30%"),
            crossing=Crossing.SPLIT,
        ),
    )


def card_processor_fee() -> Fee:
    """An *illustrative* web card processor fee: 2.9% of the gross plus $0.30 (``card_processor``).

    >>> from giftflow import Money
    >>> card_processor_fee().charge(Money.parse("0.74", "USD")).amount
    Money.parse('0.32', 'USD')
    """
    return Fee(
        name="card",
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        rate=Rate.parse("2.9%"),
        fixed=Money.parse("0.30", "USD"),
    )


def apple_fee_schedule(
    currency: Currency,
    *,
    small_business: bool = False,
    crossing: Crossing = Crossing.WHOLE_PURCHASE,
) -> FeeSchedule:
    """Apple's in-app commission over time, for :attr:`Channel.IOS <giftflow.Channel.IOS>`.

    ======================  ======================================  ========================
    Period                  Fees                                    Source (:data:`SOURCES`)
    ======================  ======================================  ========================
    always (standard)       30% of the price net of tax             ``apple_commission``
    until 2021-01-01        30% (before the Small Business          ``apple_commission``
    (small business)        Program)
    from 2021-01-01         15% in a year after one with at most    ``apple_small_business``
    (small business)        $1,000,000 of proceeds, until the
                            year's proceeds pass $1,000,000; 30%
                            for the rest of that year, and for a
                            whole year after one above it
    ======================  ======================================  ========================

    Eligibility is decided by the proceeds the caller passes to
    :func:`~giftflow.checkout`: ``prior_year_proceeds`` (the whole prior calendar
    year, associated accounts counted) and ``proceeds_to_date`` (this year's so far).
    The sources do not say how the purchase that crosses $1,000,000 is charged:
    by default it pays 30% in full (``Crossing.WHOLE_PURCHASE``, "the rest of the
    year"); ``Crossing.SPLIT`` charges 15% on the part within the limit.

    Args:
        currency: The storefront's currency; the Small Business limit is in USD,
            so the small-business schedule exists for USD storefronts only.
        small_business: Whether the developer is enrolled in the program.
        crossing: How the crossing purchase is charged (small business only).

    >>> from datetime import datetime, timezone
    >>> from giftflow import Channel, Money, currency
    >>> schedule = apple_fee_schedule(currency("USD"), small_business=True)
    >>> fee = schedule.fees_at(datetime(2026, 3, 1, tzinfo=timezone.utc))[0]
    >>> usd = lambda text: Money.parse(text, "USD")
    >>> fee.charge(usd("9.99"), proceeds_to_date=usd("500"), prior_year_proceeds=usd("800000")).rate
    Rate.parse('0.15')
    >>> fee.charge(usd("9.99"), proceeds_to_date=usd("500"), prior_year_proceeds=usd("1200000")).rate
    Rate.parse('0.3')
    """
    _check_currency(currency)
    if type(crossing) is not Crossing:
        raise InvalidTypeError(
            "crossing", crossing, "must be a Crossing", "pass Crossing.WHOLE_PURCHASE"
        )
    standard = apple_fee(currency)
    if not flag("small_business", small_business):
        return FeeSchedule(
            (FeePeriod(window=Window(), fees=(standard,), source="apple_commission"),)
        )
    small = _apple_small_business(currency, crossing, Qualification.PRIOR_YEAR)
    return FeeSchedule(
        (
            FeePeriod(
                window=Window(end=_SMALL_BUSINESS_START),
                fees=(standard,),
                source="apple_commission",
            ),
            FeePeriod(
                window=Window(start=_SMALL_BUSINESS_START),
                fees=(small,),
                source="apple_small_business",
            ),
        )
    )


def apple_link_out_fee_schedule() -> FeeSchedule:
    """Apple's commission on US purchases made through a link out of the app, over time.

    For :attr:`Channel.IOS_LINK_OUT <giftflow.Channel.IOS_LINK_OUT>` in the US storefront.

    ======================  ========================================  ========================
    Period                  Fees                                      Source (:data:`SOURCES`)
    ======================  ========================================  ========================
    until 2025-04-30        27% of the price net of tax (what Apple   ``apple_link_out_us``
                            charged on purchases within 7 days of
                            following the link)
    2025-04-30 to           0%: the contempt order (Epic v. Apple)    ``apple_link_out_us``
    2025-12-11              bars any commission on link-outs
    from 2025-12-11         0% until the district court sets a fee    ``apple_link_out_us_appeal``
                            (the Ninth Circuit reversed the
                            zero-commission ban and sent the fee
                            back)
    ======================  ========================================  ========================

    The fee is charged (as ``apple link-out``) even at 0%, so a breakdown shows that
    Apple took nothing. Not in the sources, so not modelled: when Apple first allowed
    US link-outs (the first period is open-ended), the reduced rate for Small Business
    members before the ruling, and purchases made more than 7 days after the link.
    The developer's own processor charges too: add it with
    :meth:`FeeSchedule.plus <giftflow.FeeSchedule.plus>`.

    >>> from datetime import datetime, timezone
    >>> schedule = apple_link_out_fee_schedule()
    >>> schedule.fees_at(datetime(2025, 4, 29, tzinfo=timezone.utc))[0].rate
    Rate.parse('0.27')
    >>> schedule.fees_at(datetime(2025, 4, 30, tzinfo=timezone.utc))[0].rate
    Rate.parse('0')
    """
    free = _store_fee("apple link-out", "0%")
    return FeeSchedule(
        (
            FeePeriod(
                window=Window(end=_LINK_OUT_RULING),
                fees=(_store_fee("apple link-out", "27%"),),
                source="apple_link_out_us",
            ),
            FeePeriod(
                window=Window(start=_LINK_OUT_RULING, end=_LINK_OUT_APPEAL),
                fees=(free,),
                source="apple_link_out_us",
            ),
            FeePeriod(
                window=Window(start=_LINK_OUT_APPEAL),
                fees=(free,),
                source="apple_link_out_us_appeal",
            ),
        )
    )


_STORE_SERVICES = {(1, False): "5%", (1, True): "5%", (2, False): "13%", (2, True): "10%"}


def apple_eu_alternative_fee_schedule(
    *,
    store_services_tier: int,
    small_business: bool = False,
    initial_acquisition: bool = False,
    from_2026: Sequence[Fee] | None = None,
) -> FeeSchedule:
    """Apple's EU alternative terms (DMA) for in-app purchases, over time.

    For :attr:`Channel.IOS <giftflow.Channel.IOS>` in an EU storefront whose developer
    chose the alternative terms (source: ``apple_eu_alternative_terms``, reported).

    ======================  ========================================================
    Period                  Fees, each a percentage of the price net of tax
    ======================  ========================================================
    2025-06-26 to           initial acquisition fee 2% (if ``initial_acquisition``);
    2026-01-01              Store Services Fee 5% (tier 1) or 13% (tier 2; 10% for
                            Small Business members); Core Technology Commission 5%
    from 2026-01-01         ``from_2026``, the caller's: Apple announced a single
                            model based on the Core Technology Commission, whose
                            rates are not in the sources
    ======================  ========================================================

    Before 2025-06-26 the schedule has no period (the earlier terms are not in the
    sources), nor after 2025 unless ``from_2026`` is given: a purchase then is
    refused rather than charged an invented rate. Which purchases the initial
    acquisition fee applies to is not in the sources either, so the caller says.

    Args:
        store_services_tier: 1 or 2, the developer's Store Services tier.
        small_business: Whether the developer is a Small Business member (tier 2 only).
        initial_acquisition: Whether the 2% initial acquisition fee applies.
        from_2026: The fees from 2026-01-01, if the caller knows them.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Rounding
    >>> schedule = apple_eu_alternative_fee_schedule(store_services_tier=2)
    >>> fees = schedule.fees_at(datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> [(fee.name, fee.rate.percent(0, Rounding.HALF_EVEN)) for fee in fees]
    [('apple store services', '13%'), ('apple core technology commission', '5%')]
    """
    tier = store_services_tier
    if type(tier) is not int or tier not in (1, 2):
        raise InvalidValueError(
            "store_services_tier", tier, "must be 1 or 2", "pass the developer's tier, e.g. 2"
        )
    member = flag("small_business", small_business)
    fees = (
        [_store_fee("apple initial acquisition", "2%")]
        if flag("initial_acquisition", initial_acquisition)
        else []
    )
    fees += [
        _store_fee("apple store services", _STORE_SERVICES[(tier, member)]),
        _store_fee("apple core technology commission", "5%"),
    ]
    periods = [
        FeePeriod(
            window=Window(start=_EU_TERMS_2025, end=_EU_SINGLE_MODEL),
            fees=tuple(fees),
            source="apple_eu_alternative_terms",
        )
    ]
    if from_2026 is not None:
        later = tuple(from_2026) if isinstance(from_2026, list | tuple) else from_2026
        if not isinstance(later, tuple) or not all(type(fee) is Fee for fee in later):
            raise InvalidTypeError(
                "from_2026", from_2026, "must be a sequence of Fee", "pass (Fee(...), ...)"
            )
        periods.append(FeePeriod(window=Window(start=_EU_SINGLE_MODEL), fees=later))
    return FeeSchedule(tuple(periods))


def google_play_fee_schedule(currency: Currency, *, enrolled: bool = True) -> FeeSchedule:
    """Google Play's service fee over time, for :attr:`Channel.GOOGLE_PLAY <giftflow.Channel.GOOGLE_PLAY>`.

    From 2021-07-01 (source: ``google_play_commission``, stated): enrolled in the 15%
    tier, 15% on the first $1,000,000 of earnings each calendar year and 30% above,
    the crossing purchase split (:func:`google_play_fee`); not enrolled, 30%. The
    fee before 2021-07-01 is not in the sources, so the schedule starts then.

    Args:
        currency: The storefront's currency (USD only when enrolled: the limit is in USD).
        enrolled: Whether the developer enrolled in the 15% tier.

    >>> from datetime import datetime, timezone
    >>> from giftflow import Money, currency
    >>> fee = google_play_fee_schedule(currency("USD")).fees_at(
    ...     datetime(2026, 3, 1, tzinfo=timezone.utc))[0]
    >>> usd = lambda text: Money.parse(text, "USD")
    >>> fee.charge(usd("100.00"), proceeds_to_date=usd("999957.50")).amount
    Money.parse('22.50', 'USD')
    """
    _check_currency(currency)
    if flag("enrolled", enrolled):
        fee = google_play_fee(currency)
    else:
        fee = _store_fee("google play", "30%")
    return FeeSchedule(
        (
            FeePeriod(
                window=Window(start=_GOOGLE_PLAY_TIERS_START),
                fees=(fee,),
                source="google_play_commission",
            ),
        )
    )


def google_play_us_alternative_billing_fee_schedule() -> FeeSchedule:
    """Google Play's service fee on US in-app purchases billed outside Play Billing.

    For :attr:`Channel.GOOGLE_PLAY <giftflow.Channel.GOOGLE_PLAY>` in the US storefront
    of an app that bills through its own processor (source:
    ``google_play_us_alternative_billing``, reported): from 2025-10-29 an injunction
    (to 2027-11-01) no longer requires Play Billing in the US, and the fee reported for
    one-time purchases billed another way is 20% (10% for subscriptions, which coins
    are not). The schedule covers only the injunction's window: what applies after it
    is not published, so a sale then is refused rather than guessed. The developer's
    own processor charges too: add it with
    :meth:`FeeSchedule.plus <giftflow.FeeSchedule.plus>`; Play Billing itself stays
    :func:`google_play_fee_schedule`.

    >>> from datetime import datetime, timezone
    >>> schedule = google_play_us_alternative_billing_fee_schedule().plus(card_processor_fee())
    >>> [(fee.name, str(fee.rate)) for fee in schedule.fees_at(
    ...     datetime(2026, 11, 24, tzinfo=timezone.utc))]
    [('google play alternative billing', '20%'), ('card', '2.9%')]
    >>> schedule.fees_at(datetime(2025, 10, 28, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    giftflow.UnknownChannelError: at is outside every period of the fee schedule ...
    """
    return FeeSchedule(
        (
            FeePeriod(
                window=_PLAY_INJUNCTION,
                fees=(_store_fee("google play alternative billing", "20%"),),
                source="google_play_us_alternative_billing",
            ),
        )
    )


def _check_currency(value: Currency) -> None:
    if type(value) is not Currency:
        raise InvalidTypeError(
            "currency", value, "must be a Currency", "pass the storefront's, e.g. currency('USD')"
        )


def _usd_only(value: Currency) -> Currency:
    _check_currency(value)
    usd = currency("USD")
    if value != usd:
        raise InvalidValueError(
            "currency",
            value,
            "has no published threshold (the stores state it in USD)",
            "use the standard 30% fee, or build a Fee with your own Threshold",
        )
    return usd
