"""Columnar settlement: Arrow tables, numpy arrays and Arrow streams into a Settlement.

:func:`settle_columns` returns what :func:`~giftflow.settle` returns for the same
records. It is not a second implementation of the rules: it fills the same settler
(``_settling._Settler``) with the same sums, computed in int64 numpy arrays instead of
a Python loop, and lets it finish. Creators whose diamonds follow from coins alone are
summed per creator (plain ints, as ``settle``'s hot path); the others (a revenue
share, an agency) go to the issuance core once per group of rows with the same
creator, battle flag and sign of the platform's portion, which gives the same exact
sums because every policy's entitlement is linear in a group's coins and net.

Integers are exact: int64 where a bound proves no sum can overflow, Python ints
(numpy object arrays) where it cannot, never a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

from giftflow._coins_out._column_input import (
    INT64_MAX,
    ColumnSource,
    Identifiers,
    arrow,
    batches,
    booleans,
    check_names,
    first_row,
    integers,
)
from giftflow._coins_out._economy import Economy
from giftflow._coins_out._issuance import Agency
from giftflow._coins_out._settlement import Settlement
from giftflow._coins_out._settling import _check_arguments, _Settler
from giftflow._values._errors import InvalidTypeError, InvalidValueError, SettlementError

__all__ = ["settle_columns"]

_PAIRS = 1 << 22  # at most this many (creator, gift) cells for the one-pass pair table


def settle_columns(
    economy: Economy,
    columns: ColumnSource,
    *,
    at: datetime,
    country: str,
    metrics: Mapping[str, Mapping[str, int]] | None = None,
    agencies: Mapping[str, Agency] | None = None,
    ignore: Iterable[str] = (),
) -> Settlement:
    """Settle gift records given as columns: the same :class:`Settlement` as :func:`settle`.

    Needs the ``giftflow[columns]`` extra (numpy and pyarrow). ``columns`` is read batch
    by batch, so a stream (a ``pyarrow.RecordBatchReader``, a Parquet file's
    ``iter_batches()``, a polars or DuckDB result through the Arrow C stream interface)
    never sits in memory whole.

    The columns, one row per record:

    - ``creator``: strings, or a dictionary of strings (as Parquet and polars
      categoricals give them; each distinct string is checked once).
    - ``gift``: a gift id or name in the catalog, strings or a dictionary of strings.
    - ``count``: integers >= 1 (int8 to uint64; a float or decimal column is refused).
    - ``battle`` (optional): booleans, as :class:`GiftRecord`'s ``battle``.
    - ``net`` (optional, nullable): what the platform received for the gift's coins
      (``GiftRecord.net``) in **minor units** of the currency diamonds are valued in,
      integers or decimals (a decimal keeps fractions of a minor unit exactly); null
      for a record without one.

    Any other column is refused unless named in ``ignore`` (a ``viewer`` column, say):
    a per-row agency, sponsor or time has no meaning for one settlement (pass
    ``agencies=``, settle sponsored gifts with ``send_gift``, and settle each period
    with its own ``at``).

    No value is ever wrapped or rounded: sums stay in int64 while a bound proves they
    fit and move to Python ints when it does not; a count or net that does not fit in
    int64 cannot be a column value and is settled with :func:`settle`.

    Args:
        economy: The platform configuration, as for :func:`settle`.
        columns: An Arrow table, record batch or stream, anything exporting the Arrow
            C stream interface, a mapping of column names to arrays (numpy, lists or
            Arrow), or an iterable of those.
        at: The instant whose catalog and conversion policy apply.
        country: Where the gifts are sent.
        metrics: Per creator, metrics for a revenue share's reward schedule.
        agencies: Per creator, the agency paid a commission on their gifts.
        ignore: Columns to leave unread (any other unknown column is refused).

    Returns:
        The settlement, equal to ``settle(economy, records, ...)`` on the same records.

    Raises:
        ExtraMissingError: numpy or pyarrow is not installed.
        InvalidTypeError, InvalidValueError: A column is missing, unknown, of the wrong
            type, null where it may not be, or holds a bad value; the error names it as
            ``columns['count'][row]``.
        SettlementError, UnknownGiftError: As :func:`settle`.

    >>> from datetime import datetime, timezone
    >>> from giftflow import presets, settle
    >>> at = datetime(2026, 11, 24, tzinfo=timezone.utc)
    >>> columns = {"creator": ["ana", "bo", "ana"], "gift": ["Rose", "Swan", "Doughnut"],
    ...            "count": [10, 1, 3]}
    >>> result = settle_columns(presets.tiktok(), columns, at=at, country="US")
    >>> result.creators["ana"].diamonds, dict(result.gifts)
    (Diamonds(100), {'5655': 10, 'doughnut': 3, 'swan': 1})
    >>> records = list(zip(columns["creator"], columns["gift"], columns["count"]))
    >>> result == settle(presets.tiktok(), records, at=at, country="US")
    True
    >>> settle_columns(presets.tiktok(), {**columns, "count": [10, 0, 3]}, at=at, country="US")
    Traceback (most recent call last):
    giftflow.InvalidValueError: columns['count'][1] must be a positive int, got 0 (int); ...
    """
    np, pa, pc = arrow()
    issuance, code = _check_arguments(
        economy, at, country, {} if metrics is None else metrics, agencies or {}
    )
    if isinstance(ignore, str) or not all(isinstance(name, str) for name in ignore):
        raise InvalidTypeError("ignore", ignore, "must be column names", "pass ['viewer']")
    settler = _Settler(
        economy, issuance, at=at, country=code, metrics=metrics or {}, agencies=agencies or {}
    )
    sums = _ColumnSums(settler, np, pa, pc, frozenset(ignore))
    for batch in batches(columns, pa):
        sums.add(batch)
    return sums.finish()


class _ColumnSums:
    """The state of one :func:`settle_columns` call: int64 sums beside the settler's.

    A batch is summed in its own dictionaries' codes (per creator entry, per gift entry,
    or per pair of them), and only those small sums are moved to settlement-wide numbers,
    so no row is ever translated or looked up one by one.
    """

    def __init__(self, settler: _Settler, np: Any, pa: Any, pc: Any, ignore: frozenset[str]):
        self.settler, self.np, self.pa, self.pc, self.ignore = settler, np, pa, pc, ignore
        self.rows = 0
        self.creators = Identifiers("creator", self.admit_creator)
        self.gifts = Identifiers("gift", self.admit_gift)
        self.prices: list[int] = []  # by gift number
        self.price_of = np.zeros(0, dtype=np.int64)  # the same, as an array
        self.coins = np.zeros(0, dtype=np.int64)  # by creator number, since the last flush
        self.battle = np.zeros(0, dtype=np.int64)  # coins in won battles (with a bonus)
        self.sent = np.zeros(0, dtype=np.int64)  # gifts sent, by gift number
        self.bound = 0  # no int64 sum above can exceed this
        self.all_exact = settler.by_event and settler.issuance.ratio is None
        self.agency_entries: tuple[Any, Any] = (None, None)  # (dictionary, has-agency mask)
        self.batch: tuple[Any, Any, int] = (None, None, 0)  # the batch's codes, and offset

    # -- identifiers, checked once each ----------------------------------------------

    def admit_creator(self, creator: str, number: int, row: int | None) -> None:
        where = "columns['creator']" if row is None else f"columns['creator'][{row}]"
        self.settler.admit_creator(0, creator, funded=True, argument=where)

    def admit_gift(self, key: str, number: int, row: int | None) -> None:
        where = "columns['gift']" if row is None else f"columns['gift'][{row}]"
        self.prices.append(self.settler.admit_gift(0, key, argument=where))

    def creator_numbers(self, used: Any) -> Any:
        creators, _, offset = self.batch
        return self.creators.translation(used, creators, offset, self.np, self.pa)

    def gift_numbers(self, used: Any) -> Any:
        _, gifts, offset = self.batch
        numbers = self.gifts.translation(used, gifts, offset, self.np, self.pa)
        if len(self.price_of) != len(self.prices):
            self.price_of = self.np.array(self.prices, dtype=self.np.int64)
        return numbers

    # -- one batch -------------------------------------------------------------------

    def add(self, batch: Any) -> None:
        np, pa, pc = self.np, self.pa, self.pc
        check_names(list(batch.schema.names), self.ignore)
        offset, size = self.rows, batch.num_rows
        if not size:
            return
        creators = self.creators.local(batch.column("creator"), offset, np, pa, pc)
        gifts = self.gifts.local(batch.column("gift"), offset, np, pa, pc)
        self.batch = (creators, gifts, offset)
        counts = integers("count", batch.column("count"), offset, np, pa)
        if int(counts.min()) < 1:
            row = first_row(np, counts < 1)
            raise InvalidValueError(
                f"columns['count'][{offset + row}]",
                int(counts[row]),
                "must be a positive int",
                "send at least one gift",
            )
        names = batch.schema.names
        battle = (
            booleans("battle", batch.column("battle"), offset, np, pa)
            if "battle" in names
            else None
        )
        nets = _Nets.read(batch.column("net"), offset, np, pa, pc) if "net" in names else None
        settler = self.settler
        if nets is not None:
            settler.funded += nets.funded
            settler.funded_net += nets.total()
        exact = self.exact_rows(creators)
        if exact is not None:
            if nets is None or not bool(nets.valid[exact].all()):
                rows = np.flatnonzero(exact if nets is None else exact & ~nets.valid)
                row = int(rows[0])
                raise SettlementError(
                    f"columns['net'][{offset + row}]",
                    self.creators.entries()[int(creators[row])],
                    "is missing: this creator's revenue share or agency commission needs it",
                    "give every row of such creators a net (minor units)",
                )
            self.add_exact(exact, creators, gifts, counts, battle, nets)
            plain = ~exact
            creators, gifts, counts = creators[plain], gifts[plain], counts[plain]
            battle = None if battle is None else battle[plain]
        self.rows += size
        if battle is not None and settler.battle_bonus and bool(battle.any()):
            self.add_plain(creators[battle], gifts[battle], counts[battle], True)
            keep = ~battle
            creators, gifts, counts = creators[keep], gifts[keep], counts[keep]
        self.add_plain(creators, gifts, counts, False)

    def exact_rows(self, creators: Any) -> Any:
        """Which rows need the issuance core (revenue share, agency), or None for none."""
        np = self.np
        if self.all_exact:
            return np.ones(len(creators), dtype=bool)
        if not self.settler.by_event:
            return None
        dictionary, mask = self.agency_entries
        if dictionary is not self.creators.dictionary:
            agencies = self.settler.agencies
            mask = np.array([entry in agencies for entry in self.creators.entries()], dtype=bool)
            self.agency_entries = (self.creators.dictionary, mask)
        if not bool(mask.any()):
            return None
        rows = mask[creators]
        return rows if bool(rows.any()) else None

    def add_plain(self, creators: Any, gifts: Any, counts: Any, battle: bool) -> None:
        """Sum coins per creator and gifts per gift for rows linear in their coins."""
        np = self.np
        size = len(counts)
        if not size:
            return
        most = int(counts.max())
        step = INT64_MAX // most  # rows whose counts add up within int64
        if size > step:
            for start in range(0, size, step):
                part = slice(start, start + step)
                self.add_plain(creators[part], gifts[part], counts[part], battle)
            return
        width = len(self.gifts.dictionary)
        cells = len(self.creators.dictionary) * width
        table = None
        if cells <= min(_PAIRS, 4 * size):
            # One pass over the rows: gifts per (creator, gift) pair of dictionary entries.
            pairs = creators.astype(np.int32, copy=False) * width + gifts
            table = np.zeros(cells, dtype=np.int64)
            np.add.at(table, pairs, counts)
            table = table.reshape(-1, width)
            sent = table.sum(axis=0)
        else:
            sent = np.zeros(width, dtype=np.int64)
            np.add.at(sent, gifts, counts)
        numbers = self.gift_numbers(sent > 0)
        prices = np.where(numbers >= 0, self.price_of[numbers], 0)  # by gift entry
        bound = size * most * int(prices.max())
        if bound > INT64_MAX:  # some sum may not fit in int64: these rows in Python ints
            self.add_python(creators, gifts, counts, battle, table, sent, prices, numbers)
            return
        if self.bound + bound > INT64_MAX:
            self.flush()
        self.bound += bound
        if table is not None:
            coins = table @ prices
        else:
            coins = np.zeros(len(self.creators.dictionary), dtype=np.int64)
            np.add.at(coins, creators, prices[gifts] * counts)
        creator_numbers = self.creator_numbers(coins > 0)
        self.grow()
        used = np.flatnonzero(coins)
        np.add.at(self.battle if battle else self.coins, creator_numbers[used], coins[used])
        used = np.flatnonzero(sent)
        np.add.at(self.sent, numbers[used], sent[used])

    def add_python(
        self,
        creators: Any,
        gifts: Any,
        counts: Any,
        battle: bool,
        table: Any,
        sent: Any,
        prices: Any,
        gift_numbers: Any,
    ) -> None:
        """The same sums as :meth:`add_plain` in Python ints, for rows whose coins may overflow."""
        np, settler = self.np, self.settler
        exact = prices.astype(object)
        if table is not None:
            coins = table.astype(object) @ exact
        else:
            coins = np.zeros(len(self.creators.dictionary), dtype=object)
            coins[:] = 0
            np.add.at(coins, creators, exact[gifts] * counts.astype(object))
        creator_numbers = self.creator_numbers(coins != 0)
        into = settler.battle_coins if battle else settler.coins
        for code in np.flatnonzero(coins != 0).tolist():
            name = self.creators.strings[int(creator_numbers[code])]
            into[name] = into.get(name, 0) + int(coins[code])
        for code in np.flatnonzero(sent).tolist():
            settler.counts[self.gifts.strings[int(gift_numbers[code])]] += int(sent[code])

    def add_exact(
        self, exact: Any, creators: Any, gifts: Any, counts: Any, battle: Any, nets: _Nets
    ) -> None:
        """Rows that need the issuance core: one call per group of rows, as settle's per row."""
        np = self.np
        settler = self.settler
        rows = np.flatnonzero(exact)
        local = creators[rows]
        used = np.bincount(local, minlength=len(self.creators.dictionary)) > 0
        creator = self.creator_numbers(used)[local]
        local = gifts[rows]
        used = np.bincount(local, minlength=len(self.gifts.dictionary)) > 0
        gift = self.gift_numbers(used)[local]
        many = counts[rows]
        coins = _product(np, self.price_of[gift], many)
        units = nets.units[rows]
        won = (
            np.zeros(len(rows), dtype=np.int64) if battle is None else battle[rows].astype(np.int64)
        )
        creator_names, gift_keys = self.creators.strings, self.gifts.strings
        # Rows whose net is not positive may earn nothing or less: each through the core.
        odd = units <= 0
        for row in np.flatnonzero(odd).tolist():
            settler.add_exact(
                creator_names[int(creator[row])],
                gift_keys[int(gift[row])],
                int(coins[row]),
                bool(won[row]),
                Fraction(int(units[row])) * nets.unit,
            )
        fine = ~odd
        in_group, group_gift = creator[fine], gift[fine]
        coins, units, won = coins[fine], units[fine], won[fine]
        loss = self.loss(coins, units, nets.unit)
        keys = (in_group.astype(np.int64) * 2 + won) * 2 + loss
        groups, firsts, where = np.unique(keys, return_index=True, return_inverse=True)
        coin_sums = _sums(np, where, coins, len(groups))
        unit_sums = _sums(np, where, units, len(groups))
        for group, key in enumerate(groups.tolist()):
            settler.add_exact(
                creator_names[key >> 2],
                gift_keys[int(group_gift[firsts[group]])],
                int(coin_sums[group]),
                bool(key >> 1 & 1),
                Fraction(int(unit_sums[group])) * nets.unit,
            )
        sent = _sums(np, gift, many, len(gift_keys))
        for number in np.flatnonzero(sent).tolist():
            settler.counts[gift_keys[number]] += int(sent[number])

    def loss(self, coins: Any, units: Any, unit: Fraction) -> Any:
        """1 where an agency's gift leaves the platform a loss (its commission is then 0).

        Under a fixed ratio the platform keeps ``net - coins * ratio * diamond value``,
        which changes sign from row to row; rows of each sign are grouped apart so that
        a group's commission is the sum of its rows'. Under a revenue share the sign is
        the creator's own (net > 0 here), so no row needs telling apart.
        """
        np = self.np
        issuance = self.settler.issuance
        if issuance.ratio is None or not len(coins):
            return np.zeros(len(coins), dtype=np.int64)
        per_coin = Fraction(issuance.ratio) * issuance.unit / unit  # in net units per coin
        kept = _product(np, units, per_coin.denominator) - _product(np, coins, per_coin.numerator)
        return (kept < 0).astype(np.int64)

    # -- the end -----------------------------------------------------------------------

    def grow(self) -> None:
        np = self.np
        creators, gifts = len(self.creators.strings), len(self.prices)
        if len(self.coins) < creators:
            size = max(creators, 2 * len(self.coins))
            self.coins = np.concatenate([self.coins, np.zeros(size - len(self.coins), np.int64)])
            self.battle = np.concatenate([self.battle, np.zeros(size - len(self.battle), np.int64)])
        if len(self.sent) < gifts:
            self.sent = np.concatenate([self.sent, np.zeros(gifts - len(self.sent), np.int64)])

    def flush(self) -> None:
        """Move the int64 sums into the settler's Python ints, and start them again at 0."""
        np, settler = self.np, self.settler
        strings = self.creators.strings
        for sums, into in ((self.coins, settler.coins), (self.battle, settler.battle_coins)):
            numbers = np.flatnonzero(sums)
            for number, coins in zip(numbers.tolist(), sums[numbers].tolist(), strict=True):
                name = strings[number]
                into[name] = into.get(name, 0) + coins
            sums[:] = 0
        numbers = np.flatnonzero(self.sent)
        for number, count in zip(numbers.tolist(), self.sent[numbers].tolist(), strict=True):
            settler.counts[self.gifts.strings[number]] += count
        self.sent[:] = 0
        self.bound = 0

    def finish(self) -> Settlement:
        self.flush()
        return self.settler.finish(self.rows)


class _Nets:
    """A ``net`` column as exact integers: ``units * unit`` minor units, with validity."""

    __slots__ = ("funded", "unit", "units", "valid")

    def __init__(self, units: Any, valid: Any, unit: Fraction, funded: int) -> None:
        self.units, self.valid, self.unit, self.funded = units, valid, unit, funded

    @classmethod
    def read(cls, column: Any, offset: int, np: Any, pa: Any, pc: Any) -> _Nets:
        kind = column.type
        if pa.types.is_null(kind):  # no record has a net (a column of nulls only)
            return cls(np.zeros(len(column), np.int64), np.zeros(len(column), bool), Fraction(1), 0)
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        filled = pc.fill_null(column, 0) if column.null_count else column
        if pa.types.is_integer(kind):
            units = integers("net", filled, offset, np, pa)
            unit = Fraction(1)
        elif pa.types.is_decimal(kind):
            if not pa.types.is_decimal128(kind):
                filled = _cast_decimal(filled, offset, pa, pc)
            units = _unscaled(np, filled)
            unit = Fraction(10) ** -kind.scale
        else:
            raise InvalidTypeError(
                "columns['net']",
                str(kind),
                "must be integers or decimals of minor units (a float is not exact)",
                "cast it: pyarrow.compute.cast(column, pyarrow.decimal128(38, 6))",
            )
        return cls(units, valid, unit, int(valid.sum()))

    def total(self) -> Fraction:
        """The sum of every row's net, in minor units (nulls are 0 here)."""
        units = self.units
        if units.dtype != object and len(units) * _largest(units) <= INT64_MAX:
            return Fraction(int(units.sum())) * self.unit
        return Fraction(int(units.astype(object).sum())) * self.unit


def _cast_decimal(column: Any, offset: int, pa: Any, pc: Any) -> Any:
    try:
        return pc.cast(column, pa.decimal128(38, column.type.scale))
    except Exception as error:
        raise InvalidValueError(
            "columns['net']",
            str(column.type),
            f"has values beyond decimal128: {error}",
            "give net as integers of minor units, or decimals of at most 38 digits",
        ) from error


def _unscaled(np: Any, column: Any) -> Any:
    """A decimal128 column's unscaled integers: int64 when they all fit, else Python ints."""
    words = np.frombuffer(column.buffers()[1], dtype="<i8")
    pairs = words[2 * column.offset : 2 * (column.offset + len(column))].reshape(-1, 2)
    low, high = pairs[:, 0], pairs[:, 1]
    if bool((high == (low >> 63)).all()):
        return low.copy()
    return low.view(np.uint64).astype(object) + high.astype(object) * (1 << 64)


def _product(np: Any, left: Any, right: Any) -> Any:
    """``left * right`` element by element, in int64 if it cannot overflow, else Python ints."""
    if not len(left):
        return left.astype(np.int64)
    big_right = abs(int(right)) if np.ndim(right) == 0 else _largest(right)
    if left.dtype != object and _largest(left) * big_right <= INT64_MAX:
        return left * right
    return left.astype(object) * (right if np.ndim(right) == 0 else right.astype(object))


def _sums(np: Any, keys: Any, values: Any, size: int) -> Any:
    """Per-key sums of ``values``: int64 if no sum can overflow, else Python ints."""
    out_type = np.int64
    if values.dtype == object or len(values) * _largest(values) > INT64_MAX:
        out_type, values = object, values.astype(object)
    out = np.zeros(size, dtype=out_type)
    if out_type is object:
        out[:] = 0
    np.add.at(out, keys, values)
    return out


def _largest(values: Any) -> int:
    """The largest magnitude in an integer array (0 for none)."""
    if not len(values):
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))
