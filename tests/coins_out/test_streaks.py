"""Folding raw streak events into gifts, each counted once."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from giftflow import (
    FoldedGift,
    InvalidTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    StreakEvent,
    UnfinishedStreaks,
    fold_streaks,
)
from giftflow.testing import streak_events

T0 = datetime(2026, 11, 24, 20, tzinfo=UTC)
EMIT, DROP = UnfinishedStreaks.EMIT, UnfinishedStreaks.DROP
STREAKING = ("rose", "heart")
SINGLE = ("lion", "universe")


def raw(
    number: int,
    viewer: str,
    gift: str,
    count: int,
    end: bool,
    *,
    streakable: bool = True,
    creator: str = "ana",
    group: str | None = None,
) -> StreakEvent:
    return StreakEvent(
        id=f"e{number}",
        viewer=viewer,
        creator=creator,
        gift=gift,
        repeat_count=count,
        repeat_end=end,
        streakable=streakable,
        country="US",
        at=T0 + timedelta(seconds=number),
        group=group,
    )


def counts(folded: list[FoldedGift]) -> list[tuple[str, str, int, bool]]:
    return [(g.viewer, g.gift, g.count, g.complete) for g in folded]


@attrs.frozen
class Stream:
    """Raw events as a platform emits them, with what each send really was."""

    events: tuple[StreakEvent, ...]
    # For each send, in the order it started: its key, count, and the positions of its
    # events in ``events`` (the last one is the end event).
    sends: tuple[tuple[tuple[str, str, str], int, tuple[int, ...]], ...]


@st.composite
def streams(draw: st.DrawFn) -> Stream:
    """Interleaved streaks and single gifts from several viewers to several creators.

    A streak sends running counts 1..n (a count may be sent twice, as platforms do),
    only the last marked as the end; a single gift is one event. Sends of one viewer,
    creator and gift follow each other; different ones interleave freely.
    """
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["v1", "v2", "v3"]),
                st.sampled_from(["ana", "bo"]),
                st.sampled_from(STREAKING + SINGLE),
            ),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    # Per key, its sends as lists of (repeat_count, repeat_end) events.
    plans: dict[tuple[str, str, str], list[list[tuple[int, bool]]]] = {}
    for key in keys:
        plans[key] = []
        for _ in range(draw(st.integers(1, 3))):
            if key[2] in SINGLE:
                plans[key].append([(draw(st.integers(1, 5)), True)])
                continue
            n = draw(st.integers(1, 8))
            running = [
                (count, False) for count in range(1, n) for _ in range(draw(st.integers(1, 2)))
            ]
            plans[key].append([*running, (n, True)])
    queue = {key: [event for send in sends for event in send] for key, sends in plans.items()}
    turns = draw(st.permutations([key for key, events in queue.items() for _ in events]))
    events: list[StreakEvent] = []
    positions: dict[tuple[str, str, str], list[int]] = {key: [] for key in keys}
    for number, key in enumerate(turns):
        count, end = queue[key].pop(0)
        viewer, creator, gift = key
        events.append(
            raw(number, viewer, gift, count, end, streakable=gift in STREAKING, creator=creator)
        )
        positions[key].append(number)
    sends = []
    for key, planned in plans.items():
        taken = 0
        for send in planned:
            where = tuple(positions[key][taken : taken + len(send)])
            taken += len(send)
            sends.append((key, send[-1][0], where))
    sends.sort(key=lambda send: send[2][0])
    return Stream(events=tuple(events), sends=tuple(sends))


def totals(folded: list[FoldedGift]) -> Counter[tuple[str, str, str]]:
    result: Counter[tuple[str, str, str]] = Counter()
    for gift in folded:
        result[gift.viewer, gift.creator, gift.gift] += gift.count
    return result


class TestStreakEvent:
    @pytest.mark.parametrize("count", [0, -1, 1.0, True])
    def test_refuses_a_repeat_count_that_is_not_a_positive_int(self, count: object) -> None:
        with pytest.raises(InvalidValueError) as caught:
            raw(1, "v1", "rose", count, False)  # type: ignore[arg-type]
        assert "repeat_count" == caught.value.argument

    def test_refuses_a_naive_time(self) -> None:
        with pytest.raises(NaiveDatetimeError) as caught:
            attrs.evolve(raw(1, "v1", "rose", 1, False), at=datetime(2026, 11, 24))
        assert "at" == caught.value.argument

    def test_refuses_a_repeat_end_that_is_not_a_bool(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            raw(1, "v1", "rose", 1, 1)  # type: ignore[arg-type]
        assert "repeat_end" == caught.value.argument

    def test_upper_cases_the_country(self) -> None:
        assert "GB" == attrs.evolve(raw(1, "v1", "rose", 1, False), country="gb").country


class TestUnfinishedStreaks:
    def test_emits_or_drops(self) -> None:
        assert ["emit", "drop"] == [choice.value for choice in UnfinishedStreaks]


class TestFoldedGift:
    def test_spans_its_streak_from_first_to_end_event(self) -> None:
        stream = [raw(1, "v1", "rose", 1, False), raw(2, "v1", "rose", 2, False)]
        stream.append(raw(5, "v1", "rose", 3, True))
        (gift,) = fold_streaks(stream, unfinished=EMIT)
        assert (
            FoldedGift(
                event_id="e5",
                viewer="v1",
                creator="ana",
                gift="rose",
                count=3,
                country="US",
                first_at=T0 + timedelta(seconds=1),
                at=T0 + timedelta(seconds=5),
                complete=True,
            )
            == gift
        )


class TestFoldStreaks:
    def test_counts_interleaved_streaks_once_each(self) -> None:
        stream = [
            raw(1, "a", "rose", 1, False),
            raw(2, "b", "rose", 1, False),
            raw(3, "a", "rose", 2, False),
            raw(4, "b", "rose", 2, True),
            raw(5, "a", "rose", 3, True),
        ]
        assert [("b", "rose", 2, True), ("a", "rose", 3, True)] == counts(
            list(fold_streaks(stream, unfinished=EMIT))
        )

    def test_single_events_count_at_once(self) -> None:
        stream = [
            raw(1, "a", "rose", 1, False),
            raw(2, "a", "lion", 1, True, streakable=False),
            raw(3, "a", "lion", 2, False, streakable=False),
            raw(4, "a", "rose", 2, True),
        ]
        assert [("a", "lion", 1, True), ("a", "lion", 2, True), ("a", "rose", 2, True)] == counts(
            list(fold_streaks(stream, unfinished=EMIT))
        )

    def test_a_count_that_drops_back_closes_the_old_streak(self) -> None:
        # The end event of the first streak was lost; a new streak starts at 1.
        stream = [
            raw(1, "a", "rose", 1, False),
            raw(2, "a", "rose", 2, False),
            raw(3, "a", "rose", 1, False),
            raw(4, "a", "rose", 2, True),
        ]
        folded = list(fold_streaks(stream, unfinished=EMIT))
        assert [("a", "rose", 2, False), ("a", "rose", 2, True)] == counts(folded)
        assert ["e2", "e4"] == [gift.event_id for gift in folded]

    def test_a_repeated_running_count_is_not_a_new_streak(self) -> None:
        stream = [
            raw(1, "a", "rose", 1, False),
            raw(2, "a", "rose", 1, False),
            raw(3, "a", "rose", 2, True),
        ]
        assert [("a", "rose", 2, True)] == counts(list(fold_streaks(stream, unfinished=EMIT)))

    def test_streak_groups_keep_concurrent_streaks_apart(self) -> None:
        stream = [
            raw(1, "a", "rose", 1, False, group="g1"),
            raw(2, "a", "rose", 1, False, group="g2"),
            raw(3, "a", "rose", 2, True, group="g1"),
            raw(4, "a", "rose", 3, True, group="g2"),
        ]
        assert [("a", "rose", 2, True), ("a", "rose", 3, True)] == counts(
            list(fold_streaks(stream, unfinished=EMIT))
        )

    def test_creators_keep_streaks_apart(self) -> None:
        stream = [
            raw(1, "a", "rose", 1, False, creator="ana"),
            raw(2, "a", "rose", 1, False, creator="bo"),
            raw(3, "a", "rose", 2, True, creator="bo"),
            raw(4, "a", "rose", 2, True, creator="ana"),
        ]
        folded = list(fold_streaks(stream, unfinished=EMIT))
        assert [("bo", 2), ("ana", 2)] == [(g.creator, g.count) for g in folded]

    def test_emits_unfinished_streaks_at_their_last_count(self) -> None:
        stream = [raw(1, "a", "rose", 1, False), raw(2, "a", "rose", 4, False)]
        assert [("a", "rose", 4, False)] == counts(list(fold_streaks(stream, unfinished=EMIT)))

    def test_drops_unfinished_streaks_when_asked(self) -> None:
        stream = [raw(1, "a", "rose", 1, False), raw(2, "b", "rose", 1, True)]
        assert [("b", "rose", 1, True)] == counts(list(fold_streaks(stream, unfinished=DROP)))

    def test_is_lazy(self) -> None:
        def endless() -> Iterator[StreakEvent]:
            number = 0
            while True:
                number += 1
                yield raw(number, "a", "rose", 1, True)

        folded = fold_streaks(endless(), unfinished=EMIT)
        assert [1, 1, 1] == [next(folded).count for _ in range(3)]

    def test_refuses_an_unfinished_policy_that_is_not_one_when_called(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            fold_streaks([], unfinished="emit")  # type: ignore[arg-type]
        assert "unfinished" == caught.value.argument

    def test_refuses_events_that_are_not_streak_events(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            list(fold_streaks([{"repeat_count": 1}], unfinished=EMIT))  # type: ignore[list-item]
        assert "events" == caught.value.argument

    @given(streams())
    def test_never_double_counts(self, stream: Stream) -> None:
        folded = list(fold_streaks(stream.events, unfinished=EMIT))
        expected: Counter[tuple[str, str, str]] = Counter()
        for key, count, _ in stream.sends:
            expected[key] += count
        assert expected == totals(folded)
        assert len(stream.sends) == len(folded)
        assert all(gift.complete for gift in folded)

    @given(streams())
    def test_yields_each_send_when_its_end_event_arrives(self, stream: Stream) -> None:
        folded = list(fold_streaks(stream.events, unfinished=EMIT))
        ends = sorted(positions[-1] for _, _, positions in stream.sends)
        assert [stream.events[end].id for end in ends] == [gift.event_id for gift in folded]

    @given(streams(), st.data())
    def test_a_stream_cut_short_counts_what_it_saw(
        self, stream: Stream, data: st.DataObject
    ) -> None:
        cut = data.draw(st.integers(0, len(stream.events)))
        seen = stream.events[:cut]
        complete: Counter[tuple[str, str, str]] = Counter()
        running: Counter[tuple[str, str, str]] = Counter()
        for key, count, positions in stream.sends:
            if positions[-1] < cut:
                complete[key] += count
            elif positions[0] < cut:
                running[key] += max(stream.events[p].repeat_count for p in positions if p < cut)
        assert complete == totals(list(fold_streaks(seen, unfinished=DROP)))
        assert complete + running == totals(list(fold_streaks(seen, unfinished=EMIT)))

    @given(st.lists(streak_events(), max_size=30, unique_by=lambda event: event.id))
    def test_any_stream_folds_into_gifts_of_its_events(self, events: list[StreakEvent]) -> None:
        folded = list(fold_streaks(events, unfinished=EMIT))
        by_id = {event.id: event for event in events}
        for gift in folded:
            source = by_id[gift.event_id]
            assert (source.viewer, source.creator, source.gift) == (
                gift.viewer,
                gift.creator,
                gift.gift,
            )
            assert source.repeat_count == gift.count
        # Every end event and single event yields a gift; nothing yields more than once.
        ends = sum(1 for event in events if event.repeat_end or not event.streakable)
        assert ends <= len(folded) <= len(events)
