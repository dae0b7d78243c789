"""A ledger's configuration, checked once where it is given: ``Ledger(...)`` and ``restore``.

The configuration is what the ledger trusts (``docs/design.md``, "Trust boundary"):
the economy, balance guards, clawback policy, agencies, sponsors' budgets, viewers'
profiles, and how much history and how many ids it keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from giftflow._coins_in._rules import Viewer
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._gifts import SponsorBudget
from giftflow._coins_out._issuance import Agency
from giftflow._ledger._errors import InsufficientBalanceError
from giftflow._ledger._journal import Account, AccountKind
from giftflow._ledger._options import BalanceGuards, Clawback, History, Idempotency
from giftflow._values._checks import valid_name
from giftflow._values._errors import InvalidTypeError, InvalidValueError

__all__ = ["Guards", "checked_configuration"]

K = AccountKind


class Guards:
    """The ledger's balance guards as floors per account kind, checked before a commit."""

    __slots__ = ("floors", "no_overdraft")

    def __init__(self, guards: BalanceGuards) -> None:
        guarded = (K.VIEWER_WALLET, K.CREATOR_BALANCE)
        self.floors = {kind: guards.floor(kind) for kind in guarded}
        self.no_overdraft = dict.fromkeys(guarded, 0)

    def check(
        self,
        balances: Mapping[tuple[Account, str], int],
        changes: Mapping[tuple[Account, str], int],
        *,
        overdraft: bool,
    ) -> None:
        """Refuse ``changes`` if one takes a guarded balance below its floor.

        Only a clawback (``overdraft``) may go below zero, as far as the guards allow.

        Raises:
            InsufficientBalanceError: naming the account, unit and numbers.
        """
        floors = self.floors if overdraft else self.no_overdraft
        for key, change in changes.items():
            if change >= 0:
                continue
            floor_ = floors.get(key[0].kind)
            if floor_ is None:
                continue
            balance = balances.get(key, 0)
            if balance + change < floor_:
                raise InsufficientBalanceError(
                    str(key[0]), key[1], balance, floor_, balance + change
                )


def checked_configuration(
    economy: Any,
    guards: Any,
    clawback: Any,
    agencies: Any,
    sponsors: Any,
    viewers: Any,
    history: Any,
    idempotency: Any,
) -> tuple[BalanceGuards, dict[str, Agency], dict[str, SponsorBudget], dict[str, Viewer]]:
    """The guards (default filled in), agencies, sponsors and viewers, once all are checked.

    Raises:
        InvalidTypeError: An argument is not of its type.
        InvalidValueError: A sponsor's budget is filed under another id, or an id is
            not a valid name.
    """
    if type(history) is not History:
        raise InvalidTypeError("history", history, "must be a History", "History.last(1000)")
    if type(idempotency) is not Idempotency:
        raise InvalidTypeError(
            "idempotency", idempotency, "must be an Idempotency", "Idempotency.window(10**6)"
        )
    if type(economy) is not Economy:
        raise InvalidTypeError("economy", economy, "must be an Economy", "presets.tiktok()")
    guards = BalanceGuards() if guards is None else guards
    if type(guards) is not BalanceGuards:
        raise InvalidTypeError("guards", guards, "must be BalanceGuards", "BalanceGuards()")
    if type(clawback) is not Clawback:
        raise InvalidTypeError(
            "clawback", clawback, "must be a Clawback", "Clawback.PLATFORM_ABSORBS"
        )
    agencies = dict(agencies or {})
    for creator, agency in agencies.items():
        if type(agency) is not Agency:
            raise InvalidTypeError("agencies", (creator, agency), "must map creators to Agency", "")
        valid_name("agencies", creator)
    sponsors = dict(sponsors or {})
    for sponsor, budget in sponsors.items():
        if type(budget) is not SponsorBudget or budget.sponsor != sponsor:
            raise InvalidValueError(
                "sponsors",
                (sponsor, budget),
                "must map each sponsor id to its own SponsorBudget",
                "pass {budget.sponsor: budget}",
            )
    if viewers is not None and not isinstance(viewers, Mapping):
        raise InvalidTypeError(
            "viewers", viewers, "must map viewer ids to Viewer", "pass {'v1': Viewer(...)}"
        )
    viewers = dict(viewers or {})
    for viewer, profile in viewers.items():
        valid_name("viewers", viewer)
        if type(profile) is not Viewer:
            raise InvalidTypeError(
                "viewers",
                (viewer, profile),
                "must map viewer ids to Viewer",
                "pass {'v1': Viewer(country='US', birth_date=date(1990, 5, 1))}",
            )
    return guards, agencies, sponsors, viewers
