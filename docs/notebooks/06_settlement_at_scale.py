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
# 4. a day of gifts in Parquet files, settled as columns, in one process and on the
#    worker processes of a Dask cluster, and how creators' earnings are spread,
# 5. what it refuses, and why.
#
# Every claim is checked with an `assert`, so the test suite runs this notebook.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
import random
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
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
# ## 4. A day in Parquet files, on Dask workers
#
# A platform's day of gifts arrives as columnar files, not as Python tuples.
# `settle_columns` (`pip install 'giftflow[columns]'`) reads Arrow columns of
# `creator`, `gift` and `count` batch by batch and returns the same `Settlement` as
# `settle` on the same records, without a Python loop over the events
# (`benchmarks/bench_columns.py` measures it).
#
# Here a small day: four Parquet files of 25,000 events each, written to a temporary
# directory. Creators and gift names are dictionary columns (what a categorical column
# becomes in Parquet); the gifts are the TikTok preset's, the cheap ones sent far more
# often; a few of 2,000 creators receive most of them.

# %%
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from giftflow import settle_columns

DAY = Path(tempfile.mkdtemp(prefix="giftflow-day-"))
FILES, EVENTS, CREATORS = 4, 25_000, 2_000

by_price = sorted(GIFTS, key=lambda gift: gift.price.amount)
gift_names = pa.array([gift.name for gift in by_price])
streakable = np.array([gift.streak.name == "STREAKABLE" for gift in by_price])
creator_names = pa.array([f"creator-{index:05d}" for index in range(CREATORS)])
gift_weights = 1 / np.arange(1, len(by_price) + 1) ** 1.5
creator_weights = 1 / np.arange(1, CREATORS + 1) ** 1.1
paths = []
for index in range(FILES):
    draw = np.random.default_rng([7, index])
    who = draw.choice(CREATORS, EVENTS, p=creator_weights / creator_weights.sum())
    what = draw.choice(len(by_price), EVENTS, p=gift_weights / gift_weights.sum())
    table = pa.table(
        {
            "creator": pa.DictionaryArray.from_arrays(who.astype(np.int32), creator_names),
            "gift": pa.DictionaryArray.from_arrays(what.astype(np.int32), gift_names),
            "count": np.where(streakable[what], draw.integers(1, 11, EVENTS), 1),
        }
    )
    paths.append(str(DAY / f"day-{index}.parquet"))
    pq.write_table(table, paths[-1])
pq.read_table(paths[0]).slice(0, 3).to_pylist()

# %% [markdown]
# **One process.** A file is streamed batch by batch (`iter_batches`), never read
# whole, with its string columns kept as dictionaries (`read_dictionary`): each
# distinct creator is checked once, not once per row. One `settle_columns` call reads
# every file's batches one after the other.


# %%
def file_batches(path):
    with pq.ParquetFile(path, read_dictionary=["creator", "gift"]) as file:
        yield from file.iter_batches(batch_size=8_192)


here = settle_columns(
    ECONOMY, (batch for path in paths for batch in file_batches(path)), at=AT, country="US"
)
print(here.events, "events,", len(here.creators), "creators,", here.diamonds)

# %% [markdown]
# **On a cluster.** A `LocalCluster` of two worker processes stands in for a real
# one (`pip install 'giftflow[dask]'`). The pattern has three steps:
#
# 1. the economy goes to every worker once (`scatter`, `broadcast=True`);
# 2. each worker opens *its* file and settles it (`client.map` over the paths): no
#    event travels through this process;
# 3. the partial settlements are merged on the workers, two at a time, as a tree;
#    only the final `Settlement` comes back.
#
# Merging is exact, so the result is the one-process settlement, to the last
# fraction of a diamond. `examples/dask_settlement.py` packages the same steps with
# a command line (and first merges each worker's own partials where they are, so
# only one settlement per worker moves between processes); `benchmarks/bench_dask.py`
# measures them on 8 files of 4M events. (The old pattern, `dask.bag.from_sequence` of a list of records, ships
# every record through the scheduler and ran at 2% of one process's speed.)


# %%
from distributed import Client, LocalCluster


def settle_file(path, economy):
    return settle_columns(economy, file_batches(path), at=AT, country="US")


def merge(*parts):
    return Settlement.total(parts)


with (
    LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},  # no clash with another cluster
    ) as cluster,
    Client(cluster) as client,
):
    [economy] = client.scatter([ECONOMY], broadcast=True, hash=False)
    parts = client.map(settle_file, paths, economy=economy)
    while len(parts) > 1:
        parts = [client.submit(merge, *parts[i : i + 2]) for i in range(0, len(parts), 2)]
    there = parts[0].result()

assert there == here
print(f"2 workers, {FILES} files:", there.events, "events,", there.diamonds, "(identical)")

# %% [markdown]
# **How earnings are spread.** The histogram (log-spaced bins) has two humps,
# because the catalog has a gap: nothing between the Swan (699 coins) and the Lion
# (29,999). Creators on the right received at least one Lion or TikTok Universe, those
# on the left none (checked below against the files). The curve on the right shows how
# much of the day's diamonds the top creators take.

# %%
earned = np.array(sorted((t.diamonds.amount for t in there.creators.values()), reverse=True))
share = np.cumsum(earned) / earned.sum()
fig, (spread_axis, top_axis) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
bins = np.logspace(0, np.log10(earned.max()) + 0.1, 30)
spread_axis.hist(earned, bins=bins, color="tab:blue")
spread_axis.set_xscale("log")
spread_axis.axvline(20_000, color="grey", linestyle=":", linewidth=1)
for x, label in ((12, "no Lion or\nUniverse"), (1e6, "at least one Lion\nor Universe")):
    spread_axis.text(
        x, 0.9, label, transform=spread_axis.get_xaxis_transform(), ha="center", fontsize=10
    )
spread_axis.set_xlabel("diamonds earned in the day (log scale)")
spread_axis.set_ylabel("creators")
spread_axis.set_title(f"TikTok diamonds per creator ({len(earned):,} creators)")
ranks = np.arange(1, len(earned) + 1)
top_axis.plot(ranks / len(earned) * 100, share * 100, color="tab:orange")
for top in (0.01, 0.1):
    k = int(len(earned) * top)
    top_axis.annotate(
        f"top {top:.0%}: {share[k - 1]:.0%}",
        (top * 100, share[k - 1] * 100),
        xytext=(8, -14),
        textcoords="offset points",
    )
    top_axis.plot([top * 100], [share[k - 1] * 100], "o", color="tab:orange")
top_axis.set_xscale("log")
top_axis.set_xticks([0.1, 1, 10, 100], ["0.1%", "1%", "10%", "100%"])
top_axis.set_xlabel("top creators, share of all (log scale)")
top_axis.set_ylabel("% of the day's diamonds")
top_axis.set_ylim(0, 100)
top_axis.set_title("Share of the day's TikTok diamonds taken by the top creators")
fig.suptitle(
    f"Creator earnings, one Parquet day of {there.events:,} gifts (TikTok preset)", fontsize=12
)
top_share = share[int(len(earned) * 0.1) - 1]
assert top_share > 0.5  # the top tenth earns most of the diamonds
print(f"the top 10% of creators earned {top_share:.0%} of the diamonds")

got_dear = set()  # creators sent a Lion or a TikTok Universe, read from the files
for path in paths:
    table = pq.read_table(path, columns=["creator", "gift"])
    gifts = table.column("gift").cast(pa.string())
    rows = pc.is_in(gifts, value_set=pa.array(["Lion", "TikTok Universe"]))
    got_dear |= set(table.column("creator").filter(rows).to_pylist())
right_hump = {c for c, t in there.creators.items() if t.diamonds.amount >= 20_000}
assert got_dear == right_hump
print(len(right_hump), "creators received a Lion or a TikTok Universe")
shutil.rmtree(DAY)  # the day's files are no longer needed

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
