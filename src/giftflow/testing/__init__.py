"""Hypothesis strategies for every public giftflow type, and conservation checks.

Host applications use these in their own property-based tests, to generate
giftflow values and to assert that their code neither creates nor loses value.
This module needs Hypothesis (``pip install 'giftflow[testing]'``); the rest of
giftflow does not import it.

>>> from hypothesis import given
>>> from giftflow import Money
>>> @given(money(currency="USD", min_value=0))
... def test_split_conserves(amount: Money) -> None:
...     assert_sums_to(amount.split(3), amount)
>>> test_split_conserves()

The example under each strategy picks one value with Hypothesis' ``find`` and
``settings=FIND_FIRST``: the first value generated that meets a condition most values
meet, unshrunk and the same on every run, and shows what holds for any such value.
"""

from types import FunctionType as _FunctionType

# First: without Hypothesis, this raises an error that names the extra to install.
from giftflow.testing import _extra
from giftflow.testing._assertions import Amount as Amount
from giftflow.testing._assertions import (
    assert_balanced,
    assert_ledger_balanced,
    assert_payout_conserves,
    assert_sums_to,
)
from giftflow.testing._base import FIND_FIRST as FIND_FIRST
from giftflow.testing._cash_out import (
    creators,
    diamond_valuations,
    eligibilities,
    fx_rate_tables,
    fx_rates,
    payout_caps,
    payout_fees,
    payout_methods,
    payout_policies,
    payout_schedules,
    withdrawal_limits,
    withholding_rules,
)
from giftflow.testing._checkout import proceeds_for, purchases
from giftflow.testing._coins_in import (
    channels,
    coin_packages,
    custom_amounts,
    fee_periods,
    fee_schedules,
    fees,
    package_prices,
    price_books,
    promotions,
    quotes,
    storefronts,
    taxes,
    thresholds,
)
from giftflow.testing._coins_out import (
    agencies,
    carries,
    catalog_versions,
    catalogs,
    conversion_policies,
    economies,
    folded_gifts,
    gifter_levels,
    gifts,
    leaderboard_entries,
    missions,
    policy_schedules,
    reward_schedules,
    sponsor_budgets,
    streak_events,
)
from giftflow.testing._gift_events import gift_events, recipients
from giftflow.testing._issuance import SETTLE_AT as SETTLE_AT
from giftflow.testing._issuance import (
    creator_entries,
    creator_shares,
    creator_totals,
    gift_receipts,
    gift_records,
    settlements,
    trace_rows,
    value_traces,
)
from giftflow.testing._ledger import (
    accounts,
    applied_results,
    balance_guards,
    clawbacks,
    diamond_balances,
    histories,
    idempotencies,
    ledger_events,
    ledger_snapshots,
    ledgers,
    postings,
    statement_lines,
    statements,
    transactions,
)
from giftflow.testing._payouts import (
    earnings,
    payout_fee_charges,
    payout_legs,
    payout_plans,
    payout_reasons,
    payout_records,
    payout_statements,
)
from giftflow.testing._spending import (
    age_rules,
    coin_lots,
    spend_policies,
    spend_records,
    spending_caps,
    spending_rules,
    viewers,
    wallets,
)
from giftflow.testing._values import (
    coins,
    currencies,
    diamonds,
    exact_money,
    money,
    rates,
    ratios,
    recurrences,
    rounded,
    roundings,
    unit_names,
    windows,
)

# A table of contents: one group per wing, each sorted (ruff's RUF022 sorts every list
# literal, so the groups are added one by one). SETTLE_AT and Amount stay importable from
# here, outside __all__, as before the split; so does FIND_FIRST, the settings the examples
# pass to find() (__all__ lists functions; tests/package/test_public_api.py pins it).
__all__ = [
    # Values (_values): currencies, money, rates, roundings, units, ratios, time windows.
    "coins",
    "currencies",
    "diamonds",
    "exact_money",
    "money",
    "rates",
    "ratios",
    "recurrences",
    "rounded",
    "roundings",
    "unit_names",
    "windows",
]
__all__ += [
    # Coins in: buying coins (_coins_in), holding and spending them (_spending).
    "age_rules",
    "channels",
    "coin_lots",
    "coin_packages",
    "custom_amounts",
    "fee_periods",
    "fee_schedules",
    "fees",
    "package_prices",
    "price_books",
    "proceeds_for",
    "promotions",
    "purchases",
    "quotes",
    "spend_policies",
    "spend_records",
    "spending_caps",
    "spending_rules",
    "storefronts",
    "taxes",
    "thresholds",
    "viewers",
    "wallets",
]
__all__ += [
    # Coins out: gifts, conversion and economies (_coins_out), gift events (_gift_events),
    # what issuing gives (_issuance).
    "agencies",
    "carries",
    "catalog_versions",
    "catalogs",
    "conversion_policies",
    "creator_entries",
    "creator_shares",
    "creator_totals",
    "economies",
    "folded_gifts",
    "gift_events",
    "gift_receipts",
    "gift_records",
    "gifter_levels",
    "gifts",
    "leaderboard_entries",
    "missions",
    "policy_schedules",
    "recipients",
    "reward_schedules",
    "settlements",
    "sponsor_budgets",
    "streak_events",
    "trace_rows",
    "value_traces",
]
__all__ += [
    # Cash out: what a platform sets up (_cash_out), what paying gives (_payouts).
    "creators",
    "diamond_valuations",
    "earnings",
    "eligibilities",
    "fx_rate_tables",
    "fx_rates",
    "payout_caps",
    "payout_fee_charges",
    "payout_fees",
    "payout_legs",
    "payout_methods",
    "payout_plans",
    "payout_policies",
    "payout_reasons",
    "payout_records",
    "payout_schedules",
    "payout_statements",
    "withdrawal_limits",
    "withholding_rules",
]
__all__ += [
    # The ledger (_ledger): accounts, postings, transactions, events, ledgers, balances, statements.
    "accounts",
    "applied_results",
    "balance_guards",
    "clawbacks",
    "diamond_balances",
    "histories",
    "idempotencies",
    "ledger_events",
    "ledger_snapshots",
    "ledgers",
    "postings",
    "statement_lines",
    "statements",
    "transactions",
]
__all__ += [
    # Conservation checks (_assertions): nothing created, nothing lost.
    "assert_balanced",
    "assert_ledger_balanced",
    "assert_payout_conserves",
    "assert_sums_to",
]

# Public functions report the package as their home, as the facade's objects do, so
# reprs, tracebacks and pickles name `giftflow.testing.money`, never a private module.
# Doctest collection follows __module__ too: the examples run with this module's
# globals, so they import any giftflow name they use.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, _FunctionType):
        _obj.__module__ = __name__
del _name, _obj, _FunctionType, _extra
