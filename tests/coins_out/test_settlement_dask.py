"""Settling records partitioned across Dask workers gives the single-process settlement."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from giftflow import GiftRecord, Settlement, presets, settle

db = pytest.importorskip("dask.bag")

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)


def records(count: int) -> list[tuple[str, str, int] | GiftRecord]:
    gifts = ("Rose", "Swan", "Doughnut", "Finger Heart", "Lion")
    out: list[tuple[str, str, int] | GiftRecord] = []
    for index in range(count):
        creator, gift, many = f"c{index % 41}", gifts[index * 7 % 5], 1 + index % 10
        if index % 9 == 0:
            out.append(GiftRecord(creator, gift, many, battle=True))
        else:
            out.append((creator, gift, many))
    return out


def settle_part(part: list[tuple[str, str, int] | GiftRecord]) -> Settlement:
    return settle(presets.tiktok(), part, at=AT, country="US")


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
def test_partitions_on_workers_merge_into_the_single_process_result(scheduler: str) -> None:
    events = records(5_000)
    bag = db.from_sequence(events, npartitions=4)
    total = bag.reduction(settle_part, Settlement.total).compute(scheduler=scheduler)
    assert settle_part(events) == total


def test_partitions_fold_in_any_grouping() -> None:
    events = records(2_000)
    bag = db.from_sequence(events, npartitions=7)
    partials = bag.map_partitions(lambda part: [settle_part(part)])
    total = partials.fold(Settlement.merge, initial=Settlement.empty(), split_every=3)
    assert settle_part(events) == total.compute(scheduler="synchronous")
