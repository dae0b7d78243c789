"""Refusals of the domain: a payout, a purchase or gift, a sponsor's budget (private).

Each carries the typed facts behind it (the payout's reasons, the spending rules'
refusals, the money a sponsored gift needs), so a caller reads them, never the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from giftflow._values._errors import GiftflowError

if TYPE_CHECKING:  # the types the errors carry; for annotations only (no cycle at run time)
    from giftflow._cash_out._plan import PayoutReason
    from giftflow._coins_in._rules import Refusal, SpendingDecision
    from giftflow._values._money import ExactMoney

__all__ = ["PayoutRefusedError", "SpendingRefusedError", "SponsorBudgetError"]


class SponsorBudgetError(GiftflowError, ValueError):
    """A sponsored gift would exceed what is left of its sponsor's budget.

    >>> from giftflow import ExactMoney
    >>> error = SponsorBudgetError(sponsor="brand", needed=ExactMoney.parse("5.00", "USD"),
    ...                            remaining=ExactMoney.parse("1.00", "USD"))
    >>> str(error)
    "sponsor 'brand' has 1.00 USD left but the gift needs 5.00 USD; raise the budget or send an unsponsored gift"
    """

    def __init__(self, sponsor: str, needed: ExactMoney, remaining: ExactMoney) -> None:
        self.sponsor = sponsor
        self.needed = needed
        self.remaining = remaining
        super().__init__(
            f"sponsor {sponsor!r} has {remaining} left but the gift needs {needed}; "
            "raise the budget or send an unsponsored gift"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.sponsor, self.needed, self.remaining))


class SpendingRefusedError(GiftflowError, ValueError):
    """A purchase or gift was refused by spending-protection rules; nothing was spent.

    ``refusals`` holds one structured :class:`~giftflow.Refusal` per rule that
    refused, with the limit, what was already spent, the attempt and the excess as
    numbers; ``decision`` the whole :class:`~giftflow.SpendingDecision` when known.
    When the ledger refuses an event, ``argument`` names the event's field to blame
    (``purchase.breakdown.gross``, ``gift.count``, ``viewer``), ``detail`` says each
    refusal with its period, and ``hint`` says what to do; the message holds all three.

    Args:
        refusals: The refusals, in the order the rules were checked.
        decision: The decision they come from.
        argument: The refused field, as the caller wrote it.
        detail: The refusals in words (default: each refusal's ``str``).
        hint: What to do instead.

    >>> from giftflow import Coins, Refusal
    >>> refusal = Refusal(rule="daily", limit=Coins(100), spent=Coins(90), attempted=Coins(20),
    ...                   excess=Coins(10))
    >>> str(SpendingRefusedError((refusal,)))
    'daily: 90 coins spent + 20 coins attempted exceeds the limit of 100 coins by 10 coins'
    >>> str(SpendingRefusedError((), argument="gift.count", detail="daily: ...",
    ...                          hint="send at most 10 coins today"))
    'gift.count: daily: ...; send at most 10 coins today'
    """

    def __init__(
        self,
        refusals: tuple[Refusal, ...],
        decision: SpendingDecision | None = None,
        argument: str | None = None,
        detail: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.refusals = refusals
        self.decision = decision
        self.argument = argument
        self.detail = detail
        self.hint = hint
        message = "; ".join(str(refusal) for refusal in refusals) if detail is None else detail
        if argument is not None:
            message = f"{argument}: {message}"
        if hint is not None:
            message = f"{message}; {hint}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.refusals, self.decision, self.argument, self.detail, self.hint),
        )


class PayoutRefusedError(GiftflowError, ValueError):
    """A payout plan pays nothing; ``reasons`` holds the structured reasons, in order.

    >>> from giftflow import Diamonds, PayoutReason, PayoutReasonKind
    >>> short = PayoutReason(kind=PayoutReasonKind.BELOW_MINIMUM, diamonds=Diamonds(2000),
    ...                      blocking=True, message="2,000 diamonds short of the minimum")
    >>> str(PayoutRefusedError((short,)))
    'nothing can be paid out: 2,000 diamonds short of the minimum'
    """

    def __init__(self, reasons: tuple[PayoutReason, ...]) -> None:
        self.reasons = reasons
        super().__init__("nothing can be paid out: " + "; ".join(str(r) for r in reasons))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reasons,))
