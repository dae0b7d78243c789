"""Reading columns for :func:`~giftflow.settle_columns`: sources, types and identifiers.

Everything here is checked once per batch or once per distinct identifier, never once
per event in Python: a source becomes Arrow record batches; a string column is
dictionary-encoded (once per batch, in Arrow's C++); each distinct identifier is
checked and given a settlement-wide number the first time it is seen; integer columns
become int64 numpy arrays, refused if a value does not fit (never wrapped) and never
through a float. numpy and pyarrow are imported by :func:`arrow`, only when columns
are settled (the ``giftflow[columns]`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from giftflow._values._errors import (
    ExtraMissingError,
    GiftflowError,
    InvalidTypeError,
    InvalidValueError,
)

__all__ = ["ArrowStreamExportable", "ColumnSource", "Identifiers", "arrow"]

FIELDS = ("creator", "gift", "count", "battle", "net")
REQUIRED = ("creator", "gift", "count")
INT64_MAX = 2**63 - 1
ROWS = 1 << 20  # rows settled at once: bounds the temporaries of a huge batch


class ArrowStreamExportable(Protocol):
    """Anything that exports an Arrow C stream (polars and pandas frames, DuckDB results).

    The `Arrow PyCapsule interface
    <https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html>`_:
    :func:`~giftflow.settle_columns` reads such a stream batch by batch, without a copy.
    """

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the data as an ``ArrowArrayStream`` capsule."""
        ...  # pragma: no cover


ColumnSource = (
    ArrowStreamExportable
    | Mapping[str, object]
    | Iterable[ArrowStreamExportable | Mapping[str, object]]
)
"""What :func:`~giftflow.settle_columns` reads: an Arrow table, record batch or stream
(or anything exporting the Arrow C stream interface), a mapping of column names to
arrays, or an iterable of those, read one after the other."""


def arrow() -> tuple[Any, Any, Any]:
    """numpy, pyarrow and pyarrow.compute, or an error naming the extra to install."""
    try:
        import numpy
        import pyarrow
        import pyarrow.compute
    except ImportError as error:
        raise ExtraMissingError(
            "settle_columns", error.name or "pyarrow", "columns", "pip install 'giftflow[columns]'"
        ) from error
    return numpy, pyarrow, pyarrow.compute


def batches(source: object, pa: Any) -> Iterator[Any]:
    """The record batches of ``source``, one after the other, none longer than ``ROWS``."""
    for batch in _batches(source, pa, nested=False):
        if batch.num_rows <= ROWS:
            yield batch
        else:
            for start in range(0, batch.num_rows, ROWS):
                yield batch.slice(start, ROWS)


def _batches(source: object, pa: Any, *, nested: bool) -> Iterator[Any]:
    if isinstance(source, pa.RecordBatch):
        yield source
    elif isinstance(source, pa.Table):
        yield from source.to_batches()
    elif isinstance(source, pa.RecordBatchReader):
        yield from _read(source)
    elif isinstance(source, Mapping):
        yield from _from_mapping(source, pa).to_batches()
    elif hasattr(source, "__arrow_c_stream__"):
        yield from _read(_guarded(lambda: pa.RecordBatchReader.from_stream(source)))
    elif hasattr(source, "__arrow_c_array__"):
        yield _guarded(lambda: pa.record_batch(source))
    elif not nested and isinstance(source, Iterable) and not isinstance(source, str | bytes):
        for part in source:
            yield from _batches(part, pa, nested=True)
    else:
        raise InvalidTypeError(
            "columns",
            source,
            "must be an Arrow table, record batch or stream, a mapping of column names to"
            " arrays, or an iterable of those",
            "pass {'creator': [...], 'gift': [...], 'count': [...]}, or settle records"
            " with settle()",
        )


def _guarded(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except GiftflowError:
        raise
    except Exception as error:  # Arrow's own errors: say which argument they are about
        raise InvalidValueError(
            "columns",
            type(error).__name__,
            f"could not be read as Arrow data: {error}",
            "pass an Arrow table or stream, or a mapping of column names to arrays",
        ) from error


def _read(reader: Any) -> Iterator[Any]:
    iterator = iter(reader)
    while True:
        batch = _guarded(lambda: next(iterator, None))
        if batch is None:
            return
        yield batch


def _from_mapping(source: Mapping[Any, object], pa: Any) -> Any:
    for name in source:
        if not isinstance(name, str):
            raise InvalidTypeError("columns", name, "column names must be str", "name it 'count'")
    lengths = {name: _length(column) for name, column in source.items()}
    if len(set(lengths.values()) - {None}) > 1:
        raise InvalidValueError(
            "columns",
            lengths,
            "must all have the same length",
            "give every column one value per gift",
        )
    arrays = {}
    for name, column in source.items():
        try:
            arrays[name] = (
                column
                if isinstance(column, pa.Array | pa.ChunkedArray)
                else pa.array(column, from_pandas=False)
            )
        except Exception as error:
            raise InvalidValueError(
                f"columns[{name!r}]",
                type(column).__name__,
                f"could not be read as an Arrow array: {error}",
                "pass a numpy array, a list or an Arrow array of one type",
            ) from error
    return _guarded(lambda: pa.table(arrays))


def _length(column: object) -> int | None:
    try:
        return len(column)  # type: ignore[arg-type]
    except TypeError:
        return None


def check_names(names: list[str], ignore: frozenset[str]) -> None:
    """Refuse a batch with a column settle does not read, a duplicate, or a missing one."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidValueError("columns", name, "is a column name given twice", "rename one")
        seen.add(name)
        if name not in FIELDS and name not in ignore:
            raise InvalidValueError(
                f"columns[{name!r}]",
                name,
                f"is not a column settle_columns reads ({', '.join(FIELDS)}); a per-record"
                " agency, sponsor or time has no meaning for one settlement",
                f"select the columns it reads, or pass ignore=[{name!r}]; settle each period"
                " (at=) separately and pass agencies={creator: Agency}",
            )
    for name in REQUIRED:
        if name not in seen:
            raise InvalidValueError(
                "columns", sorted(seen), f"has no {name!r} column", f"add a {name!r} column"
            )


def first_row(np: Any, mask: Any) -> int:
    """The first row where ``mask`` holds (the caller knows one does)."""
    return int(np.argmax(mask))


def no_nulls(name: str, column: Any, offset: int, np: Any) -> None:
    """Refuse a column with a null, naming the first null row."""
    if column.null_count:
        row = first_row(np, column.is_null().to_numpy(zero_copy_only=False))
        raise InvalidValueError(
            f"columns[{name!r}][{offset + row}]", None, "is null", f"give every row a {name}"
        )


def integers(name: str, column: Any, offset: int, np: Any, pa: Any) -> Any:
    """An integer column as int64 numpy values (nulls refused)."""
    kind = column.type
    no_nulls(name, column, offset, np)  # first: a column of nulls only has the type null
    if not pa.types.is_integer(kind):
        raise InvalidTypeError(
            f"columns[{name!r}]",
            str(kind),
            "must be an integer column (no float or decimal: counts are whole)",
            "cast it: pyarrow.compute.cast(column, pyarrow.int64())",
        )
    values = column.to_numpy(zero_copy_only=False)
    if kind == pa.uint64() and len(values) and int(values.max()) > INT64_MAX:
        row = first_row(np, values > INT64_MAX)
        raise InvalidValueError(
            f"columns[{name!r}][{offset + row}]",
            int(values[row]),
            "does not fit in int64",
            "settle such records with settle(), which takes any int",
        )
    return values.astype(np.int64, copy=False)


def booleans(name: str, column: Any, offset: int, np: Any, pa: Any) -> Any:
    """A boolean column as numpy bools (nulls refused)."""
    no_nulls(name, column, offset, np)
    if column.type != pa.bool_():
        raise InvalidTypeError(
            f"columns[{name!r}]", str(column.type), "must be a boolean column", "pass True or False"
        )
    return column.to_numpy(zero_copy_only=False)


class Identifiers:
    """Settlement-wide numbers for the distinct strings of one column (creators or gifts).

    A batch's column is dictionary-encoded once (or taken as it comes, when it already is
    a dictionary column), and the batch is summed in its own dictionary's codes
    (:meth:`local`): no row is translated. The sums are then moved to settlement-wide
    numbers entry by entry (:meth:`translation`), which admits each entry some row used
    the first time its string is seen (``admit`` checks it). A batch whose dictionary
    equals the previous batch's (row groups of one Parquet file) reuses its translation.
    """

    __slots__ = ("admit", "dictionary", "name", "numbers", "strings", "table")

    def __init__(self, name: str, admit: Callable[[str, int, int | None], None]) -> None:
        self.name = name
        # (string, number, row or None) -> None; raises to refuse the string, naming the row
        self.admit = admit
        self.numbers: dict[str, int] = {}
        self.strings: list[str] = []
        self.dictionary: Any = None  # the current batch's dictionary
        self.table: Any = None  # its entries' numbers, -1 for entries not admitted yet

    def local(self, column: Any, offset: int, np: Any, pa: Any, pc: Any) -> Any:
        """Every row's code in the batch's dictionary (checked to point into it)."""
        name = self.name
        no_nulls(name, column, offset, np)
        if pa.types.is_dictionary(column.type):
            encoded = column
        elif _is_text(column.type, pa):
            encoded = _guarded(lambda: pc.dictionary_encode(column))
        else:
            raise InvalidTypeError(
                f"columns[{name!r}]",
                str(column.type),
                "must be a string column or a dictionary of strings",
                "cast it: pyarrow.compute.cast(column, pyarrow.string())",
            )
        if not _is_text(encoded.type.value_type, pa):
            raise InvalidTypeError(
                f"columns[{name!r}]",
                str(column.type),
                "must be a dictionary of strings",
                "cast it: pyarrow.compute.cast(column, pyarrow.string())",
            )
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        dictionary = encoded.dictionary
        if len(codes) and not 0 <= int(codes.min()) <= int(codes.max()) < len(dictionary):
            raise InvalidValueError(
                f"columns[{name!r}]", "indices", "point outside their dictionary", "rebuild it"
            )
        if self.dictionary is None or not dictionary.equals(self.dictionary):
            self.dictionary = dictionary
            self.table = np.full(len(dictionary), -1, dtype=np.intp)
        return codes

    def entries(self) -> list[str | None]:
        """The current dictionary's strings (for a per-entry test such as "has an agency")."""
        strings: list[str | None] = self.dictionary.to_pylist()
        return strings

    def translation(self, used: Any, codes: Any, offset: int, np: Any, pa: Any) -> Any:
        """Settlement-wide numbers of the current dictionary's entries (-1 if unused).

        ``used`` marks the entries some row of ``codes`` (the batch, from row
        ``offset``) uses; those not admitted yet are admitted now, in entry order.
        """
        table = self.table
        needed = np.flatnonzero(used & (table < 0))
        if not len(needed):
            return table
        dictionary, numbers = self.dictionary, self.numbers
        # Every entry at once when many are needed; else one by one (no take(): Arrow has
        # none for string_view dictionaries, as polars gives them).
        many = len(needed) * 8 >= len(dictionary)
        entries = dictionary.to_pylist() if many else None
        for code in needed.tolist():
            string = entries[code] if entries is not None else dictionary[code].as_py()
            number = numbers.get(string)
            if number is None:
                number = len(self.strings)
                try:
                    self.admit(string, number, None)
                except GiftflowError:  # again, naming the first row that uses it
                    self.admit(string, number, offset + first_row(np, codes == code))
                    raise
                numbers[string] = number
                self.strings.append(string)
            table[code] = number
        return table


def _is_text(kind: Any, pa: Any) -> bool:
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or (hasattr(pa.types, "is_string_view") and pa.types.is_string_view(kind))
    )
