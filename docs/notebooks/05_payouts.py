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
# # Cash out: from diamonds to money in a creator's bank
#
# A creator's diamonds (Bits, Stars, Beans) are worth money only once they are paid
# out, and this is the step creators complain about most: minimums, fees, delays, and
# deposits that don't match what they expected. giftflow answers "how much will I
# receive, when, and why not more" exactly, with the reasons spelled out.
#
# This notebook covers:
#
# 1. the five payout presets, as data,
# 2. a year of payouts under each preset for one creator, plotted as a calendar,
# 3. why a request pays less, or nothing,
# 4. a creator's net per payout channel after fees, withholding and currency conversion,
# 5. a statement for a month.
#
# Every amount is exact; floats appear only to draw the plots. Each claim is checked
# with an `assert`, so if the library changes behaviour, this notebook fails in the
# test suite.

# %%
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from itertools import pairwise
from zoneinfo import ZoneInfo

import attrs

from giftflow import (
    Creator,
    Diamonds,
    DiamondValuation,
    Earning,
    ExactMoney,
    Fee,
    FeeBasis,
    FeeBearer,
    FeeKind,
    FxRate,
    FxRates,
    Money,
    PayoutFee,
    PayoutMethod,
    PayoutReasonKind,
    Rate,
    Rounding,
    Window,
    WithholdingRule,
    payout_statement,
    plan_payout,
    presets,
)

NEW_YORK = ZoneInfo("America/New_York")
YEAR = 2027

# %% [markdown]
# ## 1. The presets
#
# Each preset is a `PayoutPolicy`: a schedule (on demand, or Net-N days after the month
# the diamonds were earned), methods, a minimum, caps, holding periods and eligibility.
# Diamonds are valued separately, by a `DiamondValuation` (here taken from each
# platform's economy preset; Instagram Gifts pay a cent per Star, as Facebook does).

# %%
POLICIES = {
    "TikTok": presets.tiktok_payout_policy(zone=NEW_YORK),
    "Twitch": presets.twitch_payout_policy(),
    "Facebook Stars": presets.facebook_stars_payout_policy(),
    "Instagram Gifts": presets.instagram_gifts_payout_policy(),
    "Bigo": presets.bigo_payout_policy(),
}
VALUATIONS = {
    "TikTok": DiamondValuation.from_conversion(presets.tiktok().conversion),
    "Twitch": DiamondValuation.from_conversion(presets.twitch_bits().conversion),
    "Facebook Stars": DiamondValuation.from_conversion(presets.facebook_stars().conversion),
    "Instagram Gifts": DiamondValuation.of(Money.parse("0.01", "USD")),
    "Bigo": DiamondValuation.from_conversion(presets.bigo().conversion),
}


def limit(policy, amount):
    if amount is None:
        return "none"
    return str(amount) if isinstance(amount, Money) else policy.names.show(amount)


for name, policy in POLICIES.items():
    caps = [f"{limit(policy, cap.limit)} per {cap.period.value}" for cap in policy.caps]
    print(f"{name:<16} {policy.schedule.describe()}")
    print(
        f"{'':<16} minimum {limit(policy, policy.minimum)}; caps {', '.join(caps) or 'none'};"
        f" hold {policy.hold}"
    )

assert POLICIES["Bigo"].minimum == Diamonds(6_700)
assert POLICIES["Twitch"].schedule.net_days == 15

# %% [markdown]
# ## 2. A year of payouts
#
# One creator on each platform earns the same money: $25 of diamonds every evening,
# plus a big night of $2,500 on the first Saturday of each month. On TikTok and Bigo,
# where payouts are on demand, the creator asks for a payout every morning at 09:00
# New York time; on the Net-N platforms, payouts run on their own dates. Every request
# goes through `plan_payout`, and each payout made is passed to the next request, so
# caps, one-withdrawal-per-week and minimums all apply.

# %%
CREATOR = Creator(
    country="US",
    birth_date=date(1995, 6, 1),
    payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
)


def yearly_earnings(per_diamond: ExactMoney) -> list[Earning]:
    """$25 every evening and $2,500 on each month's first Saturday, in whole diamonds."""
    history = []
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        dollars = 25 + (2_500 if day.weekday() == 5 and day.day <= 7 else 0)
        diamonds = int(dollars * 100 / per_diamond.minor)
        evening = datetime.combine(day, time(21), NEW_YORK)
        history.append(Earning(at=evening, diamonds=Diamonds(diamonds)))
        day += timedelta(days=1)
    return history


def run_year(name):
    policy, valuation = POLICIES[name], VALUATIONS[name]
    history = yearly_earnings(valuation.value_at(datetime(YEAR, 1, 1, tzinfo=UTC)))
    start = datetime(YEAR, 1, 1, 9, tzinfo=NEW_YORK)
    if policy.schedule.kind.value == "on_demand":
        requests = [start + timedelta(days=n) for n in range(365)]
    else:
        requests = list(policy.schedule.next_dates(start, 12))
    records, plans = [], []
    for now in requests:
        plan = plan_payout(
            policy,
            earnings=history,
            payouts=records,
            now=now,
            creator=CREATOR,
            method=policy.methods[0].name,
            payout_currency="USD",
            valuation=valuation,
            rounding=Rounding.DOWN,
        )
        plans.append(plan)
        if plan.pays:
            records.append(plan.record())
    return history, plans, records


YEARS = {name: run_year(name) for name in POLICIES}
for name, (_, _, records) in YEARS.items():
    paid = Money.total((r.amount for r in records), "USD")
    print(f"{name:<16} {len(records):>3} payouts, {paid} paid in {YEAR}")

# %% [markdown]
# No payout ever goes over a cap or under a minimum, and no diamond is paid twice:

# %%
for name, (history, plans, records) in YEARS.items():
    policy = POLICIES[name]
    earned = sum(e.diamonds.amount for e in history)
    assert sum(r.diamonds.amount for r in records) <= earned
    for plan in plans:
        assert plan.gross_value == plan.net + plan.creator_fees + plan.withholding + (
            plan.valuation_residue
        )
tiktok_days: dict[date, Money] = {}
for record in YEARS["TikTok"][2]:
    day = record.at.astimezone(NEW_YORK).date()
    tiktok_days[day] = tiktok_days.get(day, Money.zero("USD")) + record.amount
assert max(tiktok_days.values()) == Money.parse("1000", "USD")  # the daily cap binds
bigo_times = [r.at for r in YEARS["Bigo"][2]]
assert all(b - a >= timedelta(days=7) for a, b in pairwise(bigo_times))

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

YEAR_START = datetime(YEAR, 1, 1, tzinfo=NEW_YORK)
# Two pairs of lines nearly coincide: TikTok and Bigo pay the same money a few days
# apart, and Facebook Stars and Instagram Gifts (both Net-30 here) exactly alike. Each
# pair is drawn as a wide pale line under a narrow dark one, so both stay visible.
STYLES = {  # name: (colour, line width, line style)
    "TikTok": ("tab:blue", 5, "-"),
    "Bigo": ("tab:purple", 1.8, "--"),
    "Twitch": ("tab:orange", 2.2, "-"),
    "Facebook Stars": ("tab:green", 5, "-"),
    "Instagram Gifts": ("tab:red", 1.8, "--"),
}
fig, (calendar_axis, total_axis) = plt.subplots(
    2, 1, figsize=(13, 7.5), layout="constrained", sharex=True, height_ratios=[1, 1.3]
)
names = list(YEARS)
for row, name in enumerate(names):
    records = YEARS[name][2]
    times = [r.at for r in records]
    sizes = [float(r.amount.to_decimal()) / 12 for r in records]  # float-ok: drawing only
    calendar_axis.scatter(times, [row] * len(times), s=sizes, alpha=0.6, color=STYLES[name][0])
calendar_axis.set_yticks(range(len(names)), names, fontsize=10)
calendar_axis.set_ylim(-0.6, len(names) - 0.4)
calendar_axis.set_title(
    f"Each payout in {YEAR} (marker area proportional to the amount)", fontsize=12
)
for name in names:
    history, _, records = YEARS[name]
    running, xs, ys = Money.zero("USD"), [YEAR_START], [0.0]
    for record in records:
        running += record.amount
        xs.append(record.at)
        ys.append(float(running.to_decimal()))  # float-ok: drawing only
    colour, width, style = STYLES[name]
    pale = width > 2.5
    total_axis.step(
        xs,
        ys,
        where="post",
        color=colour,
        linewidth=width,
        linestyle=style,
        alpha=0.45 if pale else 1.0,
        zorder=2 if pale else 3,
        label=f"{name}: {running} in {len(records)} payouts",
    )
total_axis.set_ylabel("paid out so far (USD)", fontsize=11)
total_axis.set_title("Paid out so far", fontsize=12)
total_axis.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)
total_axis.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
total_axis.yaxis.set_major_formatter("{x:,.0f}")
total_axis.tick_params(labelsize=10)
fig.suptitle(
    r"One creator, the same earnings (\$25 every evening, \$2,500 a month), under five"
    " platforms' payout presets",
    fontsize=13,
)

# %% [markdown]
# TikTok pays the steady $25 a day, but a $2,500 night takes three days to drain through
# its $1,000 daily cap. Bigo's one withdrawal per 7 days and 48-hour hold give weekly
# steps. Twitch (Net-15) and the Meta platforms (Net-30, an assumption for Instagram)
# pay a month's earnings two to four weeks after the month ends.
#
# ## 3. Why not more?
#
# Every plan that pays less than the balance, or nothing, says why. The reasons are
# objects with a kind, numbers and a sentence:

# %%
shown = set()
for name, (_, plans, _) in YEARS.items():
    for plan in plans:
        for reason in plan.reasons:
            if (name, reason.kind) not in shown:
                shown.add((name, reason.kind))
                print(f"{name:<16} {plan.now:%Y-%m-%d}  {reason}")

kinds = {kind for _, kind in shown}
assert {PayoutReasonKind.CAP, PayoutReasonKind.HELD, PayoutReasonKind.WITHDRAWAL_LIMIT} <= kinds

# %% [markdown]
# ## 4. Net per payout channel
#
# No source gives payout fees for these platforms (TikTok says it charges none but that
# PayPal and banks may), so the methods below use **illustrative** fees, not any
# platform's: a bank transfer free of charge, PayPal at 2% capped at $20 and borne by
# the creator, and a wire at $25 flat split between a creator-borne $15 and a
# platform-borne $10. The creator lives in Germany, is paid in euros at an explicit
# (illustrative) rate, and 15% is withheld. Everything else is the TikTok preset.


# %%
def fee(name, **parts):
    return Fee(
        name=name,
        kind=FeeKind.PROCESSOR,
        basis=FeeBasis.GROSS,
        rounding=Rounding.HALF_UP,
        **parts,
    )


METHODS = (
    PayoutMethod(name="bank"),
    PayoutMethod(
        name="paypal",
        fees=(
            PayoutFee(fee=fee("paypal", rate=Rate.parse("2%"), maximum=Money.parse("20", "USD"))),
        ),
    ),
    PayoutMethod(
        name="wire",
        fees=(
            PayoutFee(fee=fee("wire (creator)", fixed=Money.parse("15", "USD"))),
            PayoutFee(
                fee=fee("wire (platform)", fixed=Money.parse("10", "USD")),
                bearer=FeeBearer.PLATFORM,
            ),
        ),
    ),
)
policy = attrs.evolve(
    POLICIES["TikTok"],
    name="tiktok with illustrative fees",
    methods=METHODS,
    withholding=WithholdingRule(rounding=Rounding.HALF_UP, by_country={"DE": Rate.parse("15%")}),
)
BERLIN = Creator(
    country="DE",
    birth_date=date(1995, 6, 1),
    payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
)
FX = FxRates((FxRate.of("USD", "EUR", "0.9250"),))
AT = datetime(2027, 3, 1, 9, tzinfo=NEW_YORK)

net = {}
for diamonds in (4_001, 20_000, 100_001, 200_000):
    for method in METHODS:
        plan = plan_payout(
            policy,
            earnings=[Earning(at=datetime(2027, 2, 1, tzinfo=UTC), diamonds=Diamonds(diamonds))],
            payouts=[],
            now=AT,
            creator=BERLIN,
            method=method.name,
            payout_currency="EUR",
            valuation=VALUATIONS["TikTok"],
            rounding=Rounding.DOWN,
            fx=FX,
        )
        assert plan.gross_value == plan.paid_value + plan.creator_fees + plan.withholding + (
            plan.residue
        )
        net[(plan.gross, method.name)] = plan

print(net[(Money.parse("100.00", "USD"), "paypal")])
small, large = Money.parse("100.00", "USD"), Money.parse("1000.00", "USD")
assert net[(small, "paypal")].paid > net[(small, "wire")].paid
assert net[(large, "paypal")].paid < net[(large, "wire")].paid
assert net[(large, "wire")].platform_fees == Money.parse("10", "USD")

# %% [markdown]
# The creator's share of the gross after withholding, fees and conversion, per method
# and amount; `residue` is what rounding left over (half a cent of an odd diamond, and a
# fraction of a euro cent), booked to a rounding account:

# %%
grosses = sorted({gross for gross, _ in net})
for gross in grosses:
    cells = []
    for method in METHODS:
        plan = net[(gross, method.name)]
        share = plan.paid_value.minor / plan.gross_value.minor
        cells.append(f"{method.name} {plan.paid} ({float(share):.1%})")
    print(f"{gross!s:>12}: " + " | ".join(cells))

# %%
fig, axes = plt.subplots(1, len(grosses), figsize=(14, 4.4), layout="constrained", sharey=True)
PARTS = {  # what, its share of a plan's gross value, colour
    "net, paid in EUR (valued in USD)": (lambda p: p.paid_value.minor, "tab:green"),
    "withheld (15%)": (lambda p: p.withholding.minor, "tab:pink"),
    "fees borne by the creator": (lambda p: p.creator_fees.minor, "tab:brown"),
}
for axis, gross in zip(axes, grosses, strict=True):
    bottoms = [Fraction(0)] * len(METHODS)
    for label, (part, colour) in PARTS.items():
        shares = [
            part(net[(gross, m.name)]) / net[(gross, m.name)].gross_value.minor for m in METHODS
        ]
        axis.bar(
            range(len(METHODS)),
            [float(v) for v in shares],  # float-ok: drawing only
            bottom=[float(b) for b in bottoms],  # float-ok: drawing only
            color=colour,
            label=label,
        )
        bottoms = [b + v for b, v in zip(bottoms, shares, strict=True)]
    # Under each bar, what the creator receives.
    axis.set_xticks(
        range(len(METHODS)), [f"{m.name}\n{net[(gross, m.name)].paid}" for m in METHODS]
    )
    axis.set_title(f"gross {gross}", fontsize=12)
    axis.tick_params(labelsize=10)
axes[0].set_ylabel("share of the gross value", fontsize=11)
axes[0].set_ylim(0, 1)
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, fontsize=10)
fig.suptitle(
    "TikTok payout preset with illustrative fees: a creator in Germany, paid in EUR at an"
    " illustrative rate, 15% withheld",
    fontsize=13,
)

# %% [markdown]
# A wire's flat fee eats small payouts and fades on large ones: PayPal's 2% is cheaper
# than the wire's $15 below $750, and dearer above it, even with its $20 cap. The
# platform-borne part of the wire fee is not deducted from the creator: it is reported as
# `platform_fees`, a cost to the platform.
#
# ## 5. A statement
#
# `payout_statement` summarises a period from the earnings and payout records: what
# was earned, paid out, charged and withheld, and the balance carried forward.

# %%
history, _, records = YEARS["TikTok"]
march = Window(
    start=datetime(YEAR, 3, 1, tzinfo=NEW_YORK), end=datetime(YEAR, 4, 1, tzinfo=NEW_YORK)
)
statement = payout_statement(earnings=history, payouts=records, period=march, currency="USD")
print(statement)
assert statement.closing == statement.opening + statement.earned - statement.paid_out
