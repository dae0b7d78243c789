"""The tour ``python -m giftflow`` prints: one evening of a TikTok-like economy, reconciled.

Every figure the tour prints is either read off the library (a checkout, a trace, the
ledger's balances, a payout plan) or the sum of figures printed above it, and each sum
is printed with its terms, so a reader can add the story up with a pencil;
``tests/package/test_tour.py`` does exactly that from the printed text. This is the edge
of the library: the one place (with ``_cli.py``) that prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import TextIO

# The tour uses the public API, as a reader's own code would (the allocation that rounds
# a printed sum is the one private helper: the library's display rule).
from giftflow import (
    Account,
    AccountKind,
    Agency,
    Carry,
    Channel,
    Coins,
    CoinsPurchased,
    Creator,
    Diamonds,
    ExactMoney,
    GiftEvent,
    GiftReceipt,
    GiftSent,
    Ledger,
    Money,
    PayoutRequested,
    PayoutSettled,
    Purchase,
    Rate,
    Refunded,
    Rounding,
    Transaction,
    ValueTrace,
    Viewer,
    Wallet,
    checkout,
    compare_channels,
    currency,
    leaderboard,
    presets,
    send_gift,
    trace,
)

__all__ = ["AT", "PROCEEDS", "tour"]

# The tour runs at fixed instants so its output never depends on the clock.
AT = datetime(2026, 11, 24, 20, tzinfo=UTC)
CASH_OUT = datetime(2026, 12, 1, 14, tzinfo=UTC)
# TikTok sells far more than the stores' $1M small-developer tiers each year.
PROCEEDS = Money.parse("5000000", "USD")
AGENCY = Agency(id="starlight", rate=Rate.parse("10%"))
CREATOR = "ana"
K = AccountKind

# Who buys what, where: (viewer, channel, package).
PURCHASES = (
    ("viewer-ios", Channel.IOS, "coins_660"),
    ("viewer-web", Channel.WEB, "coins_700"),
    ("viewer-whale", Channel.WEB, "coins_7000"),
)
# What they send ana: (viewer, gift, count).
GIFTS = (
    ("viewer-ios", "Rose", 10),
    ("viewer-web", "Rose", 10),
    ("viewer-web", "Hat and Mustache", 3),
    ("viewer-whale", "Swan", 10),
)
REFUND = ("viewer-web", Money.parse("1.00", "USD"))


def tour(out: TextIO) -> None:
    """Print one evening of the TikTok-like default economy to ``out``, reconciled."""

    def say(line: str = "") -> None:
        print(line, file=out)

    economy = presets.tiktok()
    adult = Viewer(country="US", birth_date=date(1990, 1, 1))
    ledger = Ledger(
        economy,
        viewers={viewer: adult for viewer, _, _ in PURCHASES},
        agencies={CREATOR: AGENCY},
    )
    say("giftflow tour: one evening of a TikTok-like economy, booked in one ledger.")
    say("Preset numbers are reported snapshots (see giftflow.presets.SOURCES). Every amount")
    say("is exact, and every total is printed with the figures it adds up.")
    say("")
    _exact_money(say)
    say("")
    purchases, bought = _buy(say, ledger)
    say("")
    receipts, booked = _gifts(say, ledger, purchases)
    say("")
    say("4. Top gifters of ana's stream:")
    for entry in leaderboard(receipts, creator=CREATOR):
        say(f"   #{entry.rank} {entry.viewer}: {entry.coins:,} coins")
    say("")
    refund = _refund(say, ledger)
    say("")
    paid, settled = _cash_out(say, ledger)
    say("")
    _parties(say, ledger, purchases, [*bought, *booked, settled, refund], paid)
    say("")
    _traced_back(say, [trace(receipt) for receipt in receipts], paid)
    say("")
    _what_if(say)
    say("")
    say("Explain any gift: python -m giftflow explain --preset tiktok --gift Lion --channel ios")


def _exact_money(say: Callable[[str], None]) -> None:
    say("1. Exact money: integer minor units, exact rates, named rounding, nothing lost.")
    price = Money.parse("0.99", "USD")
    store, rest = price.allocate([30, 70])
    thirds = ", ".join(str(part) for part in Money.parse("1.00", "USD").split(3))
    say(f"   {price} split 30:70 -> {store} + {rest}; 1.00 USD in three -> {thirds}")
    exact = price.multiply_exact(Rate.parse("2.9%"))
    fee, residue = exact.round_with_remainder(Rounding.HALF_EVEN)
    say(f"   2.9% of {price} is {exact} exactly: {fee} rounded half-even, {residue} remainder kept")
    try:
        Coins(1) + Diamonds(1)  # type: ignore[operator]
    except TypeError:
        say("   coins + diamonds -> TypeError (and a mypy error): they are different units")


def _buy(
    say: Callable[[str], None], ledger: Ledger
) -> tuple[dict[str, Purchase], list[Transaction]]:
    say(f"2. On {AT.date()} three viewers in the US buy coins:")
    purchases: dict[str, Purchase] = {}
    bought: list[Transaction] = []
    for viewer, channel, package in PURCHASES:
        quote = ledger.economy.price_book.quote(package, country="US", channel=channel, at=AT)
        purchase = checkout(quote, purchase_id=f"buy-{viewer}")
        applied = ledger.apply(CoinsPurchased(id=purchase.id, viewer=viewer, purchase=purchase))
        bought.append(applied.transaction)
        purchases[viewer] = purchase
        say(f"   {viewer} buys {purchase.coins.amount:,} coins on {channel}:")
        for line in str(purchase.breakdown).splitlines():
            say(f"     {line}")
    gross = [purchase.breakdown.gross for purchase in purchases.values()]
    coins = [purchase.coins.amount for purchase in purchases.values()]
    say(
        f"   the viewers paid {_terms(gross)} = {_total(gross)} "
        f"for {_terms(coins)} = {sum(coins):,} coins"
    )
    return purchases, bought


def _gifts(
    say: Callable[[str], None], ledger: Ledger, purchases: dict[str, Purchase]
) -> tuple[list[GiftReceipt], list[Transaction]]:
    say("3. They send ana gifts; her agency is paid 10% of the platform's part. Each trace")
    say("   is where the money paid for the gift's coins went, to a hundredth of a cent (~")
    say("   where rounded for display; rows add up to the paid line, shares to 100.0%), and")
    say("   below it what the ledger booked (it books in whole cents, carrying remainders).")
    wallets = {viewer: Wallet().credit(*purchase.lots) for viewer, purchase in purchases.items()}
    carry = Carry()
    receipts: list[GiftReceipt] = []
    booked: list[Transaction] = []
    for number, (viewer, gift, count) in enumerate(GIFTS, start=1):
        event = GiftEvent(
            id=f"gift-{number}",
            viewer=viewer,
            gift=gift,
            count=count,
            recipients=CREATOR,
            country="US",
            at=AT,
        )
        receipt = send_gift(
            ledger.economy, wallets[viewer], event, carry=carry, agencies={CREATOR: AGENCY}
        )
        wallets[viewer], carry = receipt.wallet, receipt.carry
        receipts.append(receipt)
        transaction = ledger.apply(GiftSent(gift=event)).transaction
        booked.append(transaction)
        channel = purchases[viewer].quote.channel
        say("")
        for line in str(trace(receipt, channel=channel)).splitlines():
            say(f"   {line}")
        say(
            f"   booked: ana +{_posted(transaction, K.CREATOR_BALANCE, 'diamonds'):,} diamonds; "
            f"deferred revenue {_money(_posted(transaction, K.DEFERRED_REVENUE, 'USD'))}, "
            f"platform revenue +{_money(_posted(transaction, K.PLATFORM_REVENUE, 'USD'))}, "
            f"agency +{_money(_posted(transaction, K.AGENCY_PAYABLE, 'USD'))}"
        )
    diamonds = [_posted(transaction, K.CREATOR_BALANCE, "diamonds") for transaction in booked]
    value = receipts[0].policy.diamond_value
    worth = ExactMoney(Fraction(sum(diamonds) * value.minor), value.currency)
    say("")
    say(
        f"   ana received {_terms(diamonds)} = {sum(diamonds):,} diamonds, "
        f"worth {value} each: {worth}"
    )
    return receipts, booked


def _refund(say: Callable[[str], None], ledger: Ledger) -> Transaction:
    viewer, amount = REFUND
    say(f"5. {viewer} is refunded {amount} of their purchase; the unspent coins it bought")
    say("   leave their wallet, and the processor's fee on it comes back. The ledger books:")
    transaction = ledger.apply(
        Refunded(id="refund-1", at=AT, purchase_id=f"buy-{viewer}", amount=amount)
    ).transaction
    for line in str(transaction).splitlines()[1:]:
        say(f"   {line}")
    return transaction


def _cash_out(say: Callable[[str], None], ledger: Ledger) -> tuple[Money, Transaction]:
    policy = presets.tiktok_payout_policy()
    say(f"6. ana cashes out on {CASH_OUT.date()} under the TikTok payout preset, from the book:")
    plan = ledger.plan_payout(
        CREATOR,
        policy,
        now=CASH_OUT,
        method="paypal",
        payout_currency="USD",
        profile=Creator(
            country="US",
            birth_date=date(1990, 1, 1),
            payout_account_since=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        rounding=Rounding.DOWN,
    )
    for line in str(plan).splitlines():
        say(f"   {line}")
    for reason in plan.reasons:
        say(f"   note: {reason}")
    ledger.apply(PayoutRequested.from_plan(plan, id="payout-1", creator=CREATOR))
    settled = ledger.apply(PayoutSettled.from_plan(plan, id="payout-1-paid", payout_id="payout-1"))
    say(
        f"   {plan.gross_value} rounded down is {plan.gross}: the {plan.valuation_residue} "
        "left is the ledger's rounding residue"
    )
    return plan.paid, settled.transaction


def _parties(
    say: Callable[[str], None],
    ledger: Ledger,
    purchases: dict[str, Purchase],
    evening: list[Transaction],
    paid: Money,
) -> None:
    say("7. Each party's total in the ledger once the evening and the payout are booked")
    say("   (money that came in from outside is negative; what an account holds or is owed")
    say("   is positive), each with the postings printed above that make it:")
    balances = ledger.balances()
    printed: list[int] = []

    def line(account: Account, note: str) -> None:
        value = balances.get((account, "USD"), 0)
        printed.append(value)
        head = f"   {account!s:24} {_money(value):>14}"
        if len(head) + 2 + len(note) <= 96:
            say(f"{head}  {note}")
        else:
            say(head)
            say(f"      {note}")

    def postings(kind: AccountKind) -> str:
        return _terms_minor([_posted(t, kind, "USD") for t in evening if _posted(t, kind, "USD")])

    refund = evening[-1]
    for viewer, purchase in purchases.items():
        refunded = _posted(refund, K.EXTERNAL, "USD") if viewer == REFUND[0] else 0
        note = f"paid {purchase.breakdown.gross}"
        line(
            Account(K.EXTERNAL, viewer),
            note + (f", refunded {_money(refunded)}" if refunded else ""),
        )
    line(Account(K.STORE_PAYABLE, "apple"), f"store fees: {postings(K.STORE_PAYABLE)}")
    line(Account(K.PROCESSOR_PAYABLE, "card"), f"processor fees: {postings(K.PROCESSOR_PAYABLE)}")
    line(Account(K.AGENCY_PAYABLE, AGENCY.id), f"commission: {postings(K.AGENCY_PAYABLE)}")
    line(Account(K.EXTERNAL, CREATOR), "ana's payout")
    line(Account(K.PLATFORM_REVENUE), f"kept: {postings(K.PLATFORM_REVENUE)}")
    line(Account(K.DEFERRED_REVENUE), f"coins not yet spent: {postings(K.DEFERRED_REVENUE)}")
    say(f"   sum: {_terms_minor(printed)} = {_money(sum(printed))}")
    wallets = [
        (account.owner, value)
        for (account, unit), value in balances.items()
        if account.kind is K.VIEWER_WALLET
    ]
    coins = " + ".join(f"{value:,}" for _, value in wallets)
    say(
        f"   coins still in wallets: {coins} = {sum(v for _, v in wallets):,} "
        f"({', '.join(owner for owner, _ in wallets)})"
    )
    diamonds = balances.get((Account(K.CREATOR_BALANCE, CREATOR), "diamonds"), 0)
    say(f"   ana's diamonds after the payout: {diamonds:,}")
    residue = ExactMoney(ledger.residues().get("USD", Fraction(0)), currency("USD"))
    say(f"   rounding residue kept beside the books: {residue}")
    totals = ", ".join(f"{unit} {total}" for unit, total in sorted(ledger.totals().items()))
    say(f"   trial balance, every unit: {totals}")


def _traced_back(say: Callable[[str], None], traces: list[ValueTrace], paid: Money) -> None:
    say("8. ana's payout traced back to the viewers' money (the traces in 3, as printed):")
    viewers = [value.paid for value in traces]
    creator = [value.total("creator") for value in traces]
    say(f"   the viewers paid {_sum_shown(viewers)}")
    say("   for the coins of ana's gifts; of it, ana earned")
    say(f"   {_sum_shown(creator)},")
    earned = sum((value.minor for value in creator), Fraction(0))
    exact = sum((value.minor for value in viewers), Fraction(0))
    share = Rate(paid.minor / exact).percent(1, Rounding.HALF_EVEN)
    rounded = ExactMoney(earned - paid.minor, paid.currency)
    say(f"   and was paid {paid} ({share} of it; the {rounded} rounded off is the residue in 7).")


def _what_if(say: Callable[[str], None]) -> None:
    say("9. What if (not booked): the same Lion (29,999 coins) bought through each channel:")
    for lion in compare_channels(
        presets.tiktok(),
        "Lion",
        country="US",
        at=AT,
        proceeds_to_date=PROCEEDS,
        agency=AGENCY,
    ):
        share = lion.creator_take_rate.percent(1, Rounding.HALF_EVEN)
        say(
            f"   {lion.channel}: paid {lion.paid.round(Rounding.HALF_EVEN)}, "
            f"creator gets {share} (agency paid from the platform's part)"
        )


# -- small formatting helpers ---------------------------------------------------------


def _posted(transaction: Transaction, kind: AccountKind, unit: str) -> int:
    """The sum of ``transaction``'s postings in ``unit`` to accounts of ``kind``."""
    return sum(
        posting.units
        for posting in transaction.postings
        if posting.account.kind is kind and posting.unit == unit
    )


def _money(minor: int) -> str:
    return str(Money.of_minor(minor, "USD"))


def _total(amounts: list[Money]) -> Money:
    return Money.of_minor(sum(amount.minor for amount in amounts), "USD")


def _terms(values: Iterable[Money | int]) -> str:
    """``a + b + c`` (money without its currency, counts with thousands separators)."""
    shown = [
        str(value).removesuffix(" USD") if isinstance(value, Money) else f"{value:,}"
        for value in values
    ]
    return " + ".join(shown)


def _terms_minor(values: list[int]) -> str:
    """Signed cents as ``0.52 + 2.47 - 0.06``."""
    text = ""
    for index, value in enumerate(values):
        amount = str(Money.of_minor(abs(value), "USD")).removesuffix(" USD")
        if index == 0:
            text = f"-{amount}" if value < 0 else amount
        else:
            text += f" - {amount}" if value < 0 else f" + {amount}"
    return text


def _sum_shown(amounts: list[ExactMoney]) -> str:
    """``a + b = c USD``: each amount rounded to a hundredth of a cent, ``~`` when rounded."""
    scaled = [amount.minor * 100 for amount in amounts]
    shown = [Rounding.HALF_EVEN.round(value).units for value in scaled]
    marks = ["" if units == value else "~" for units, value in zip(shown, scaled, strict=True)]
    terms = " + ".join(
        f"{mark}{_hundredth(units)}" for mark, units in zip(marks, shown, strict=True)
    )
    return f"{terms} = {'~' if any(marks) else ''}{_hundredth(sum(shown))} USD"


def _hundredth(units: int) -> str:
    whole, part = divmod(units, 10_000)
    return f"{whole}.{part:04d}"
