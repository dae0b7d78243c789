"""The events that settle what the platform owes: agencies, tax authorities, stores, processors.

A purchase books its tax and fees to payables and a gift books an agency's commission
to one; these events take them out again. :class:`PayableSettled` is the platform paying
a payable itself; :class:`StoreSettled` is a store (or processor) that collected the
viewers' money keeping its fee and remitting the rest. How the ledger books them lives
in ``_payables``; ``docs/design.md`` ("Payables") says why the events have this shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from giftflow._ledger._journal import Account, AccountKind
from giftflow._values._checks import check_aware, check_name
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._money import Money

__all__ = ["PARTIES", "PAYABLE_KINDS", "PayableSettled", "StoreSettled", "party_of"]

K = AccountKind

PARTIES: dict[AccountKind, str] = {
    K.AGENCY_PAYABLE: "agency",
    K.TAX_PAYABLE: "tax",
    K.STORE_PAYABLE: "store",
    K.PROCESSOR_PAYABLE: "processor",
}
"""Each payable kind, and the prefix of its party's external account (``external:tax/US``)."""

PAYABLE_KINDS = frozenset(PARTIES)
"""The account kinds that hold money the platform owes to someone outside it."""

_NETTING = (K.STORE_PAYABLE, K.PROCESSOR_PAYABLE)
_OWNER_ROOM = 64  # valid_name's limit, which the party's account owner must meet too


def party_of(payable: Account) -> Account:
    """The external account of the party ``payable`` is owed to: ``external:<party>/<owner>``.

    The prefix keeps parties apart from viewers and creators, whose external accounts
    are named by their bare ids: a tax authority ``US`` is never a viewer ``US``.

    >>> print(party_of(Account(AccountKind.TAX_PAYABLE, "US")))
    external:tax/US
    """
    return Account(K.EXTERNAL, f"{PARTIES[payable.kind]}/{payable.owner}")


def _aware(instance: Any, attribute: attrs.Attribute[datetime], value: Any) -> None:
    check_aware(attribute.name, value)


def _check_payable(kinds: tuple[AccountKind, ...], example: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not Account:
            raise InvalidTypeError("payable", value, "must be an Account", example)
        if value.kind not in kinds:
            names = ", ".join(f"AccountKind.{kind.name}" for kind in kinds)
            raise InvalidValueError(
                "payable", value, f"must be a payable this event settles ({names})", example
            )
        prefix = PARTIES[value.kind]
        if not value.owner or len(prefix) + 1 + len(value.owner) > _OWNER_ROOM:
            raise InvalidValueError(
                "payable",
                value,
                f"must name its party in at most {_OWNER_ROOM - len(prefix) - 1} characters"
                f" (its external account is '{prefix}/<owner>')",
                example,
            )

    return validate


def _positive_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Money:
        raise InvalidTypeError(
            attribute.name, value, "must be Money", "pass Money.parse('12.50', 'USD')"
        )
    if value.minor <= 0:
        raise InvalidValueError(attribute.name, value, "must be positive", "settle 0.01 or more")


@attrs.frozen(kw_only=True)
class PayableSettled:
    """The platform pays ``amount`` of a payable to the party it is owed to.

    ``payable`` names what is settled and to whom: an agency's commission
    (``AccountKind.AGENCY_PAYABLE``, owner: the agency), tax remitted to an authority
    (``TAX_PAYABLE``: the country code, or ``'withholding'``), or a store's or
    processor's fee the platform pays itself (``STORE_PAYABLE``, ``PROCESSOR_PAYABLE``:
    the fee's name; a store that keeps its fee from what it collected settles with
    :class:`StoreSettled`). The amount moves from the payable to the party's external
    account (:attr:`party`); it must be in a currency the payable holds and at most
    what it holds there, so a settlement never takes a payable below zero.

    >>> from datetime import datetime, timezone
    >>> event = PayableSettled(id="t1", at=datetime(2026, 12, 15, tzinfo=timezone.utc),
    ...                        payable=Account(AccountKind.TAX_PAYABLE, "US"),
    ...                        amount=Money.parse("120.00", "USD"))
    >>> print(event.party)
    external:tax/US
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    payable: Account = attrs.field(
        validator=_check_payable(tuple(PARTIES), "Account(AccountKind.TAX_PAYABLE, 'US')")
    )
    amount: Money = attrs.field(validator=_positive_money)

    @property
    def party(self) -> Account:
        """The external account the amount is paid to (``external:agency/a1``, ...)."""
        return party_of(self.payable)


@attrs.frozen(kw_only=True)
class StoreSettled:
    """A store's settlement report: it collected ``gross``, kept its fee and remitted ``net``.

    The fee it kept, ``gross - net`` (:attr:`fee`), settles that much of ``payable``:
    the store's (``AccountKind.STORE_PAYABLE``, owner: the fee's name) or a processor's
    that nets its fee the same way (``PROCESSOR_PAYABLE``). The book shows the fee
    leaving the payable for the store's external account (:attr:`party`); ``gross``
    and ``net`` are kept in the transaction's metadata. Neither is posted, because a
    purchase already booked the whole gross as paid in by the viewer (the book holds
    no cash account); only the store's claim on it was still open.

    >>> from datetime import datetime, timezone
    >>> event = StoreSettled(id="apple-2026-11", at=datetime(2026, 12, 10, tzinfo=timezone.utc),
    ...                      payable=Account(AccountKind.STORE_PAYABLE, "apple"),
    ...                      gross=Money.parse("990.00", "USD"), net=Money.parse("693.00", "USD"))
    >>> event.fee
    Money.parse('297.00', 'USD')
    """

    id: str = attrs.field(validator=check_name)
    at: datetime = attrs.field(validator=_aware)
    payable: Account = attrs.field(
        validator=_check_payable(_NETTING, "Account(AccountKind.STORE_PAYABLE, 'apple')")
    )
    gross: Money = attrs.field(validator=_positive_money)
    net: Money = attrs.field()

    @net.validator
    def _check_net(self, attribute: attrs.Attribute[Money], value: Any) -> None:
        if type(value) is not Money:
            raise InvalidTypeError("net", value, "must be Money", "pass Money.parse('693', 'USD')")
        if value.currency != self.gross.currency:
            raise InvalidValueError(
                "net",
                value,
                f"is in {value.currency} but the gross is in {self.gross.currency}",
                "state the report's gross and net in one currency",
            )
        if not 0 <= value.minor < self.gross.minor:
            raise InvalidValueError(
                "net",
                value,
                f"must be at least zero and less than the gross ({self.gross}): the store"
                " keeps a positive fee",
                "pass the net the store remitted; settle a fee-free report with no event",
            )

    @property
    def fee(self) -> Money:
        """The fee the store kept: ``gross - net``."""
        return self.gross - self.net

    @property
    def party(self) -> Account:
        """The store's external account (``external:store/apple``)."""
        return party_of(self.payable)
