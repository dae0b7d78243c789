"""Spending protection rules as data: minimum ages and caps per transaction, day and week."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from giftflow._values._checks import (
    check_aware,
    check_aware_field,
    check_country,
    check_instance,
    check_name,
    upper,
    valid_country,
)
from giftflow._values._errors import (
    Choice,
    CurrencyMismatchError,
    InvalidTypeError,
    InvalidValueError,
)
from giftflow._values._money import Money
from giftflow._values._refusals import SpendingRefusedError
from giftflow._values._units import Coins

__all__ = [
    "AgeRule",
    "CapPeriod",
    "Refusal",
    "SpendRecord",
    "SpendingCap",
    "SpendingDecision",
    "SpendingRules",
    "Viewer",
]

Amount = Money | Coins


class CapPeriod(Choice):
    """The span a spending cap counts over.

    Calendar periods are taken in the cap's time zone; rolling ones end at ``now``.

    >>> CapPeriod.ROLLING_WEEK.value
    'rolling_week'
    """

    TRANSACTION = "transaction"
    """Each purchase or gift on its own."""
    CALENDAR_DAY = "calendar_day"
    """From local midnight (in the cap's time zone) to now."""
    CALENDAR_WEEK = "calendar_week"
    """From local Monday midnight to now."""
    CALENDAR_MONTH = "calendar_month"
    """From the first of the local month to now."""
    ROLLING_DAY = "rolling_day"
    """The 24 hours before now."""
    ROLLING_WEEK = "rolling_week"
    """The 7 days before now."""

    def start(self, now: datetime, zone: tzinfo) -> datetime | None:
        """Where the period that contains ``now`` begins (``None`` for a single transaction)."""
        local = now.astimezone(zone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self is CapPeriod.TRANSACTION:
            return None
        if self is CapPeriod.CALENDAR_DAY:
            return midnight
        if self is CapPeriod.CALENDAR_WEEK:
            return midnight - timedelta(days=local.weekday())
        if self is CapPeriod.CALENDAR_MONTH:
            return midnight.replace(day=1)
        # Rolling periods are elapsed time: subtract in UTC, because arithmetic on a
        # datetime with a ZoneInfo is wall-clock (a day across a DST change is 23 or 25 h).
        if self is CapPeriod.ROLLING_DAY:
            return now.astimezone(UTC) - timedelta(days=1)
        return now.astimezone(UTC) - timedelta(days=7)


def _check_amount(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (Money, Coins):
        raise InvalidTypeError(
            attribute.name, value, "must be Money or Coins", "pass Money.parse('500', 'USD')"
        )


def _check_zone(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tzinfo):
        raise InvalidTypeError("zone", value, "must be a tzinfo", "pass timezone.utc or ZoneInfo")


@attrs.frozen(kw_only=True)
class SpendingCap:
    """A limit on what a viewer may spend in a period, in money or in coins.

    >>> from datetime import timezone
    >>> daily = SpendingCap(name="supers daily", limit=Money.parse("500", "USD"),
    ...                     period=CapPeriod.CALENDAR_DAY, zone=timezone.utc)
    >>> daily.limit
    Money.parse('500.00', 'USD')
    """

    name: str = attrs.field(validator=check_name)
    limit: Amount = attrs.field(validator=_check_amount)
    period: CapPeriod = attrs.field(validator=check_instance(CapPeriod, "CapPeriod.CALENDAR_DAY"))
    zone: tzinfo = attrs.field(validator=_check_zone)

    def __attrs_post_init__(self) -> None:
        if _units(self.limit) < 0:
            raise InvalidValueError("limit", self.limit, "must not be negative", "pass 0 or more")


def _check_age(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not 0 <= value <= 150:
        raise InvalidValueError(attribute.name, value, "must be an int age in years", "e.g. 18")


def _country_ages(value: Mapping[str, int] | Iterable[tuple[str, int]]) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k).upper(), v) for k, v in value.items()))
    return value


def _check_country_ages(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError("by_country", value, "must be a dict", "pass {'KR': 19}")
    seen: set[str] = set()
    for pair in value:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise InvalidTypeError(
                "by_country", value, "must map country codes to ages", "pass {'KR': 19}"
            )
        country, years = pair
        valid_country(attribute.name, country)
        if country in seen:
            raise InvalidValueError(
                "by_country", value, f"names {country} twice", "give each country one age"
            )
        seen.add(country)
        _check_age(instance, attribute, years)


@attrs.frozen(kw_only=True)
class AgeRule:
    """A minimum age to buy or gift, with per-country exceptions.

    >>> rule = AgeRule(years=18, by_country={"KR": 19})
    >>> rule.minimum_for("kr"), rule.minimum_for("US")
    (19, 18)
    """

    years: int = attrs.field(validator=_check_age)
    by_country: tuple[tuple[str, int], ...] = attrs.field(
        factory=tuple, converter=_country_ages, validator=_check_country_ages
    )

    def minimum_for(self, country: str) -> int:
        """The minimum age in ``country`` (an ISO 3166-1 alpha-2 code, either case).

        Raises:
            InvalidValueError: ``country`` is not a country code.
        """
        code = valid_country("country", upper(country))
        return dict(self.by_country).get(code, self.years)


@attrs.frozen(kw_only=True)
class Viewer:
    """Who is spending: where they are and when they were born.

    >>> from datetime import date, datetime, timezone
    >>> Viewer(country="KR", birth_date=date(2008, 1, 1)).age_at(
    ...     datetime(2026, 11, 24, tzinfo=timezone.utc))
    18
    """

    country: str = attrs.field(converter=upper, validator=check_country)
    birth_date: date = attrs.field(validator=check_instance(date, "date(2000, 1, 1)"))

    def age_at(self, now: datetime) -> int:
        """Age in whole years on ``now``'s date."""
        return relativedelta(check_aware("now", now).date(), self.birth_date).years


@attrs.frozen(kw_only=True)
class SpendRecord:
    """Something the viewer already spent: when, and how much (money or coins)."""

    at: datetime = attrs.field(validator=check_aware_field)
    amount: Amount = attrs.field(validator=_check_amount)


def _check_figure(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (Money, Coins, int):
        raise InvalidTypeError(
            attribute.name,
            value,
            "must be Money, Coins or an int of years",
            "take refusals from SpendingRules.check",
        )


def _unit(figure: Amount | int) -> object:
    return figure.currency if type(figure) is Money else type(figure)


@attrs.frozen(kw_only=True)
class Refusal:
    """Why a rule refused: the rule, the limit, what was already spent and the excess.

    >>> from datetime import timezone
    >>> cap = SpendingCap(name="daily", limit=Coins(100), period=CapPeriod.CALENDAR_DAY,
    ...                   zone=timezone.utc)
    >>> print(Refusal(rule="daily", limit=Coins(100), spent=Coins(90), attempted=Coins(20),
    ...               excess=Coins(10)))
    daily: 90 coins spent + 20 coins attempted exceeds the limit of 100 coins by 10 coins
    """

    rule: str = attrs.field(validator=check_name)
    limit: Amount | int = attrs.field(validator=_check_figure)
    spent: Amount | int = attrs.field(validator=_check_figure)
    attempted: Amount | int = attrs.field(validator=_check_figure)
    excess: Amount | int = attrs.field(validator=_check_figure)

    def __attrs_post_init__(self) -> None:
        # One unit for all four figures: years (ints), coins, or money of one currency.
        unit = _unit(self.limit)
        for name in ("spent", "attempted", "excess"):
            figure = getattr(self, name)
            if _unit(figure) == unit:
                continue
            if type(figure) is Money and type(self.limit) is Money:
                raise CurrencyMismatchError(
                    "compare", self.limit.currency, figure.currency, argument=name
                )
            raise InvalidValueError(
                name,
                figure,
                f"must be in the unit of limit ({self.limit})",
                "give all four figures in one unit: years, coins or one currency",
            )

    def __str__(self) -> str:
        if self.rule == "minimum age":
            return (
                f"minimum age: the viewer is {self.attempted}, "
                f"the minimum is {self.limit} "
                f"({self.excess} year{'' if self.excess == 1 else 's'} short)"
            )
        return (
            f"{self.rule}: {self.spent} spent + {self.attempted} attempted exceeds the limit "
            f"of {self.limit} by {self.excess}"
        )


def _check_refusals(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not tuple or not all(type(refusal) is Refusal for refusal in value):
        raise InvalidTypeError(
            "refusals",
            value,
            "must be a tuple of Refusal",
            "take decisions from SpendingRules.check",
        )


@attrs.frozen(kw_only=True)
class SpendingDecision:
    """The outcome of checking spending rules: allowed, or the refusals with numbers."""

    refusals: tuple[Refusal, ...] = attrs.field(validator=_check_refusals)

    @property
    def allowed(self) -> bool:
        """Whether no rule refused."""
        return not self.refusals

    def raise_if_refused(self) -> None:
        """Raise :class:`~giftflow.SpendingRefusedError` if any rule refused."""
        if self.refusals:
            raise SpendingRefusedError(self.refusals)


def _units(amount: Amount) -> int:
    return amount.minor if type(amount) is Money else amount.amount  # type: ignore[union-attr]


def _same_unit(left: Amount, right: Amount) -> bool:
    if type(left) is not type(right):
        return False
    return type(left) is Coins or left.currency == right.currency  # type: ignore[union-attr]


def _check_optional_age_rule(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not AgeRule:
        raise InvalidTypeError("age", value, "must be an AgeRule or None", "pass AgeRule(years=18)")


def _check_caps(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(cap) is SpendingCap for cap in value):
        raise InvalidTypeError("caps", value, "must be a tuple of SpendingCap", "pass (cap,)")


@attrs.frozen(kw_only=True)
class SpendingRules:
    """Spending protection: a minimum age and any number of caps, checked before spending.

    Caps apply only to amounts in their own unit (a USD cap counts USD spends; a
    coin cap counts coins). The caller passes the history and ``now``.

    >>> from datetime import date, datetime, timezone
    >>> rules = SpendingRules(
    ...     age=AgeRule(years=18, by_country={"KR": 19}),
    ...     caps=(SpendingCap(name="daily", limit=Money.parse("500", "USD"),
    ...                       period=CapPeriod.CALENDAR_DAY, zone=timezone.utc),),
    ... )
    >>> now = datetime(2026, 11, 24, 15, tzinfo=timezone.utc)
    >>> history = [SpendRecord(at=now.replace(hour=9), amount=Money.parse("450", "USD"))]
    >>> decision = rules.check(Money.parse("60", "USD"), now=now, history=history,
    ...                        viewer=Viewer(country="US", birth_date=date(1990, 5, 1)))
    >>> decision.allowed
    False
    >>> print(decision.refusals[0])
    daily: 450.00 USD spent + 60.00 USD attempted exceeds the limit of 500.00 USD by 10.00 USD
    """

    age: AgeRule | None = attrs.field(default=None, validator=_check_optional_age_rule)
    caps: tuple[SpendingCap, ...] = attrs.field(default=(), validator=_check_caps)

    def check(
        self,
        amount: Amount,
        *,
        now: datetime,
        history: Iterable[SpendRecord],
        viewer: Viewer | None = None,
    ) -> SpendingDecision:
        """Check spending ``amount`` at ``now`` given earlier ``history``.

        Args:
            amount: What the viewer is about to spend (Money or Coins).
            now: The time of the spend (timezone-aware).
            history: Earlier spends; ones after ``now`` are ignored.
            viewer: Required when there is an age rule.

        Raises:
            InvalidValueError: An age rule exists but no ``viewer`` was given.
        """
        _check_amount(None, attrs.fields(SpendRecord).amount, amount)
        check_aware("now", now)
        if not isinstance(history, Iterable) or isinstance(history, str | bytes):
            raise InvalidTypeError(
                "history",
                history,
                "must be an iterable of SpendRecord",
                "pass the earlier spends, e.g. [SpendRecord(at, amount)] or [] for none",
            )
        records = list(history)
        for record in records:
            if type(record) is not SpendRecord:
                raise InvalidTypeError(
                    "history", record, "must hold only SpendRecord", "pass SpendRecord(at, amount)"
                )
        refusals: list[Refusal] = []
        if self.age is not None:
            if type(viewer) is not Viewer:
                raise InvalidValueError(
                    "viewer",
                    viewer,
                    "is required by the age rule",
                    "pass Viewer(country, birth_date)",
                )
            minimum, age = self.age.minimum_for(viewer.country), viewer.age_at(now)
            if age < minimum:
                refusals.append(
                    Refusal(
                        rule="minimum age",
                        limit=minimum,
                        spent=0,
                        attempted=age,
                        excess=minimum - age,
                    )
                )
        for cap in self.caps:
            if not _same_unit(cap.limit, amount):
                continue
            start = cap.period.start(now, cap.zone)
            spent = 0
            if start is not None:
                # Compare instants in UTC: two datetimes sharing a ZoneInfo compare by
                # wall clock, which is ambiguous in the hour a DST change repeats.
                low, high = start.astimezone(UTC), now.astimezone(UTC)
                for record in records:
                    if (
                        _same_unit(record.amount, amount)
                        and low <= record.at.astimezone(UTC) <= high
                    ):
                        spent += _units(record.amount)
            total = spent + _units(amount)
            if total > _units(cap.limit):
                refusals.append(
                    Refusal(
                        rule=cap.name,
                        limit=cap.limit,
                        spent=_like(amount, spent),
                        attempted=amount,
                        excess=_like(amount, total - _units(cap.limit)),
                    )
                )
        return SpendingDecision(refusals=tuple(refusals))


def _like(template: Amount, units: int) -> Amount:
    if type(template) is Money:
        return Money.of_minor(units, template.currency)
    return Coins(units)
