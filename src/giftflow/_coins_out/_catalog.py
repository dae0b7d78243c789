"""Gift catalogs: versioned, region-scoped, effective-dated lists of gifts priced in coins."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from giftflow._values._checks import as_tuple, check_aware, check_instance, check_name
from giftflow._values._errors import (
    Choice,
    InvalidTypeError,
    InvalidValueError,
    OverlapError,
    UnknownGiftError,
)
from giftflow._values._rate import Rate
from giftflow._values._time import Window
from giftflow._values._units import Coins

__all__ = ["Catalog", "CatalogVersion", "Gift", "StreakKind"]

_COUNTRY = re.compile(r"[A-Z]{2}")


class StreakKind(Choice):
    """Whether a gift can be sent as a streak (combo) of repeated sends.

    >>> StreakKind.STREAKABLE.value
    'streakable'
    """

    SINGLE = "single"
    """Each send is one event (large gifts)."""
    STREAKABLE = "streakable"
    """Repeated sends form a streak reported with running counts until it ends (TikTok's
    ``gift_type = 1``; events repeat until ``repeat_end``)."""


def _check_price(instance: Any, attribute: attrs.Attribute[Coins], value: Any) -> None:
    if type(value) is not Coins:
        raise InvalidTypeError("price", value, "must be Coins", "pass Coins(1)")
    if value.amount <= 0:
        raise InvalidValueError("price", value, "must be positive", "gifts cost at least 1 coin")


def _check_multiplier(instance: Any, attribute: attrs.Attribute[Rate], value: Any) -> None:
    if type(value) is not Rate:
        raise InvalidTypeError("multiplier", value, "must be a Rate", "pass Rate.parse('1.5')")
    if value.value <= 0:
        raise InvalidValueError("multiplier", value, "must be positive", "pass Rate.ONE")


def _regions(value: Iterable[str]) -> Any:
    if isinstance(value, list | set | frozenset | tuple):
        items = tuple(v.upper() if isinstance(v, str) else v for v in value)
        # Only codes sort; anything else goes, unsorted, to the validator to be refused.
        return tuple(sorted(items)) if all(isinstance(v, str) for v in items) else items
    return value


def _country_code(country: Any) -> str:
    if not isinstance(country, str):
        raise InvalidTypeError("country", country, "must be a str", "pass e.g. 'US'")
    return country.upper()


def _check_regions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError("regions", value, "must be a tuple of country codes", "('US',)")
    for region in value:
        if not isinstance(region, str) or not _COUNTRY.fullmatch(region):
            raise InvalidValueError(
                "regions",
                value,
                f"holds {region!r}, not an ISO 3166-1 alpha-2 code",
                "pass e.g. ('US', 'GB')",
            )


def _check_optional_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_name(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Gift:
    """A gift viewers send during a live stream, priced in coins.

    Attributes:
        id: Stable identifier (TikTok's gift id, say).
        name: Display name; also a lookup key, so unique within a catalog version.
        price: Coins per gift.
        category: Free-form grouping ("basic", "luxury", "event").
        window: When the gift can be sent (always, by default).
        regions: Countries where it can be sent; empty means everywhere.
        sponsor: The sponsor who funds this gift, if any.
        streak: Whether sends of it come as streaks.
        multiplier: Weight for rankings and leaderboards (1.5 for a festival gift);
            it never changes money or diamonds.

    >>> from datetime import datetime, timezone
    >>> rose = Gift(id="5655", name="Rose", price=Coins(1), streak=StreakKind.STREAKABLE)
    >>> rose.available(country="US", at=datetime(2026, 11, 24, tzinfo=timezone.utc))
    True
    """

    id: str = attrs.field(validator=check_name)
    name: str = attrs.field(validator=check_name)
    price: Coins = attrs.field(validator=_check_price)
    category: str = attrs.field(default="basic", validator=check_name)
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))
    regions: tuple[str, ...] = attrs.field(default=(), converter=_regions, validator=_check_regions)
    sponsor: str | None = attrs.field(default=None, validator=_check_optional_name)
    streak: StreakKind = attrs.field(
        default=StreakKind.SINGLE, validator=check_instance(StreakKind, "StreakKind.SINGLE")
    )
    multiplier: Rate = attrs.field(default=Rate.ONE, validator=_check_multiplier)

    def available(self, *, country: str, at: datetime) -> bool:
        """Whether the gift can be sent in ``country`` at ``at``."""
        code = _country_code(country)
        return (not self.regions or code in self.regions) and self.window.contains(at)


def _check_gifts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(g) is Gift for g in value):
        raise InvalidTypeError("gifts", value, "must be a tuple of Gift", "pass (Gift(...),)")
    for label in ("id", "name"):
        seen: set[str] = set()
        for gift in value:
            key = gift.id if label == "id" else gift.name.casefold()
            if key in seen:
                raise OverlapError(
                    "gifts", gift, f"repeats the {label} {key!r}", f"give each gift its own {label}"
                )
            seen.add(key)


def _gifts(value: Iterable[Gift]) -> tuple[Gift, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class CatalogVersion:
    """One version of a catalog: the gifts in force during ``window`` in ``regions``.

    ``regions`` empty means every region not covered by a more specific version.
    """

    version: str = attrs.field(validator=check_name)
    gifts: tuple[Gift, ...] = attrs.field(converter=_gifts, validator=_check_gifts)
    window: Window = attrs.field(factory=Window, validator=check_instance(Window, "Window()"))
    regions: tuple[str, ...] = attrs.field(default=(), converter=_regions, validator=_check_regions)

    def gift(self, key: str) -> Gift:
        """Look a gift up by id, or by name (case-insensitive).

        Raises:
            UnknownGiftError: No gift has that id or name.
        """
        _check_key(key)
        for gift in self.gifts:
            if gift.id == key:
                return gift
        folded = key.casefold() if isinstance(key, str) else key
        for gift in self.gifts:
            if gift.name.casefold() == folded:
                return gift
        raise UnknownGiftError(
            "gift",
            key,
            f"is neither the id nor the name of a gift in catalog version {self.version}",
            "check the spelling, or the date and region the catalog version covers",
        )


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise InvalidTypeError(
            "key", key, "must be a gift id or name (str)", "pass e.g. 'Rose' or its id"
        )


def _check_versions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(type(v) is CatalogVersion for v in value)
    ):
        raise InvalidTypeError(
            "versions", value, "must be a non-empty tuple of CatalogVersion", "pass (version,)"
        )
    labels = [v.version for v in value]
    if len(set(labels)) != len(labels):
        raise OverlapError("versions", labels, "repeats a version label", "label each version once")
    for index, first in enumerate(value):
        for second in value[index + 1 :]:
            shared = _regions_overlap(first.regions, second.regions)
            if shared and first.window.overlaps(second.window):
                raise OverlapError(
                    "versions",
                    (first.version, second.version),
                    f"overlap in time ({first.window} and {second.window}) for the same regions",
                    "end one version where the next begins, or scope them to other regions",
                )


def _regions_overlap(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    # An empty tuple is the fallback for "everywhere else", not a claim on every region,
    # so it only clashes with another fallback.
    if not left or not right:
        return not left and not right
    return bool(set(left) & set(right))


def _versions(value: Iterable[CatalogVersion]) -> tuple[CatalogVersion, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class Catalog:
    """A gift catalog across versions: which gifts cost what, where and when.

    A gift sent at a time in a region is priced by the version in force then and
    there: a version listing the region wins over a version for every region.

    >>> from datetime import datetime, timezone
    >>> def utc(*args): return datetime(*args, tzinfo=timezone.utc)
    >>> catalog = Catalog(versions=(
    ...     CatalogVersion(version="2023", window=Window(end=utc(2025, 1, 1)),
    ...                    gifts=(Gift(id="universe", name="TikTok Universe", price=Coins(34_999)),)),
    ...     CatalogVersion(version="2025", window=Window(start=utc(2025, 1, 1)),
    ...                    gifts=(Gift(id="universe", name="TikTok Universe", price=Coins(44_999)),)),
    ... ))
    >>> catalog.gift("universe", country="US", at=utc(2024, 6, 1)).price
    Coins(34999)
    >>> catalog.gift("TikTok Universe", country="US", at=utc(2026, 11, 24)).price
    Coins(44999)
    """

    versions: tuple[CatalogVersion, ...] = attrs.field(
        converter=_versions, validator=_check_versions
    )

    def version_at(self, *, country: str, at: datetime) -> CatalogVersion:
        """The version in force in ``country`` at ``at``.

        Raises:
            UnknownGiftError: No version covers that time and place.
        """
        check_aware("at", at)
        code = _country_code(country)
        fallback = None
        for version in self.versions:
            if not version.window.contains(at):
                continue
            if code in version.regions:
                return version
            if not version.regions:
                fallback = version
        if fallback is None:
            raise UnknownGiftError(
                "at", at, f"is covered by no catalog version for {code}", "check the dates"
            )
        return fallback

    def gift(self, key: str, *, country: str, at: datetime) -> Gift:
        """The gift with this id or name in the version in force, if sendable then and there.

        Raises:
            UnknownGiftError: No such gift, or it is not available in that region or time.
        """
        _check_key(key)
        gift = self.version_at(country=country, at=at).gift(key)
        if not gift.available(country=country, at=at):
            raise UnknownGiftError(
                "gift",
                key,
                f"is not available in {_country_code(country)} at {at.isoformat()}",
                "check the gift's regions and window",
            )
        return gift

    def gifts_at(self, *, country: str, at: datetime) -> tuple[Gift, ...]:
        """Every gift sendable in ``country`` at ``at``, cheapest first."""
        version = self.version_at(country=country, at=at)
        sendable: Iterable[Gift] = (g for g in version.gifts if g.available(country=country, at=at))
        return tuple(sorted(sendable, key=lambda g: (g.price.amount, g.id)))
