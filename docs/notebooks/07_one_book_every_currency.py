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
# # One book in every currency: pounds and euros in, dollars of revenue, a payout in euros
#
# Viewers buy coins in their own currency; TikTok values diamonds in US dollars; a
# creator may be paid in a third currency. A `Ledger` keeps all of it in one book, and
# each transaction still sums to zero in every unit on its own: the conversions post
# through an `fx_conversion` account that takes pounds or euros in and gives dollars
# out, and what rounding leaves over goes to a `rounding` account, exactly.
#
# This notebook follows one month on TikTok:
#
# 1. the economy: TikTok's preset, plus one euro storefront;
# 2. coins bought in GBP and EUR, booked in the currency paid, with no rate;
# 3. gifts that carry exchange rates, recognising revenue in USD (and a co-host gift
#    paid from a wallet holding both pound and euro coins);
# 4. month end: the creator is paid in euros, converted at settlement;
# 5. the agency, the tax authorities and the store are paid what they are owed;
# 6. every account in every currency, the conversion and rounding accounts, and a trial
#    balance of zero in every unit.
#
# **Sources, and what is made up.** The UK storefront comes from the TikTok preset:
# iOS prices of £0.99 for 65 coins and £99.99 for 6,607 (reported), 20% UK VAT included
# in the price, and Apple's 30% commission on the price net of tax. TikTok publishes no
# euro coin prices in our sources, so the German storefront below (its prices, and its
# 19% VAT treated like the UK's) is **illustrative: made up for this example, not
# published figures**. So is **every exchange rate** in this notebook.
#
# Every amount is exact; floats appear only to draw the plots. Each claim is checked with
# an `assert`, so this notebook fails in the test suite if the library changes its
# answers.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from giftflow import (
    Account,
    AccountKind,
    Agency,
    Channel,
    CoinsPurchased,
    Creator,
    Diamonds,
    ExactMoney,
    FxRate,
    FxRates,
    GiftEvent,
    GiftSent,
    Ledger,
    Money,
    PackagePrice,
    PayableSettled,
    PayoutRequested,
    PayoutSettled,
    Rate,
    Rounding,
    Storefront,
    StoreSettled,
    Tax,
    TaxMode,
    Viewer,
    checkout,
    currency,
    presets,
)
from giftflow.presets import apple_fee

K = AccountKind
FX = Account(K.FX_CONVERSION)
ROUNDING = Account(K.ROUNDING)
REVENUE = Account(K.PLATFORM_REVENUE)

# %% [markdown]
# ## 1. The economy, and who is in it
#
# TikTok's economy as the preset has it (US and UK storefronts, the gift catalog, one
# diamond per coin at $0.005, its 18+ rule for buying and gifting), with one more
# storefront: Germany, in euros, on iOS. **Illustrative**: €1.09, €5.49 and €54.99 for
# 65, 330 and 3,300 coins are made-up prices, and the German storefront's 19% VAT and
# Apple fee are modelled the way the preset models the UK's.

# %%
eur, gbp, usd = currency("EUR"), currency("GBP"), currency("USD")
germany = Storefront(
    country="DE",
    currency=eur,
    tax=Tax(rate=Rate.parse("19%"), mode=TaxMode.INCLUDED, rounding=Rounding.HALF_UP),
    fees={Channel.IOS: (apple_fee(eur),)},
)
ILLUSTRATIVE_EUR_PRICES = [("coins_65", "1.09"), ("coins_330", "5.49"), ("coins_3300", "54.99")]
tiktok = presets.tiktok()
book = attrs.evolve(
    tiktok.price_book,
    storefronts=(*tiktok.price_book.storefronts, germany),
    prices=(
        *tiktok.price_book.prices,
        *(
            PackagePrice(
                package=package, country="DE", channel=Channel.IOS, price=Money.parse(price, "EUR")
            )
            for package, price in ILLUSTRATIVE_EUR_PRICES
        ),
    ),
)
economy = attrs.evolve(tiktok, price_book=book)

# %% [markdown]
# Three viewers, each with a profile, because the ledger enforces TikTok's minimum age
# on every purchase and gift: Oliver in London, Lena in Berlin, and Mia, a British
# student who buys coins at home and again during a term in Berlin. They send gifts to
# Ana, a US creator represented by the agency Nova, which is paid 10% of the platform's
# share of her gifts (an illustrative rate: no agency rate is published). Once Ana
# co-hosts with Bo.
#
# The exchange rates the platform applies are **illustrative**, one per pair for the
# month, and travel inside each event (`FxRates.at(t)`), so the book never looks a
# rate up.

# %%
ledger = Ledger(
    economy,
    viewers={
        "oliver": Viewer(country="GB", birth_date=date(1994, 3, 2)),
        "lena": Viewer(country="DE", birth_date=date(1988, 7, 9)),
        "mia": Viewer(country="GB", birth_date=date(2004, 1, 15)),
    },
    agencies={"ana": Agency(id="nova", rate=Rate.parse("10%"))},
)
RATES = FxRates(
    (
        FxRate.of("GBP", "USD", "1.2634"),  # illustrative
        FxRate.of("EUR", "USD", "1.0812"),  # illustrative
    )
)
PAYOUT_RATES = FxRates((FxRate.of("USD", "EUR", "0.9249"),))  # illustrative
NOV = datetime(2026, 11, 1, 19, tzinfo=UTC)


def day(n: int, hour: int = 19) -> datetime:
    """November ``n``, 2026, at ``hour`` UTC."""
    return NOV.replace(day=n, hour=hour)


# %% [markdown]
# ## 2. Coins, bought in pounds and in euros
#
# A purchase needs no exchange rate: it is booked in the currency paid. The VAT goes to
# the country's tax payable, Apple's fee to the store payable, and the platform's net
# waits in `deferred_revenue` until the coins are spent, all in pounds (or euros).

# %%
PURCHASES = [
    ("p1", "oliver", "GB", "coins_6607", day(2)),
    ("p2", "lena", "DE", "coins_3300", day(2, 20)),
    ("p3", "mia", "GB", "coins_65", day(3)),
    ("p4", "mia", "DE", "coins_330", day(9)),  # in Berlin: the (illustrative) euro storefront
]
purchases = {}
for purchase_id, viewer, country, package, at in PURCHASES:
    quote = economy.price_book.quote(package, country=country, channel=Channel.IOS, at=at)
    purchase = checkout(quote, purchase_id=purchase_id)
    purchases[purchase_id] = purchase
    ledger.apply(CoinsPurchased(id=purchase_id, viewer=viewer, purchase=purchase))
print(ledger.transaction("p1"))
oliver = purchases["p1"].breakdown
assert (oliver.tax, oliver.fees[0].amount, oliver.net) == (
    Money.parse("16.67", "GBP"),
    Money.parse("25.00", "GBP"),
    Money.parse("58.32", "GBP"),
)
assert ledger.balance(Account(K.TAX_PAYABLE, "GB"), gbp).minor == 1667 + 17  # Oliver's and Mia's
assert ledger.balance(Account(K.DEFERRED_REVENUE), usd) == Money.zero(usd)  # nothing converted yet

# %% [markdown]
# £99.99 includes 20% VAT, £99.99 / 6 = £16.665, rounded half up to £16.67. Apple takes
# 30% of the £83.32 left: £25.00. The platform's £58.32 is deferred.
#
# ## 3. Gifts carry their exchange rates
#
# Each gift carries the rates in force at its time. When coins become diamonds, the
# money behind them is recognised as platform revenue in the diamonds' currency, USD:
# the pounds leave `deferred_revenue` for `fx_conversion`, and `fx_conversion` gives
# dollars to `platform_revenue`. Each leg balances within its own currency. Nova's
# commission is then booked in USD too.
#
# Oliver sends Ana a Swan (699 coins) on nine evenings, Lena on four, and on the 21st Mia
# sends 100 Roses to Ana and Bo's co-hosted LIVE, from a wallet holding 65 coins bought
# in pounds and 330 bought in euros.

# %%
GIFTS = [
    *((f"o{n}", "oliver", "Swan", 1, "ana", "GB", day(3 + n)) for n in range(1, 10)),
    *((f"l{n}", "lena", "Swan", 1, "ana", "DE", day(5 * n, 21)) for n in range(1, 5)),
    ("m1", "mia", "Rose", 100, ("ana", "bo"), "GB", day(21, 22)),
]
GIFTS.sort(key=lambda gift: gift[-1])  # each account's events are applied in time order
for gift_id, viewer, name, count, recipients, country, at in GIFTS:
    gift = GiftEvent(
        id=gift_id,
        viewer=viewer,
        gift=name,
        count=count,
        recipients=recipients,
        country=country,
        at=at,
    )
    ledger.apply(GiftSent(gift=gift, fx=RATES.at(at)))
cohost = ledger.transaction("m1")
print(cohost)
print("rates used:", cohost.metadata["fx"])

# %% [markdown]
# Mia's 100 coins came from both lots: 65 from the pound lot, 35 from the euro lot. Each
# currency is converted on its own leg, and Ana and Bo get 50 diamonds each. The
# `rounding -0.01 USD` line: by this gift the month's conversions had given out a whole
# cent more than the pounds and euros were exactly worth, and the rounding account
# records that cent (section 6 adds it all up).

# %%
assert set(cohost.metadata["fx"].split("; ")) == {"1 GBP = 1.2634 USD", "1 EUR = 1.0812 USD"}
assert cohost.amount(FX, gbp) == purchases["p3"].breakdown.net  # all of the pound lot
assert cohost.amount(FX, eur).minor > 0
assert cohost.amount(Account(K.CREATOR_BALANCE, "ana"), Diamonds) == Diamonds(50)
assert cohost.amount(Account(K.CREATOR_BALANCE, "bo"), Diamonds) == Diamonds(50)

# %% [markdown]
# Every conversion is exact up to rounding once, half-even (`Economy.fx_rounding`): the
# dollars given out are the pounds or euros times the rate, rounded to a cent, and the
# exact remainder is kept. Summed over the month, the remainders are what the rounding
# account holds plus `Ledger.residues()`, the fraction of a cent not yet booked.

# %%
gift_txs = [ledger.transaction(gift_id) for gift_id, *_ in GIFTS]
remainders: dict[str, dict[str, Fraction]] = {}  # per event, per currency: minor units
for tx in gift_txs:
    given = 0
    for paid_in in (gbp, eur):
        taken = tx.amount(FX, paid_in)
        if taken:
            converted, remainder = RATES.convert(
                taken, "USD", at=tx.at, rounding=economy.fx_rounding
            )
            assert abs(remainder.minor) <= Fraction(1, 2)  # half a cent at most, per leg
            given += converted.minor
            usd_remainders = remainders.setdefault(tx.event_id, {"USD": Fraction(0)})
            usd_remainders["USD"] += remainder.minor
    # The dollars that reached revenue: the conversion's, less what went to rounding.
    assert given == -tx.amount(FX, usd).minor - tx.amount(ROUNDING, usd).minor
conversion_remainder = sum(r["USD"] for r in remainders.values())
gift_rounding = ledger.balance(ROUNDING, usd).minor + ledger.residues().get("USD", 0)
assert gift_rounding == conversion_remainder
print(f"the {len(gift_txs)} conversions' remainders:", ExactMoney(conversion_remainder, usd))

# %% [markdown]
# Nova's commission is 10% of what the platform keeps of Ana's gifts: the exact cost of
# the coins to the platform (each coin carries its lot's net per coin, in pounds or
# euros), valued in dollars at the gift's rate, less the value of Ana's diamonds at
# $0.005. For the co-hosted gift, Ana's half of it. Commissions accrue exactly per
# agency and post by cumulative floors, so the payable is the floor of the exact total.

# %%
TO_USD = {"GBP": Fraction("1.2634"), "EUR": Fraction("1.0812")}  # the illustrative rates
LOTS = {gift_id: [("p1" if viewer == "oliver" else "p2", 699)] for gift_id, viewer, *_ in GIFTS}
LOTS["m1"] = [("p3", 65), ("p4", 35)]  # Mia's oldest lot first, then the euro one
exact_commission = Fraction(0)  # in US cents
for gift_id, _, _, _, recipients, *_ in GIFTS:
    cost = Fraction(0)
    for purchase_id, coins in LOTS[gift_id]:
        (lot,) = purchases[purchase_id].lots
        cost += coins * lot.net_per_coin.minor * TO_USD[lot.net_per_coin.currency.code]
    share = Fraction(1, 2) if isinstance(recipients, tuple) else Fraction(1)
    diamonds = (
        ledger.transaction(gift_id).amount(Account(K.CREATOR_BALANCE, "ana"), Diamonds).amount
    )
    exact_commission += Fraction(1, 10) * (share * cost - diamonds * Fraction(1, 2))
nova = Account(K.AGENCY_PAYABLE, "nova")
print("Nova's commission:", ledger.balance(nova, usd))
exact_cents = Decimal(exact_commission.numerator) / exact_commission.denominator
print(f"exactly {exact_commission} cents, about {exact_cents:.4f}")
assert ledger.balance(nova, usd).minor == int(exact_commission)
# Every dollar the conversion account gave out is now revenue, commission or rounding.
assert -ledger.balance(FX, usd).minor == (
    ledger.balance(REVENUE, usd).minor
    + ledger.balance(nova, usd).minor
    + ledger.balance(ROUNDING, usd).minor
)
assert ledger.diamonds("ana").available.amount == 9 * 699 + 4 * 699 + 50

# %% [markdown]
# ## 4. Month end: Ana is paid in euros
#
# On December 1st Ana asks for everything she holds, paid by bank transfer to her euro
# account. `Ledger.plan_payout` plans it with TikTok's payout policy (on demand, at
# least $10, at most $1,000 a day, within 15 days; reported) and the book's own
# balance and payout history. Her 9,137 diamonds are worth $45.685; rounded down to the
# cent she is owed $45.68, converted at the (illustrative) USD to EUR rate and rounded
# down to €42.24.

# %%
ana = Creator(
    country="US",
    birth_date=date(1996, 4, 12),
    payout_account_since=datetime(2026, 1, 5, tzinfo=UTC),
)
plan = ledger.plan_payout(
    "ana",
    presets.tiktok_payout_policy(),
    now=datetime(2026, 12, 1, 9, tzinfo=UTC),
    method="bank",
    payout_currency="EUR",
    profile=ana,
    rounding=Rounding.DOWN,
    fx=PAYOUT_RATES,
)
print(plan)
assert plan.pays, plan.reasons
assert (plan.net, plan.paid) == (Money.parse("45.68", "USD"), Money.parse("42.24", "EUR"))

# %% [markdown]
# The request reserves the diamonds; the settlement retires them and pays the net from
# platform revenue, in dollars, into the conversion account, which pays euros out to
# Ana. The half cent of the odd diamond and the fraction of a euro cent the rounding
# left are booked to the rounding account's running totals.

# %%
ledger.apply(PayoutRequested.from_plan(plan, id="po-ana-2026-11", creator="ana"))
settled = ledger.apply(
    PayoutSettled.from_plan(plan, id="ps-ana-2026-11", payout_id="po-ana-2026-11")
).transaction
print(settled)
assert settled.amount(FX, usd) == plan.net
assert settled.amount(Account(K.EXTERNAL, "ana"), eur) == plan.paid
assert ledger.balance(Account(K.EXTERNAL, "ana"), usd) == Money.zero(usd)  # nothing paid in dollars
assert ledger.diamonds("ana").posted.amount == 0
remainders[settled.event_id] = {
    "USD": plan.valuation_residue.minor,  # the odd diamond's half cent
    "EUR": plan.fx_residue.minor,  # the conversion to euros, rounded down
}

# %% [markdown]
# ## 5. Paying what is owed
#
# What the platform owes outside it sits in payables, each in the currency it was
# incurred in: Nova's commission in dollars, VAT in pounds and euros, Apple's fee in
# pounds and euros. (The UK coin policy says TikTok's UK company handles the payment and
# tax obligations, so the VAT is the platform's to remit.)

# %%
owed = ledger.payables()
for (account, unit), minor in owed.items():
    print(f"{account!s:24} {Money.of_minor(minor, unit)}")
assert {(str(account), unit) for account, unit in owed} == {
    ("agency_payable:nova", "USD"),
    ("store_payable:apple", "EUR"),
    ("store_payable:apple", "GBP"),
    ("tax_payable:DE", "EUR"),
    ("tax_payable:GB", "GBP"),
}

# %% [markdown]
# Nova is paid its commission, each tax authority its VAT, and Apple sends one report
# per currency: what it collected from the viewers (the gross), and what it remitted
# after keeping its fee (the net). The fee it kept settles the store payable.

# %%
SETTLED_AT = datetime(2026, 12, 18, 12, tzinfo=UTC)
settlements = [
    PayableSettled(
        id="nova-2026-11",
        at=SETTLED_AT,
        payable=nova,
        amount=Money.of_minor(owed[(nova, "USD")], "USD"),
    ),
]
for country, code in (("GB", "GBP"), ("DE", "EUR")):
    vat = Account(K.TAX_PAYABLE, country)
    settlements.append(
        PayableSettled(
            id=f"vat-{country}-2026-11",
            at=SETTLED_AT,
            payable=vat,
            amount=Money.of_minor(owed[(vat, code)], code),
        )
    )
apple = Account(K.STORE_PAYABLE, "apple")
for code in ("GBP", "EUR"):
    sold = [p for p in purchases.values() if p.breakdown.gross.currency.code == code]
    gross = Money.total((p.breakdown.gross for p in sold), code)
    kept = Money.total((fee.amount for p in sold for fee in p.breakdown.fees), code)
    settlements.append(
        StoreSettled(
            id=f"apple-{code}-2026-11", at=SETTLED_AT, payable=apple, gross=gross, net=gross - kept
        )
    )
for event in settlements:
    ledger.apply(event)
print(ledger.transaction("apple-GBP-2026-11"))
print(ledger.transaction("apple-GBP-2026-11").metadata)
assert ledger.payables() == {}

# %% [markdown]
# ## 6. The whole book, in every currency
#
# What is left: the viewers' money outside the platform (negative: what they put in),
# the parties' and Ana's money outside it (positive: what they received), deferred
# revenue for the coins still unspent, platform revenue in dollars, and the conversion
# and rounding accounts. Coins and diamonds are units of their own.

# %%
balances = ledger.balances()
UNITS = ["GBP", "EUR", "USD", "coins", "diamonds"]
for unit in UNITS:
    print(unit)
    for (account, in_unit), value in balances.items():
        if in_unit == unit:
            shown = Money.of_minor(value, unit) if unit.isupper() else f"{value:,}"
            print(f"  {account!s:26} {shown!s:>14}")

# %% [markdown]
# ### The conversion account: the platform's currency position
#
# `fx_conversion` took in every pound and euro of the coins spent on gifts and gave out
# their value in dollars; at the payout it took dollars back and gave out euros. Its
# balance per currency is what the platform has exchanged and not yet covered: long in
# pounds, short in dollars, and short in euros now that it has paid Ana more euros than
# the gifts brought in.

# %%
gbp_spent = sum(
    p.breakdown.net.minor for p in purchases.values() if p.breakdown.net.currency.code == "GBP"
)
assert balances[(FX, "GBP")] == gbp_spent - balances[(Account(K.DEFERRED_REVENUE), "GBP")]
assert balances[(FX, "EUR")] < 0 < balances[(FX, "GBP")]
assert balances[(FX, "USD")] < 0

# %% [markdown]
# ### The rounding account and the residues
#
# Every conversion and the payout's valuation rounded once to a whole minor unit. The
# exact remainders add up per currency: the rounding account holds the whole minor
# units of the running total, and `Ledger.residues()` the fraction of a unit that is
# left. In dollars, every gift's conversion this month happened to round up: each of
# Oliver's Swans released £6.17, worth $7.795178, given out as $7.80. So the conversions
# gave out 6.0772 cents more than the pounds and euros were exactly worth, and the
# rounding account is negative; the payout's half cent (an odd number of diamonds at
# half a cent each, rounded down) went the other way. In euros, rounding the payout down
# left 0.9432 of a cent: not yet a whole cent, so it is all residue. Nothing is ever
# converted into pounds, so there is no pound rounding.

# %%
residues = ledger.residues()
for code in ("GBP", "EUR", "USD"):
    residue = residues.get(code, Fraction(0))
    print(
        f"{code}: rounding {ledger.balance(ROUNDING, currency(code))},"
        f" residue {Decimal(residue.numerator) / residue.denominator} of a cent"
    )
assert all(r["USD"] < 0 for event, r in remainders.items() if event != settled.event_id)
for code in ("USD", "EUR"):
    booked = sum(by_code.get(code, Fraction(0)) for by_code in remainders.values())
    assert ledger.balance(ROUNDING, currency(code)).minor + residues[code] == booked
assert ledger.balance(ROUNDING, eur) == Money.zero(eur)
assert residues["EUR"] == Fraction("0.9432")
assert all(-1 < residue < 1 for residue in residues.values())

# %% [markdown]
# ### The trial balance
#
# Every unit sums to zero on its own, after a month of purchases, conversions, a payout
# in a third currency and settlements: nothing was created or lost in any currency.

# %%
print(ledger.totals())
assert ledger.totals() == dict.fromkeys(sorted(UNITS), 0)

# %% [markdown]
# The same book, drawn: each panel is one currency, each bar an account's balance at
# the end (in major units). The bars of a panel add up to zero. The conversion account
# (orange) is the only one in all three panels: it is how money crosses from one
# currency to another while each currency still balances on its own.

# %%
ROLE_COLOURS = {"fx_conversion": "tab:orange", "rounding": "tab:purple"}
TITLE_NOTE = "TikTok economy; EUR prices and all FX rates illustrative"
fig, axes = plt.subplots(1, 3, figsize=(13, 4.6), layout="constrained")
for axis, code in zip(axes, ("GBP", "EUR", "USD"), strict=True):
    rows = [(str(account), value) for (account, unit), value in balances.items() if unit == code]
    rows.sort(key=lambda row: row[1])
    labels = [label for label, _ in rows]
    values = [float(Fraction(value, 100)) for _, value in rows]  # float-ok: drawing only
    colours = [
        ROLE_COLOURS.get(label, "tab:grey" if value < 0 else "tab:blue")
        for label, value in zip(labels, values, strict=True)
    ]
    axis.barh(labels, values, color=colours)
    for row, (value, colour) in enumerate(zip(values, colours, strict=True)):
        if abs(value) < 1:  # too thin to see as a bar: mark it
            axis.plot(value, row, marker="D", color=colour, markersize=7)
    axis.axvline(0, color="black", linewidth=0.8)
    span = max(abs(v) for v in values)
    for row, value in enumerate(values):
        axis.annotate(
            f"{value:+,.2f}",
            (value, row),
            xytext=(9 if value >= 0 else -9, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=9,
        )
    axis.set_xlim(-span * 1.7, span * 1.7)
    total = Money.of_minor(sum(value for _, value in rows), code)
    axis.set_title(f"{code}: the {len(rows)} balances sum to {total}", fontsize=11)
    axis.set_xlabel(f"balance ({code})")
    axis.tick_params(axis="y", labelsize=9)
fig.legend(
    handles=[
        Patch(color="tab:grey", label="paid in (viewers' money, outside the platform)"),
        Patch(color="tab:blue", label="held or received"),
        Patch(color=ROLE_COLOURS["fx_conversion"], label="fx_conversion"),
        Patch(color=ROLE_COLOURS["rounding"], label="rounding"),
    ],
    loc="outside lower center",
    ncols=4,
    fontsize=9,
)
fig.suptitle(f"One book, three currencies, at the end of the month ({TITLE_NOTE})", fontsize=12)

# %% [markdown]
# And the conversion account through the month: every gift adds pounds or euros and
# takes dollars out; the payout on December 16th puts dollars back and takes euros out.
# Below, the rounding account in cents beside the exact running total of the
# remainders: the account follows the total rounded toward zero, and the gap, always
# under a cent, is the residue. (Nothing is ever converted *into* pounds, so the pound
# rounding account stays at zero and is not drawn.)

# %%
timeline = sorted(ledger.journal, key=lambda tx: tx.at)  # the purchases were applied first
END = SETTLED_AT + timedelta(days=2)
fig, (fx_axis, rounding_axis) = plt.subplots(
    2, 1, figsize=(11, 6.5), layout="constrained", sharex=True, height_ratios=[2, 1.2]
)
STYLES = {"GBP": ("tab:blue", "-"), "EUR": ("tab:green", "--"), "USD": ("tab:red", "-.")}
for code, (colour, style) in STYLES.items():
    times, fx_running, rounding_running, exact_running = [NOV], [0], [0], [Fraction(0)]
    for tx in timeline:
        times.append(tx.at)
        fx_running.append(fx_running[-1] + tx.amount(FX, currency(code)).minor)
        rounding_running.append(rounding_running[-1] + tx.amount(ROUNDING, currency(code)).minor)
        exact_running.append(
            exact_running[-1] + remainders.get(tx.event_id, {}).get(code, Fraction(0))
        )
    times.append(END)
    for series in (fx_running, rounding_running, exact_running):
        series.append(series[-1])
    fx_axis.step(
        times,
        [float(Fraction(v, 100)) for v in fx_running],  # float-ok: drawing only
        where="post",
        color=colour,
        linestyle=style,
        linewidth=2,
        label=code,
    )
    if code == "GBP":
        continue
    rounding_axis.step(
        times,
        rounding_running,
        where="post",
        color=colour,
        linestyle=style,
        linewidth=2,
        label=f"rounding account, {code}",
    )
    rounding_axis.step(
        times,
        [float(v) for v in exact_running],  # float-ok: drawing only
        where="post",
        color=colour,
        linewidth=1.2,
        alpha=0.8,
        zorder=3,  # on top of the account's line where the two nearly meet
        label=f"exact remainders, {code}",
    )
fx_axis.axhline(0, color="black", linewidth=0.8)
fx_axis.axvline(settled.at, color="grey", linewidth=0.8, linestyle=":")
fx_axis.annotate(
    "Ana's payout:\nUSD in, EUR out",
    (settled.at, float(Fraction(balances[(FX, "EUR")], 100))),  # float-ok: drawing only
    xytext=(-120, -30),
    textcoords="offset points",
    fontsize=9,
    arrowprops={"arrowstyle": "->", "color": "grey"},
)
fx_axis.annotate(
    "gifts: GBP and EUR in, USD out",
    (day(14), -72),
    xytext=(30, 0),
    textcoords="offset points",
    fontsize=9,
)
fx_axis.set_ylabel("fx_conversion balance\n(major units of each currency)")
fx_axis.set_title(f"The conversion account, per currency ({TITLE_NOTE})", fontsize=11)
fx_axis.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
for code, height in (("USD", -4.7), ("EUR", 1.35)):
    residue = residues[code]
    shown = Decimal(residue.numerator) / residue.denominator
    rounding_axis.text(
        datetime(2026, 11, 26, tzinfo=UTC),
        height,
        f"{code} residue at the end: {shown:+.4f} of a cent",
        color=STYLES[code][0],
        fontsize=9,
    )
rounding_axis.set_ylim(-6.9, 2.1)
rounding_axis.axvline(settled.at, color="grey", linewidth=0.8, linestyle=":")
rounding_axis.set_ylabel("minor units\n(cents)")
rounding_axis.set_title(
    "Rounding: the account holds whole cents, the residue the rest", fontsize=11
)
rounding_axis.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
rounding_axis.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))

# %% [markdown]
# ## The books as data frames
#
# The ledger, its journal, statements, settlements and payout plans all have
# `to_records()`: plain rows (money in whole minor units or exact text, units as ints)
# that polars takes as they are. The trial balance sums to zero in every unit:

# %%
import polars as pl

trial = pl.DataFrame(ledger.to_records())
by_unit = trial.group_by("unit").agg(pl.col("balance").sum()).sort("unit")
assert (by_unit["balance"] == 0).all()
by_unit

# %%
postings = pl.DataFrame([row for tx in ledger.journal for row in tx.to_records()])
postings.filter(pl.col("unit") == "USD").group_by("account").agg(
    pl.col("units").sum().alias("cents")
).sort("account")
