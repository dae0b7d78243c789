"""Spending protection in the ledger: the economy's spending rules, applied to every spend.

When the ledger's economy has ``spending_rules``, each purchase (its gross money)
and each gift (the coins it takes from the viewer's wallet) is checked with
:meth:`~giftflow.SpendingRules.check`, the one implementation of the rules, against
the viewer's profile from the ledger's configuration and the spends the ledger
booked before it. A refused event raises :class:`~giftflow.SpendingRefusedError`
before anything is committed; an accepted spend joins the history in a commit.
See ``docs/design.md`` ("Spending rules").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from giftflow._coins_in._rules import (
    CapPeriod,
    SpendingCap,
    SpendingDecision,
    SpendingRules,
    SpendRecord,
    Viewer,
)
from giftflow._ledger._state import Draft
from giftflow._values._errors import InvalidValueError
from giftflow._values._money import Money
from giftflow._values._refusals import SpendingRefusedError
from giftflow._values._units import Coins

__all__ = ["Spending"]

Amount = Money | Coins


class Spending:
    """The rules a ledger enforces, its viewers' profiles, and each viewer's recent spends.

    Only what a cap can still count is kept: spends in a unit some cap counts, no older
    than the earliest start of a cap's period at the viewer's latest spend. A viewer's
    events are in time order (``Draft.touch``) and every period's start only moves
    forward with time, so a spend dropped here can never count again.
    """

    __slots__ = ("allowed_on", "history", "periodic", "rules", "viewers")

    def __init__(self, rules: SpendingRules, viewers: Mapping[str, Viewer]) -> None:
        self.rules = rules
        self.viewers = viewers
        self.periodic = tuple(cap for cap in rules.caps if cap.period is not CapPeriod.TRANSACTION)
        self.history: dict[str, list[SpendRecord]] = {}
        # Rules without caps depend only on the viewer's profile and the date of the
        # spend: per viewer, the last date they were allowed, so that a day's gifts are
        # checked once. A cache of SpendingRules.check, not state (profiles are fixed).
        self.allowed_on: dict[str, date] | None = None if rules.caps else {}

    def check(self, draft: Draft, kind: str, event_id: str, spend: tuple[str, str, Amount]) -> None:
        """Refuse the draft's spend if the rules do; else record it on commit.

        ``spend`` is ``(argument, viewer, amount)``: the event's field holding the
        viewer (``viewer``, ``gift.viewer``), the viewer, and what they spend.

        Raises:
            InvalidValueError: The rules have an age rule and the ledger has no
                profile for the viewer.
            SpendingRefusedError: A rule refused.
        """
        argument, viewer, amount = spend
        rules, at = self.rules, draft.at
        allowed_on = self.allowed_on
        if allowed_on is not None and allowed_on.get(viewer) == at.date():
            return
        profile = self.viewers.get(viewer)
        if profile is None and rules.age is not None:
            raise InvalidValueError(
                argument,
                viewer,
                "has no profile in the ledger's viewers, and economy.spending_rules has a"
                " minimum age, so the event was refused and nothing changed",
                f"pass Ledger(economy, viewers={{{viewer!r}: Viewer(country=...,"
                " birth_date=...)}) for every viewer who buys or gifts",
            )
        records = self.history.get(viewer, [])
        decision = rules.check(amount, now=at, history=records, viewer=profile)
        if decision.refusals:
            raise self._refused(decision, kind, event_id, spend, records, profile, at)
        if allowed_on is not None:
            allowed_on[viewer] = at.date()
        if self.periodic and _units(amount) and self._counted(amount):
            record = SpendRecord(at=at, amount=amount)
            horizon = min(_start(cap, at) for cap in self.periodic)
            draft.commits.append(lambda: self._record(viewer, record, horizon))

    def _counted(self, amount: Amount) -> bool:
        """Whether some cap with a period counts spends in ``amount``'s unit."""
        return any(_same_unit(cap.limit, amount) for cap in self.periodic)

    def _record(self, viewer: str, record: SpendRecord, horizon: datetime) -> None:
        """Commit: ``record`` joins the viewer's history, and spends before ``horizon`` go."""
        records = self.history.setdefault(viewer, [])
        records.append(record)
        kept = 0
        while records[kept].at.astimezone(UTC) < horizon:
            kept += 1
        if kept:
            del records[:kept]

    def _refused(
        self,
        decision: SpendingDecision,
        kind: str,
        event_id: str,
        spend: tuple[str, str, Amount],
        records: list[SpendRecord],
        profile: Viewer | None,
        at: datetime,
    ) -> SpendingRefusedError:
        argument, viewer, amount = spend
        field = "purchase.breakdown.gross" if kind == "coins_purchased" else "gift.count"
        # The age rule is checked first, then each cap: checking the caps one by one
        # pairs each cap refusal with its cap (names need not be unique), and what is
        # left over in front is the age refusal.
        capped = [
            (cap, refusal)
            for cap in self.rules.caps
            for refusal in SpendingRules(caps=(cap,))
            .check(amount, now=at, history=records)
            .refusals
        ]
        aged = decision.refusals[: len(decision.refusals) - len(capped)]
        reasons, hints = [], []
        for refusal in aged:
            assert profile is not None  # an age rule refuses only a known viewer
            reasons.append(
                f"{refusal} in {profile.country} (viewers[{viewer!r}] was born"
                f" {profile.birth_date.isoformat()})"
            )
            hints.append(
                "a viewer under the minimum age may not buy coins or send gifts"
                f" (correct viewers[{viewer!r}] only if its birth date is wrong)"
            )
        for cap, refusal in capped:
            reasons.append(f"{refusal} ({_period(cap, at)})")
            room = _like(amount, max(_units(refusal.limit) - _units(refusal.spent), 0))
            hints.append(f"{cap.name} leaves room for {room} in this period")
        if capped:
            shown = "the purchase" if kind == "coins_purchased" else "the gift"
            hints.append(
                f"{shown} may be retried under the same id once the rules allow it (a smaller"
                " amount, or a later time when earlier spends have left the period)"
            )
        return SpendingRefusedError(
            decision.refusals,
            decision,
            argument if aged else field,
            f"{kind} {event_id!r} by viewer {viewer!r} at {at.isoformat()} is refused by"
            f" economy.spending_rules, and nothing changed: {'; '.join(reasons)}",
            "; ".join(hints),
        )


def _start(cap: SpendingCap, at: datetime) -> datetime:
    start = cap.period.start(at, cap.zone)
    assert start is not None  # only caps with a period are asked
    return start.astimezone(UTC)


def _period(cap: SpendingCap, at: datetime) -> str:
    start = cap.period.start(at, cap.zone)
    if start is None:
        return "per transaction"
    if cap.period in (CapPeriod.ROLLING_DAY, CapPeriod.ROLLING_WEEK):
        return f"{cap.period.value}: counted from {start.isoformat()}"
    return f"{cap.period.value} in {cap.zone}: counted from {start.isoformat()}"


def _units(amount: Amount | int) -> int:
    if type(amount) is Money:
        return amount.minor
    if type(amount) is Coins:
        return amount.amount
    return amount  # type: ignore[return-value]


def _same_unit(left: Amount, right: Amount) -> bool:
    if type(left) is Money and type(right) is Money:
        return left.currency == right.currency
    return type(left) is Coins and type(right) is Coins


def _like(template: Amount, units: int) -> Amount:
    if type(template) is Money:
        return Money.of_minor(units, template.currency)
    return Coins(units)
