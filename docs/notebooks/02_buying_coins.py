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
# # Buying coins: what a coin costs, and where the viewer's money goes
#
# A viewer buys coins with money in a **storefront** (a country and its currency) on a
# **channel** (Apple in-app, Google Play, the web). The same coins cost different amounts
# on different channels, and each channel takes its own cut before the platform sees any
# revenue. giftflow splits every payment exactly:
#
# `gross = tax + store fee + processor fee + platform net`, in minor units, with no cent
# lost or created, and every rounding step on record.
#
# This notebook covers:
#
# 1. TikTok's coin packages per channel, and the price per coin, plotted;
# 2. one purchase on iOS, Google Play and the web, split and plotted side by side;
# 3. a UK purchase with VAT included in the price;
# 4. where each number comes from.
#
# Each claim is checked with an `assert`, so if the library or a preset changes, this
# notebook fails in the test suite.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
from datetime import UTC, datetime
from fractions import Fraction

import matplotlib.pyplot as plt

from giftflow import Channel, Money, Purchase, checkout, presets
from giftflow.testing import assert_sums_to

book = presets.tiktok_price_book()
at = datetime(2026, 11, 24, 12, tzinfo=UTC)
channels = [Channel.IOS, Channel.GOOGLE_PLAY, Channel.WEB]
# Google Play's 15% tier covers only a developer's first $1M a year; TikTok is far past it,
# so its fee depends on the proceeds so far this year, which the caller passes in.
proceeds = Money.parse("5000000", "USD")


def buy(package: str, channel: Channel, country: str = "US") -> Purchase:
    """Quote ``package`` and check it out; the breakdown must add up exactly."""
    quote = book.quote(package, country=country, channel=channel, at=at)
    purchase = checkout(
        quote, purchase_id=f"{country}-{channel}-{package}", proceeds_to_date=proceeds
    )
    b = purchase.breakdown
    assert_sums_to([b.tax, b.store_fee, b.processor_fee, b.net], b.gross)
    return purchase


# %% [markdown]
# ## 1. Price per coin, by package and channel
#
# The US app ladder (reported for iOS and used for Google Play too) sells 65 coins for
# $0.99 up to 16,500 coins for $249.99. The web ladder starts at 70 coins for $0.74. Each
# price per coin is an exact fraction of a cent; the table rounds it only to print it.

# %%
rows = []
for channel in channels:
    for entry in book.prices:
        if entry.country == "US" and entry.channel == channel:
            purchase = buy(entry.package, channel)
            coins = purchase.coins.amount
            rows.append(
                (
                    channel,
                    coins,
                    entry.price,
                    Fraction(entry.price.minor, coins),  # cents per coin, exactly
                    Fraction(purchase.breakdown.net.minor, coins),  # platform net per coin
                )
            )

print(f"{'channel':<12}{'coins':>7}{'price':>14}{'cents/coin':>12}{'net cents/coin':>16}")
for channel, coins, price, per_coin, net_per_coin in rows:
    print(
        f"{channel!s:<12}{coins:>7}{price!s:>14}{float(per_coin):>12.4f}{float(net_per_coin):>16.4f}"
    )

# %% [markdown]
# On every rung a coin costs the viewer about 30% less on the web than in the app. The
# platform pays no store commission there, but the discount is about as large as Apple's
# 30%, and the card fee takes the rest: with the illustrative 2.9% + $0.30, the platform
# keeps a little less per coin on the web, and far less on the smallest package, where
# the fixed 30 cents is 40% of the price.

# %%
app = [row for row in rows if row[0] == Channel.IOS]
web = [row for row in rows if row[0] == Channel.WEB]
for app_row, web_row in zip(app, web, strict=True):
    assert web_row[3] < app_row[3] * Fraction(72, 100)  # at least 28% cheaper per coin
    assert web_row[4] < app_row[4]  # and a little less net revenue per coin
smallest = web[0]
assert Fraction(60, 100) == smallest[4]  # 42 cents of net for 70 coins
print(f"web discount per coin on each of the {len(app)} rungs:")
print([f"{float(1 - w[3] / a[3]):.1%}" for a, w in zip(app, web, strict=True)])

# %% [markdown]
# The same numbers, plotted. Floats appear only here, converted at the plot; every value
# above is exact.

# %%
fig, (price_axis, net_axis) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
styles = {Channel.IOS: "o-", Channel.GOOGLE_PLAY: "x--", Channel.WEB: "s-"}
for channel in channels:
    mine = [row for row in rows if row[0] == channel]
    x = [coins for _, coins, _, _, _ in mine]
    label = "google_play (as ios)" if channel == Channel.GOOGLE_PLAY else str(channel)
    price_axis.plot(x, [float(r[3]) for r in mine], styles[channel], label=label)
    net_axis.plot(x, [float(r[4]) for r in mine], styles[channel], label=label)
for axis, title in (
    (price_axis, "TikTok (US): what the viewer pays per coin"),
    (net_axis, "TikTok (US): what the platform keeps per coin"),
):
    axis.set_xscale("log")
    axis.set_xlabel("coins in the package")
    axis.set_ylabel("US cents per coin")
    axis.set_title(title)
    axis.legend()
price_axis.set_ylim(0, 1.7)
net_axis.set_ylim(0, 1.7)

# %% [markdown]
# iOS and Google Play sell the same ladder at the same prices, so their price lines lie
# on top of each other; Google Play's 30% (above $1M a year) matches Apple's standard 30%,
# so their net lines coincide too.
#
# ## 2. One purchase, three channels
#
# Take the first rung on each channel: 65 coins for $0.99 on iOS and Google Play, 70
# coins for $0.74 on the web. Every rounding step is kept with its exact value and mode.

# %%
first = {
    Channel.IOS: buy("coins_65", Channel.IOS),
    Channel.GOOGLE_PLAY: buy("coins_65", Channel.GOOGLE_PLAY),
    Channel.WEB: buy("coins_70", Channel.WEB),
}
for channel, purchase in first.items():
    print(f"{purchase.coins} on {channel}:")
    print(purchase.breakdown)
    for note in purchase.breakdown.roundings:
        print("   ", note)
    print()

assert Money.parse("0.30", "USD") == first[Channel.IOS].breakdown.store_fee
assert Money.parse("0.69", "USD") == first[Channel.IOS].breakdown.net
assert Money.parse("0.32", "USD") == first[Channel.WEB].breakdown.processor_fee
assert Money.parse("0.42", "USD") == first[Channel.WEB].breakdown.net

# %% [markdown]
# Side by side, as stacked bars: on the left the payment itself, on the right the same
# split per 100 coins, since the packages differ in size. The preset models no US sales
# tax (it varies by state), so the tax slice is empty here; section 3 has one.

# %%
parts = ["tax (none in the US preset)", "store fee", "processor fee", "platform net"]
colours = ["tab:gray", "tab:red", "tab:orange", "tab:green"]


def split(purchase: Purchase) -> list[int]:
    b = purchase.breakdown
    return [b.tax.minor, b.store_fee.minor, b.processor_fee.minor, b.net.minor]


fig, (paid_axis, per_100_axis) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
labels = [f"{channel}\n{p.coins}\n{p.breakdown.gross}" for channel, p in first.items()]
for axis, scale in ((paid_axis, None), (per_100_axis, 100)):
    bottoms = [Fraction(0)] * len(first)
    for index, (part, colour) in enumerate(zip(parts, colours, strict=True)):
        heights = [
            Fraction(split(p)[index]) * (Fraction(scale, p.coins.amount) if scale else 1)
            for p in first.values()
        ]
        axis.bar(
            labels,
            [float(h) for h in heights],
            bottom=[float(b) for b in bottoms],
            color=colour,
            label=part,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axis.set_ylabel("US cents" if scale is None else "US cents per 100 coins")
paid_axis.set_title("TikTok (US), first package: where the viewer's payment goes")
per_100_axis.set_title("The same, per 100 coins")
fig.legend(*paid_axis.get_legend_handles_labels(), loc="outside right upper")

# %% [markdown]
# ## 3. VAT included: a UK purchase
#
# UK prices include 20% VAT. For £0.99 the VAT is 99 x 0.2 / 1.2 = 16.5p exactly; the
# storefront rounds tax half up, to 17p. Apple's 30% applies to the price net of VAT
# (82p): 24.6p, rounded half up to 25p. The platform keeps 57p.

# %%
uk = buy("coins_65", Channel.IOS, country="GB")
print(uk.breakdown)
for note in uk.breakdown.roundings:
    print("   ", note)
gbp = [Money.parse(text, "GBP") for text in ("0.99", "0.17", "0.25", "0.57")]
assert gbp == [uk.breakdown.gross, uk.breakdown.tax, uk.breakdown.store_fee, uk.breakdown.net]

# %% [markdown]
# ## 4. Where the numbers come from
#
# Every preset number carries its source in `giftflow.presets.SOURCES`, with the date
# of the page it was read from and a confidence: **stated** (the platform says so),
# **reported** (a third party says so), **inferred** (arithmetic on sourced numbers) or
# **illustrative** (no source gives it; a typical value is used). These are the sources
# behind this notebook:

# %%
for key in (
    "tiktok_app_ladder",
    "tiktok_app_ladder_middle",
    "tiktok_app_ladder_3300",
    "tiktok_web",
    "tiktok_web_ladder",
    "tiktok_uk_app",
    "uk_vat",
    "apple_commission",
    "google_play_commission",
    "card_processor",
):
    source = presets.SOURCES[key]
    print(f"{key} [{source.confidence}, {source.date}]\n    {source.what}\n    {source.where}")

# %% [markdown]
# **Prices are snapshots.** Platforms change their prices, packages and fees often and
# publish few of them; the presets hold what public sources reported when they were read,
# not an official price list. The web prices above 70 coins are *inferred* (the 70-coin
# ladder less 25%), and the card fee is *illustrative*. For real accounting, build a
# `PriceBook` from your own price list and fee contracts; the arithmetic stays the same.
