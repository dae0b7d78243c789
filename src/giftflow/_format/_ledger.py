"""The ledger: written as what determines it, and read back by replaying its events.

A :class:`~giftflow.Ledger` is not written field by field: its balances, wallets,
carry and journal follow from its configuration and its events, so the data holds
only those, and reading builds a fresh ledger and applies the events in order. Its
hooks are factories (they need the converter for the parts). Loaded with the
converter, on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from giftflow import (
    Agency,
    BalanceGuards,
    Clawback,
    Economy,
    GiftflowError,
    Ledger,
    LedgerEvent,
    SponsorBudget,
    Viewer,
)
from giftflow._format._leaves import str_in
from giftflow._format._paths import PathError, at, object_fields, refused

if TYPE_CHECKING:
    import cattrs

__all__ = ["ledger_in", "ledger_out"]

# What determines a ledger, in the order written; sponsors as configured, not as spent.
_LEDGER_KEYS = ("economy", "guards", "clawback", "agencies", "sponsors", "viewers", "events")


def _field(data: Any, error: GiftflowError) -> tuple[tuple[str | int, ...], Any]:
    """The path, inside an event's data, of the field a ledger's refusal names (if any).

    The ledger names what it refused as the caller wrote it (``at``, ``legs``,
    ``purchase.quote.package.coins``); when that is a field of the event, the data
    error points at it: ``events[3].coins_purchased.purchase.quote.package.coins``.
    """
    argument = getattr(error, "argument", None)
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


def ledger_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    def unstructure(ledger: Ledger) -> dict[str, Any]:
        if not ledger._whole:  # its events do not determine it: they would replay to less
            raise PathError(
                ledger.history,
                "keeps only part of the ledger's events (history, or restored from a snapshot)",
                "write ledger.snapshot() instead; a Ledger's data is every event it applied",
                parts=("events",),
            )
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
            "events": [converter.unstructure(event, LedgerEvent) for event in ledger.events],
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
        fields = object_fields(obj, "Ledger", _LEDGER_KEYS)
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
        event_hook = read(LedgerEvent)
        for index, data in enumerate(events):
            try:
                event = event_hook(data)
            except PathError as bad:
                raise bad.within("events", index) from None
            try:
                ledger.apply(event)
            except GiftflowError as error:
                # The whole ledger is refused: a replay that fails builds nothing.
                parts, value = _field(data, error)
                raise refused(value, error, parts=("events", index, *parts)) from None
        return ledger

    return structure
