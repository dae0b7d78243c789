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
# # Where the money goes
#
# A viewer pays money for coins, spends the coins on a gift, and the creator receives
# diamonds (Bits, Stars, Beans, cents...). Platforms show the coins and the diamonds,
# but not the money in between. For any gift sent, giftflow builds a **value trace**:
# every minor unit the viewer paid for those coins, and who got it (tax, the app
# store, the card processor, the creator, an agency, the platform), exactly.
#
# This notebook takes one representative gift on each preset economy, buys the coins
# through each channel the preset sells on, and shows:
#
# 1. one trace in full, as text and as a table,
# 2. where one viewer dollar goes, per platform and channel, as stacked bars,
# 3. the creator's effective take rate per channel,
# 4. where the numbers come from, and how far to trust them.
#
# Every amount is computed exactly; floats appear only to draw the plots. Each claim is
# checked with an `assert`, so if the library changes behaviour, this notebook fails in
# the test suite.

# %%
from datetime import UTC, datetime
from fractions import Fraction

from giftflow import Agency, Channel, Money, Rate, Rounding, compare_channels, presets

# Everything happens at one instant, so the output never depends on the clock.
AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
# TikTok, YouTube and the others sell far more than the stores' $1M small-developer
# tiers each year, so the store fees are charged at their full rate.
PROCEEDS = Money.parse("5000000", "USD")

# %% [markdown]
# ## 1. One trace
#
# A Lion (29,999 coins) bought on iOS in the US. The TikTok preset follows what third
# parties report: one diamond per coin of gift price, a diamond worth about $0.005,
# whatever the viewer paid. The viewer needs two packs of 16,500 coins at $249.99; the
# trace covers the 29,999 coins the Lion used, at their exact cost per coin. Amounts
# marked `~` do not terminate within two extra decimal places and are shown rounded;
# the trace itself holds them exactly.

# %%
(lion_ios,) = compare_channels(
    presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.IOS]
)
print(lion_ios)

# %% [markdown]
# In a notebook the same trace renders as a table (its `_repr_html_`):

# %%
lion_ios

# %% [markdown]
# The rows add up exactly to what the viewer paid, and `to_records()` gives plain rows
# for pandas or a spreadsheet:

# %%
assert sum(row.amount.minor for row in lion_ios.rows) == lion_ios.paid.minor
for record in lion_ios.to_records():
    print(f"{record['party']:>10}  {record['amount']:>16}  {record['label']}")

# %% [markdown]
# ## 2. One viewer dollar, per platform and channel
#
# One representative gift per preset, traced through every channel its storefront
# sells on:
#
# | preset | gift | what it costs |
# |---|---|---|
# | `tiktok` | a Lion | 29,999 coins |
# | `twitch_bits` | a Cheer of 100 Bits | 100 Bits |
# | `youtube_supers` | a $10 Super Chat | 1,000 cents |
# | `facebook_stars` | 50 Stars | 50 Stars |
# | `bigo` | 1,000 Diamonds | 1,000 Diamonds |
#
# For TikTok in the US the creator is represented by an agency with a 10% commission.
# TikTok pays agencies from its own portion, never from the creator's; the 10% is
# *illustrative* (no source gives TikTok's agency rates). The UK storefront sells in
# GBP while diamonds are valued in USD, so its trace needs an exchange rate: 0.79 GBP
# per USD here, also *illustrative*; there, "one viewer dollar" is one viewer pound.
# (The UK case has no agency: `send_gift` works out a commission in the currency
# diamonds are valued in, so it needs coins bought in that currency.)

# %%
AGENCY = Agency(id="agency", rate=Rate.parse("10%"))  # illustrative
GBP_PER_USD = Rate.parse("0.79")  # illustrative

cases = [
    ("tiktok", presets.tiktok(), "Lion", 1, "US", AGENCY, None),
    ("tiktok", presets.tiktok(), "Lion", 1, "GB", None, GBP_PER_USD),
    ("twitch_bits", presets.twitch_bits(), "Cheer100", 1, "US", None, None),
    ("youtube_supers", presets.youtube_supers(), "Super Chat", 1000, "US", None, None),
    ("facebook_stars", presets.facebook_stars(), "Stars", 50, "US", None, None),
    ("bigo", presets.bigo(), "Diamonds", 1000, "US", None, None),
]
traces = []
for name, economy, gift, count, country, agency, fx in cases:
    for value_trace in compare_channels(
        economy,
        gift,
        country=country,
        at=AT,
        count=count,
        proceeds_to_date=PROCEEDS if country == "US" else None,
        agency=agency,
        fx=fx,
    ):
        label = f"{name}\n{country} {value_trace.channel}"
        traces.append((label, value_trace))
print(len(traces), "traces:", ", ".join(label.replace("\n", " ") for label, _ in traces))

# %% [markdown]
# Each trace is split into six parts, as exact fractions of what the viewer paid. The
# creator's part includes the fraction of a diamond carried to their next gift
# (the `rounding` row): it is theirs, only not issued yet. The six parts add up to
# exactly one.

# %%
PARTS = ("tax", "store", "processor", "creator", "agency", "platform")


def shares(value_trace):
    """Each part's exact share of what the viewer paid."""
    paid = value_trace.paid.minor
    totals = {party: value_trace.total(party).minor for party in PARTS}
    totals["creator"] += value_trace.total("rounding").minor
    assert value_trace.total("fees").minor == 0  # every preset itemises its fees
    return {party: total / paid for party, total in totals.items()}


table = {label: shares(value_trace) for label, value_trace in traces}
for label, split in table.items():
    assert sum(split.values()) == 1  # exactly, not approximately
    cells = "  ".join(f"{party} {float(share):6.1%}" for party, share in split.items())
    print(f"{label.replace(chr(10), ' '):<28} {cells}")

# %% [markdown]
# A few of these can be checked by hand:
#
# - **Twitch**: 100 Bits cost $1.40 and cheering them pays the streamer $0.01 per Bit,
#   so $1.00 of $1.40 (71.4%) goes to the streamer and $0.40 to Twitch.
# - **YouTube**, a $10 Super Chat: on iOS Apple keeps 30% ($3.00) and the creator gets
#   70% of the remaining $7.00, so $4.90 (49%); on the web YouTube covers the card fees
#   and the creator gets $7.00 (70%).
# - **TikTok**, a Lion: a coin costs $249.99 / 16,500 in the app and $187.49 / 17,500 on
#   the web, and earns the creator half a cent either way.

# %%
take = {label: value_trace.creator_take_rate for label, value_trace in traces}
assert take["twitch_bits\nUS web"] == Rate(Fraction(100, 140))
assert table["twitch_bits\nUS web"]["platform"] == Fraction(40, 140)
assert take["youtube_supers\nUS ios"] == Rate.parse("49%")
assert table["youtube_supers\nUS ios"]["store"] == Fraction(30, 100)
assert take["youtube_supers\nUS web"] == Rate.parse("70%")
assert table["facebook_stars\nUS web"]["platform"] == Fraction(-14, 99)
assert take["tiktok\nUS ios"] == Rate(Fraction(1, 2) / Fraction(24999, 16500))
assert take["tiktok\nUS web"] == Rate(Fraction(1, 2) / Fraction(18749, 17500))
# The agency is paid out of the platform's part: with or without it, the creator's
# share is the same.
(unrepresented,) = compare_channels(
    presets.tiktok(), "Lion", country="US", at=AT, channels=[Channel.WEB]
)
assert unrepresented.creator_take_rate == take["tiktok\nUS web"]

# %% [markdown]
# The stacked bars below show the same table. Parts above the line are what each party
# receives per viewer dollar; a part below the line is a loss. 50 Stars come from
# Facebook's smallest web pack, 45 Stars plus 35 bonus Stars for $0.99: after the
# (illustrative) card fee of $0.33, Meta nets 66 cents for 80 Stars and pays the
# creator a cent for each, so it loses 14 cents for every 99 the viewer paid.

# %%
import matplotlib.pyplot as plt

COLOURS = {
    "tax": "tab:gray",
    "store": "tab:red",
    "processor": "tab:orange",
    "creator": "tab:green",
    "agency": "tab:purple",
    "platform": "tab:blue",
}
labels = list(table)
fig, ax = plt.subplots(figsize=(13, 4.8), layout="constrained")
above = [0.0] * len(labels)
below = [0.0] * len(labels)
for party in PARTS:
    values = [float(table[label][party]) for label in labels]
    bottoms = [
        up if value >= 0 else down for value, up, down in zip(values, above, below, strict=True)
    ]
    ax.bar(labels, values, bottom=bottoms, color=COLOURS[party], label=party)
    for index, value in enumerate(values):
        if value >= 0:
            above[index] += value
        else:
            below[index] += value
ax.axhline(0, color="black", linewidth=0.8)
ax.axhline(1, color="black", linewidth=0.5, linestyle=":")
ax.set_ylim(min(below) - 0.1, max(above) + 0.1)
ax.set_ylabel("share of one viewer dollar")
ax.set_title("Where one viewer dollar goes, by platform, storefront and channel")
ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
ax.tick_params(axis="x", labelsize=8)

# %% [markdown]
# ## 3. The creator's effective take rate
#
# The share of the viewer's money that ends up with the creator (including what is
# carried to their next gift), per channel. Platforms that pay a fixed value per coin
# (TikTok as reported, Twitch, Facebook) pay the same diamonds whatever the coins cost,
# so the creator's share moves with the channel's price. YouTube takes its 70% after the
# store fee, so the store fee comes out of the creator's share too.

# %%
for label, rate in take.items():
    print(f"{label.replace(chr(10), ' '):<28} {rate.percent(1, Rounding.HALF_EVEN):>6}")

fig, ax = plt.subplots(figsize=(13, 3.2), layout="constrained")
ax.bar(labels, [float(take[label].value) for label in labels], color="tab:green")
for index, label in enumerate(labels):
    ax.annotate(
        take[label].percent(1, Rounding.HALF_EVEN),
        (index, float(take[label].value)),
        ha="center",
        va="bottom",
        fontsize=8,
    )
ax.set_ylabel("creator take rate")
ax.set_ylim(0, 1)
ax.set_title("The creator's share of what the viewer paid")
ax.tick_params(axis="x", labelsize=8)

# %% [markdown]
# ## 4. Where the numbers come from
#
# Every number in `giftflow.presets` comes from a public source, listed in
# `presets.SOURCES` with its date and a confidence: **stated** (the platform says so),
# **reported** (a third party says so), **inferred** (arithmetic on sourced numbers) or
# **illustrative** (no source gives it; a labelled example value, such as the card
# processor's 2.9% + $0.30 here, the agency's 10% and the exchange rate above).
# Prices change often and differ by country and over time: treat every preset as a
# snapshot of what sources reported, not as a platform's current price list. The
# sources behind the gifts above:

# %%
used = [
    "tiktok_app_ladder",
    "tiktok_web",
    "tiktok_web_ladder",
    "tiktok_uk_app",
    "uk_vat",
    "tiktok_gifts",
    "tiktok_diamonds",
    "tiktok_share",
    "apple_commission",
    "google_play_commission",
    "card_processor",
    "twitch_bits",
    "twitch_cheer",
    "youtube_supers",
    "facebook_stars_store",
    "facebook_stars_value",
    "bigo",
]
for key in used:
    source = presets.SOURCES[key]
    print(f"{key} [{source.confidence}, {source.date}]")
    print(f"    {source.what}")
    print(f"    source: {source.where}")
assert {presets.SOURCES[key].confidence for key in ("card_processor",)} == {"illustrative"}
