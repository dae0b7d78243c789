"""Columnar settlement (issue #15): settle_columns equals settle on the same records."""

from __future__ import annotations

import itertools
import pickle
import sys
from collections.abc import Iterator
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from giftflow import (
    Agency,
    Economy,
    ExactMoney,
    ExtraMissingError,
    GiftflowError,
    GiftRecord,
    InvalidTypeError,
    InvalidValueError,
    Rate,
    Rounding,
    Settlement,
    SettlementError,
    UnknownGiftError,
    presets,
    settle,
    settle_columns,
)
from giftflow.testing import SETTLE_AT, agencies, economies, gift_events
from tests.gift_scenarios import with_a_free_gift

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

AT = SETTLE_AT
INT64_MAX = 2**63 - 1
ORDER_FREE = (Rounding.FLOOR, Rounding.CEILING, Rounding.DOWN, Rounding.HALF_DOWN, Rounding.HALF_UP)
CREATORS = ("ana", "bo", "cy", "dee")


@attrs.frozen
class Case:
    """Records, and the columns that hold them, cut into batches of several encodings."""

    economy: Economy
    at: datetime
    country: str
    records: list[GiftRecord]
    batches: list[Any]
    agencies: dict[str, Agency]


def outcome(run: Any) -> Settlement | type[GiftflowError]:
    """The settlement, or the kind of error refusing it (both paths must agree)."""
    try:
        result: Settlement = run()
    except GiftflowError as error:
        return type(error)
    return result


def column_of(values: list[str], universe: list[str], dictionary: bool) -> Any:
    if not dictionary:
        return pa.array(values, pa.string())
    # One dictionary for every batch, with entries some batches do not use.
    indices = pa.array([universe.index(value) for value in values], pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(universe, pa.string()))


@st.composite
def batches_of(
    draw: st.DrawFn, records: list[GiftRecord], scales: list[int], units: list[int | None]
) -> list[Any]:
    """The records as record batches: random cuts, string or dictionary ids, int types."""
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=4)))
    bounds = [0, *cuts, len(records)]
    creators = sorted({record.creator for record in records} | set(CREATORS))
    gifts = sorted({record.gift for record in records})
    out = []
    for start, end in itertools.pairwise(bounds):
        part = records[start:end]
        largest = max((record.count for record in part), default=1)
        kinds = [pa.int64(), pa.uint64()] + ([pa.int16(), pa.uint32()] if largest < 2**15 else [])
        columns = {
            "creator": column_of([r.creator for r in part], creators, draw(st.booleans())),
            "gift": column_of([r.gift for r in part], gifts, draw(st.booleans())),
            "count": pa.array([r.count for r in part], draw(st.sampled_from(kinds))),
        }
        if any(r.battle for r in part) or draw(st.booleans()):
            columns["battle"] = pa.array([r.battle for r in part], pa.bool_())
        nets = units[start:end]
        if any(net is not None for net in nets) or draw(st.booleans()):
            scale = scales[start] if start < len(scales) else 0
            fits = all(n is None or abs(n) <= INT64_MAX for n in nets)
            if scale == 0 and fits and draw(st.booleans()):
                columns["net"] = pa.array(nets, pa.int64())
            else:
                kind = draw(st.sampled_from([pa.decimal128(38, scale), pa.decimal256(40, scale)]))
                columns["net"] = _decimals(nets, scale, kind)
        out.append(pa.record_batch(list(columns.values()), names=list(columns)))
    return out


def _decimals(units: list[int | None], scale: int, kind: Any) -> Any:
    from decimal import Decimal

    return pa.array([None if u is None else Decimal(f"{u}E-{scale}") for u in units], kind)


@st.composite
def cases(draw: st.DrawFn, *, max_count: int = 12, big: bool = False) -> Case:
    economy = attrs.evolve(draw(economies()), diamond_rounding=draw(st.sampled_from(ORDER_FREE)))
    first = draw(gift_events(economy=economy))
    at, country = first.at, first.country
    economy = with_a_free_gift(economy, first)
    sendable = [g for g in economy.catalog.gifts_at(country=country, at=at) if g.sponsor is None]
    assume(bool(sendable))
    policy = economy.conversion.at(at)
    unit = policy.value_currency
    with_agency = draw(st.lists(st.sampled_from(CREATORS), unique=True, max_size=2))
    agency_of = {creator: draw(agencies()) for creator in with_agency}
    needs_net = policy.coin_ratio() is None
    size = draw(st.integers(0, 40))
    # One decimal scale per batch start would tie scales to cuts; one scale for all is simpler
    # and the int/decimal choice still varies per batch.
    scale = draw(st.integers(0, 4))
    records, units = [], []
    counts = st.integers(1, INT64_MAX) if big else st.integers(1, max_count)
    nets = st.integers(-(10**3), 10**30 if big else 10**7)
    for _ in range(size):
        creator = draw(st.sampled_from(CREATORS))
        gift = draw(st.sampled_from(sendable))
        funded = needs_net or creator in agency_of or draw(st.booleans())
        net = draw(nets) if funded else None
        units.append(net)
        records.append(
            GiftRecord(
                creator,
                draw(st.sampled_from([gift.id, gift.name])),
                draw(counts),
                battle=draw(st.booleans()),
                net=None if net is None else ExactMoney(Fraction(net, 10**scale), unit),
            )
        )
    batches = draw(batches_of(records, [scale] * (size + 1), units))
    return Case(economy, at, country, records, batches, agency_of)


def both(case: Case) -> tuple[Any, Any]:
    def by_records() -> Settlement:
        return settle(
            case.economy, case.records, at=case.at, country=case.country, agencies=case.agencies
        )

    def by_columns() -> Settlement:
        return settle_columns(
            case.economy, case.batches, at=case.at, country=case.country, agencies=case.agencies
        )

    return outcome(by_records), outcome(by_columns)


class TestSameAsSettle:
    @given(cases())
    def test_random_economies_records_and_batches(self, case: Case) -> None:
        expected, got = both(case)
        assert got == expected

    @given(cases(big=True))
    def test_counts_and_nets_up_to_the_int64_bounds(self, case: Case) -> None:
        expected, got = both(case)
        assert got == expected

    @given(st.lists(st.integers(1, INT64_MAX), min_size=1, max_size=30), st.data())
    def test_sums_past_int64_move_to_python_ints(self, counts: list[int], data: Any) -> None:
        economy = presets.tiktok()
        gifts = ["Rose", "Lion", "TikTok Universe"]
        records = [
            (data.draw(st.sampled_from(CREATORS)), data.draw(st.sampled_from(gifts)), count)
            for count in counts
        ]
        columns = {
            "creator": [r[0] for r in records],
            "gift": [r[1] for r in records],
            "count": np.array(counts, dtype=np.int64),
        }
        expected = settle(economy, records, at=AT, country="US")
        assert settle_columns(economy, columns, at=AT, country="US") == expected

    def test_a_row_at_the_int64_edge(self) -> None:
        economy = presets.tiktok()
        price = 44_999  # TikTok Universe
        counts = [INT64_MAX // price, INT64_MAX // price + 1, INT64_MAX, 1]
        records = [("ana", "TikTok Universe", count) for count in counts]
        columns = {"creator": ["ana"] * 4, "gift": ["TikTok Universe"] * 4, "count": counts}
        result = settle_columns(economy, columns, at=AT, country="US")
        assert result == settle(economy, records, at=AT, country="US")
        assert result.creators["ana"].coins.amount == price * sum(counts)

    def test_empty_columns_settle_nothing(self) -> None:
        empty = {
            "creator": pa.array([], pa.string()),
            "gift": pa.array([], pa.string()),
            "count": pa.array([], pa.int64()),
        }
        result = settle_columns(presets.tiktok(), empty, at=AT, country="US")
        assert result == settle(presets.tiktok(), [], at=AT, country="US")
        assert settle_columns(presets.tiktok(), [], at=AT, country="US").events == 0


def records_and_table(size: int) -> tuple[list[tuple[str, str, int]], Any]:
    gifts = ("Rose", "Swan", "Doughnut", "Finger Heart", "Lion")
    records = [(f"c{i % 13}", gifts[i * 7 % 5], 1 + i % 9) for i in range(size)]
    table = pa.table(
        {
            "creator": [r[0] for r in records],
            "gift": [r[1] for r in records],
            "count": [r[2] for r in records],
        }
    )
    return records, table


class TestSources:
    def test_a_table_a_reader_and_an_iterable_of_batches_agree(self) -> None:
        records, table = records_and_table(3_000)
        expected = settle(presets.tiktok(), records, at=AT, country="US")
        reader = pa.RecordBatchReader.from_batches(
            table.schema, table.to_batches(max_chunksize=700)
        )
        for source in (table, reader, table.to_batches(max_chunksize=999), table.to_batches()[0]):
            assert settle_columns(presets.tiktok(), source, at=AT, country="US") == expected

    def test_a_stream_is_read_batch_by_batch(self) -> None:
        records, table = records_and_table(2_000)
        read: list[int] = []

        def stream() -> Iterator[Any]:
            for batch in table.to_batches(max_chunksize=500):
                read.append(batch.num_rows)
                yield batch

        reader = pa.RecordBatchReader.from_batches(table.schema, stream())
        result = settle_columns(presets.tiktok(), reader, at=AT, country="US")
        assert result == settle(presets.tiktok(), records, at=AT, country="US")
        assert read == [500, 500, 500, 500]

    def test_a_polars_frame_passes_through_the_arrow_stream_interface(self) -> None:
        pl = pytest.importorskip("polars")
        records, table = records_and_table(1_000)
        frame = pl.from_arrow(table).with_columns(pl.col("creator").cast(pl.Categorical))
        assert hasattr(frame, "__arrow_c_stream__")
        result = settle_columns(presets.tiktok(), frame, at=AT, country="US")
        assert result == settle(presets.tiktok(), records, at=AT, country="US")

    def test_an_object_with_only_the_stream_interface(self) -> None:
        records, table = records_and_table(100)

        class Exporter:
            def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
                return table.__arrow_c_stream__(requested_schema)

        result = settle_columns(presets.tiktok(), Exporter(), at=AT, country="US")
        assert result == settle(presets.tiktok(), records, at=AT, country="US")

    def test_numpy_columns_and_ignored_columns(self) -> None:
        records, _table = records_and_table(500)
        columns = {
            "creator": np.array([r[0] for r in records]),
            "gift": [r[1] for r in records],
            "count": np.array([r[2] for r in records], dtype=np.int32),
            "viewer": ["v"] * 500,
        }
        result = settle_columns(presets.tiktok(), columns, at=AT, country="US", ignore=["viewer"])
        assert result == settle(presets.tiktok(), records, at=AT, country="US")

    def test_a_batch_longer_than_a_million_rows_is_cut(self) -> None:
        size = (1 << 20) + 5
        counts = np.ones(size, dtype=np.int64)
        columns = {
            "creator": pa.array(["ana"] * size),
            "gift": pa.array(["Rose"] * size),
            "count": counts,
        }
        result = settle_columns(presets.tiktok(), columns, at=AT, country="US")
        assert result.events == size
        assert result.creators["ana"].coins.amount == size

    def test_revenue_share_and_agency_settle_by_group(self) -> None:
        economy = presets.youtube()  # Super Chat: a revenue share of what YouTube received
        at = AT
        gift = economy.catalog.gifts_at(country="US", at=at)[0]
        unit = economy.conversion.at(at).value_currency
        rows = [("ana", gift.id, 1 + i % 4, i % 3 == 0, 100 + i) for i in range(300)]
        records = [
            GiftRecord(c, g, n, battle=b, net=ExactMoney(Fraction(m), unit))
            for c, g, n, b, m in rows
        ]
        columns = {
            "creator": [r[0] for r in rows],
            "gift": [r[1] for r in rows],
            "count": [r[2] for r in rows],
            "battle": [r[3] for r in rows],
            "net": [r[4] for r in rows],
        }
        agency = {"ana": Agency(id="a1", rate=Rate.parse("10%"))}
        expected = settle(economy, records, at=at, country="US", agencies=agency)
        got = settle_columns(economy, columns, at=at, country="US", agencies=agency)
        assert got == expected


def base() -> dict[str, Any]:
    return {"creator": ["ana", "bo"], "gift": ["Rose", "Swan"], "count": [1, 2]}


def with_(**changes: Any) -> dict[str, Any]:
    columns = base()
    for name, value in changes.items():
        if value is None:
            del columns[name]
        else:
            columns[name] = value
    return columns


class Opaque:
    """Not columns at all."""


class Broken:
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        raise RuntimeError("the source went away")


MALFORMED: list[tuple[Any, str]] = [
    (with_(count=None), "columns"),
    (with_(creator=None), "columns"),
    (with_(sponsor=["x", "y"]), "columns['sponsor']"),
    (with_(count=[1.0, 2.0]), "columns['count']"),
    (with_(count=["1", "2"]), "columns['count']"),
    (with_(count=[1, None]), "columns['count'][1]"),
    (with_(count=[None, None]), "columns['count'][0]"),
    (with_(creator=[None, None]), "columns['creator'][0]"),
    (with_(battle=[None, None]), "columns['battle'][0]"),
    (with_(count=[1, 0]), "columns['count'][1]"),
    (with_(count=[-5, 1]), "columns['count'][0]"),
    (with_(count=pa.array([1, 2**63], pa.uint64())), "columns['count'][1]"),
    (with_(count=[1, 2, 3]), "columns"),
    (with_(creator=[1, 2]), "columns['creator']"),
    (with_(creator=["ana", None]), "columns['creator'][1]"),
    (with_(creator=["ana", ""]), "columns['creator'][1]"),
    (with_(gift=["Rose", "Nope"]), "columns['gift'][1]"),
    (with_(gift=[b"Rose", b"Swan"]), "columns['gift']"),
    (with_(battle=[1, 0]), "columns['battle']"),
    (with_(battle=[True, None]), "columns['battle'][1]"),
    (with_(net=[0.5, 1.0]), "columns['net']"),
    (with_(net=["1", "2"]), "columns['net']"),
    ({"creator": ["ana"], "gift": ["Rose"], "count": [[1]]}, "columns['count']"),
    ({**base(), 3: [1, 2]}, "columns"),
    (
        pa.table(
            [pa.array(["a"]), pa.array(["a"]), pa.array(["Rose"]), pa.array([1])],
            names=["creator", "creator", "gift", "count"],
        ),
        "columns",
    ),
    (Opaque(), "columns"),
    ("creator,gift,count", "columns"),
    (42, "columns"),
    (Broken(), "columns"),
    ([base(), Opaque()], "columns"),
]


class TestMalformed:
    @pytest.mark.parametrize(("columns", "argument"), MALFORMED)
    def test_a_malformed_column_is_refused_naming_it(self, columns: Any, argument: str) -> None:
        with pytest.raises(GiftflowError) as caught:
            settle_columns(presets.tiktok(), columns, at=AT, country="US")
        assert caught.value.argument == argument  # type: ignore[attr-defined]
        assert argument in str(caught.value)

    def test_a_net_column_of_nulls_only_is_no_net(self) -> None:
        columns = with_(net=[None, None])  # Arrow types it null
        result = settle_columns(presets.tiktok(), columns, at=AT, country="US")
        assert result == settle(
            presets.tiktok(), list(zip(*base().values(), strict=True)), at=AT, country="US"
        )
        assert result.unfunded_events == 2

    def test_an_unknown_gift_is_the_catalogs_error(self) -> None:
        with pytest.raises(UnknownGiftError):
            settle_columns(presets.tiktok(), with_(gift=["Rose", "Nope"]), at=AT, country="US")

    def test_an_agency_creator_without_a_net_is_refused(self) -> None:
        agency = {"bo": Agency(id="a1", rate=Rate.parse("10%"))}
        for columns in (base(), with_(net=pa.array([5, None], pa.int64()))):
            with pytest.raises(SettlementError) as caught:
                settle_columns(presets.tiktok(), columns, at=AT, country="US", agencies=agency)
            assert "columns['net'][1]" in str(caught.value)

    @pytest.mark.parametrize("ignore", ["viewer", [1]])
    def test_bad_ignore(self, ignore: Any) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            settle_columns(presets.tiktok(), base(), at=AT, country="US", ignore=ignore)
        assert caught.value.argument == "ignore"

    def test_bad_arguments_are_settles(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            settle_columns("tiktok", base(), at=AT, country="US")  # type: ignore[arg-type]
        assert caught.value.argument == "economy"
        with pytest.raises(InvalidValueError) as refused:
            settle_columns(presets.tiktok(), base(), at=AT, country=840)  # type: ignore[arg-type]
        assert refused.value.argument == "country"

    def test_order_dependent_rounding_is_refused(self) -> None:
        economy = attrs.evolve(presets.tiktok(), diamond_rounding=Rounding.HALF_EVEN)
        with pytest.raises(SettlementError):
            settle_columns(economy, base(), at=AT, country="US")


class TestWithoutTheExtra:
    def test_missing_pyarrow_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(ExtraMissingError) as caught:
            settle_columns(presets.tiktok(), base(), at=AT, country="US")
        assert isinstance(caught.value, ImportError)
        assert "giftflow[columns]" in str(caught.value)
        assert caught.value.argument == "settle_columns"

    def test_the_error_pickles(self) -> None:
        error = ExtraMissingError("settle_columns", "pyarrow", "columns", "pip install x")
        again = pickle.loads(pickle.dumps(error))
        assert str(again) == str(error)
        assert type(again) is ExtraMissingError
