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
# # Settling millions of gifts: batch, merge, distribute
#
# `send_gift` explains one gift completely. A platform's nightly run has millions of
# them and needs totals: each creator's diamonds and their value, each gift's count,
# each agency's commission. `settle` computes exactly those totals from a stream of
# light records, with the same rounding and carried remainders as sending the gifts one
# by one, and keeps only sums in memory. Settlements of parts of the stream merge, so
# the work can be split across processes or machines.
#
# This notebook covers:
#
# 1. settling a stream of records,
# 2. that it equals sending the same gifts one by one,
# 3. merging the settlements of parts, in any order,
# 4. the same with Dask workers,
# 5. what it refuses, and why.
#
# Every claim is checked with an `assert`, so the test suite runs this notebook.

# %%
import random
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import dask.bag as db
import matplotlib.pyplot as plt

from giftflow import (
    Agency,
    Carry,
    Channel,
    GiftEvent,
    GiftRecord,
    Rate,
    Rounding,
    Settlement,
    SettlementError,
    Wallet,
    checkout,
    presets,
    send_gift,
    settle,
)

AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
ECONOMY = presets.tiktok()
GIFTS = list(ECONOMY.catalog.gifts_at(country="US", at=AT))

# %% [markdown]
# ## 1. A stream of records
#
# A record is `(creator, gift, count)`, or a `GiftRecord` that also says whether the
# gift counted toward a won battle and what the platform received for its coins
# (`net`). Here a generator draws 50,000 of them: cheap gifts are sent far more often
# than expensive ones, and a few creators get most of them.

# %%
CREATORS = [f"creator-{i:03d}" for i in range(200)]


def records(count: int, seed: int = 7) -> Iterator[tuple[str, str, int]]:
    rng = random.Random(seed)
    creator_weights = [1 / rank for rank in range(1, len(CREATORS) + 1)]
    gift_weights = [1 / rank**1.5 for rank in range(1, len(GIFTS) + 1)]
    for _ in range(count):
        (creator,) = rng.choices(CREATORS, weights=creator_weights)
        (gift,) = rng.choices(GIFTS, weights=gift_weights)
        yield creator, gift.id, rng.randint(1, 10)


result = settle(ECONOMY, records(50_000), at=AT, country="US")
print(
    result.events, "records,", result.diamonds, "in all, worth", result.value.round(Rounding.DOWN)
)

# %% [markdown]
# Totals per creator are exact: the entitlement is a fraction of diamonds, the issued
# diamonds are whole, and what rounding left over is the creator's carry.

# %%
top = sorted(result.creators.items(), key=lambda item: -item[1].diamonds.amount)[:5]
for creator, total in top:
    print(f"{creator}  {total.diamonds!s:>22}  {total.value.round(Rounding.DOWN)}")
assert all(t.diamonds.amount + t.carry == t.entitlement for t in result.creators.values())
dict(sorted(result.gifts.items(), key=lambda item: -item[1])[:5])

# %%
ranked = sorted((t.diamonds.amount for t in result.creators.values()), reverse=True)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(range(1, len(ranked) + 1), [float(d) for d in ranked], marker=".", linestyle="")
ax.set_xlabel("creator rank")
ax.set_ylabel("diamonds")
ax.set_title("Diamonds per creator, 50,000 gifts")
plt.show()

# %% [markdown]
# ## 2. The same as sending the gifts one by one
#
# Take 300 records, buy the coins for them, send each with `send_gift` and a `Carry`,
# and compare with `settle` of the same records carrying each receipt's `net`. A
# diamond ratio of 1/3 makes the carry matter; an agency makes the net matter.

# %%
economy = attrs.evolve(
    ECONOMY,
    conversion=attrs.evolve(ECONOMY.conversion.at(AT), diamonds_per_coin=Rate.parse("1/3")),
)
agencies = {"creator-000": Agency(id="agency-1", rate=Rate.parse("10%"))}
sample = list(records(300, seed=11))
coins_needed = sum(
    economy.catalog.gift(gift, country="US", at=AT).price.amount * count
    for _, gift, count in sample
)
quote = economy.price_book.quote("coins_65", country="US", channel=Channel.IOS, at=AT)
lots = checkout(quote, purchase_id="p1").lots
packs = -(-coins_needed // sum(lot.coins.amount for lot in lots))
wallet = Wallet(tuple(attrs.evolve(lot, coins=lot.coins * packs) for lot in lots))

carry, funded = Carry(), []
for index, (creator, gift, count) in enumerate(sample):
    event = GiftEvent(
        id=f"e{index}",
        viewer="v1",
        gift=gift,
        count=count,
        recipients=creator,
        country="US",
        at=AT,
    )
    receipt = send_gift(economy, wallet, event, carry=carry, agencies=agencies)
    wallet, carry = receipt.wallet, receipt.carry
    funded.append(GiftRecord(creator, gift, count, net=receipt.funding.net))

batch = settle(economy, funded, at=AT, country="US", agencies=agencies)
assert batch.carry == carry
print("carry after 300 gifts, one by one and in batch:", len(carry.remainders), "creators")
print("agency-1 earned", batch.agencies["agency-1"], "; the platform kept", batch.platform)

# %% [markdown]
# ## 3. Settle parts, merge in any order
#
# Split the records into parts, settle each on its own, and merge the results in a
# shuffled order: the result equals settling everything at once. `Settlement.empty()`
# is the identity, and `+` is the same as `merge`.

# %%
everything = list(records(20_000, seed=3))
whole = settle(ECONOMY, everything, at=AT, country="US")
parts = [everything[i : i + 3_000] for i in range(0, len(everything), 3_000)]
partials = [settle(ECONOMY, part, at=AT, country="US") for part in parts]
random.Random(1).shuffle(partials)
assert Settlement.total(partials) == whole
assert partials[0] + partials[1] == partials[1] + partials[0]
assert whole + Settlement.empty() == whole
print(len(partials), "partial settlements merge into the whole")

# %% [markdown]
# ## 4. On Dask workers
#
# With `pip install 'giftflow[dask]'`, a Dask bag settles each partition on a worker
# (`reduction`'s first function) and merges the partials (its second). The same two
# functions work with Spark's `mapPartitions` and `treeReduce`, or a Beam `CombineFn`;
# see docs/performance.md. Here the processes scheduler runs four local workers.


# %%
def settle_part(part: list[tuple[str, str, int]]) -> Settlement:
    return settle(ECONOMY, part, at=AT, country="US")


bag = db.from_sequence(everything, npartitions=4)
distributed = bag.reduction(settle_part, Settlement.total).compute(scheduler="processes")
assert distributed == whole
print("Dask, 4 partitions:", distributed.diamonds)

# %% [markdown]
# ## 5. What `settle` refuses
#
# A batch can only reproduce sending one by one when the order of gifts does not
# matter. With a carry, it does not for `DOWN`, `FLOOR`, `CEILING`, `HALF_DOWN` and
# (for gifts that earn something) `HALF_UP`. It does for `HALF_EVEN`: a gift worth 1/2
# diamond then one worth 1 issues 0, then 2 (3/2 rounds to even); the other order
# issues 1, then 0. `UP` is order-dependent too. `settle` refuses those modes rather
# than pick an order.

# %%
half_even = attrs.evolve(ECONOMY, diamond_rounding=Rounding.HALF_EVEN)
try:
    settle(half_even, [("creator-000", "Rose", 1)], at=AT, country="US")
except SettlementError as error:
    print(error)
