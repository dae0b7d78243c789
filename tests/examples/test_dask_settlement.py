"""The Dask example settles Parquet files on real worker processes, as one process does.

A real ``LocalCluster(processes=True)`` with two single-threaded workers is started
once for the module (about two seconds) and closed at its end. Each worker reads its
files itself and the partial settlements are merged on the workers; the merged
result must equal ``settle_columns`` over every file in this process and ``settle``
on the same records as tuples.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from giftflow import InvalidValueError, Settlement, presets, settle

if TYPE_CHECKING:
    from distributed import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

import dask_settlement  # imports numpy, pyarrow and dask only when its functions run

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")

FILES, EVENTS = 4, 5_000


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    directory = tmp_path_factory.mktemp("day")
    return dask_settlement.write_day(directory, files=FILES, events=EVENTS, creators=300, seed=3)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = dask_settlement.local_cluster(2)  # processes=True, threads_per_worker=1
    try:
        with distributed.Client(cluster) as connected:
            yield connected
    finally:
        cluster.close()


def records(paths: list[Path]) -> list[tuple[str, str, int]]:
    import pyarrow.parquet as pq

    out: list[tuple[str, str, int]] = []
    for path in paths:
        table = pq.read_table(path)
        out += zip(
            table.column("creator").to_pylist(),
            table.column("gift").to_pylist(),
            table.column("count").to_pylist(),
            strict=True,
        )
    return out


def on_cluster(client: Client, paths: list[Path], split_every: int = 4) -> Settlement:
    return dask_settlement.settle_on_cluster(
        client,
        paths,
        presets.tiktok(),
        at=dask_settlement.AT,
        country=dask_settlement.COUNTRY,
        split_every=split_every,
    )


class TestSettleOnCluster:
    def test_equals_one_process_and_settle_on_tuples(self, client: Client, day: list[Path]) -> None:
        economy, at, country = presets.tiktok(), dask_settlement.AT, dask_settlement.COUNTRY
        merged = on_cluster(client, day)
        assert FILES * EVENTS == merged.events
        assert dask_settlement.settle_files(day, economy, at=at, country=country) == merged
        assert settle(economy, records(day), at=at, country=country) == merged

    def test_each_file_settles_on_a_worker_as_in_this_process(
        self, client: Client, day: list[Path]
    ) -> None:
        economy, at, country = presets.tiktok(), dask_settlement.AT, dask_settlement.COUNTRY
        parts = client.map(
            dask_settlement.settle_file,
            [str(path) for path in day],
            economy=economy,
            at=at,
            country=country,
            pure=False,
        )
        expected = [
            dask_settlement.settle_file(path, economy=economy, at=at, country=country)
            for path in day
        ]
        assert expected == client.gather(parts)

    def test_one_file_leaves_a_worker_without_parts(self, client: Client, day: list[Path]) -> None:
        economy, at, country = presets.tiktok(), dask_settlement.AT, dask_settlement.COUNTRY
        expected = dask_settlement.settle_file(day[0], economy=economy, at=at, country=country)
        assert expected == on_cluster(client, day[:1])

    def test_a_bad_file_raises_the_workers_error_naming_the_column(
        self, client: Client, day: list[Path], tmp_path: Path
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        bad = tmp_path / "bad.parquet"
        pq.write_table(pa.table({"creator": ["ana"], "gift": ["Rose"], "count": [0]}), bad)
        with pytest.raises(InvalidValueError, match=r"columns\['count'\]\[0\]"):
            on_cluster(client, [*day, bad])

    @pytest.mark.parametrize("files_per_task", [2, 3, 8])
    def test_tasks_of_several_files_settle_the_same(
        self, client: Client, day: list[Path], files_per_task: int
    ) -> None:
        economy, at, country = presets.tiktok(), dask_settlement.AT, dask_settlement.COUNTRY
        expected = dask_settlement.settle_files(day, economy, at=at, country=country)
        assert expected == dask_settlement.settle_on_cluster(
            client, day, economy, at=at, country=country, files_per_task=files_per_task
        )

    def test_no_files_settle_to_the_empty_settlement(self, client: Client) -> None:
        assert Settlement.empty() == on_cluster(client, [])

    def test_refuses_a_tree_that_merges_nothing(self, client: Client) -> None:
        with pytest.raises(InvalidValueError, match="split_every"):
            on_cluster(client, [], split_every=1)

    def test_refuses_tasks_without_files(self, client: Client, day: list[Path]) -> None:
        economy, at, country = presets.tiktok(), dask_settlement.AT, dask_settlement.COUNTRY
        with pytest.raises(InvalidValueError, match="files_per_task"):
            dask_settlement.settle_on_cluster(
                client, day, economy, at=at, country=country, files_per_task=0
            )


class TestFileBatches:
    def test_a_file_is_streamed_in_batches_of_batch_rows(
        self, day: list[Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(dask_settlement, "BATCH_ROWS", 1_000)
        batches = list(dask_settlement.file_batches(day[0]))
        assert [1_000] * (EVENTS // 1_000) == [batch.num_rows for batch in batches]
        kinds = {str(batch.schema.field("creator").type) for batch in batches}
        assert {"dictionary<values=string, indices=int32, ordered=0>"} == kinds

    def test_reads_only_the_columns_settle_columns_knows(self, tmp_path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = tmp_path / "extra.parquet"
        table = pa.table({"creator": ["ana"], "viewer": ["v1"], "gift": ["Rose"], "count": [2]})
        pq.write_table(table, path)
        (batch,) = dask_settlement.file_batches(path)
        assert ["creator", "gift", "count"] == batch.schema.names
        at, country = dask_settlement.AT, dask_settlement.COUNTRY
        result = dask_settlement.settle_file(path, economy=presets.tiktok(), at=at, country=country)
        assert 2 == result.creators["ana"].coins.amount


class TestWriteDay:
    def test_the_same_seed_writes_the_same_events(self, tmp_path: Path, day: list[Path]) -> None:
        again = dask_settlement.write_day(
            tmp_path, files=FILES, events=EVENTS, creators=300, seed=3
        )
        assert records(day) == records(again)
        other = dask_settlement.write_day(
            tmp_path / "other", files=1, events=EVENTS, creators=300, seed=4
        )
        assert records(day[:1]) != records(other)

    def test_gift_names_come_from_the_catalog_and_cheap_gifts_lead(self, day: list[Path]) -> None:
        economy, at = presets.tiktok(), dask_settlement.AT
        names = {
            gift.name: gift
            for gift in economy.catalog.gifts_at(country=dask_settlement.COUNTRY, at=at)
        }
        sent: dict[str, int] = {}
        for _, gift, count in records(day):
            sent[gift] = sent.get(gift, 0) + 1
            assert gift in names
            assert count == 1 or names[gift].streak.name == "STREAKABLE"
        cheapest = min(names.values(), key=lambda gift: (gift.price.amount, gift.name))
        assert max(sent, key=sent.__getitem__) in {
            gift.name for gift in names.values() if gift.price == cheapest.price
        }


def test_main_prints_totals_equal_to_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = dask_settlement.main(
        ["--files", "2", "--events", "1000", "--workers", "1", "--directory", str(tmp_path)]
    )
    assert report["equal to one process"] is True
    assert 2_000 == report["events"]
    assert "equal to one process: True" in capsys.readouterr().out
