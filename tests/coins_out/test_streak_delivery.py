"""Folding streaks as live clients deliver them: twice, interleaved, late, with end frames lost.

The rules of delivery these properties assume, which ``fold_streaks`` documents:

- the frames of one streak key (viewer, creator, gift, group) arrive in the order they
  were emitted, except copies: a copy of a frame may arrive anywhere after it;
- frames of different keys interleave freely, but no frame arrives after one emitted
  more than ``LATE`` after it (a bounded delivery delay);
- the timeout is longer than a streak's longest pause between frames plus ``LATE``.

Under those rules every delivery of the same frames folds into the same gifts, and
into the gifts the frames stand for: each send once, at its last count, closed by its
end frame, by the next streak of its key, by the timeout, or left open at the end.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from giftflow import FoldedGift, StreakClose, StreakEvent, UnfinishedStreaks, fold_streaks
from tests.coins_out.test_streaks import Stream, streams

T0 = datetime(2026, 11, 24, 20, tzinfo=UTC)
PAUSE = 3  # the longest pause between two frames of a streak, in seconds
LATE = 5  # the longest a frame arrives after one emitted later than it, in seconds
TIMEOUT = 30  # >= PAUSE + LATE
EMIT = UnfinishedStreaks.EMIT
STREAKING = ("rose", "heart")
SINGLE = ("lion",)

Key = tuple[str, str, str]


@attrs.frozen
class Send:
    """One gift as sent: its key, frames (the last one, the end, may be lost) and fate."""

    key: Key
    frames: tuple[StreakEvent, ...]  # as delivered: without a lost end frame
    closed: StreakClose


@attrs.frozen
class Emitted:
    """Frames as emitted, in time order, with the gifts they stand for and the fold's now."""

    frames: tuple[StreakEvent, ...]
    sends: tuple[Send, ...]
    now: datetime


def frame(key: Key, send: int, number: int, count: int, end: bool, at: int) -> StreakEvent:
    viewer, creator, gift = key
    return StreakEvent(
        id=f"{viewer}-{creator}-{gift}-{send}-{number}",
        viewer=viewer,
        creator=creator,
        gift=gift,
        repeat_count=count,
        repeat_end=end,
        streakable=gift in STREAKING,
        country="US",
        at=T0 + timedelta(seconds=at),
    )


@st.composite
def emitted(draw: st.DrawFn) -> Emitted:
    """Sends of several keys, each key's one after another, some streaks losing their end.

    A streak's frames are 1, 2, ... n-1 running (a count may come twice) and the end n;
    a streak of three or more frames may lose its end, and then the next streak of its
    key begins after a short pause (so its count falls back: RESTARTED) or after more
    than the timeout (TIMED_OUT), or it is the key's last (then ``now`` decides).
    """
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["v1", "v2", "v3"]),
                st.sampled_from(["ana", "bo"]),
                st.sampled_from(STREAKING + SINGLE),
            ),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    sends: list[tuple[Key, list[StreakEvent], bool]] = []  # key, frames delivered, end lost
    last_at = 0
    for key in keys:
        at = draw(st.integers(0, 60))
        for number in range(draw(st.integers(1, 3))):
            if number:  # the pause before the key's next send
                at += draw(st.integers(0, PAUSE) | st.integers(TIMEOUT + 1, 3 * TIMEOUT))
            if key[2] in SINGLE:
                one = frame(key, number, 0, draw(st.integers(1, 5)), True, at)
                sends.append((key, [one], False))
                continue
            n = draw(st.integers(1, 12))  # up to about a minute: longer than the timeout
            counts = [c for c in range(1, n) for _ in range(draw(st.integers(1, 2)))]
            send = []
            for index, count in enumerate(counts):
                send.append(frame(key, number, index, count, False, at))
                at += draw(st.integers(0, PAUSE))
            end = frame(key, number, len(counts), n, True, at)
            lost = n >= 3 and draw(st.booleans())
            if not lost:
                send.append(end)
            sends.append((key, send, lost))
        last_at = max(last_at, at)
    frames = sorted((f for _, send, _ in sends for f in send), key=lambda f: f.at)
    now = T0 + timedelta(seconds=last_at + draw(st.integers(0, 2 * TIMEOUT)))
    fates = []
    for index, (key, send, lost) in enumerate(sends):
        if not lost:
            fates.append(Send(key, tuple(send), StreakClose.ENDED))
            continue
        after = next((s for k, s, _ in sends[index + 1 :] if k == key), None)
        until = now if after is None else after[0].at
        if until - send[-1].at > timedelta(seconds=TIMEOUT):
            fate = StreakClose.TIMED_OUT
        else:
            fate = StreakClose.UNFINISHED if after is None else StreakClose.RESTARTED
        fates.append(Send(key, tuple(send), fate))
    return Emitted(frames=tuple(frames), sends=tuple(fates), now=now)


@st.composite
def delivered(draw: st.DrawFn, stream: Emitted) -> list[StreakEvent]:
    """``stream``'s frames as a client may deliver them: delayed, interleaved, some twice.

    Each frame is delayed by up to LATE seconds, never overtaking the frames of its key
    before it; frames delayed to the same instant come in any order; then copies of
    some frames are put anywhere after the frames they copy.
    """
    arrival: dict[str, int] = {}
    key_arrival: dict[Key, int] = {}
    for f in stream.frames:
        key = (f.viewer, f.creator, f.gift)
        emitted_at = int((f.at - T0).total_seconds())
        arrival[f.id] = max(key_arrival.get(key, 0), emitted_at + draw(st.integers(0, LATE)))
        key_arrival[key] = arrival[f.id]
    shuffle = draw(st.permutations(range(len(stream.frames))))
    order = sorted(
        range(len(stream.frames)), key=lambda i: (arrival[stream.frames[i].id], shuffle[i])
    )
    # Frames of one key at one instant keep their order: give each key its frames back,
    # in emitted order, at the places its frames took.
    by_key: dict[Key, list[StreakEvent]] = {}
    for f in stream.frames:
        by_key.setdefault((f.viewer, f.creator, f.gift), []).append(f)
    taken: dict[Key, int] = {}
    events = []
    for index in order:
        key = (stream.frames[index].viewer, stream.frames[index].creator, stream.frames[index].gift)
        events.append(by_key[key][taken.get(key, 0)])
        taken[key] = taken.get(key, 0) + 1
    for _ in range(draw(st.integers(0, 4))):
        if not events:
            break
        original = draw(st.integers(0, len(events) - 1))
        events.insert(draw(st.integers(original + 1, len(events))), events[original])
    return events


def fold(events: list[StreakEvent], stream: Emitted) -> list[FoldedGift]:
    folded = fold_streaks(
        events, unfinished=EMIT, timeout=timedelta(seconds=TIMEOUT), now=stream.now
    )
    return sorted(folded, key=lambda gift: gift.event_id)


class TestDelivery:
    @given(streams(), st.data())
    def test_copies_anywhere_after_their_original_change_nothing(
        self, stream: Stream, data: st.DataObject
    ) -> None:
        events = list(stream.events)
        for _ in range(data.draw(st.integers(0, 6))):
            original = data.draw(st.integers(0, len(events) - 1))
            events.insert(data.draw(st.integers(original + 1, len(events))), events[original])
        assert list(fold_streaks(stream.events, unfinished=EMIT)) == list(
            fold_streaks(events, unfinished=EMIT)
        )

    @given(emitted(), st.data())
    def test_every_delivery_within_the_rules_folds_alike(
        self, stream: Emitted, data: st.DataObject
    ) -> None:
        events = data.draw(delivered(stream))
        assert fold(list(stream.frames), stream) == fold(events, stream)

    @given(emitted())
    def test_each_send_is_counted_once_closed_as_it_was(self, stream: Emitted) -> None:
        expected = sorted(
            (send.frames[-1].id, send.frames[-1].repeat_count, send.closed) for send in stream.sends
        )
        folded = fold(list(stream.frames), stream)
        assert expected == [(gift.event_id, gift.count, gift.closed) for gift in folded]

    @given(emitted(), st.data())
    def test_a_delivery_counts_what_was_sent_once(
        self, stream: Emitted, data: st.DataObject
    ) -> None:
        folded = fold(data.draw(delivered(stream)), stream)
        sent = sum(send.frames[-1].repeat_count for send in stream.sends)
        assert sent == sum(gift.count for gift in folded)
        assert [
            send.frames[0].at for send in sorted(stream.sends, key=lambda s: s.frames[-1].id)
        ] == [gift.first_at for gift in folded]
