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
# 3. the same payments as waterfalls, party by party, on to the creator's bank (payout
#    fees and withholding included),
# 4. the creator's effective take rate per channel,
# 5. an evening of purchases and gifts in a ledger, every balance after every event,
# 6. where the numbers come from, and how far to trust them.
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
# that polars (or pandas) takes as they are: money as exact text in major units (a ratio
# where its decimals never end), beside its currency code.

# %%
import polars as pl

assert sum(row.amount.minor for row in lion_ios.rows) == lion_ios.paid.minor
pl.DataFrame(lion_ios.to_records()).select("party", "label", "amount", "currency", "diamonds")

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
AGENCY = Agency(id="nova", rate=Rate.parse("10%"))  # illustrative
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
# The stacked bars below show the same table: each bar is one viewer dollar (one pound
# for TikTok GB), cut into what each party receives. A part below the zero line is a
# loss. Facebook's bar is the one that reaches above the dotted line at 100%: 50 Stars
# come from its smallest web pack, 45 Stars plus 35 bonus Stars for $0.99. After the
# (illustrative) card fee of $0.33, Meta nets 66 cents for 80 Stars and pays the creator
# a cent for each, so the card fee (33.3%) and the creator (80.8%) take 114.1% of what
# the viewer paid, and Meta makes up the 14.1% from its own pocket.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

NAMES = {
    "tiktok": "TikTok",
    "twitch_bits": "Twitch Bits",
    "youtube_supers": "YouTube Super Chat",
    "facebook_stars": "Facebook Stars",
    "bigo": "Bigo",
}
COLOURS = {
    "tax": "tab:gray",
    "store": "tab:red",
    "processor": "tab:orange",
    "creator": "tab:green",
    "agency": "tab:purple",
    "platform": "tab:blue",
}
LEGEND = {
    "tax": "tax (UK VAT)",
    "store": "app store",
    "processor": "card processor",
    "creator": "creator",
    "agency": "agency (10%, illustrative)",
    "platform": "platform",
}


def tick(label):
    """A trace's label, 'tiktok\nUS ios', as the axis shows it: 'TikTok\nUS ios'."""
    name, where = label.split("\n")
    return f"{NAMES[name].replace(' S', chr(10) + 'S')}\n{where}"  # Super Chat, Stars: 2 lines


def percent(share):
    """An exact share as a signed percentage, rounded only to print it."""
    shown = Rate(abs(share)).percent(1, Rounding.HALF_EVEN)
    return f"-{shown}" if share < 0 else shown


labels = list(table)
fig, ax = plt.subplots(figsize=(14, 6.2), layout="constrained")
above = [Fraction(0)] * len(labels)
below = [Fraction(0)] * len(labels)
for party in PARTS:
    parts = [table[label][party] for label in labels]
    bottoms = [
        up if part >= 0 else down for part, up, down in zip(parts, above, below, strict=True)
    ]
    ax.bar(
        range(len(labels)),
        [float(part) for part in parts],  # float-ok: drawing only
        bottom=[float(bottom) for bottom in bottoms],  # float-ok: drawing only
        width=0.72,
        color=COLOURS[party],
        label=LEGEND[party],
    )
    for index, (part, bottom) in enumerate(zip(parts, bottoms, strict=True)):
        if abs(part) >= Fraction(6, 100):  # big enough to hold its number
            ax.text(
                index,
                float(bottom + part / 2),  # float-ok: drawing only
                percent(part),
                ha="center",
                va="center",
                color="white",
                fontsize=9.5,
                fontweight="bold",
            )
        if part >= 0:
            above[index] += part
        else:
            below[index] += part
facebook = labels.index("facebook_stars\nUS web")
assert above[facebook] == 1 - table["facebook_stars\nUS web"]["platform"]
ax.annotate(
    f"card fee + creator = {percent(above[facebook])};\n"
    f"Meta pays the {percent(-below[facebook])} over",
    (facebook, float(above[facebook])),  # float-ok: drawing only
    xytext=(-14, 8),
    textcoords="offset points",
    ha="right",
    fontsize=10,
)
ax.axhline(0, color="black", linewidth=0.8)
ax.axhline(1, color="black", linewidth=0.8, linestyle=":")
ax.text(-0.45, 1.01, "100% = what the viewer paid", ha="left", va="bottom", fontsize=10)
ax.set_xticks(range(len(labels)), [tick(label) for label in labels], fontsize=10)
ax.set_ylim(-0.22, 1.3)
ax.set_yticks(
    [-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2],
    ["-20%", "0", "20%", "40%", "60%", "80%", "100%", "120%"],
)
ax.set_ylabel("share of what the viewer paid", fontsize=11)
ax.set_title(
    "Where one viewer dollar goes, per platform, storefront and channel (a pound for TikTok GB)",
    fontsize=13,
)
ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)

# %% [markdown]
# ## 3. From the viewer's payment to the creator's bank
#
# `giftflow.plot.waterfall` (in the `giftflow[plot]` extra) draws one trace as a
# waterfall: the payment on top, then each party's part, each bar starting where the
# one above it ended, down to zero. The labels on the right give each part exactly, as
# `print(trace)` does. Given a payout plan, it follows the creator's part on to the
# bank: what is withheld, the payout fees, what rounding leaves over, and what arrives.
# A payout covers many gifts, so each of this gift's diamonds bears the payout's
# deductions in proportion to its value.
#
# Here each creator is paid $500 of diamonds earned in October, in US dollars, under
# their platform's payout preset, by its first method. The presets hold no payout fee
# and no withholding, because no source gives one (TikTok states that it charges no
# cash-out fee), so the creator's part reaches the bank whole. YouTube pays Super Chat
# revenue through AdSense, for which giftflow has no preset, so its panels stop at the
# creator.

# %%
from datetime import date

from giftflow import Creator, Diamonds, DiamondValuation, Earning, plan_payout
from giftflow.plot import waterfall

US_CREATOR = Creator(
    country="US",
    birth_date=date(1995, 6, 1),
    payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
)
PAYOUT_POLICIES = {
    "tiktok": presets.tiktok_payout_policy(),
    "twitch_bits": presets.twitch_payout_policy(),
    "facebook_stars": presets.facebook_stars_payout_policy(),
    "bigo": presets.bigo_payout_policy(),
}
ECONOMIES = {name: economy for name, economy, *_ in cases}
GIFTS = {
    "tiktok": "a Lion (29,999 coins)",
    "twitch_bits": "a Cheer of 100 Bits",
    "youtube_supers": "a $10 Super Chat",
    "facebook_stars": "50 Stars",
    "bigo": "1,000 Diamonds",
}


def october_payout(name, policy=None, creator=US_CREATOR, method=None, dollars=500, fx=None):
    """A payout of ``dollars`` of diamonds earned in October, or None without a policy.

    Paid in USD, or in EUR at the rates ``fx``.
    """
    policy = policy or PAYOUT_POLICIES.get(name)
    if policy is None:
        return None
    valuation = DiamondValuation.from_conversion(ECONOMIES[name].conversion)
    diamonds = Fraction(dollars * 100) / valuation.value_at(AT).minor
    assert diamonds.denominator == 1  # whole diamonds: the payout is exactly that much
    october = datetime(2026, 10, 10, tzinfo=UTC)
    plan = plan_payout(
        policy,
        earnings=[Earning(at=october, diamonds=Diamonds(int(diamonds)))],
        payouts=[],
        now=AT,
        creator=creator,
        method=method or policy.methods[0].name,
        payout_currency="USD" if fx is None else "EUR",
        valuation=valuation,
        rounding=Rounding.DOWN,
        fx=fx,
    )
    assert plan.pays, plan.reasons
    assert plan.gross == Money.of_minor(dollars * 100, "USD")
    return plan


fig, axes = plt.subplots(5, 2, figsize=(16, 21), layout="constrained")
for axis, (label, value_trace) in zip(axes.flat, traces, strict=False):
    name, where = label.split("\n")
    waterfall(value_trace, payout=october_payout(name), shares=True, ax=axis)
    axis.set_xlim(-0.2, 1.02)  # the same scale in every panel
    axis.set_title(f"{NAMES[name]}, {where}: {GIFTS[name]}", fontsize=12)
axes.flat[-1].set_visible(False)  # nine traces, ten panels
fig.suptitle(
    "A viewer's payment, party by party, down to the creator's bank"
    " (share of what the viewer paid; payout presets with no fee or withholding)",
    fontsize=14,
)

# %% [markdown]
# No source gives the fees of payout methods, so here are the two **illustrative**
# methods of notebook 05, for a creator in Germany paid in euros (at an illustrative
# 0.925 EUR per USD) with 15% withheld: PayPal at 2% capped at $20, and a wire at $25
# flat, of which the creator bears $15 and the platform $10. Ana, the creator of the
# TikTok Lion bought on iOS, is paid $1,000 of diamonds (TikTok's daily cap) either way.

# %%
import attrs

from giftflow import (
    Fee,
    FeeBasis,
    FeeBearer,
    FeeKind,
    FxRate,
    FxRates,
    PayoutFee,
    PayoutMethod,
    WithholdingRule,
)


def fee(name, **parts):
    return Fee(
        name=name, kind=FeeKind.PROCESSOR, basis=FeeBasis.GROSS, rounding=Rounding.HALF_UP, **parts
    )


ILLUSTRATIVE_METHODS = (
    PayoutMethod(
        name="paypal",
        fees=(
            PayoutFee(fee=fee("paypal", rate=Rate.parse("2%"), maximum=Money.parse("20", "USD"))),
        ),
    ),
    PayoutMethod(
        name="wire",
        fees=(
            PayoutFee(fee=fee("wire", fixed=Money.parse("15", "USD"))),
            PayoutFee(
                fee=fee("wire", fixed=Money.parse("10", "USD")),
                bearer=FeeBearer.PLATFORM,
            ),
        ),
    ),
)
illustrative = attrs.evolve(
    presets.tiktok_payout_policy(),
    name="tiktok with illustrative fees and withholding",
    methods=ILLUSTRATIVE_METHODS,
    withholding=WithholdingRule(rounding=Rounding.HALF_UP, by_country={"DE": Rate.parse("15%")}),
)
BERLIN = attrs.evolve(US_CREATOR, country="DE")
lion = dict(traces)["tiktok\nUS ios"]
plans = {
    method.name: october_payout(
        "tiktok",
        policy=illustrative,
        creator=BERLIN,
        method=method.name,
        dollars=1000,
        fx=FxRates((FxRate.of("USD", "EUR", "0.925"),)),
    )
    for method in ILLUSTRATIVE_METHODS
}
fig, axes = plt.subplots(1, 2, figsize=(16, 5.6), layout="constrained")
for axis, (method, plan) in zip(axes, plans.items(), strict=True):
    waterfall(lion, payout=plan, ax=axis)
    axis.set_title(f"paid out by {method}: {plan.paid} for a {plan.gross} payout", fontsize=12)
fig.suptitle(
    "TikTok, US iOS: a Lion, down to a creator's bank in Germany"
    " (the agency's 10%, the payout fees, the 15% withheld and the rate are illustrative)",
    fontsize=13,
)

# %% [markdown]
# On this Lion the wire costs the creator less than PayPal does ($15 of $1,000 against
# PayPal's capped $20); on a $100 payout it would be the other way round (notebook 05).
# The platform's $10 of the wire comes out of the platform's part, not the creator's.
# However the creator is paid, the parts still add up exactly to what the viewer paid:

# %%
creator = lion.total("creator")
reaches = {}
for method, plan in plans.items():
    # The payout's own identity, which splits the creator's part exactly.
    assert plan.gross_value == plan.paid_value + plan.creator_fees + plan.withholding + (
        plan.residue
    )
    reaches[method] = creator.minor * plan.paid_value.minor / plan.gross_value.minor
    print(f"{method}: {percent(reaches[method] / lion.paid.minor)} of the viewer's payment", end="")
    print(f" reaches the bank, {plan.paid} of the {plan.gross} payout")
assert reaches["paypal"] < reaches["wire"] < creator.minor

# %% [markdown]
# ## 4. The creator's effective take rate
#
# The share of the viewer's money that ends up with the creator (including what is
# carried to their next gift), per channel. Platforms that pay a fixed value per coin
# (TikTok as reported, Twitch, Facebook) pay the same diamonds whatever the coins cost,
# so the creator's share moves with the channel's price. YouTube takes its 70% after the
# store fee, so the store fee comes out of the creator's share too.

# %%
for label, rate in take.items():
    print(f"{label.replace(chr(10), ' '):<28} {rate.percent(1, Rounding.HALF_EVEN):>6}")

fig, ax = plt.subplots(figsize=(14, 4.2), layout="constrained")
ax.bar(
    range(len(labels)),
    [float(take[label].value) for label in labels],  # float-ok: drawing only
    width=0.72,
    color=COLOURS["creator"],
)
for index, label in enumerate(labels):
    ax.annotate(
        take[label].percent(1, Rounding.HALF_EVEN),
        (index, float(take[label].value)),  # float-ok: drawing only
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=10,
    )
ax.set_xticks(range(len(labels)), [tick(label) for label in labels], fontsize=10)
ax.set_ylim(0, 1)
ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
ax.set_ylabel("creator take rate", fontsize=11)
ax.set_title(
    "The creator's share of what the viewer paid, per platform, storefront and channel",
    fontsize=13,
)

# %% [markdown]
# ## 5. An evening in the book
#
# A trace explains one gift. A `Ledger` books every purchase and gift of an evening on
# TikTok in the US, double-entry: three viewers buy coins on iOS, Google Play and the
# web, and send gifts to two creators, Ana (whose agency, Nova, takes an illustrative
# 10% of the platform's part) and Bo. Below, every account's balance after each event:
# the money in US dollars above, the coins and diamonds below.

# %%
from datetime import timedelta
from zoneinfo import ZoneInfo

from giftflow import (
    Account,
    AccountKind,
    CoinsPurchased,
    GiftEvent,
    GiftSent,
    Ledger,
    Viewer,
    checkout,
)

NEW_YORK = ZoneInfo("America/New_York")
EVENING = datetime(2026, 11, 24, 19, tzinfo=NEW_YORK)
tiktok = presets.tiktok()
ledger = Ledger(
    tiktok,
    viewers={
        "maya": Viewer(country="US", birth_date=date(1991, 2, 3)),
        "leo": Viewer(country="US", birth_date=date(1987, 8, 9)),
        "sam": Viewer(country="US", birth_date=date(2000, 11, 30)),
    },
    agencies={"ana": AGENCY},
)
# (minutes after 19:00, viewer, what): a package bought, or (gift, count, creator) sent.
EVENTS = [
    (2, "maya", ("coins_1321", Channel.IOS)),
    (10, "maya", ("Swan", 1, "ana")),
    (15, "leo", ("coins_1400", Channel.WEB)),
    (21, "leo", ("Doughnut", 5, "bo")),
    (48, "maya", ("Rose", 200, "bo")),
    (65, "sam", ("coins_660", Channel.GOOGLE_PLAY)),
    (70, "sam", ("Rose", 100, "ana")),
    (92, "leo", ("Swan", 1, "ana")),
    (130, "sam", ("Doughnut", 10, "bo")),
    (178, "maya", ("coins_330", Channel.IOS)),
    (185, "maya", ("Swan", 1, "ana")),
    (200, "leo", ("Rose", 300, "bo")),
    (236, "sam", ("Rose", 200, "ana")),
]
for n, (minutes, viewer, what) in enumerate(EVENTS):
    at = EVENING + timedelta(minutes=minutes)
    if len(what) == 2:
        package, channel = what
        quote = tiktok.price_book.quote(package, country="US", channel=channel, at=at)
        purchase = checkout(quote, purchase_id=f"p{n}", proceeds_to_date=PROCEEDS)
        ledger.apply(CoinsPurchased(id=f"p{n}", viewer=viewer, purchase=purchase))
    else:
        gift, count, creator = what
        event = GiftEvent(
            id=f"g{n}",
            viewer=viewer,
            gift=gift,
            count=count,
            recipients=creator,
            country="US",
            at=at,
        )
        ledger.apply(GiftSent(gift=event))

# Every account's balance after each transaction, in time order.
running: dict[tuple[Account, str], int] = {}
history = []
for tx in sorted(ledger.journal, key=lambda tx: tx.at):
    for posting in tx.postings:
        key = (posting.account, posting.unit)
        running[key] = running.get(key, 0) + posting.units
    history.append((tx.at, dict(running)))
    # The trial balance: after every event, each unit sums to zero on its own.
    for unit in ("USD", "coins", "diamonds"):
        assert sum(v for (_, u), v in running.items() if u == unit) == 0
assert {key: value for key, value in running.items() if value} == dict(ledger.balances())
for (account, unit), value in sorted(running.items(), key=lambda kv: (kv[0][1], str(kv[0][0]))):
    shown = Money.of_minor(value, unit) if unit == "USD" else f"{value:,} {unit}"
    print(f"{account!s:26} {shown!s:>12}")

# %% [markdown]
# The viewers' $49.96 leaves their accounts (`external`, below zero) and splits at once:
# the stores' and the card processor's fees become payables, and the platform's net
# waits in `deferred_revenue` until the coins are spent. Each gift moves the money
# behind its coins from deferred to `platform_revenue` (Nova's commission on to its
# payable), while the coins leave the viewers' wallets and the creators receive the same
# number of diamonds. At the end, the coins still unspent keep their money deferred.

# %%
K = AccountKind
LINES = {  # panel: (what, account kind, owner or None for all, unit, colour, line style)
    "money": [
        ("viewers' money paid in (external)", K.EXTERNAL, None, "USD", "tab:gray", "-"),
        (
            "deferred revenue (coins not yet spent)",
            K.DEFERRED_REVENUE,
            None,
            "USD",
            "tab:cyan",
            "-",
        ),
        ("platform revenue", K.PLATFORM_REVENUE, None, "USD", "tab:blue", "-"),
        ("store fees payable (Apple, Google)", K.STORE_PAYABLE, None, "USD", "tab:red", "--"),
    ],
    "small": [
        ("card processor payable", K.PROCESSOR_PAYABLE, None, "USD", "tab:orange", "-"),
        ("agency payable (Nova)", K.AGENCY_PAYABLE, None, "USD", "tab:purple", "--"),
    ],
    "units": [
        ("coins in the viewers' wallets", K.VIEWER_WALLET, None, "coins", "tab:brown", "-"),
        ("Ana's diamonds", K.CREATOR_BALANCE, "ana", "diamonds", "tab:green", "-"),
        ("Bo's diamonds", K.CREATOR_BALANCE, "bo", "diamonds", "tab:olive", "--"),
    ],
}
END = EVENING + timedelta(hours=4, minutes=15)
times = [EVENING] + [at for at, _ in history] + [END]


def balance(balances, kind, owner, unit):
    """The sum of the balances in ``unit`` of the accounts of ``kind`` (and ``owner``)."""
    return sum(
        value
        for (account, in_unit), value in balances.items()
        if account.kind is kind and in_unit == unit and owner in (None, account.owner)
    )


fig, axes = plt.subplots(
    3, 1, figsize=(13, 10), layout="constrained", sharex=True, height_ratios=[1.5, 0.8, 1.1]
)
for axis, panel in zip(axes, LINES, strict=True):
    for what, kind, owner, unit, colour, style in LINES[panel]:
        values = [0] + [balance(b, kind, owner, unit) for _, b in history]
        values.append(values[-1])  # held to the end of the evening
        scale = 100 if panel == "money" else 1  # dollars; the small payables in cents
        drawn = [float(Fraction(v, scale)) for v in values]  # float-ok: drawing only
        end = Money.of_minor(values[-1], unit) if unit == "USD" else f"{values[-1]:,}"
        axis.step(
            times,
            drawn,
            where="post",
            color=colour,
            linestyle=style,
            linewidth=2.2,
            label=f"{what}: {end}",
        )
    axis.axhline(0, color="black", linewidth=0.8)
    axis.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
    axis.tick_params(labelsize=10)
    axis.grid(axis="y", linewidth=0.4, alpha=0.5)
money_axis, small_axis, unit_axis = axes
money_axis.set_ylabel("balance (USD)", fontsize=11)
money_axis.set_title(
    "TikTok (US), one evening in the book: the balances after each event"
    " (in each unit they sum to 0)",
    fontsize=13,
)
small_axis.set_ylabel("balance (US cents)", fontsize=11)
small_axis.set_title("the small payables, in cents", fontsize=12)
unit_axis.set_ylabel("coins / diamonds", fontsize=11)
unit_axis.set_title("coins and diamonds (1 diamond per coin spent)", fontsize=12)
unit_axis.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=NEW_YORK))
unit_axis.set_xlabel("New York time, November 24th, 2026", fontsize=11)

# %%
viewers = [Account(K.EXTERNAL, viewer) for viewer in ("maya", "leo", "sam")]
assert -sum(running[(account, "USD")] for account in viewers) == 1999 + 1499 + 999 + 499
gifts = [what for _, _, what in EVENTS if len(what) == 3]
spent = sum(
    count * tiktok.catalog.gift(gift, country="US", at=AT).price.amount for gift, count, _ in gifts
)
wallets = sum(value for (account, _), value in running.items() if account.kind is K.VIEWER_WALLET)
assert wallets == 1321 + 1400 + 660 + 330 - spent
diamonds = [running[(Account(K.CREATOR_BALANCE, who), "diamonds")] for who in ("ana", "bo")]
assert sum(diamonds) == spent
print(f"{spent:,} coins spent, {wallets:,} left, {sum(diamonds):,} diamonds issued")

# %% [markdown]
# ## 6. Where the numbers come from
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
