# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The life of a coin: from a viewer's card to a creator's bank, as journal entries
#
# A `Ledger` records every movement of value as a balanced transaction: postings that sum
# to zero in each unit (dollars, coins, diamonds) on its own. This notebook follows one
# purchase of 65 TikTok coins on iOS:
#
# 1. the purchase: the store's cut, and the net held as *deferred* revenue;
# 2. gifts: coins retire, diamonds are issued, and revenue is recognised coin by coin;
# 3. a partial refund: every leg reversed in proportion, exactly;
# 4. a payout: diamonds reserved, then paid from platform revenue;
# 5. the balances at each step, and a creator's statement;
# 6. spending protection: TikTok's minimum age, enforced by the ledger.
#
# Each claim is checked with an `assert`, so this notebook fails in the test suite if
# the library changes its answers.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
from datetime import UTC, date, datetime, timedelta

import matplotlib.pyplot as plt

from giftflow import (
    Account,
    AccountKind,
    Channel,
    CoinsPurchased,
    Diamonds,
    GiftEvent,
    GiftSent,
    Ledger,
    Money,
    PayoutLeg,
    PayoutLegKind,
    PayoutRequested,
    PayoutSettled,
    Refunded,
    Refusal,
    SpendingRefusedError,
    Viewer,
    checkout,
    currency,
    presets,
)

USD = currency("USD")

economy = presets.tiktok()
# TikTok allows only viewers of 18 and over (19 in South Korea) to buy coins or send gifts,
# and the ledger enforces the economy's spending rules: it needs to know who v1 is.
ledger = Ledger(
    economy,
    viewers={
        "v1": Viewer(country="US", birth_date=date(1990, 5, 1)),
        "kid": Viewer(country="US", birth_date=date(2012, 3, 1)),
    },
)
start = datetime(2026, 11, 24, 20, tzinfo=UTC)
K = AccountKind


def show(event_id: str) -> None:
    print(ledger.transaction(event_id))


# %% [markdown]
# ## 1. The purchase
#
# The viewer pays $0.99 on iOS. Apple keeps $0.30; the platform's $0.69 is not revenue yet:
# it is owed to the viewer as 65 coins, so it sits in `deferred_revenue`.

# %%
quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=start)
ledger.apply(CoinsPurchased(id="p1", viewer="v1", purchase=checkout(quote, purchase_id="p1")))
show("p1")
assert ledger.balance(Account(K.DEFERRED_REVENUE), USD) == Money.parse("0.69", "USD")

# %% [markdown]
# ## 2. Gifts
#
# Each Rose retires a coin and issues a diamond to the creator (TikTok's reported 1 diamond
# per coin). The deferred money behind the spent coins becomes revenue: the platform
# releases `floor(0.69 x coins spent / 65)` dollars in total, so each release is whole
# cents and the last coin releases exactly what is left.

# %%
releases = []
for n in range(1, 14):
    gift = GiftEvent(
        id=f"g{n}",
        viewer="v1",
        gift="Rose",
        count=5,
        recipients="ana",
        country="US",
        at=start + timedelta(minutes=n),
    )
    tx = ledger.apply(GiftSent(gift=gift)).transaction
    releases.append(tx.amount(Account(K.PLATFORM_REVENUE), USD).minor)
show("g1")
print("cents released per 5 coins:", releases)
assert sum(releases) == 69
assert ledger.balance(Account(K.DEFERRED_REVENUE), USD) == Money.zero(USD)
assert ledger.balance(Account(K.CREATOR_BALANCE, "ana"), Diamonds) == Diamonds(65)

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.4), layout="constrained")
ax.bar(range(1, 14), releases)
ax.set_xticks(range(1, 14))
ax.set_xlabel("gift (5 Roses, 5 coins each)")
ax.set_ylabel("cents recognised")
ax.set_title(
    "TikTok, 65 coins for $0.99 on iOS: deferred revenue released\nby cumulative floors, 69 cents in all"
)

# %% [markdown]
# ## 3. A partial refund, after the coins were spent
#
# A second purchase, 30 of whose coins were spent on a Doughnut, is refunded $0.50 of
# $0.99. Every leg is reversed in proportion (Apple's fee by `floor(30 x 50/99)` = 15
# cents) and `floor(65 x 50/99)` = 32 coins go back. The deferred money behind those 32
# coins pays most of the net refund; the cent it lacks comes from the revenue already
# recognised for the spent coins. Had the viewer spent more than 33 coins, the ledger's
# `Clawback` policy would decide who pays for the rest.

# %%
quote2 = economy.price_book.quote(
    "coins_65", country="US", channel=Channel.IOS, at=start + timedelta(hours=1)
)
ledger.apply(CoinsPurchased(id="p2", viewer="v1", purchase=checkout(quote2, purchase_id="p2")))
ledger.apply(
    GiftSent(
        gift=GiftEvent(
            id="g14",
            viewer="v1",
            gift="Doughnut",
            count=1,
            recipients="ana",
            country="US",
            at=start + timedelta(hours=1, minutes=5),
        )
    )
)
ledger.apply(
    Refunded(
        id="r1",
        at=start + timedelta(hours=2),
        purchase_id="p2",
        amount=Money.parse("0.50", "USD"),
    )
)
show("r1")
assert ledger.totals() == {"USD": 0, "coins": 0, "diamonds": 0}

# %% [markdown]
# ## 4. A payout
#
# Ana withdraws 90 diamonds. The request moves them into clearing; the settlement retires
# them and pays $0.45 (at $0.005 a diamond) from platform revenue to her bank. A failed
# payout would have returned them exactly.

# %%
ledger.apply(
    PayoutRequested(id="po1", at=start + timedelta(days=1), creator="ana", diamonds=Diamonds(90))
)
net = PayoutLeg(kind=PayoutLegKind.NET, name="creator", amount=Money.parse("0.45", "USD"))
ledger.apply(PayoutSettled(id="s1", at=start + timedelta(days=3), payout_id="po1", legs=(net,)))
show("po1")
show("s1")
assert ledger.balance(Account(K.EXTERNAL, "ana"), USD) == Money.parse("0.45", "USD")

# %% [markdown]
# ## 5. Balances and a statement
#
# Every unit sums to zero across all accounts: nothing was created or lost.

# %%
for (account, unit), value in ledger.balances().items():
    print(f"{account!s:24} {unit:9} {value:>6,}")
assert all(total == 0 for total in ledger.totals().values())

# %%
print(ledger.creator_statement("ana", start=start, end=start + timedelta(days=7)))

# %% [markdown]
# ## 6. Spending protection
#
# The economy's spending rules (`presets.tiktok()`: 18+, 19+ in South Korea) are applied
# to every purchase and gift. A 14-year-old's purchase is refused with the numbers, and
# the books are exactly as they were: nothing was booked, and the event may be retried.

# %%
# `ledger.journal` and `ledger.events` are live views of the books, so snapshot them.
before = (ledger.balances(), tuple(ledger.journal), tuple(ledger.events))
quote3 = economy.price_book.quote(
    "coins_65", country="US", channel=Channel.IOS, at=start + timedelta(days=4)
)
refusals: tuple[Refusal, ...] = ()
try:
    ledger.apply(CoinsPurchased(id="p3", viewer="kid", purchase=checkout(quote3, purchase_id="p3")))
except SpendingRefusedError as refused:
    print(refused)
    refusals = refused.refusals
assert [(refusal.limit, refusal.attempted) for refusal in refusals] == [(18, 14)]
assert before == (ledger.balances(), tuple(ledger.journal), tuple(ledger.events))
