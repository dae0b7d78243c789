"""Statements read from a ledger's journal: one account in one unit over a period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from giftflow._ledger._journal import (
    Account,
    Transaction,
    Unit,
    check_kind,
    check_unit,
    posted_units,
    unit_key,
)
from giftflow._ledger._tables import (
    statement_closing,
    statement_heading,
    statement_html,
    statement_pretty,
    statement_records,
    statement_rows,
)
from giftflow._values._checks import (
    check_aware,
    check_aware_field,
    check_instance,
    check_name,
)
from giftflow._values._errors import InvalidTypeError, InvalidValueError

__all__ = ["Statement", "StatementLine", "statement_of"]


def _check_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int:
        raise InvalidTypeError(
            attribute.name, value, "must be an int of whole units", "pass e.g. 65 (never a float)"
        )


def _check_kind(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_kind(attribute.name, value)


def _check_unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_unit(attribute.name, value)


def _check_lines(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(line) is StatementLine for line in value):
        raise InvalidTypeError(
            "lines", value, "must be a tuple of StatementLine", "wrap the lines in a tuple"
        )


@attrs.frozen(kw_only=True)
class StatementLine:
    """One transaction's effect on the account: the change and the balance after it.

    >>> from datetime import datetime, timezone
    >>> StatementLine(at=datetime(2026, 11, 24, tzinfo=timezone.utc), event_id="g1",
    ...               kind="gift_sent", amount=5, balance=65).balance
    65
    """

    at: datetime = attrs.field(validator=check_aware_field)
    event_id: str = attrs.field(validator=check_name)
    kind: str = attrs.field(validator=_check_kind)
    amount: int = attrs.field(validator=_check_int)
    balance: int = attrs.field(validator=_check_int)


@attrs.frozen(kw_only=True)
class Statement:
    """An account's movements in one unit from ``start`` (inclusive) to ``end`` (exclusive).

    ``opening + sum(line.amount for line in lines) == closing``, always, and each
    line's ``balance`` is the running total. Lines are in effective-time order (ties in
    the order applied), within the period. A statement that breaks any of this is
    refused, however it was made (constructor, ``attrs.evolve``, ``from_data``).
    ``to_records()`` gives the lines as plain records, ``_repr_html_()`` a table.

    Attributes:
        account: Whose statement.
        unit: A currency code, ``'coins'`` or ``'diamonds'``.
        start: The first instant covered.
        end: The first instant not covered.
        opening: The balance just before ``start``.
        lines: The movements in the period.
        closing: The balance just before ``end``.

    Raises:
        InvalidValueError: ``end`` is not after ``start``, a line lies outside the period
            or out of order, a line's balance is not the running total, or ``closing``
            is not ``opening`` plus the lines.

    >>> from datetime import datetime, timezone
    >>> from giftflow import AccountKind
    >>> day = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> line = StatementLine(at=day, event_id="p1", kind="coins_purchased", amount=65, balance=65)
    >>> Statement(account=Account(AccountKind.VIEWER_WALLET, "v1"), unit="coins", start=day,
    ...           end=day.replace(day=25), opening=0, lines=(line,), closing=6500)
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: closing must be opening + the lines' amounts (65), got 6500 (int); ...
    """

    account: Account = attrs.field(validator=check_instance(Account, "Account(kind, owner)"))
    unit: str = attrs.field(validator=_check_unit)
    start: datetime = attrs.field(validator=check_aware_field)
    end: datetime = attrs.field(validator=check_aware_field)
    opening: int = attrs.field(validator=_check_int)
    lines: tuple[StatementLine, ...] = attrs.field(validator=_check_lines)
    closing: int = attrs.field(validator=_check_int)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError("end", self.end, "must be after start", "pass a later end")
        balance = self.opening
        previous = self.start
        for index, line in enumerate(self.lines):
            if not previous <= line.at < self.end:
                raise InvalidValueError(
                    f"lines[{index}].at",
                    line.at,
                    "must lie in [start, end) and not before the line above it",
                    "keep the lines of the period, in effective-time order",
                )
            balance += line.amount
            if line.balance != balance:
                raise InvalidValueError(
                    f"lines[{index}].balance",
                    line.balance,
                    f"must be the running balance ({balance})",
                    "each line's balance is the one above it plus its amount",
                )
            previous = line.at
        if self.closing != balance:
            raise InvalidValueError(
                "closing",
                self.closing,
                f"must be opening + the lines' amounts ({balance})",
                "a statement's balance moves only by its lines",
            )

    @classmethod
    def of(
        cls,
        transactions: Iterable[Transaction],
        account: Account,
        unit: Unit,
        *,
        start: datetime,
        end: datetime,
    ) -> Statement:
        """The statement of ``account`` in ``unit`` read from ``transactions`` (a persisted journal).

        ``unit`` is :class:`~giftflow.Coins`, :class:`~giftflow.Diamonds` or a
        :class:`~giftflow.Currency`; the statement's amounts are whole units of it (minor
        units of a currency) and its ``unit`` field the unit's code.

        The same statement :meth:`Ledger.statement <giftflow.Ledger.statement>` reads
        from the journal it keeps, for a host that keeps the journal itself (a ledger
        with ``history=History.NONE``, or one restored from a snapshot): pass every
        transaction :meth:`~giftflow.Ledger.apply` returned (replays excluded), in the
        order applied, at least those before ``end``.

        Raises:
            InvalidTypeError: ``account`` is not an Account, ``unit`` is not Coins,
                Diamonds or a Currency, or a transaction is not a Transaction.
            InvalidValueError: ``end`` is not after ``start``.

        >>> from datetime import datetime, timezone
        >>> from giftflow import AccountKind, Coins, Posting
        >>> day = datetime(2026, 11, 24, tzinfo=timezone.utc)
        >>> wallet = Account(AccountKind.VIEWER_WALLET, "v1")
        >>> tx = Transaction(event_id="p1", kind="coins_purchased", at=day, postings=(
        ...     Posting(wallet, Coins(65)), Posting(Account(AccountKind.COIN_ISSUANCE), Coins(-65))))
        >>> Statement.of([tx], wallet, Coins, start=day, end=day.replace(day=25)).closing
        65
        """
        if type(account) is not Account:
            raise InvalidTypeError("account", account, "must be an Account", "Account(kind, owner)")
        code = unit_key("unit", unit)
        check_aware("start", start)
        check_aware("end", end)
        if end <= start:
            raise InvalidValueError("end", end, "must be after start", "pass a later end")
        journal = list(transactions)
        for index, tx in enumerate(journal):
            if type(tx) is not Transaction:
                raise InvalidTypeError(
                    f"transactions[{index}]",
                    tx,
                    "must be a Transaction",
                    "pass the transactions Ledger.apply returned",
                )
        return statement_of(journal, account, code, start=start, end=end)

    to_records = statement_records
    _repr_html_ = statement_html
    _repr_pretty_ = statement_pretty

    def __str__(self) -> str:
        rows = [*statement_rows(self), statement_closing(self)]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        body = [
            f"{r[0].ljust(widths[0])}  {r[1].ljust(widths[1])}  "
            f"{r[2].rjust(widths[2])}  {r[3].rjust(widths[3])}".rstrip()
            for r in rows
        ]
        return "\n".join([statement_heading(self), *body])


def statement_of(
    journal: Iterable[Transaction], account: Account, unit: str, *, start: datetime, end: datetime
) -> Statement:
    """``account``'s statement in ``unit`` from the transactions of ``journal``, by effective time.

    Transactions are ordered by ``at`` (ties in journal order); those before ``start``
    make the opening balance. The caller has checked the arguments.
    """
    entries = sorted(
        ((tx.at, index, tx) for index, tx in enumerate(journal) if tx.at < end),
        key=lambda entry: (entry[0], entry[1]),
    )
    balance = 0
    opening = 0
    lines = []
    for at, _, tx in entries:
        amount = posted_units(tx, account, unit)
        if not amount:
            continue
        balance += amount
        if at < start:
            opening = balance
        else:
            lines.append(
                StatementLine(
                    at=at, event_id=tx.event_id, kind=tx.kind, amount=amount, balance=balance
                )
            )
    return Statement(
        account=account,
        unit=unit,
        start=start,
        end=end,
        opening=opening,
        lines=tuple(lines),
        closing=balance,
    )
