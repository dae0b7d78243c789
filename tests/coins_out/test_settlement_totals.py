"""A settlement's per-creator totals kept in columns (issue #15): same values, less memory.

``Settlement.creators`` reads as a mapping of :class:`CreatorTotal` but keeps sorted
names and columns of ints (``giftflow._coins_out._totals``). These tests build
settlements from :class:`CreatorTotal` values directly, sums as large as 2^70 (so
columns fall back from 64-bit arrays to lists), and check merging, equality, hashing,
pickling and the mapping against plain dicts of totals.
"""

from __future__ import annotations

import pickle
import tracemalloc
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    Carry,
    Coins,
    CreatorTotal,
    Diamonds,
    ExactMoney,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
    Rounding,
    Settlement,
    currency,
    presets,
    settle,
)
from giftflow.testing import SETTLE_AT

USD = currency("USD")
MODE = Rounding.DOWN
NAMES = ("a", "ab", "b", "c0", "c1", "z")

# Coins, entitlement and value: small, or past 64 bits now and then.
sums = st.tuples(
    st.one_of(st.integers(0, 10**4), st.integers(2**62, 2**70)),
    st.one_of(
        st.fractions(min_value=-(10**4), max_value=10**4, max_denominator=50),
        st.integers(2**62, 2**70).map(Fraction),
        st.fractions(min_value=0, max_value=10, max_denominator=2**66),
    ),
    st.one_of(st.fractions(max_denominator=400), st.integers(-(2**70), 2**70).map(Fraction)),
)
tables = st.dictionaries(
    st.sampled_from(NAMES) | st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), sums, max_size=8
)

Table = Mapping[str, tuple[int, Fraction, Fraction]]


def total(coins: int, entitlement: Fraction, value: Fraction) -> CreatorTotal:
    rounded = MODE.round(entitlement)
    return CreatorTotal(
        coins=Coins(coins),
        entitlement=entitlement,
        diamonds=Diamonds(rounded.units),
        carry=rounded.remainder,
        value=ExactMoney(value, USD),
    )


def settlement(table: Table) -> Settlement:
    return Settlement(
        rounding=MODE,
        currency=USD,
        creators={name: total(*sums) for name, sums in table.items()},
    )


def added(left: Table, right: Table) -> dict[str, tuple[int, Fraction, Fraction]]:
    both = dict(left)
    for name, (coins, entitlement, value) in right.items():
        was = both.get(name, (0, Fraction(0), Fraction(0)))
        both[name] = (was[0] + coins, was[1] + entitlement, was[2] + value)
    return both


class TestColumns:
    @given(tables, tables)
    def test_merge_adds_each_creators_totals(self, left: Table, right: Table) -> None:
        merged = settlement(left) + settlement(right)
        assert merged == settlement(added(left, right))
        assert dict(merged.creators) == {n: total(*s) for n, s in added(left, right).items()}

    @given(tables)
    def test_reads_as_the_dict_of_totals_it_was_built_from(self, table: Table) -> None:
        creators = {name: total(*sums) for name, sums in sorted(table.items())}
        result = settlement(table)
        assert creators == result.creators
        assert result.creators == creators
        assert list(creators.items()) == list(result.creators.items())
        assert list(creators.values()) == list(result.creators.values())
        assert list(creators) == list(result.creators)
        assert len(creators) == len(result.creators)
        for name, value in creators.items():
            assert result.creators[name] == value
            assert name in result.creators
            assert (name, value) in result.creators.items()
        assert repr(creators) in repr(result)

    @given(tables)
    def test_totals_of_all_creators(self, table: Table) -> None:
        result = settlement(table)
        totals = [total(*sums) for sums in table.values()]
        assert Diamonds(sum(t.diamonds.amount for t in totals)) == result.diamonds
        assert ExactMoney(sum((t.value.minor for t in totals), Fraction(0)), USD) == result.value
        carries = {name: t.carry for name, t in zip(table, totals, strict=True) if t.carry}
        assert Carry(carries) == result.carry

    @given(tables)
    def test_pickles_and_hashes_like_itself(self, table: Table) -> None:
        result = settlement(table)
        again = pickle.loads(pickle.dumps(result))
        assert result == again
        assert hash(result) == hash(again) == hash(settlement(dict(table)))
        assert dict(result.creators) == dict(again.creators)

    def test_sums_past_64_bits_stay_exact(self) -> None:
        most = 2**63 - 1  # the largest int64: adding it to itself overflows
        big = settlement(
            {"ana": (most, Fraction(most), Fraction(1, 3)), "bo": (1, Fraction(1), Fraction(0))}
        )
        twice = big + big
        assert Coins(2 * most) == twice.creators["ana"].coins
        assert Fraction(2 * most) == twice.creators["ana"].entitlement
        assert Fraction(2, 3) == twice.creators["ana"].value.minor
        assert Coins(2) == twice.creators["bo"].coins
        assert twice == pickle.loads(pickle.dumps(twice))
        assert twice == settlement(
            {
                "ana": (2 * most, Fraction(2 * most), Fraction(2, 3)),
                "bo": (2, Fraction(2), Fraction(0)),
            }
        )

    def test_names_not_there_are_missing_keys(self) -> None:
        creators = settlement({"ana": (1, Fraction(1), Fraction(1, 2))}).creators
        for missing in ("bo", "", "an", "anaa", 5, None, b"ana"):
            assert missing not in creators
            assert creators.get(missing) is None  # type: ignore[arg-type]
            with pytest.raises(KeyError):
                creators[missing]  # type: ignore[index]

    def test_evolve_to_another_mode_checks_the_diamonds_again(self) -> None:
        half = settlement({"ana": (1, Fraction(1, 2), Fraction(1, 4))})
        with pytest.raises(InvalidValueError, match="not rounded CEILING"):
            attrs.evolve(half, rounding=Rounding.CEILING)
        whole = settlement({"ana": (1, Fraction(1), Fraction(1, 2))})
        ceiling = attrs.evolve(whole, rounding=Rounding.CEILING)
        assert Rounding.CEILING is ceiling.rounding
        assert whole.creators == ceiling.creators
        assert whole != ceiling

    def test_many_creators_keep_a_few_dozen_bytes_each(self) -> None:
        # The names are the events' strings, allocated before: the columns only.
        events = [(f"c{index:05d}", "Rose", 1 + index % 10) for index in range(20_000)]
        economy = presets.tiktok()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            result = settle(economy, events, at=SETTLE_AT, country="US")
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert 20_000 == len(result.creators)
        assert kept < 100 * 20_000  # one CreatorTotal each was about 420 bytes


def _tampered(result: Settlement, change: Callable[[list[Any]], None]) -> Callable[[], object]:
    rebuild, arguments = result.__reduce__()
    changed = list(arguments)
    change(changed)
    return lambda: rebuild(*changed)


def _set(index: int, value: object) -> Callable[[list[Any]], None]:
    def change(arguments: list[Any]) -> None:
        arguments[index] = value

    return change


def _column(index: int, value: object) -> Callable[[list[Any]], None]:
    def change(arguments: list[Any]) -> None:
        columns = list(arguments[5])
        columns[index] = value
        arguments[5] = tuple(columns)

    return change


class TestPickledData:
    """What a pickle carries is checked when loaded: a tampered one is refused."""

    GOOD = settlement(
        {"ana": (3, Fraction(3), Fraction(3, 2)), "bo": (1, Fraction(1, 2), Fraction(1))}
    )

    @pytest.mark.parametrize(
        "change",
        [
            _set(4, "bo\nana"),  # not sorted
            _set(4, "ana\nana"),  # twice
            _set(4, "ana\nbo "),  # not a name
            _set(4, "ana\n\nbo"),
            _set(4, "ana\nbo\n"),
            _set(4, ["ana", "bo"]),  # not one string
            _set(4, b"ana\nbo"),
            _set(4, "ana"),  # shorter than the columns
            _set(4, ""),
            _set(5, ()),
            _set(5, [[3, 1]] * 5),
            _column(0, [3, -1]),  # negative coins
            _column(0, [3, True]),  # a bool is not an int
            _column(0, [3, 1.0]),
            _column(0, [3]),
            _column(1, [3, 2]),  # 2/2 is not in lowest terms
            _column(2, [1, 0]),  # a zero denominator
            _column(4, [2, -1]),  # a negative denominator
            _column(0, (3, 1)),  # a tuple is not a column
        ],
    )
    def test_refuses(self, change: Callable[[list[Any]], None]) -> None:
        with pytest.raises(GiftflowError):
            _tampered(self.GOOD, change)()

    def test_takes_what_it_gave(self) -> None:
        assert self.GOOD == _tampered(self.GOOD, lambda arguments: None)()

    def test_columns_as_lists_of_ints_load_the_same(self) -> None:
        def as_lists(arguments: list[Any]) -> None:
            arguments[5] = tuple(list(column) for column in arguments[5])

        assert self.GOOD == _tampered(self.GOOD, as_lists)()


class TestTotal:
    @given(st.lists(tables, max_size=11))
    def test_equals_merging_one_part_at_a_time(self, parts: list[Table]) -> None:
        settled = [settlement(part) for part in parts]
        expected = Settlement.empty()
        for part in settled:
            expected = expected.merge(part)
        assert expected == Settlement.total(settled)
        assert expected == Settlement.total(iter(settled))

    @pytest.mark.parametrize("bad", [0, 1, 4, 6])
    def test_names_a_part_that_is_not_a_settlement(self, bad: int) -> None:
        parts: list[Any] = [settlement({"ana": (1, Fraction(1), Fraction(1, 2))})] * 7
        parts[bad] = 5
        with pytest.raises(InvalidTypeError) as caught:
            Settlement.total(parts)
        assert f"parts[{bad}]" == caught.value.argument


class TestReadOnly:
    def test_creators_cannot_be_changed(self) -> None:
        creators: Any = settlement({"ana": (1, Fraction(1), Fraction(1, 2))}).creators
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            creators._names = []
        with pytest.raises(TypeError):
            creators["bo"] = creators["ana"]
        assert ["ana"] == list(reversed(creators))
        copy = creators.copy()
        copy.clear()
        assert 1 == len(creators)
