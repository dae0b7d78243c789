"""What every ``to_records()`` promises: plain JSON rows, stable columns, HTML beside it.

Each type's own columns and sums are tested in its wing (``test_ledger_records``,
``test_settlement_records``, ``test_payout_records``, ``test_trace``); this checks the
contract they share, for every public type that has records.
"""

# Asserts read `expected == actual` (tests/README.md).

from __future__ import annotations

import inspect
import json
import typing
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import giftflow
from giftflow import Record
from giftflow.testing import (
    ledgers,
    payout_plans,
    payout_statements,
    settlements,
    statements,
    transactions,
    value_traces,
)

TABULAR = sorted(
    name
    for name in giftflow.__all__
    if isinstance(getattr(giftflow, name), type) and hasattr(getattr(giftflow, name), "to_records")
)
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Ledger": ledgers(),
    "PayoutPlan": payout_plans(),
    "PayoutStatement": payout_statements(),
    "Settlement": settlements(),
    "Statement": statements(),
    "Transaction": transactions(),
    "ValueTrace": value_traces(),
}


def test_these_types_have_records() -> None:
    assert sorted(STRATEGIES) == TABULAR


@pytest.mark.parametrize("name", TABULAR)
def test_records_are_typed_documented_and_shown_in_html(name: str) -> None:
    kind = getattr(giftflow, name)
    # The parameter names the class, imported only for type checking where it is written.
    hints = typing.get_type_hints(kind.to_records, localns={name: kind})
    assert list[Record] == hints["return"]
    assert ">>>" in (inspect.getdoc(kind.to_records) or "")
    assert "Columns, in order:" in (inspect.getdoc(kind.to_records) or "")
    assert callable(getattr(kind, "_repr_html_", None))


@pytest.mark.parametrize("name", TABULAR)
@given(data=st.data())
def test_records_are_plain_json_and_the_html_is_well_formed(name: str, data: st.DataObject) -> None:
    value = data.draw(STRATEGIES[name])
    records = value.to_records()
    assert list is type(records)
    assert all(dict is type(row) for row in records)
    assert len({tuple(row) for row in records}) <= 1
    for row in records:
        assert all(type(cell) in (str, int, type(None)) for cell in row.values())
    assert records == json.loads(json.dumps(records))
    assert ElementTree.fromstring(value._repr_html_()).tag in ("table", "div")
