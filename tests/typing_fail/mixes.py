"""Expressions that `mypy --strict` must reject, checked by tests/package/test_typing.py.

A line ending in `# E: <code>` must get a mypy error with that error code; every other
line must type-check, so the valid expressions below prove that mypy really ran and
that the marked errors are about the types, not about something else on the line.
"""

from decimal import Decimal
from fractions import Fraction

from giftflow import (
    Coins,
    Currency,
    Diamonds,
    ExactMoney,
    Money,
    Rate,
    Rounding,
    UnitNames,
    currency,
)

usd = currency("USD")
price = Money.parse("10.50", "USD")
cut = Rate.parse("30%")
coins = Coins(65)
diamonds = Diamonds(10)

# Valid: each is annotated, so a wrong inferred type would be an error too.
total: Money = price + Money.of_minor(25, usd) - Money.zero("USD")
scaled: Money = price * 3 // 2
scaled_left: Money = 3 * price
negated: Money = -abs(price)
cheaper: bool = price < total
shares: tuple[Money, ...] = price.allocate([1, Fraction(1, 2), Rate.parse("0.25")])
halves: tuple[Money, ...] = price.split(2)
fee: Money = price.multiply(cut, Rounding.HALF_EVEN)
exact_fee: ExactMoney = price.multiply_exact(cut)
rounded_fee: Money = exact_fee.round(Rounding.FLOOR)
paid, residue = exact_fee.round_with_remainder(Rounding.UP)
residue_exact: ExactMoney = residue + paid
from_decimal: Money = Money.parse(Decimal("1.5"), usd)
rate_sum: Rate = Rate.parse("0.5") + Rate.parse(1) + Rate.parse(Fraction(1, 3))
rate_product: Rate = cut * 2 * Rate.parse(Decimal("0.5")) / 4
more_coins: Coins = coins + Coins(5) - Coins(1)
more_diamonds: Diamonds = diamonds * 2 + Diamonds.parse("3 diamonds")
coin_parts: tuple[Coins, ...] = coins.allocate([70, 30])
named: str = UnitNames(coin="Bit", coins="Bits", diamond="Bit", diamonds="Bits").show(coins)
gem = Currency(code="GEM", exponent=0)
gems: Money = Money.of_minor(5, gem)

# Invalid: distinct units never mix.
price + coins  # E: operator
coins + price  # E: operator
coins + diamonds  # E: operator
diamonds - coins  # E: operator
coins < diamonds  # E: operator
price < coins  # E: operator
price == coins  # E: comparison-overlap
coins == diamonds  # E: comparison-overlap
price + 1  # E: operator
coins + 1  # E: operator

# Invalid: floats are never money, units or rates.
Money.of_minor(1.5, "USD")  # E: arg-type
Money.parse(1.5, "USD")  # E: arg-type
Money.parse(150, "USD")  # E: arg-type
Coins(1.0)  # E: arg-type
Diamonds("1")  # E: arg-type
Rate.parse(0.5)  # E: arg-type
Rate(0.5)  # E: arg-type
price * 1.5  # E: operator
coins * 1.5  # E: operator
Rounding.HALF_EVEN.round(2.5)  # E: arg-type
price.allocate([0.7, 0.3])  # E: list-item

# Invalid: a rate is applied to money only with an explicit rounding mode.
price * cut  # E: operator
cut * price  # E: operator
price.multiply(cut)  # E: call-arg
price.multiply(cut, "HALF_EVEN")  # E: arg-type
price.multiply(Fraction(3, 10), Rounding.HALF_EVEN)  # E: arg-type
exact_fee.round()  # E: call-arg
exact_fee + coins  # E: operator
fee_as_money: Money = price.multiply_exact(cut)  # E: assignment

# Invalid: currencies are Currency objects or codes, never numbers.
Money.of_minor(1, 840)  # E: arg-type
Money(1050, "USD")  # E: arg-type
Currency(code="GEM", exponent=0.5)  # E: arg-type
Currency("GEM", 0)  # E: call-arg

# Invalid: the operators refused at run time (giftflow's own error, naming the fix) stay
# invisible to mypy, although refuse_operators installs them on the classes.
price / 2  # E: operator
price % 2  # E: operator
price**2  # E: operator
float(price)  # E: arg-type
round(price)  # E: call-overload
sum([price, total])  # E: list-item
cut < 1  # E: operator
