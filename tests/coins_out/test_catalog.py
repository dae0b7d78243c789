"""Gift catalogs: gifts, versions in force by date and region, lookups and refusals."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Catalog,
    CatalogVersion,
    Coins,
    Diamonds,
    Gift,
    GiftflowError,
    InvalidArgumentError,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    OverlapError,
    Rate,
    StreakKind,
    UnknownGiftError,
    Window,
    presets,
)
from giftflow.testing import catalogs, gifts

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
JUNK = st.sampled_from(
    [None, 0, 1, -1, 1.5, True, "", "Rose", "US", [], ["us"], ["US", 1], Coins(0), Rate.ONE]
)
CHANGE = datetime(2025, 11, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def gift(gift_id: str = "rose", name: str = "Rose", price: int = 1, **kwargs: object) -> Gift:
    return Gift(id=gift_id, name=name, price=Coins(price), **kwargs)  # type: ignore[arg-type]


def version(label: str, *items: Gift, **kwargs: object) -> CatalogVersion:
    return CatalogVersion(version=label, gifts=items or (gift(),), **kwargs)  # type: ignore[arg-type]


class TestStreakKind:
    def test_has_single_and_streakable(self) -> None:
        assert ["single", "streakable"] == [kind.value for kind in StreakKind]


class TestGift:
    def test_defaults_to_a_single_basic_gift_sendable_anywhere_at_any_time(self) -> None:
        rose = gift()
        assert (StreakKind.SINGLE, "basic", (), Window(), None, Rate.ONE) == (
            rose.streak,
            rose.category,
            rose.regions,
            rose.window,
            rose.sponsor,
            rose.multiplier,
        )
        assert rose.available(country="KR", at=AT)

    def test_is_sendable_only_in_its_regions(self) -> None:
        local = gift(regions=["us", "GB"])
        assert ("GB", "US") == local.regions
        assert [True, True, False] == [
            local.available(country=country, at=AT) for country in ("US", "gb", "FR")
        ]

    def test_is_sendable_only_within_its_window(self) -> None:
        festival = gift(window=Window(start=utc(2026, 11, 1), end=utc(2026, 12, 1)))
        assert [False, True, False] == [
            festival.available(country="US", at=at)
            for at in (utc(2026, 10, 31, 23, 59), utc(2026, 11, 1), utc(2026, 12, 1))
        ]

    def test_refuses_a_country_that_is_not_text(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            gift().available(country=840, at=AT)  # type: ignore[arg-type]
        assert "country" == caught.value.argument

    def test_regions_in_any_order_are_the_same(self) -> None:
        assert gift(regions=["US", "GB"]) == gift(regions=("GB", "US"))

    @pytest.mark.parametrize("price", [0, -1])
    def test_rejects_a_price_that_is_not_positive(self, price: int) -> None:
        with pytest.raises(InvalidValueError, match="must be positive") as caught:
            gift(price=price)
        assert "price" == caught.value.argument

    @pytest.mark.parametrize("price", [5, 5.0, Diamonds(5)])
    def test_rejects_a_price_that_is_not_coins(self, price: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            Gift(id="rose", name="Rose", price=price)  # type: ignore[arg-type]
        assert "price" == caught.value.argument

    @pytest.mark.parametrize("multiplier", [Rate.ZERO, 1.5])
    def test_rejects_a_multiplier_that_is_not_a_positive_rate(self, multiplier: object) -> None:
        with pytest.raises(InvalidArgumentError) as caught:
            gift(multiplier=multiplier)
        assert "multiplier" == caught.value.argument

    @pytest.mark.parametrize("regions", [["USA"], ["US", 1], "US"])
    def test_rejects_regions_that_are_not_country_codes(self, regions: object) -> None:
        with pytest.raises(InvalidArgumentError) as caught:
            gift(regions=regions)
        assert "regions" == caught.value.argument

    @pytest.mark.parametrize(("field", "value"), [("id", ""), ("name", "<b>"), ("sponsor", "")])
    def test_rejects_bad_labels(self, field: str, value: str) -> None:
        fields: dict[str, object] = {"id": "rose", "name": "Rose", "price": Coins(1), field: value}
        with pytest.raises(InvalidValueError) as caught:
            Gift(**fields)  # type: ignore[arg-type]
        assert field == caught.value.argument

    @given(
        st.fixed_dictionaries(
            {},
            optional=dict.fromkeys(
                ("id", "name", "price", "window", "regions", "sponsor", "multiplier"), JUNK
            ),
        )
    )
    def test_any_input_is_a_gift_or_a_giftflow_error(self, fields: dict[str, object]) -> None:
        with contextlib.suppress(GiftflowError):
            Gift(**{"id": "rose", "name": "Rose", "price": Coins(1), **fields})  # type: ignore[arg-type]

    @given(gifts(), st.sampled_from(["US", "GB", "KR"]), st.datetimes(timezones=st.just(UTC)))
    def test_is_available_exactly_where_and_when_it_says(
        self, generated: Gift, country: str, at: datetime
    ) -> None:
        expected = (not generated.regions or country in generated.regions) and (
            generated.window.contains(at)
        )
        assert expected == generated.available(country=country, at=at)


class TestCatalogVersion:
    def test_finds_a_gift_by_id_or_by_name_in_any_case(self) -> None:
        rose, lion = gift("5655", "Rose"), gift("lion", "Lion", 29_999)
        catalog = version("v1", rose, lion)
        assert [rose, rose, lion, lion] == [
            catalog.gift(key) for key in ("5655", "rOSE", "lion", "LION")
        ]

    def test_an_id_wins_over_a_name(self) -> None:
        odd = gift("Lion", "Rose")
        lion = gift("lion", "Lion", 29_999)
        assert odd is version("v1", odd, lion).gift("Lion")

    def test_refuses_an_unknown_gift(self) -> None:
        with pytest.raises(UnknownGiftError, match="catalog version v1") as caught:
            version("v1").gift("Unicorn")
        assert ("gift", "Unicorn") == (caught.value.argument, caught.value.value)

    def test_refuses_two_gifts_with_one_id(self) -> None:
        with pytest.raises(OverlapError, match="repeats the id 'rose'") as caught:
            version("v1", gift("rose", "Rose"), gift("rose", "Red Rose"))
        assert "gifts" == caught.value.argument

    def test_refuses_two_gifts_with_one_name_in_any_case(self) -> None:
        with pytest.raises(OverlapError, match="repeats the name 'rose'") as caught:
            version("v1", gift("a", "Rose"), gift("b", "ROSE"))
        assert "gifts" == caught.value.argument

    def test_refuses_anything_but_gifts(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            CatalogVersion(version="v1", gifts=("Rose",))  # type: ignore[arg-type]
        assert "gifts" == caught.value.argument


class TestCatalog:
    def test_the_tiktok_universe_costs_34999_before_november_2025(self) -> None:
        catalog = presets.tiktok_catalog()
        just_before = CHANGE - timedelta(microseconds=1)
        assert Coins(34_999) == catalog.gift("TikTok Universe", country="US", at=just_before).price

    def test_the_tiktok_universe_costs_44999_from_november_2025(self) -> None:
        catalog = presets.tiktok_catalog()
        assert Coins(44_999) == catalog.gift("universe", country="US", at=CHANGE).price
        assert Coins(44_999) == catalog.gift("universe", country="US", at=AT).price

    def test_versions_change_at_an_instant_whatever_the_time_zone(self) -> None:
        # 00:30 on 1 November in Paris (UTC+1) is still 31 October in UTC.
        paris = datetime(2025, 11, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
        catalog = presets.tiktok_catalog()
        assert "before-2025-11" == catalog.version_at(country="FR", at=paris).version

    def test_a_regional_version_wins_over_the_one_for_everywhere(self) -> None:
        catalog = Catalog(
            versions=(
                version("global", gift(price=1)),
                version("korea", gift(price=2), regions=["KR"]),
            )
        )
        assert [Coins(2), Coins(1)] == [
            catalog.gift("Rose", country=country, at=AT).price for country in ("kr", "US")
        ]

    def test_lists_the_gifts_sendable_then_and_there_cheapest_first(self) -> None:
        catalog = Catalog(
            versions=(
                version(
                    "v1",
                    gift("lion", "Lion", 29_999),
                    gift("rose", "Rose", 1),
                    gift("kimchi", "Kimchi", 5, regions=["KR"]),
                    gift("tiktok", "TikTok", 1),
                ),
            )
        )
        assert ["rose", "tiktok", "lion"] == [g.id for g in catalog.gifts_at(country="US", at=AT)]

    def test_refuses_a_gift_outside_its_regions(self) -> None:
        catalog = Catalog(versions=(version("v1", gift(regions=["KR"])),))
        with pytest.raises(UnknownGiftError, match="not available in US") as caught:
            catalog.gift("Rose", country="US", at=AT)
        assert "gift" == caught.value.argument

    def test_refuses_a_time_no_version_covers(self) -> None:
        catalog = Catalog(versions=(version("v1", window=Window(start=utc(2030, 1, 1))),))
        with pytest.raises(UnknownGiftError, match="no catalog version") as caught:
            catalog.gift("Rose", country="US", at=AT)
        assert "at" == caught.value.argument

    def test_refuses_a_country_that_is_not_text(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            presets.tiktok_catalog().gift("Rose", country=None, at=AT)  # type: ignore[arg-type]
        assert "country" == caught.value.argument

    def test_refuses_a_naive_datetime(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            presets.tiktok_catalog().gift("Rose", country="US", at=datetime(2026, 11, 24))
        assert "at" == caught.value.argument

    def test_refuses_overlapping_versions_for_everywhere(self) -> None:
        with pytest.raises(OverlapError, match="overlap in time") as caught:
            Catalog(
                versions=(
                    version("2024", window=Window(end=utc(2025, 1, 2))),
                    version("2025", window=Window(start=utc(2025, 1, 1))),
                )
            )
        assert ("versions", ("2024", "2025")) == (caught.value.argument, caught.value.value)

    def test_refuses_overlapping_versions_for_a_shared_region(self) -> None:
        with pytest.raises(OverlapError) as caught:
            Catalog(versions=(version("a", regions=["KR", "JP"]), version("b", regions=["JP"])))
        assert "versions" == caught.value.argument

    def test_accepts_versions_that_meet_without_overlapping(self) -> None:
        catalog = Catalog(
            versions=(
                version("2024", window=Window(end=utc(2025, 1, 1))),
                version("2025", window=Window(start=utc(2025, 1, 1))),
                version("korea", regions=["KR"]),
                version("japan", regions=["JP"]),
            )
        )
        assert "2025" == catalog.version_at(country="US", at=utc(2025, 1, 1)).version

    def test_refuses_a_version_label_twice(self) -> None:
        with pytest.raises(OverlapError, match="repeats a version label") as caught:
            Catalog(versions=(version("v1", regions=["KR"]), version("v1", regions=["JP"])))
        assert "versions" == caught.value.argument

    @pytest.mark.parametrize("versions", [(), ("v1",), None])
    def test_refuses_anything_but_catalog_versions(self, versions: object) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            Catalog(versions=versions)  # type: ignore[arg-type]
        assert "versions" == caught.value.argument

    @given(catalogs(), st.data())
    def test_prices_by_the_version_in_force_there_and_then(
        self, catalog: Catalog, data: st.DataObject
    ) -> None:
        regions = sorted({c for v in catalog.versions for c in v.regions})
        country = data.draw(st.sampled_from([*regions, "ZZ"]))
        at = data.draw(st.datetimes(timezones=st.just(UTC)))
        in_force = [v for v in catalog.versions if v.window.contains(at)]
        regional = [v for v in in_force if country in v.regions]
        everywhere = [v for v in in_force if not v.regions]
        assert len(regional) <= 1
        assert len(everywhere) <= 1
        expected = regional or everywhere
        if not expected:
            with pytest.raises(UnknownGiftError):
                catalog.version_at(country=country, at=at)
        else:
            assert expected[0] is catalog.version_at(country=country, at=at)
