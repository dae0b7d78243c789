"""Idempotency conflicts name the innermost fields that differ, by their path."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import attrs
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    GiftEvent,
    GiftflowError,
    GiftSent,
    IdempotencyConflictError,
    Recipient,
    Refunded,
)
from giftflow._values._conflicts import differences
from giftflow.testing import gift_events

T0 = datetime(2026, 11, 24, 20, tzinfo=UTC)
ROSE = GiftEvent(id="g1", viewer="v1", gift="Rose", count=5, recipients="ana", country="US", at=T0)


def resolve(value: object, path: str) -> object:
    """The value at ``path`` (``gift.recipients[1].weight``, ``metrics['ana']``)."""
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            key = part[1:-1]
            value = value[int(key) if key.isdigit() else key.strip("'")]  # type: ignore[index]
        elif part:
            value = getattr(value, part)
    return value


class TestIdempotencyConflictError:
    def test_is_a_giftflow_value_error_with_its_facts(self) -> None:
        error = IdempotencyConflictError("g1", ("gift.count",))
        assert isinstance(error, GiftflowError)
        assert isinstance(error, ValueError)
        assert ("g1", ("gift.count",)) == (error.event_id, error.fields)
        again = pickle.loads(pickle.dumps(error))
        assert (str(error), again.fields) == (str(again), ("gift.count",))


class TestDifferences:
    def test_names_a_nested_field(self) -> None:
        assert ("gift.count",) == differences(
            GiftSent(gift=ROSE), GiftSent(gift=attrs.evolve(ROSE, count=6))
        )

    def test_names_an_item_of_a_tuple(self) -> None:
        hosts = attrs.evolve(ROSE, recipients=[Recipient("ana"), Recipient("bo", 2)])
        other = attrs.evolve(hosts, recipients=[Recipient("ana"), Recipient("bo", 3)])
        assert ("gift.recipients[1].weight",) == differences(
            GiftSent(gift=hosts), GiftSent(gift=other)
        )

    def test_names_a_tuple_of_another_length_whole(self) -> None:
        hosts = attrs.evolve(ROSE, recipients=["ana", "bo"])
        assert ("recipients",) == differences(ROSE, hosts)

    def test_names_an_entry_of_a_mapping(self) -> None:
        first = GiftSent(gift=ROSE, metrics={"ana": {"live_minutes": 30}})
        second = GiftSent(gift=ROSE, metrics={"ana": {"live_minutes": 31}})
        assert ("metrics['ana']['live_minutes']",) == differences(first, second)

    def test_names_every_field_that_differs(self) -> None:
        other = attrs.evolve(ROSE, count=6, at=datetime(2026, 11, 25, tzinfo=UTC))
        assert ("count", "at") == differences(ROSE, other)

    def test_names_the_type_when_the_kinds_differ(self) -> None:
        refund = Refunded(id="g1", at=T0, purchase_id="p1")
        assert ("type",) == differences(GiftSent(gift=ROSE), refund)

    def test_names_nothing_of_equal_values(self) -> None:
        assert ("content",) == differences(GiftSent(gift=ROSE), GiftSent(gift=ROSE))

    @given(gift_events(), gift_events())
    def test_every_path_named_differs_and_nothing_else_does(
        self, first: GiftEvent, second: GiftEvent
    ) -> None:
        paths = differences(first, second)
        if first == second:
            assert ("content",) == paths
            return
        for path in paths:
            assert resolve(first, path) != resolve(second, path)
        named = {path.split(".")[0].split("[")[0] for path in paths}
        for field in attrs.fields(GiftEvent):
            if field.name not in named:
                assert getattr(first, field.name) == getattr(second, field.name)

    @given(gift_events(), st.integers(1, 1000))
    def test_a_changed_count_is_named_alone(self, event: GiftEvent, count: int) -> None:
        changed = attrs.evolve(event, count=count)
        expected = () if count == event.count else ("gift.count",)
        assert expected == tuple(
            p for p in differences(GiftSent(gift=event), GiftSent(gift=changed)) if p != "content"
        )
