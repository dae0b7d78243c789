"""The ledger: written as what determines it, and read back by replaying its events.

A :class:`~giftflow.Ledger` is not written field by field: its balances, wallets,
carry and journal follow from its configuration and its events, so the data holds
only those, and reading builds a fresh ledger and applies the events in order. Its
hooks are factories (they need the converter for the parts). Loaded with the
converter, on first use.

Its events are compact (``"events_shape": "compact"``). A
:class:`~giftflow.CoinsPurchased` is written as the entry of the economy's price book it
used (package, or the coins of a custom amount; storefront country; channel; the
quote's time, which picks the price's window and the promotions) and the figures that
vary between purchases (event and purchase ids, viewer, time, the year's proceeds where
a fee has a threshold), not as its storefront, quote, breakdown and lots. Reading
rebuilds the purchase from the document's own economy with the functions the ledger
verifies purchases with (:mod:`giftflow._ledger._verify`: the quote again, checkout
with the economy's cost basis), so the document holds no figure it could forge. Every
other event leaves out its fields at their default (the compact converter). A key at
its default is left out, and refused if written: one event, one spelling.

Data without ``events_shape`` (format version 1) holds the events in full, as
:func:`~giftflow.to_data` writes each event on its own; it is still read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from giftflow import (
    Agency,
    BalanceGuards,
    Clawback,
    Coins,
    CoinsPurchased,
    Economy,
    GiftflowError,
    Ledger,
    LedgerEvent,
    SponsorBudget,
    Viewer,
)
from giftflow._format._coins_in import channel_in
from giftflow._format._leaves import (
    datetime_in,
    datetime_out,
    money_in,
    money_out,
    str_in,
    units_in,
)
from giftflow._format._paths import PathError, at, key_list, object_fields, refused, require
from giftflow._ledger._events import EVENT_KINDS
from giftflow._ledger._verify import custom_coins, implied_proceeds, quote_again, reprice

if TYPE_CHECKING:
    import cattrs

__all__ = ["PURCHASE_KEYS", "ledger_in", "ledger_out", "purchase_in", "purchase_out"]

T = TypeVar("T")

# What determines a ledger, in the order written; sponsors as configured, not as spent.
_CONFIGURATION = ("economy", "guards", "clawback", "agencies", "sponsors", "viewers")
_FULL_KEYS = (*_CONFIGURATION, "events")
_COMPACT_KEYS = (*_CONFIGURATION, "events_shape", "events")
COMPACT = "compact"
"""The ``events_shape`` of a Ledger document whose events are compact (format version 2)."""
_PURCHASE = EVENT_KINDS[CoinsPurchased]


def _compact() -> cattrs.Converter:
    # Imported here: the converter module imports the registry, which imports this one.
    from giftflow._format._converter import converter

    return converter(compact=True)


def _read_compact(part: Any) -> Callable[[Any], Any]:
    hook = _compact().get_structure_hook(part)
    return lambda value: hook(value, part)


def _field(data: Any, argument: Any) -> tuple[tuple[str | int, ...], Any]:
    """The path, inside an event's data, of the field a ledger's refusal names (if any).

    The ledger names what it refused as the caller wrote it (``at``, ``legs``,
    ``gift.recipients[0].creator``); when that is a field of the event, the data error
    points at it: ``events[3].gift_sent.gift.recipients[0].creator``.
    """
    if type(data) is not dict or len(data) != 1 or type(argument) is not str:
        return (), data
    ((kind, fields),) = data.items()
    parts: list[str | int] = [kind]
    node: Any = fields
    for segment in argument.replace("]", "").replace("[", ".").split("."):
        key: str | int = int(segment) if segment.isdigit() else segment
        inside = (type(node) is dict and key in node) or (
            type(node) is list and type(key) is int and 0 <= key < len(node)
        )
        if not inside:
            break
        node = node[key]
        parts.append(key)
    return (tuple(parts), node) if len(parts) > 1 else ((), data)


# -- compact purchases ---------------------------------------------------------------

_REQUIRED = ("id", "viewer", "at", "package", "country", "channel")
_DEFAULTS = ("purchase_id", "coins", "quoted_at", "proceeds_to_date")
PURCHASE_KEYS = (
    "id",
    "viewer",
    "at",
    "purchase_id",
    "package",
    "coins",
    "country",
    "channel",
    "quoted_at",
    "proceeds_to_date",
)
"""The keys of a compact purchase, in the order written; those of ``_DEFAULTS`` optional."""

_WHAT = "compact purchase"


def purchase_out(event: CoinsPurchased, economy: Economy) -> dict[str, Any]:
    """The compact data of ``event``, a purchase the ledger of ``economy`` has booked.

    ``purchase_id`` is left out when it is the event's id, ``quoted_at`` when it is the
    event's time, ``coins`` for a package, and ``proceeds_to_date`` unless a fee of the
    channel has a threshold: then it is the proceeds the charge implies, the same the
    ledger recovers when it verifies the purchase.
    """
    purchase = event.purchase
    quote = purchase.quote
    when = datetime_out(event.at)
    data: dict[str, Any] = {"id": event.id, "viewer": event.viewer, "at": when}
    if purchase.id != event.id:
        data["purchase_id"] = purchase.id
    data["package"] = quote.package.id
    coins = custom_coins(economy.price_book, quote)
    if coins is not None:
        data["coins"] = coins.amount
    data["country"] = quote.storefront.country
    data["channel"] = quote.channel.id
    quoted = datetime_out(quote.at)
    if quoted != when:
        data["quoted_at"] = quoted
    proceeds = implied_proceeds(purchase)
    if proceeds is not None:
        data["proceeds_to_date"] = money_out(proceeds)
    return data


def _optional(fields: dict[str, Any], key: str, read: Callable[[Any], T], default: Any) -> T | None:
    """The value of an optional key, None when left out; the default written is refused."""
    if key not in fields:
        return None
    value = fields[key]
    if type(value) is type(default) and value == default:
        shown = "null" if default is None else repr(default)
        raise PathError(
            value,
            f"is the default ({shown})",
            "omit it: a compact purchase leaves out the keys at their default",
            parts=(key,),
        )
    return at(key, read, value)


def _refused(fields: dict[str, Any], error: GiftflowError, names: dict[str, str]) -> PathError:
    """The problem of a refusal, at the key its argument names (renamed by ``names``)."""
    argument = getattr(error, "argument", None)
    key = names.get(argument, argument) if type(argument) is str else None
    if key in fields:
        return refused(fields[key], error, parts=(key,))
    return refused(fields, error)


def _canonical(fields: dict[str, Any], key: str, written: str) -> None:
    if fields[key] != written:
        raise PathError(fields[key], "is not in canonical form", f"write {written!r}", parts=(key,))


def purchase_in(obj: Any, economy: Economy) -> CoinsPurchased:
    """Rebuild the purchase ``obj`` names from ``economy``'s price book, as the ledger would.

    Raises:
        PathError: A key is missing, unknown, at its default, badly written, or names
            what the price book does not sell; the path is the key's.
    """
    # Unknown keys first: a purchase written in full is refused for its "purchase".
    for key, value in obj.items() if type(obj) is dict else ():
        if key not in PURCHASE_KEYS:
            raise PathError(
                value,
                f"is not a key of a {_WHAT}",
                f"remove it; a Ledger document names the price-book entry of a purchase"
                f" ({key_list(PURCHASE_KEYS)}) and its economy rebuilds the rest",
                parts=(key,),
            )
    fields = require(obj, _WHAT, _REQUIRED, omitted=_DEFAULTS)
    event_id = at("id", str_in, fields["id"])
    viewer = at("viewer", str_in, fields["viewer"])
    when = at("at", datetime_in, fields["at"])
    purchase_id = _optional(fields, "purchase_id", str_in, fields["id"])
    package = at("package", str_in, fields["package"])
    coins = _optional(fields, "coins", lambda value: units_in(value, Coins), None)
    country = at("country", str_in, fields["country"])
    channel = at("channel", channel_in, fields["channel"])
    quoted = _optional(fields, "quoted_at", datetime_in, fields["at"])
    proceeds = _optional(fields, "proceeds_to_date", money_in, None)
    book = economy.price_book
    if coins is not None and (package != "custom" or any(p.id == "custom" for p in book.packages)):
        raise PathError(
            fields["coins"],
            f"is for a custom amount (package 'custom'), not package {package!r}",
            "omit it for a package of the price book",
            parts=("coins",),
        )
    quote_keys = {"at": "quoted_at" if quoted is not None else "at", "package": "package"}
    try:
        quote = quote_again(
            book,
            package=package,
            coins=coins,
            country=country,
            channel=channel,
            at=when if quoted is None else quoted,
        )
    except GiftflowError as error:
        raise _refused(fields, error, quote_keys) from None
    _canonical(fields, "country", quote.storefront.country)
    _canonical(fields, "channel", quote.channel.id)
    ids = "id" if purchase_id is None else "purchase_id"
    try:
        purchase = reprice(
            economy, quote, event_id if purchase_id is None else purchase_id, proceeds
        )
    except GiftflowError as error:
        raise _refused(fields, error, {"purchase_id": ids, "quote": "package"}) from None
    implied = implied_proceeds(purchase)
    if implied != proceeds:
        # Only a threshold fee reads the proceeds, and then one figure per charge is written.
        if implied is None:
            raise PathError(
                fields["proceeds_to_date"],
                f"changes nothing: no fee of {quote.channel} in {quote.storefront.country}"
                " has a threshold",
                "omit it",
                parts=("proceeds_to_date",),
            )
        raise PathError(
            fields.get("proceeds_to_date"),
            f"is not in canonical form: the fees charged are those of proceeds of {implied}",
            f"write {money_out(implied)!r}",
            parts=("proceeds_to_date",),
        )
    try:
        return CoinsPurchased(id=event_id, viewer=viewer, purchase=purchase, at=when)
    except GiftflowError as error:
        raise _refused(fields, error, {}) from None


def purchase_argument(argument: Any, fields: Any) -> Any:
    """The key of a compact purchase that a ledger's refusal names by its full path.

    The ledger names what it refused in a :class:`~giftflow.CoinsPurchased`
    (``purchase`` for the purchase's id); the compact form keeps no other field of the
    purchase, so a refusal of its figures (``purchase.breakdown.gross``) names the event.
    """
    if argument == "purchase":
        return "purchase_id" if type(fields) is dict and "purchase_id" in fields else "id"
    if type(argument) is str and argument.startswith("purchase."):
        return None
    return argument


# -- the ledger ------------------------------------------------------------------------


def ledger_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    event_out = _compact().get_unstructure_hook(LedgerEvent)

    def unstructure(ledger: Ledger) -> dict[str, Any]:
        if not ledger._whole:  # its events do not determine it: they would replay to less
            raise PathError(
                ledger.history,
                "keeps only part of the ledger's events (history, or restored from a snapshot)",
                "write ledger.snapshot() instead; a Ledger's data is every event it applied",
                parts=("events",),
            )
        economy = ledger.economy
        return {
            "economy": converter.unstructure(ledger.economy, Economy),
            "guards": converter.unstructure(ledger.guards, BalanceGuards),
            "clawback": converter.unstructure(ledger.clawback, Clawback),
            "agencies": {
                creator: converter.unstructure(agency, Agency)
                for creator, agency in sorted(ledger.agencies.items())
            },
            "sponsors": {
                sponsor: converter.unstructure(budget, SponsorBudget)
                for sponsor, budget in sorted(ledger._initial_sponsors.items())
            },
            "viewers": {
                viewer: converter.unstructure(profile, Viewer)
                for viewer, profile in sorted(ledger.viewers.items())
            },
            "events_shape": COMPACT,
            "events": [
                {_PURCHASE: purchase_out(event, economy)}
                if type(event) is CoinsPurchased
                else event_out(event)
                for event in ledger.events
            ],
        }

    return unstructure


def ledger_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    def read(part: Any) -> Callable[[Any], Any]:
        hook = converter.get_structure_hook(part)
        return lambda value: hook(value, part)

    def mapping(part: type) -> Callable[[Any], dict[str, Any]]:
        hook = read(part)

        def structure(obj: Any) -> dict[str, Any]:
            if type(obj) is not dict:
                raise PathError(obj, "must be an object", "write {} for none")
            return {at(key, str_in, key): at(key, hook, value) for key, value in obj.items()}

        return structure

    def structure(obj: Any, _: Any) -> Ledger:
        compact = type(obj) is dict and "events_shape" in obj
        fields = object_fields(obj, "Ledger", _COMPACT_KEYS if compact else _FULL_KEYS)
        if compact and (
            type(fields["events_shape"]) is not str or fields["events_shape"] != COMPACT
        ):
            raise PathError(
                fields["events_shape"],
                "is not a shape of events this giftflow reads",
                f"write {COMPACT!r}, or leave the key out for the full events of format version 1",
                parts=("events_shape",),
            )
        economy = at("economy", read(Economy), fields["economy"])
        guards = at("guards", read(BalanceGuards), fields["guards"])
        clawback = at("clawback", read(Clawback), fields["clawback"])
        agencies = at("agencies", mapping(Agency), fields["agencies"])
        sponsors = at("sponsors", mapping(SponsorBudget), fields["sponsors"])
        viewers = at("viewers", mapping(Viewer), fields["viewers"])
        events = fields["events"]
        if type(events) is not list:
            raise PathError(events, "must be a list", "write [] for none", parts=("events",))
        try:
            ledger = Ledger(
                economy,
                guards=guards,
                clawback=clawback,
                agencies=agencies,
                sponsors=sponsors,
                viewers=viewers,
            )
        except GiftflowError as error:
            raise refused(obj, error) from None
        event_hook = read(LedgerEvent) if not compact else _read_compact(LedgerEvent)
        for index, data in enumerate(events):
            # A compact purchase is rebuilt from the economy: no hook of a type knows it.
            purchase = compact and type(data) is dict and len(data) == 1 and _PURCHASE in data
            try:
                if purchase:
                    event = at(
                        _PURCHASE, lambda value: purchase_in(value, economy), data[_PURCHASE]
                    )
                else:
                    event = event_hook(data)
            except PathError as bad:
                raise bad.within("events", index) from None
            try:
                ledger.apply(event)
            except GiftflowError as error:
                # The whole ledger is refused: a replay that fails builds nothing.
                argument = getattr(error, "argument", None)
                if purchase:
                    argument = purchase_argument(argument, data[_PURCHASE])
                parts, value = _field(data, argument)
                raise refused(value, error, parts=("events", index, *parts)) from None
        return ledger

    return structure
