"""The generic shapes: attrs classes, enums, tuples, optionals, tagged unions, maps, pairs.

Each is a pair of cattrs hook factories, chosen by a predicate on a field's type,
that build the hooks of a type from the hooks of its parts. They know no class by
name: what differs between types (the tags, the tuple-of-pairs and country-keyed
fields) comes from the registry. Loaded with the converter, on first use.
"""

from __future__ import annotations

import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn_from_attrs

from giftflow._format._paths import (
    PathError,
    argument_path,
    at,
    at_index,
    key_list,
    object_fields,
    refused,
    require,
)
from giftflow._format._registry import ADDED, COUNTRY_KEYS, RECORDS, TAGS, field_types
from giftflow._values._errors import InvalidArgumentError, _ShortRepr

__all__ = [
    "class_in",
    "class_out",
    "compact_class_in",
    "compact_class_out",
    "enum_in",
    "enum_out",
    "is_enum",
    "is_map",
    "is_optional",
    "is_record",
    "is_tagged",
    "is_tuple",
    "map_in",
    "map_out",
    "optional_in",
    "optional_out",
    "records_in",
    "records_out",
    "tagged_in",
    "tagged_out",
    "tuple_in",
    "tuple_out",
]

# -- containers ------------------------------------------------------------------------


def _is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def is_optional(kind: Any) -> bool:
    args = typing.get_args(kind)
    return _is_union(kind) and len(args) >= 2 and type(None) in args


def _bare(kind: Any) -> Any:
    # The member of a union written without a tag: a tuple, at most one (a list is
    # never mistaken for a tagged object), e.g. a channel's fees or its FeeSchedule.
    tuples = [arg for arg in typing.get_args(kind) if is_tuple(arg)]
    return tuples[0] if len(tuples) == 1 else None


def is_tagged(kind: Any) -> bool:
    if not _is_union(kind):
        return False
    bare = _bare(kind)
    tagged = [arg for arg in typing.get_args(kind) if arg is not bare]
    return bool(tagged) and all(arg in TAGS for arg in tagged)


def is_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _present(kind: Any) -> Any:
    # An optional field's type without None: Money | Diamonds for Money | Diamonds | None.
    present = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    return functools.reduce(operator.or_, present)


def optional_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = _present(kind)
    hook = converter.get_structure_hook(inner)
    return lambda obj, _: None if obj is None else hook(obj, inner)


def optional_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(_present(kind))
    return lambda value: None if value is None else hook(value)


def tagged_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    bare = _bare(kind)
    by_tag = {TAGS[arg]: arg for arg in typing.get_args(kind) if arg is not bare}
    tags = tuple(by_tag)
    hooks = {tag: converter.get_structure_hook(arg) for tag, arg in by_tag.items()}
    listed = None if bare is None else converter.get_structure_hook(bare)
    hint = f"write an object with one key naming the kind: {' or '.join(tags)}"
    if bare is not None:
        hint += ", or a list"

    def structure(obj: Any, _: Any) -> Any:
        if listed is not None and type(obj) is list:
            return listed(obj, bare)
        if type(obj) is not dict or not obj:
            shape = f"exactly one of the keys {key_list(tags)}"
            raise PathError(
                obj,
                f"must be {'a list or ' if bare is not None else ''}an object with {shape}",
                hint,
            )
        for tag in obj:
            if tag not in by_tag:
                raise PathError(obj[tag], "is not a kind this field can hold", hint, parts=(tag,))
        if len(obj) != 1:
            raise PathError(obj, "must hold exactly one kind", hint)
        ((tag, value),) = obj.items()
        return at(tag, lambda inner: hooks[tag](inner, by_tag[tag]), value)

    return structure


def tagged_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    bare = _bare(kind)
    args = typing.get_args(kind)
    hooks = {arg: converter.get_unstructure_hook(arg) for arg in args if arg is not bare}
    listed = None if bare is None else converter.get_unstructure_hook(bare)
    names = " or ".join(getattr(arg, "__name__", str(arg)) for arg in args)

    def unstructure(value: Any) -> Any:
        arg = type(value)
        if listed is not None and arg is tuple:
            return listed(value)
        if arg not in hooks:
            raise PathError(value, f"must be {names}", "fix the value before writing it")
        return {TAGS[arg]: at(TAGS[arg], hooks[arg], value)}

    return unstructure


def tuple_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = typing.get_args(kind)[0]
    hook = converter.get_structure_hook(inner)

    def structure(obj: Any, _: Any) -> tuple[Any, ...]:
        if type(obj) is not list:
            raise PathError(obj, "must be a list", "write the items in square brackets")
        items = []
        for index, item in enumerate(obj):
            try:
                items.append(hook(item, inner))
            except PathError as bad:
                raise bad.within(index) from None
        return tuple(items)

    return structure


def tuple_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(typing.get_args(kind)[0])

    def unstructure(value: Any) -> list[Any]:
        if type(value) is not tuple:
            raise PathError(value, "must be a tuple", "fix the value before writing it")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(hook(item))
            except PathError as bad:
                raise bad.within(index) from None
        return items

    return unstructure


def enum_in(kind: Any) -> Callable[[Any, Any], Any]:
    members = {member.value: member for member in kind}
    values = ", ".join(repr(value) for value in members)

    def structure(obj: Any, _: Any) -> Any:
        member = members.get(obj) if type(obj) is str else None
        if member is None:
            raise PathError(obj, f"is not a {kind.__name__}", f"write one of {values}")
        return member

    return structure


def enum_out(kind: Any) -> Callable[[Any], Any]:
    def unstructure(value: Any) -> Any:
        if type(value) is not kind:
            raise PathError(value, f"must be a {kind.__name__}", "fix the value before writing it")
        return value.value

    return unstructure


# -- attrs classes: objects of their fields --------------------------------------------


def _written_defaults(fields: list[attrs.Attribute[Any]], converter: Any) -> dict[str, Any]:
    """Each field's default as data, for the fields whose default does not depend on others."""
    written = {}
    for field in fields:
        default: Any = field.default
        if default is attrs.NOTHING:
            continue
        if type(default) is attrs.Factory:
            if default.takes_self:
                continue  # depends on the other fields: always written
            default = default.factory()
        if field.converter is not None:
            default = field.converter(default)  # type: ignore[operator]
        try:
            written[field.name] = converter.get_unstructure_hook(field.type)(default)
        except PathError:  # pragma: no cover - a default the format cannot write
            continue
    return written


def _is_default(data: Any, default: Any) -> bool:
    # Strict: 1 == True in Python, but a weight of true is not the default weight 1.
    return type(data) is type(default) and data == default


def class_in(
    kind: Any, converter: cattrs.Converter, *, omit_defaults: bool = False
) -> Callable[[Any, Any], Any]:
    """The hook reading ``kind`` from an object of its fields.

    With ``omit_defaults`` (compact events), a field at its default is omitted rather
    than written, and writing it anyway is refused: one value, one spelling. A field
    the registry says was added later (``ADDED``) may be missing, as data written
    before it leaves it out; it then reads at its default.
    """
    hints = field_types(kind)
    fields = [field.evolve(type=hints[field.name]) for field in attrs.fields(kind)]
    names = tuple(field.name for field in fields)
    generated = make_dict_structure_fn_from_attrs(fields, kind, converter)
    what = kind.__name__
    defaults = _written_defaults(fields, converter) if omit_defaults else {}
    added = ADDED.get(kind, ())
    required = tuple(name for name in names if name not in defaults and name not in added)

    def problem(group: ClassValidationError, obj: dict[str, Any]) -> PathError:
        for error in group.exceptions:
            notes = [
                n for n in getattr(error, "__notes__", ()) if type(n) is AttributeValidationNote
            ]
            if isinstance(error, PathError):
                return error.within(notes[-1].name) if notes else error.within()
            if isinstance(error, ForbiddenExtraKeysError):
                key = next(key for key in obj if key in error.extra_fields)
                return PathError(
                    obj[key],
                    f"is not a key of {what}",
                    f"remove it; the keys are {key_list(names)}",
                    parts=(key,),
                )
            # Without a note: the class itself refused the fields (a validator).
            argument = getattr(error, "argument", None)
            found = argument_path(argument, error, obj, names)
            if found is not None:
                parts, value = found
                bad = refused(value, error, parts=parts)
                if isinstance(value, dict | list) and isinstance(error, InvalidArgumentError):
                    bad.problem = f"{bad.problem} ({_ShortRepr().repr(error.value)})"
                return bad
            bad = refused(obj, error)
            if isinstance(error, InvalidArgumentError):
                bad.problem = f"is not a valid {what}: {error.argument} {error.problem}"
            else:
                bad.problem = f"is not a valid {what}"
            return bad
        raise AssertionError("cattrs raised an empty ClassValidationError")  # pragma: no cover

    # Fields whose converter normalises (sorts, upper-cases): the data must already be
    # in the normal form, so that one value has one spelling.
    normalised = [
        (field, converter.get_unstructure_hook(field.type))
        for field in fields
        if field.converter is not None
    ]

    def normal(field: attrs.Attribute[Any], data: Any) -> bool:
        # Written otherwise than it writes back: still its one spelling if the class's
        # converter keeps the value as read (data of an earlier version, without a key
        # added since, reads at the key's default and writes it).
        raw = converter.get_structure_hook(field.type)(data, field.type)
        normalise: Any = field.converter
        return bool(normalise(raw) == raw)

    def structure(obj: Any, _: Any) -> Any:
        fields = require(obj, what, required, omitted=tuple(defaults))
        for name, default in defaults.items():
            if name in fields and _is_default(fields[name], default):
                raise PathError(
                    fields[name],
                    f"is the default of {what}.{name}",
                    "omit it: a compact event leaves out the fields at their default",
                    parts=(name,),
                )
        try:
            value = generated(fields, kind)
        except ClassValidationError as group:
            raise problem(group, fields) from None
        for field, write in normalised:
            name = field.name
            if name not in fields:
                continue  # at its default, which the class has normalised itself
            canonical = write(getattr(value, name))
            if canonical != fields[name] and not normal(field, fields[name]):
                raise PathError(
                    fields[name],
                    "is not in canonical form",
                    f"write {_ShortRepr().repr(canonical)}",
                    parts=(name,),
                )
        return value

    return structure


def class_out(
    kind: Any, converter: cattrs.Converter, *, omit_defaults: bool = False
) -> Callable[[Any], Any]:
    """The hook writing ``kind`` as an object of its fields (without the defaults, if asked)."""
    hints = field_types(kind)
    fields = [field.evolve(type=hints[field.name]) for field in attrs.fields(kind)]
    hooks = [(field.name, converter.get_unstructure_hook(field.type)) for field in fields]
    defaults = _written_defaults(fields, converter) if omit_defaults else {}

    def unstructure(value: Any) -> dict[str, Any]:
        if type(value) is not kind:
            raise PathError(value, f"must be a {kind.__name__}", "fix the value before writing it")
        return {name: at(name, hook, getattr(value, name)) for name, hook in hooks}

    def compact(value: Any) -> dict[str, Any]:
        written = unstructure(value)
        for name, default in defaults.items():
            if _is_default(written[name], default):
                del written[name]
        return written

    return compact if defaults else unstructure


def compact_class_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """:func:`class_in` for compact events: fields at their default are omitted."""
    return class_in(kind, converter, omit_defaults=True)


def compact_class_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    """:func:`class_out` for compact events: fields at their default are left out."""
    return class_out(kind, converter, omit_defaults=True)


# -- tuples of pairs, and mappings with string keys: objects ---------------------------

# The keys of a country-keyed mapping (COUNTRY_KEYS): ISO 3166-1 alpha-2 codes.
_COUNTRY = re.compile(r"[A-Z]{2}", re.ASCII)


def is_record(kind: Any) -> bool:
    return kind in RECORDS


def records_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    pairs = RECORDS[kind]
    what, keys = pairs.what, (pairs.first, pairs.second)
    parts = typing.get_args(typing.get_args(kind)[0])
    hooks = [
        (key, part, converter.get_structure_hook(part))
        for key, part in zip(keys, parts, strict=True)
    ]
    hint = "write a list of objects with the keys " + key_list(keys)

    def entry(obj: Any) -> tuple[Any, ...]:
        fields = object_fields(obj, what, keys)
        items = []
        for key, part, hook in hooks:
            try:
                items.append(hook(fields[key], part))
            except PathError as bad:
                raise bad.within(key) from None
        return tuple(items)

    def structure(obj: Any, _: Any) -> tuple[Any, ...]:
        if type(obj) is not list:
            raise PathError(obj, "must be a list", hint)
        return tuple(at_index(index, entry, item) for index, item in enumerate(obj))

    return structure


def records_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    pairs = RECORDS[kind]
    what, keys = pairs.what, (pairs.first, pairs.second)
    parts = typing.get_args(typing.get_args(kind)[0])
    hooks = [
        (key, converter.get_unstructure_hook(part)) for key, part in zip(keys, parts, strict=True)
    ]

    def entry(pair: Any) -> dict[str, Any]:
        if type(pair) is not tuple or len(pair) != 2:
            raise PathError(pair, f"must be a pair ({what})", "fix the value before writing it")
        return {key: at(key, hook, item) for (key, hook), item in zip(hooks, pair, strict=True)}

    def unstructure(value: Any) -> list[Any]:
        if type(value) is not tuple:
            raise PathError(value, "must be a tuple", "fix the value before writing it")
        return [at_index(index, entry, pair) for index, pair in enumerate(value)]

    return unstructure


def is_map(kind: Any) -> bool:
    """Whether a field holds a mapping of strings, written as an object.

    A ``Mapping[str, X]``, or the tuple of ``(str, X)`` pairs a frozen class keeps a
    dict in (``AgeRule.by_country``).
    """
    args = typing.get_args(kind)
    if typing.get_origin(kind) is Mapping:
        return args[0] is str
    if not is_tuple(kind):
        return False
    pair = typing.get_args(args[0])
    return typing.get_origin(args[0]) is tuple and len(pair) == 2 and pair[0] is str


def _value_type(kind: Any) -> Any:
    args = typing.get_args(kind)
    return args[1] if typing.get_origin(kind) is Mapping else typing.get_args(args[0])[1]


def map_in(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = _value_type(kind)
    hook = converter.get_structure_hook(inner)
    countries = kind in COUNTRY_KEYS
    mapping = typing.get_origin(kind) is Mapping

    def structure(obj: Any, _: Any) -> Any:
        if type(obj) is not dict:
            raise PathError(obj, "must be an object", 'write {"key": value, ...}')
        items = []
        for key, item in obj.items():
            if type(key) is not str:
                # Not in the path: a path names keys by their text.
                raise PathError(key, "has a key that is not a string", "write keys as strings")
            if countries and not _COUNTRY.fullmatch(key):
                raise PathError(
                    key,
                    "is not an ISO 3166-1 alpha-2 country code",
                    "write upper-case codes such as 'KR'",
                    parts=(key,),
                )
            items.append((key, at(key, lambda value: hook(value, inner), item)))
        # In the order written: a round trip keeps a tuple of pairs exactly as it was.
        return dict(items) if mapping else tuple(items)

    return structure


def map_out(kind: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_unstructure_hook(_value_type(kind))

    def unstructure(value: Any) -> dict[str, Any]:
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif type(value) is tuple:
            pairs = list(value)
        else:
            raise PathError(value, "must be a mapping or a tuple of pairs", "build it from a dict")
        written: dict[str, Any] = {}
        for index, pair in enumerate(pairs):
            if type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not str:
                raise PathError(
                    pair, "must be a (str, value) pair", "build it from a dict", parts=(index,)
                )
            if pair[0] in written:
                raise PathError(pair, "repeats a key", "list each key once", parts=(index,))
            written[pair[0]] = at(pair[0], hook, pair[1])
        return written

    return unstructure
