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
# # Exact money
#
# Every amount in giftflow is a whole number of **minor units** (cents for USD, yen for
# JPY, fils for KWD) together with its `Currency`. Rates and shares are exact fractions.
# Every step that could lose a minor unit either splits the amount so the parts add up to
# the whole, or rounds with a mode you name and hands back what rounding left over.
#
# This notebook covers:
#
# 1. why floats are not money,
# 2. parsing, and the inputs giftflow refuses,
# 3. allocation with the largest-remainder rule,
# 4. the rounding modes side by side, with their remainders,
# 5. coins and diamonds, which are separate types,
# 6. a plot of how far each allocated part is from its exact share.
#
# Each claim is checked with an `assert`, so if the library changes behaviour, this
# notebook fails in the test suite.

# %% [markdown]
# ## 1. Why floats fail
#
# A binary float cannot hold most decimal fractions exactly, so ten cents is stored as
# something slightly different, and the errors add up:

# %%
0.1 + 0.2

# %%
print(0.1 + 0.2 == 0.3, sum([0.1] * 10) == 1.0)

# %% [markdown]
# giftflow stores ten cents as the integer `10` plus the currency, so sums are exact. To
# add up many amounts, call `Money.total` with the currency. There is deliberately no
# `sum()` shortcut that treats `0` as money.

# %%
from decimal import Decimal
from fractions import Fraction

from giftflow import (
    Coins,
    CurrencyMismatchError,
    Diamonds,
    ExactMoney,
    GiftflowError,
    Money,
    Rate,
    Rounding,
    UnitNames,
)

dime = Money.parse("0.10", "USD")
ten_dimes = Money.total([dime] * 10, "USD")
assert ten_dimes == Money.parse("1.00", "USD")
ten_dimes

# %% [markdown]
# ## 2. Parsing, and what is refused
#
# `Money.parse` reads decimal text or a `Decimal`, in major units. `Money.of_minor` takes
# whole minor units. `str()` is for people. `repr()` can be evaluated to get the same
# value back.

# %%
price = Money.parse("10.50", "USD")
print(str(price), "|", repr(price), "|", price.minor, "minor units of", price.currency.code)
assert price == Money.parse("10.50 USD") == Money.parse(Decimal("10.5"), "USD")
assert price == Money.of_minor(1050, "USD")

# %%
[Money.parse("500", "JPY"), Money.parse("1.234", "KWD"), Money.parse("1.500", "USD")]

# %% [markdown]
# giftflow never rounds an input silently and never guesses. If an input is ambiguous or
# would lose value, it raises a `GiftflowError`. The message names the argument, shows
# the refused value and says what to do instead. The same facts are available as
# attributes:

# %%
try:
    Money.parse("1.005", "USD")
except GiftflowError as error:
    caught = error
else:
    raise AssertionError("1.005 USD was accepted")

print(type(caught).__name__)
print(caught)
print("argument:", caught.argument, "| value:", repr(caught.value))
assert isinstance(caught, ValueError)  # specific errors also derive from the builtin


# %% [markdown]
# Some more refusals. Each one raises a subclass of `GiftflowError`, never a bare
# `ValueError` from somewhere inside the library:


# %%
def refusal(call, *args):
    """Run call(*args), which must raise a GiftflowError; return its type and message."""
    try:
        call(*args)
    except GiftflowError as error:
        return f"{type(error).__name__}: {error}"
    raise AssertionError(f"{call.__qualname__}{args!r} was accepted")


attempts = [
    (Money.parse, "ten dollars", "USD"),
    (Money.parse, 0.1, "USD"),
    (Money.parse, Decimal("NaN"), "USD"),
    (Money.parse, "1.00", "XYZ"),
    (Money.parse, "1.00 EUR", "USD"),
    (Money.of_minor, 1.5, "USD"),
    (Money.of_minor, True, "USD"),
    (Rate.parse, 0.3),
]
for call, *args in attempts:
    shown = ", ".join(repr(arg) for arg in args)
    print(f"{call.__qualname__}({shown})\n    {refusal(call, *args)}")

# %% [markdown]
# Mixing currencies raises `CurrencyMismatchError`. It never converts at some hidden rate:

# %%
try:
    Money.parse("1.00", "USD") + Money.parse("1.00", "EUR")
except CurrencyMismatchError as error:
    print(error)
else:
    raise AssertionError("USD + EUR was accepted")

# %% [markdown]
# ## 3. Allocation: the parts always add up to the whole
#
# `allocate(ratios)` splits an amount in proportion to the ratios, which can be ints,
# `Fraction`s or `Rate`s. It uses the **largest-remainder** rule (Hamilton's method):
#
# 1. each part gets the floor of its exact share, in minor units;
# 2. the minor units left over go one at a time to the parts with the largest fractional
#    remainder, and **ties go to the earlier part**.
#
# The next cell computes the rule by hand with exact fractions and checks the result
# against `allocate`:


# %%
def explain(amount, ratios):
    """Print the largest-remainder steps for amount and ratios, and check them."""
    total = sum(ratios)
    shares = [Fraction(amount.minor * ratio, total) for ratio in ratios]
    floors = [share.numerator // share.denominator for share in shares]
    leftover = amount.minor - sum(floors)
    # Largest remainder first; sorted() is stable, so equal remainders keep their order.
    order = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    winners = set(order[:leftover])
    parts = amount.allocate(ratios)
    print(f"{amount} by {ratios}: {leftover} minor unit(s) left over after the floors")
    print("  ratio  exact share  floor  remainder  +1?  part")
    for i, ratio in enumerate(ratios):
        share = shares[i]
        bonus = "+1" if i in winners else ""
        print(
            f"  {ratio:>5}  {share!s:>11}  {floors[i]:>5}  {share - floors[i]!s:>9}"
            f"  {bonus:>3}  {parts[i]}"
        )
        assert parts[i].minor == floors[i] + (i in winners)
    assert Money.total(parts, amount.currency) == amount


explain(Money.parse("1.00", "USD"), [1, 1, 1])

# %%
explain(Money.parse("0.05", "USD"), [70, 30])

# %%
explain(Money.parse("1.00", "USD"), [0, 1, 1])

# %% [markdown]
# These are the three examples the library promises: `$1.00` by `[1, 1, 1]` gives
# `0.34, 0.33, 0.33`; `$0.05` by `[70, 30]` gives `0.04, 0.01`; a zero ratio always gets
# zero.

# %%
assert [str(p) for p in Money.parse("1.00", "USD").allocate([1, 1, 1])] == [
    "0.34 USD",
    "0.33 USD",
    "0.33 USD",
]
assert [str(p) for p in Money.parse("0.05", "USD").allocate([70, 30])] == [
    "0.04 USD",
    "0.01 USD",
]
Money.parse("0.10", "USD").split(3)

# %% [markdown]
# ### Negative amounts are the mirror image
#
# A refund splits exactly as the payment it reverses, so every party gets back exactly
# what it received. Applying the rule to `-5` cents directly would not do that: the
# floors of `-3.5` and `-1.5` are `-4` and `-2`, and the leftover cent would go to the
# earlier part, giving `-3, -2`, which is not the reverse of `4, 1`. giftflow splits the
# absolute value and negates each part instead:

# %%
payment = Money.parse("0.05", "USD")
refund = -payment
paid, refunded = payment.allocate([70, 30]), refund.allocate([70, 30])
print("payment:", [str(p) for p in paid])
print("refund: ", [str(p) for p in refunded])
assert refunded == tuple(-part for part in paid)
assert all(p + r == Money.zero("USD") for p, r in zip(paid, refunded, strict=True))
naive_floors = [-5 * 70 // 100, -5 * 30 // 100]  # floor division
assert naive_floors == [-4, -2]  # the direct rule would then give -3, -2

# %% [markdown]
# Ratios can be exact rates as well. Here is a 50/30/20 split written as percentages:

# %%
shares = [Rate.parse("50%"), Rate.parse("30%"), Rate.parse("20%")]
Money.parse("9.99", "USD").allocate(shares)

# %% [markdown]
# ## 4. Rounding modes side by side
#
# Multiplying money by a rate gives a fraction of a minor unit. giftflow has no default
# rounding mode and no ambient `decimal` context. `multiply_exact` keeps the exact result
# as an `ExactMoney`, and `round_with_remainder(mode)` returns the rounded `Money`
# together with the exact remainder, so nothing disappears. The seven modes mean the
# same as in the `decimal` module.

# %%
cases = [
    ("0.99 x 30%", Money.parse("0.99", "USD").multiply_exact(Rate.parse("30%"))),
    ("0.05 x 50%", Money.parse("0.05", "USD").multiply_exact(Rate.parse("50%"))),
    ("0.07 x 50%", Money.parse("0.07", "USD").multiply_exact(Rate.parse("50%"))),
    ("-0.05 x 50%", Money.parse("-0.05", "USD").multiply_exact(Rate.parse("50%"))),
    ("1.00 x 1/3", Money.parse("1.00", "USD").multiply_exact(Rate.parse("1/3"))),
]
print(f"{'exact (cents)':>24} " + " ".join(f"{mode.name:>10}" for mode in Rounding))
for label, exact in cases:
    cells = []
    for mode in Rounding:
        rounded, remainder = exact.round_with_remainder(mode)
        # Nothing is lost: rounded + remainder is the exact value, in every mode.
        assert rounded.minor + remainder.minor == exact.minor
        cells.append(f"{rounded.minor:>4} {remainder.minor!s:>5}")
    print(f"{label:>12} = {exact.minor!s:>8} " + " ".join(f"{c:>10}" for c in cells))

# %% [markdown]
# Each cell shows the rounded cents and the remainder that rounding left behind. Ties
# (`2.5`, `3.5`, `-2.5`) are where the `HALF_*` modes differ. `UP` and `DOWN` mean away
# from zero and towards zero, while `CEILING` and `FLOOR` mean towards +infinity and -infinity.
#
# The remainder matters in bulk. The next cell charges a 2.9% fee on 10,000 seeded
# random prices. For each mode it adds up the rounded fees and, separately, what
# rounding left over. A ledger books those remainders, so charged plus remainders is
# always exactly the exact total. Directed modes (`UP`, `DOWN`, `CEILING`, `FLOOR`)
# drift by about half a cent per charge, while the `HALF_*` modes stay close.

# %%
import random

rng = random.Random(2024)
prices = [Money.of_minor(rng.randint(1, 10_000), "USD") for _ in range(10_000)]
fee_rate = Rate.parse("2.9%")
exact_fees = [price.multiply_exact(fee_rate) for price in prices]
exact_total = sum(exact_fees, ExactMoney.zero("USD"))
print(f"exact total of the fees: {exact_total}")
for mode in Rounding:
    charged, booked = Money.zero("USD"), ExactMoney.zero("USD")
    for fee in exact_fees:
        rounded, remainder = fee.round_with_remainder(mode)
        charged += rounded
        booked += remainder
    assert charged + booked == exact_total  # the remainders reconcile the books exactly
    print(f"{mode.name:>10}: charged {charged!s:>13}, remainders booked {booked!s:>13}")

# %% [markdown]
# For a single amount, `multiply(rate, mode)` is the short form when you do not need to
# book the remainder:

# %%
Money.parse("0.99", "USD").multiply(Rate.parse("30%"), Rounding.HALF_EVEN)

# %% [markdown]
# ## 5. Coins and diamonds are not money, and not each other
#
# Viewers buy **coins** with money and spend them on gifts. Creators receive **diamonds**
# and cash them out. Both are whole numbers with their own types, so adding coins to
# diamonds is an error at run time, and `mypy --strict` rejects it before the code runs.

# %%
wallet = Coins(65) + Coins(5)
print(wallet, "|", repr(wallet), "|", Coins(100).allocate([1, 1, 1]))
print(Diamonds(10) * 3)

# %%
for left, right in [(Coins(1), Diamonds(1)), (Coins(1), Money.parse("1.00", "USD"))]:
    try:
        left + right
    except TypeError as error:
        print(f"{left!r} + {right!r}: TypeError: {error}")
    else:
        raise AssertionError(f"{left!r} + {right!r} was accepted")

try:
    Coins(1.0)
except GiftflowError as error:
    print(f"Coins(1.0): {type(error).__name__}: {error}")
else:
    raise AssertionError("Coins(1.0) was accepted")

# %% [markdown]
# An economy can call its units whatever it likes (Bits, Stars, beans) through
# `UnitNames`. These are display words only, not new types:

# %%
bits = UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits")
print(bits.show(Coins(100)), "|", UnitNames().show(Diamonds(1)), "|", Coins.parse("1321 coins"))

# %% [markdown]
# ## 6. How far is each part from its exact share?
#
# The largest-remainder rule puts every part within one minor unit of its exact share,
# and the differences always add up to zero. The left panel splits `$100.00` by the
# ratios 1 : 2 : ... : 7. The right panel collects `part - exact share` for 10,000 seeded
# random allocations into three parts. Floats appear here only to draw the plot; every
# amount is computed exactly.

# %%
# Draw each figure into the cell's output, also under MPLBACKEND=Agg (as `make` runs
# the notebooks), so an HTML export keeps it. jupytext un-comments the magic.
# %matplotlib inline
import matplotlib.pyplot as plt

hundred = Money.parse("100.00", "USD")
ratios = [1, 2, 3, 4, 5, 6, 7]
parts = hundred.allocate(ratios)
deviations = [
    part.minor - Fraction(hundred.minor * ratio, sum(ratios))
    for part, ratio in zip(parts, ratios, strict=True)
]
assert sum(deviations) == 0
assert all(abs(d) < 1 for d in deviations)

rng = random.Random(7)
spread = []
for _ in range(10_000):
    amount = Money.of_minor(rng.randint(1, 100_000), "USD")
    weights = [rng.randint(1, 100) for _ in range(3)]
    for part, weight in zip(amount.allocate(weights), weights, strict=True):
        spread.append(part.minor - Fraction(amount.minor * weight, sum(weights)))
assert all(abs(d) < 1 for d in spread)

# Jupyter draws the figure at the end of the cell, with the inline backend chosen above.
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
right.hist([float(d) for d in spread], bins=40, range=(-1, 1), color="tab:blue")
right.set_xlabel("part - exact share (cents)")
right.set_ylabel("parts")
right.set_title("10,000 random splits into 3 parts")
left.bar(
    [f"{r}/28\n{p.to_decimal()}" for r, p in zip(ratios, parts, strict=True)],
    [float(d) for d in deviations],
    color=["tab:green" if d > 0 else "tab:orange" for d in deviations],
)
for index, deviation in enumerate(deviations):
    if deviation == 0:  # no bar to see: say so
        left.text(index, 0.04, "exact", ha="center", va="bottom", fontsize=9)
left.axhline(0, color="black", linewidth=0.8)
left.set_ylim(-1, 1)
left.set_ylabel("part - exact share (cents)")
left.set_xlabel("ratio, and the part (USD)")
left.set_title("$100.00 split 1 : 2 : ... : 7")
left.tick_params(axis="x", labelsize=9)

# %% [markdown]
# No part is ever a full cent away from its exact share, and the leftover cents are
# handed out by a fixed, documented rule. This is what `giftflow.testing.assert_sums_to`
# checks for you in your own property tests.
