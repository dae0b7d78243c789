"""The cattrs converters: the generic shapes, then each registry entry's own hooks.

One converter writes every value in full; the compact one differs only in leaving out
the fields at their default, for the events of a Ledger document (``docs/format.md``,
"Compact events"). Loaded on first use (by the public functions), so that
``import giftflow`` does not import cattrs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import attrs
import cattrs

from giftflow._format._registry import ENTRIES, Factories, Leaf
from giftflow._format._shapes import (
    class_in,
    class_out,
    compact_class_in,
    compact_class_out,
    enum_in,
    enum_out,
    is_enum,
    is_map,
    is_optional,
    is_record,
    is_tagged,
    is_tuple,
    map_in,
    map_out,
    optional_in,
    optional_out,
    records_in,
    records_out,
    tagged_in,
    tagged_out,
    tuple_in,
    tuple_out,
)

__all__ = ["converter"]


def _is(kind: type) -> Callable[[Any], bool]:
    return lambda candidate: candidate is kind


@functools.cache
def converter(*, compact: bool = False) -> cattrs.Converter:
    """The converter of the documented format, built once (and once compact)."""
    built = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    structure, unstructure = (
        built.register_structure_hook_factory,
        built.register_unstructure_hook_factory,
    )
    # Later registrations take precedence: generic shapes first, each type's own after.
    structure(attrs.has, compact_class_in if compact else class_in)
    unstructure(attrs.has, compact_class_out if compact else class_out)
    structure(is_enum, enum_in)
    unstructure(is_enum, enum_out)
    structure(is_tuple, tuple_in)
    unstructure(is_tuple, tuple_out)
    structure(is_optional, optional_in)
    unstructure(is_optional, optional_out)
    structure(is_tagged, tagged_in)
    unstructure(is_tagged, tagged_out)
    structure(is_map, map_in)
    unstructure(is_map, map_out)
    structure(is_record, records_in)
    unstructure(is_record, records_out)
    for entry in ENTRIES:
        kind, hooks = entry.kind, entry.hooks
        if isinstance(hooks, Factories):
            structure(_is(kind), hooks.read)
            unstructure(_is(kind), hooks.write)
        elif isinstance(hooks, Leaf) and attrs.has(kind):
            # By predicate: registering an attrs class directly makes cattrs resolve its
            # annotations through __module__ (the facade), not the defining module.
            built.register_structure_hook_func(_is(kind), hooks.read)
            built.register_unstructure_hook_func(_is(kind), hooks.write)
        elif isinstance(hooks, Leaf):
            built.register_structure_hook(kind, hooks.read)
            built.register_unstructure_hook(kind, hooks.write)
    return built
