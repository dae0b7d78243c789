"""The ledger benchmark runs on a tiny input and computes what its plain-dict floor does."""

from __future__ import annotations

import random

from benchmarks._harness import Settings, run_groups
from benchmarks.bench_ledger import GROUPS, ledger_events, plain_dicts, profiles
from benchmarks.ledger_cpu import cpu_per_event
from giftflow import Account, AccountKind, Diamonds, GiftflowError, Ledger, currency, presets

USD = currency("USD")


def test_runs_in_quick_mode() -> None:
    results = run_groups(GROUPS, Settings(quick=True, repeat=1))
    assert [r.name for r in results] == [
        "plain dicts (no validation, no journal)",
        "giftflow Ledger.apply",
        "giftflow Ledger.apply, garbage collector paused",
        "checkout alone (what the caller already paid)",
        "giftflow Ledger.apply of a purchase",
        "same currency: USD coins, no rate",
        "across currencies: GBP coins converted at the gift's rate",
    ]
    assert all(r.median_ns > 0 for r in results)


def test_the_floor_books_what_the_ledger_books() -> None:
    events = ledger_events(Settings(quick=True), random.Random(7))
    ledger = Ledger(presets.tiktok(), viewers=profiles(events))
    for event in events:
        try:
            ledger.apply(event)
        except GiftflowError:  # the floor skips gifts without coins, too
            continue
    floor = plain_dicts(events)
    balance = ledger.balance
    assert floor["revenue"] == balance(Account(AccountKind.PLATFORM_REVENUE), USD).minor
    assert floor["deferred"] == balance(Account(AccountKind.DEFERRED_REVENUE), USD).minor
    diamonds = -balance(Account(AccountKind.DIAMOND_ISSUANCE), Diamonds).amount
    assert floor["diamonds"] == diamonds


def test_the_cross_currency_stream_converts_every_gift_into_usd() -> None:
    from benchmarks.bench_ledger import currency_events, profiles

    events = currency_events(Settings(quick=True), random.Random(7), across=True)
    ledger = Ledger(presets.tiktok(), viewers=profiles(events))
    for event in events:
        ledger.apply(event)
    revenue = Account(AccountKind.PLATFORM_REVENUE)
    assert ledger.balance(revenue, currency("USD")).minor > 0
    assert 0 == ledger.balance(revenue, currency("GBP")).minor
    assert all(total == 0 for total in ledger.totals().values())


def test_the_cpu_time_script_applies_the_streams() -> None:
    events = ledger_events(Settings(quick=True), random.Random(1))
    assert cpu_per_event(events) > 0


def test_the_memory_script_measures_both_histories() -> None:
    from benchmarks.ledger_memory import events, restore_time, retained
    from giftflow import History, to_data

    stream = events(1_030)
    whole_ledger, whole = retained(stream, History.ALL)
    ledger, streamed = retained(stream, History.NONE)
    assert 0 < streamed < whole  # keeping the journal costs memory; the state alone less
    assert whole_ledger.balances() == ledger.balances()
    assert restore_time(to_data(ledger.snapshot())) > 0
