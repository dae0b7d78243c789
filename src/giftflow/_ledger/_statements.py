"""Statements read from a ledger's journal: one account in one unit over a period."""

from __future__ import annotations

from datetime import datetime

import attrs

from giftflow._ledger._journal import Account

__all__ = ["Statement", "StatementLine"]


@attrs.frozen(kw_only=True)
class StatementLine:
    """One transaction's effect on the account: the change and the balance after it.

    >>> from datetime import datetime, timezone
    >>> StatementLine(at=datetime(2026, 11, 24, tzinfo=timezone.utc), event_id="g1",
    ...               kind="gift_sent", amount=5, balance=65).balance
    65
    """

    at: datetime
    event_id: str
    kind: str
    amount: int
    balance: int


@attrs.frozen(kw_only=True)
class Statement:
    """An account's movements in one unit from ``start`` (inclusive) to ``end`` (exclusive).

    ``opening + sum(line.amount for line in lines) == closing``, always. Lines are
    in effective-time order (ties in the order applied).

    Attributes:
        account: Whose statement.
        unit: A currency code, ``'coins'`` or ``'diamonds'``.
        start: The first instant covered.
        end: The first instant not covered.
        opening: The balance just before ``start``.
        lines: The movements in the period.
        closing: The balance just before ``end``.
    """

    account: Account
    unit: str
    start: datetime
    end: datetime
    opening: int
    lines: tuple[StatementLine, ...]
    closing: int

    def __str__(self) -> str:
        def day(at: datetime) -> str:
            return at.strftime("%Y-%m-%d %H:%M")

        rows = [("", "opening balance", "", f"{self.opening:,}")]
        for line in self.lines:
            rows.append(
                (
                    day(line.at),
                    f"{line.kind} {line.event_id}",
                    f"{line.amount:+,}",
                    f"{line.balance:,}",
                )
            )
        rows.append(("", "closing balance", "", f"{self.closing:,}"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        head = f"{self.account} in {self.unit}, {day(self.start)} to {day(self.end)}"
        body = [
            f"{r[0].ljust(widths[0])}  {r[1].ljust(widths[1])}  "
            f"{r[2].rjust(widths[2])}  {r[3].rjust(widths[3])}".rstrip()
            for r in rows
        ]
        return "\n".join([head, *body])
