"""Double-entry bookkeeping: accounts, postings and balanced transactions, in three units.

A *posting* adds a whole number of units (minor units of a currency, coins or
diamonds) to one account's balance; a *transaction* is an immutable set of
postings that sums to zero in every unit on its own. Balances are signed: an
account that holds value (a viewer's coins, a creator's diamonds, money owed to
a store) has a positive balance, and the accounts that stand for the outside
world (coin and diamond issuance, external money) go negative by what they put in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, overload

import attrs

from giftflow._ledger._errors import UnbalancedTransactionError
from giftflow._ledger._tables import transaction_html, transaction_records
from giftflow._values._checks import check_aware_field, check_instance, check_name, valid_name
from giftflow._values._currency import _CODE as _CURRENCY_CODE
from giftflow._values._currency import Currency, _iso_lookup
from giftflow._values._errors import Choice, InvalidTypeError, InvalidValueError
from giftflow._values._money import Money
from giftflow._values._units import Coins, Diamonds

__all__ = [
    "TRANSACTION_KINDS",
    "Account",
    "AccountKind",
    "Amount",
    "Posting",
    "Transaction",
    "Unit",
    "amount_in",
    "check_kind",
    "check_unit",
    "posted_units",
    "unit_key",
    "unit_of",
]

Amount = Money | Coins | Diamonds
"""What a posting moves: money in minor units, coins or diamonds."""

Unit = type[Coins] | type[Diamonds] | Currency
"""What a balance is read in: the class :class:`Coins` or :class:`Diamonds`, or a currency.

``ledger.balance(account, Diamonds)`` is a :class:`Diamonds`,
``ledger.balance(account, currency("USD"))`` a :class:`Money`: the type checker knows
the result's type, and rejects a unit that is none of these (a string such as
``"diamond"``, which the run time refuses too).
"""


class AccountKind(Choice):
    """What an account stands for; with an owner, it names one account.

    >>> AccountKind.VIEWER_WALLET.value
    'viewer_wallet'
    """

    VIEWER_WALLET = "viewer_wallet"
    """A viewer's coins (owner: the viewer)."""
    CREATOR_BALANCE = "creator_balance"
    """A creator's diamonds not yet paid out (owner: the creator)."""
    PAYOUT_CLEARING = "payout_clearing"
    """Diamonds reserved by a requested payout, until it settles or fails (owner: creator)."""
    PLATFORM_REVENUE = "platform_revenue"
    """Money the platform has earned (recognised revenue, net of what it pays out)."""
    DEFERRED_REVENUE = "deferred_revenue"
    """Money for coins sold but not yet spent: owed to viewers as coins."""
    TAX_PAYABLE = "tax_payable"
    """Tax collected or withheld, owed to a tax authority (owner: country or 'withholding')."""
    STORE_PAYABLE = "store_payable"
    """An app store's fee, owed to the store (owner: the fee's name)."""
    PROCESSOR_PAYABLE = "processor_payable"
    """A payment processor's fee, owed to it (owner: the fee's name)."""
    AGENCY_PAYABLE = "agency_payable"
    """Commission owed to an agency (owner: the agency)."""
    SPONSOR_BUDGET = "sponsor_budget"
    """A sponsor's budget; negative by what the sponsor owes for its gifts (owner: sponsor)."""
    COIN_ISSUANCE = "coin_issuance"
    """Where coins come from and return to; negative by the coins in circulation."""
    DIAMOND_ISSUANCE = "diamond_issuance"
    """Where diamonds come from and return to; negative by the diamonds outstanding."""
    BREAKAGE = "breakage"
    """Expired or forfeited coins and diamonds, and the money behind them."""
    EXTERNAL = "external"
    """Money outside the platform: a viewer's card, a creator's bank (owner: who)."""
    FX_CONVERSION = "fx_conversion"
    """Where currencies meet: each conversion puts money in one currency and takes the
    other out, so it balances in each currency (positive where the platform sold)."""
    ROUNDING = "rounding"
    """Whole units of rounding residue (conversions, payout valuation), per currency;
    the fraction below one unit is :meth:`~giftflow.Ledger.residues`."""

    # Members are singletons, so identity hashing agrees with equality; it is a C slot,
    # where Enum's own __hash__ is Python code run on every balance lookup.
    __hash__ = object.__hash__


def _check_owner(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    if type(value) is not str:
        raise InvalidTypeError("owner", value, "must be a str", "pass '' for a platform account")
    if value:  # '' is the platform's own account; any other owner is an id like any other
        valid_name("owner", value)


@attrs.frozen(order=False, cache_hash=True)
class Account:
    """One account: a kind and an owner (empty for the platform's own accounts).

    Accounts sort by kind (its value) and then owner; they compare only with accounts.

    >>> print(Account(AccountKind.VIEWER_WALLET, "v1"))
    viewer_wallet:v1
    >>> print(Account(AccountKind.PLATFORM_REVENUE))
    platform_revenue
    >>> Account(AccountKind.VIEWER_WALLET, "v1") < Account(AccountKind.VIEWER_WALLET, "v2")
    True
    >>> Account(AccountKind.VIEWER_WALLET, " v1")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: owner must ...
    """

    kind: AccountKind = attrs.field(
        validator=check_instance(AccountKind, "AccountKind.VIEWER_WALLET")
    )
    owner: str = attrs.field(default="", validator=_check_owner)

    def _key(self, other: object, symbol: str) -> tuple[tuple[str, str], tuple[str, str]]:
        if type(other) is not Account:
            raise InvalidTypeError(
                "other",
                other,
                f"is not an operand of Account {symbol}",
                "compare an Account with another Account, or sort by str(account)",
            )
        return (self.kind.value, self.owner), (other.kind.value, other.owner)

    def __lt__(self, other: object) -> bool:
        mine, theirs = self._key(other, "<")
        return mine < theirs

    def __le__(self, other: object) -> bool:
        mine, theirs = self._key(other, "<=")
        return mine <= theirs

    def __gt__(self, other: object) -> bool:
        mine, theirs = self._key(other, ">")
        return mine > theirs

    def __ge__(self, other: object) -> bool:
        mine, theirs = self._key(other, ">=")
        return mine >= theirs

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.owner}" if self.owner else self.kind.value


TRANSACTION_KINDS = frozenset(
    {
        "coins_purchased",
        "gift_sent",
        "refunded",
        "charged_back",
        "coins_expired",
        "account_forfeited",
        "diamonds_reconverted",
        "payout_requested",
        "payout_settled",
        "payout_failed",
        "payable_settled",
        "store_settled",
    }
)
"""The kinds a transaction may have: one per kind of ledger event (``EVENT_KINDS``)."""


def check_kind(argument: str, value: Any) -> str:
    """``value`` if it is one of :data:`TRANSACTION_KINDS`; raise a clear error otherwise.

    >>> check_kind("kind", "gift_sent")
    'gift_sent'
    >>> check_kind("kind", "magic")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: kind must be the kind of a ledger event, got 'magic' (str); ...
    """
    if type(value) is not str or value not in TRANSACTION_KINDS:
        raise InvalidValueError(
            argument,
            value,
            "must be the kind of a ledger event",
            f"pass one of {', '.join(sorted(TRANSACTION_KINDS))}",
        )
    return value


def check_unit(argument: str, value: Any) -> str:
    """``value`` if it names a unit: ``'coins'``, ``'diamonds'`` or a currency's code.

    A currency's code is written as :class:`Currency` keeps it (upper case), so that
    custom currencies (``'GEMS'``) name units too.

    >>> check_unit("unit", "coins"), check_unit("unit", "USD")
    ('coins', 'USD')
    >>> check_unit("unit", "bits")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: unit must be 'coins', 'diamonds' or a currency code, ...
    """
    if type(value) is str and (
        value == "coins" or value == "diamonds" or _CURRENCY_CODE.fullmatch(value)
    ):
        return value
    hint = "pass 'coins', 'diamonds' or a currency code such as 'USD'"
    if type(value) is Currency:
        hint = f"pass its code, {value.code!r}"
    raise InvalidValueError(argument, value, "must be 'coins', 'diamonds' or a currency code", hint)


def unit_key(argument: str, unit: object) -> str:
    """The code a ledger keeps ``unit``'s balances under: ``'coins'``, ``'diamonds'``, a currency's.

    A currency with an ISO 4217 code must have that code's minor unit, or its
    balances would be read in the wrong unit.

    >>> from giftflow import currency
    >>> unit_key("unit", Coins), unit_key("unit", Diamonds), unit_key("unit", currency("JPY"))
    ('coins', 'diamonds', 'JPY')
    >>> unit_key("unit", "diamonds")
    Traceback (most recent call last):
    ...
    giftflow.InvalidTypeError: unit must be Coins, Diamonds or a Currency, got 'diamonds' (str); pass Diamonds (the class), not the string
    """
    if unit is Coins or unit is Diamonds:
        return unit._unit
    if type(unit) is Currency:
        iso = _iso_lookup(unit.code)
        if iso is not None and iso.exponent != unit.exponent:
            raise InvalidValueError(
                argument,
                unit,
                f"has {unit.exponent} decimal places, but {unit.code} has {iso.exponent}",
                f"pass currency({unit.code!r})",
            )
        return unit.code
    hint = "pass Coins, Diamonds (the classes) or a Currency such as currency('USD')"
    if type(unit) is str:
        word = unit.strip().lower().removesuffix("s")
        if word == "coin" or word == "diamond":
            hint = f"pass {word.capitalize()}s (the class), not the string"
        elif _iso_lookup(unit.strip().upper()) is not None:
            hint = f"pass currency({unit.strip().upper()!r}), not the string"
    raise InvalidTypeError(argument, unit, "must be Coins, Diamonds or a Currency", hint)


@overload
def amount_in(unit: type[Coins], units: int) -> Coins: ...
@overload
def amount_in(unit: type[Diamonds], units: int) -> Diamonds: ...
@overload
def amount_in(unit: Currency, units: int) -> Money: ...
def amount_in(unit: Unit, units: int) -> Amount:
    """``units`` whole units (minor units of a currency) of ``unit``, checked by :func:`unit_key`.

    >>> from giftflow import currency
    >>> amount_in(Coins, 5), amount_in(currency("USD"), -150)
    (Coins(5), Money.parse('-1.50', 'USD'))
    """
    if type(unit) is Currency:
        return Money._unchecked(units, unit)
    return unit._unchecked(units)  # type: ignore[union-attr]


def unit_of(amount: Amount) -> str:
    """The unit an amount is counted in: a currency code, ``'coins'`` or ``'diamonds'``.

    >>> unit_of(Money.parse("1", "USD")), unit_of(Coins(5)), unit_of(Diamonds(5))
    ('USD', 'coins', 'diamonds')
    """
    kind = type(amount)
    if kind is Money:
        return amount.currency.code  # type: ignore[union-attr]
    if kind is Coins or kind is Diamonds:
        return amount._unit  # type: ignore[union-attr]
    raise InvalidTypeError(
        "amount", amount, "must be Money, Coins or Diamonds", "pass Money.parse(...) or Coins(n)"
    )


def whole_units(amount: Amount) -> int:
    """The signed whole number of units of ``amount`` (minor units for money)."""
    return amount.minor if type(amount) is Money else amount.amount  # type: ignore[union-attr]


@attrs.frozen
class Posting:
    """A signed amount added to one account's balance.

    >>> posting = Posting(Account(AccountKind.VIEWER_WALLET, "v1"), Coins(65))
    >>> print(posting)
    viewer_wallet:v1 +65 coins
    >>> posting.unit, posting.units
    ('coins', 65)
    """

    account: Account = attrs.field(validator=check_instance(Account, "Account(kind, owner)"))
    amount: Amount = attrs.field()

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Amount], value: Any) -> None:
        unit_of(value)

    @classmethod
    def _unchecked(cls, account: Account, amount: Amount) -> Posting:
        # Build without validating, for the ledger's hot path: an already-valid
        # account and amount, thousands of times a second.
        posting = _new(Posting)
        _set_account(posting, account)
        _set_amount(posting, amount)
        return posting

    @property
    def unit(self) -> str:
        """The unit of the amount (see :func:`unit_of`)."""
        return unit_of(self.amount)

    @property
    def units(self) -> int:
        """The signed whole number of units (minor units for money)."""
        return whole_units(self.amount)

    def _signed(self) -> str:
        # The amount with its sign: '+65 coins', '-0.05 USD'.
        if type(self.amount) is Money:
            sign = "+" if self.amount.minor >= 0 else ""
            return f"{sign}{self.amount}"
        return f"{self.units:+d} {self.unit}"

    def __str__(self) -> str:
        return f"{self.account} {self._signed()}"


def _check_kind(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_kind(attribute.name, value)


def _check_postings(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(p) is Posting for p in value):
        raise InvalidTypeError("postings", value, "must be a tuple of Posting", "")


def _metadata(value: Mapping[str, str]) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return value


def _check_metadata(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping) or not all(
        type(k) is str and type(v) is str for k, v in value.items()
    ):
        raise InvalidTypeError(
            "metadata", value, "must map str to str", "pass {'gift': 'Rose'} or {}"
        )


def net_changes(
    postings: Iterable[Posting],
) -> tuple[dict[tuple[Account, str], int], dict[str, int]]:
    """The net change of ``postings`` per account and unit, and their sum per unit.

    >>> a, b = Account(AccountKind.VIEWER_WALLET, "v1"), Account(AccountKind.COIN_ISSUANCE)
    >>> changes, sums = net_changes([Posting(a, Coins(5)), Posting(b, Coins(-5))])
    >>> [(str(account), unit, n) for (account, unit), n in changes.items()], sums
    ([('viewer_wallet:v1', 'coins', 5), ('coin_issuance', 'coins', -5)], {'coins': 0})
    """
    changes: dict[tuple[Account, str], int] = {}
    sums: dict[str, int] = {}
    for posting in postings:
        amount = posting.amount
        if type(amount) is Money:
            unit, units = amount.currency.code, amount.minor
        else:
            unit, units = amount._unit, amount.amount  # type: ignore[union-attr]
        key = (posting.account, unit)
        changes[key] = changes.get(key, 0) + units
        sums[unit] = sums.get(unit, 0) + units
    return changes, sums


def totals(postings: Iterable[Posting]) -> dict[str, int]:
    """The sum of ``postings`` in each unit (a balanced set gives all zeros).

    >>> a, b = Account(AccountKind.VIEWER_WALLET, "v1"), Account(AccountKind.COIN_ISSUANCE)
    >>> totals([Posting(a, Coins(5)), Posting(b, Coins(-3))])
    {'coins': 2}
    """
    return net_changes(postings)[1]


@attrs.frozen(kw_only=True, eq=False)
class Transaction:
    """An event's effect on the books: postings that sum to zero in every unit.

    Attributes:
        event_id: The id of the event that produced it.
        kind: The event's kind (``'coins_purchased'``, ``'gift_sent'``, ...).
        at: When it takes effect, as the caller said (timezone-aware).
        postings: The postings, in a fixed order; zero postings are left out.
        metadata: Facts worth keeping beside the postings (gift, purchase, residues).

    ``to_records()`` gives the postings as plain records, ``_repr_html_()`` a table.

    Raises:
        UnbalancedTransactionError: Some unit does not sum to zero; ``totals`` says
            by how much.

    >>> from datetime import datetime, timezone
    >>> wallet, issuance = Account(AccountKind.VIEWER_WALLET, "v1"), Account(AccountKind.COIN_ISSUANCE)
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> Transaction(event_id="e1", kind="coins_expired", at=at,
    ...             postings=(Posting(wallet, Coins(5)), Posting(issuance, Coins(-4))))
    Traceback (most recent call last):
    ...
    giftflow.UnbalancedTransactionError: postings must sum to zero in every unit, but they sum to {'coins': 1}; add the missing leg
    """

    event_id: str = attrs.field(validator=check_name)
    kind: str = attrs.field(validator=_check_kind)
    at: datetime = attrs.field(validator=check_aware_field)
    postings: tuple[Posting, ...] = attrs.field(validator=_check_postings)
    metadata: Mapping[str, str] = attrs.field(
        factory=dict, converter=_metadata, validator=_check_metadata
    )

    @classmethod
    def _unchecked(
        cls,
        event_id: str,
        kind: str,
        at: datetime,
        postings: tuple[Posting, ...],
        metadata: dict[str, str],
        sums: Mapping[str, int],
    ) -> Transaction:
        """Build from fields the caller has validated, and per-unit ``sums`` it computed.

        Only the balance check runs (the caller sums the postings anyway); ``metadata``
        is kept as it is, read-only, so the caller must not change it after.

        Raises:
            UnbalancedTransactionError: Some unit does not sum to zero.
        """
        unbalanced = {unit: total for unit, total in sums.items() if total}
        if unbalanced:
            raise UnbalancedTransactionError(unbalanced)
        transaction = _new(Transaction)
        _set(transaction, "event_id", event_id)
        _set(transaction, "kind", kind)
        _set(transaction, "at", at)
        _set(transaction, "postings", postings)
        _set(transaction, "metadata", MappingProxyType(metadata))
        return transaction

    def __attrs_post_init__(self) -> None:
        unbalanced = {unit: total for unit, total in totals(self.postings).items() if total}
        if unbalanced:
            raise UnbalancedTransactionError(unbalanced)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Transaction:
            return NotImplemented
        return (
            self.event_id == other.event_id
            and self.kind == other.kind
            and self.at == other.at
            and self.postings == other.postings
            and dict(self.metadata) == dict(other.metadata)
        )

    def __hash__(self) -> int:
        return hash((self.event_id, self.kind, self.at, self.postings))

    @overload
    def amount(self, account: Account, unit: type[Coins]) -> Coins: ...
    @overload
    def amount(self, account: Account, unit: type[Diamonds]) -> Diamonds: ...
    @overload
    def amount(self, account: Account, unit: Currency) -> Money: ...
    def amount(self, account: Account, unit: Unit) -> Amount:
        """The net change of ``account`` in ``unit`` by this transaction, in that unit.

        >>> from datetime import datetime, timezone
        >>> wallet, issuance = (Account(AccountKind.VIEWER_WALLET, "v1"),
        ...                     Account(AccountKind.COIN_ISSUANCE))
        >>> tx = Transaction(event_id="e1", kind="coins_expired",
        ...                  at=datetime(2026, 11, 24, tzinfo=timezone.utc),
        ...                  postings=(Posting(wallet, Coins(5)), Posting(issuance, Coins(-5))))
        >>> from giftflow import currency
        >>> tx.amount(wallet, Coins), tx.amount(wallet, currency("USD"))
        (Coins(5), Money.parse('0.00', 'USD'))

        Raises:
            InvalidTypeError: ``account`` is not an :class:`Account`, or ``unit`` is not
                ``Coins``, ``Diamonds`` or a :class:`Currency`.
            InvalidValueError: ``unit`` is a currency with an ISO code but another minor unit.
        """
        if type(account) is not Account:
            raise InvalidTypeError(
                "account", account, "must be an Account", "pass Account(kind, owner)"
            )
        return amount_in(unit, posted_units(self, account, unit_key("unit", unit)))

    to_records = transaction_records
    _repr_html_ = transaction_html

    def __str__(self) -> str:
        head = f"{self.at.isoformat()}  {self.kind} {self.event_id}"
        return "\n".join([head, *(f"  {posting}" for posting in self.postings)])


def posted_units(transaction: Transaction, account: Account, unit: str) -> int:
    """The net change of ``account`` by ``transaction`` in whole units of the unit coded ``unit``."""
    return sum(p.units for p in transaction.postings if p.account == account and p.unit == unit)


_new = object.__new__
_set = object.__setattr__  # Transaction's frozen __setattr__ refuses; its fields are few
# Setting through the slot descriptors skips the frozen class's __setattr__ guard.
_set_account = Posting.__dict__["account"].__set__
_set_amount = Posting.__dict__["amount"].__set__
