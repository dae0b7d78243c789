"""A waterfall of a value trace: the viewer's payment, then every party's part, to zero.

The parts are computed exactly (``ExactMoney``, ``Fraction``) and turned into floats only
where matplotlib draws them. matplotlib is imported when a waterfall is drawn, never when
``giftflow.plot`` is imported (the ``giftflow[plot]`` extra).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from giftflow._cash_out._plan import PayoutPlan
from giftflow._cash_out._policy import FeeBearer
from giftflow._coins_out._trace import ValueTrace, _show
from giftflow._values._errors import ExtraMissingError, InvalidTypeError, InvalidValueError
from giftflow._values._money import ExactMoney
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["waterfall"]

# One colour per party, the trace's parties and then a payout's.
COLOURS = {
    "paid": "0.15",
    "tax": "tab:gray",
    "store": "tab:red",
    "processor": "tab:orange",
    "fees": "tab:brown",
    "creator": "tab:green",
    "rounding": "tab:olive",
    "agency": "tab:purple",
    "platform": "tab:blue",
    "withholding": "tab:pink",
    "payout fee": "tab:brown",
    "payout rounding": "tab:olive",
    "bank": "darkgreen",
}


@attrs.frozen
class Step:
    """One bar of a waterfall: who gets ``amount`` of what the viewer paid.

    A ``subtotal`` (a creator's earnings, split by a payout into the steps after it) is
    drawn as a bracket over its parts, not as a bar, and is not counted again.
    """

    label: str
    party: str
    amount: ExactMoney
    subtotal: bool = False


def steps(trace: ValueTrace, payout: PayoutPlan | None = None) -> list[Step]:
    """The trace's rows, each creator's split by ``payout``.

    The steps that are not subtotals add up exactly to ``trace.paid``.

    A payout withdraws diamonds from many gifts; each diamond of this gift bears the
    payout's withholding, fees and rounding in proportion to its value (the part of
    ``payout.gross_value`` it makes up). A platform-borne fee is the platform's: its
    part comes out of the platform's row.
    """
    rows = [Step(row.label, row.party, row.amount) for row in trace.rows]
    if payout is None:
        return rows
    gross = payout.gross_value.minor
    creators = [row for row in rows if row.party == "creator"]
    out: list[Step] = []
    for row in rows:
        if row.party == "creator":
            out.append(attrs.evolve(row, subtotal=True))
            out += _creator_parts(row, payout, gross)
        elif row.party == "platform":
            out += _platform_parts(row, payout, gross, creators)
        else:
            out.append(row)
    return out


def _part(of: Step, share: Fraction) -> ExactMoney:
    return ExactMoney(of.amount.minor * share, of.amount.currency)


def _creator_parts(row: Step, payout: PayoutPlan, gross: Fraction) -> list[Step]:
    withheld = payout.withholding_rate.percent(1, Rounding.HALF_EVEN)
    parts = [
        Step(f"withheld ({withheld})", "withholding", _part(row, payout.withholding.minor / gross)),
        *(
            Step(f"payout fee: {fee.name}", "payout fee", _part(row, fee.amount.minor / gross))
            for fee in payout.fees
            if fee.bearer is FeeBearer.CREATOR
        ),
        Step("rounded off at payout", "payout rounding", _part(row, payout.residue.minor / gross)),
    ]
    # What is left reaches the bank: exactly row x paid_value / gross_value, by the plan's
    # own identity gross_value == paid_value + creator_fees + withholding + residue.
    bank = row.amount.minor - sum((part.amount.minor for part in parts), Fraction(0))
    parts.append(
        Step(
            f"to the creator's bank ({payout.method}, {payout.paid.currency.code})",
            "bank",
            ExactMoney(bank, row.amount.currency),
        )
    )
    return [part for part in parts if part.amount.minor or part.party == "bank"]


def _platform_parts(
    row: Step, payout: PayoutPlan, gross: Fraction, creators: list[Step]
) -> list[Step]:
    earned = sum((creator.amount.minor for creator in creators), Fraction(0))
    fees = [
        Step(
            f"the platform's payout fee: {fee.name}",
            "payout fee",
            ExactMoney(earned * fee.amount.minor / gross, row.amount.currency),
        )
        for fee in payout.fees
        if fee.bearer is FeeBearer.PLATFORM and fee.amount.minor
    ]
    kept = row.amount.minor - sum((fee.amount.minor for fee in fees), Fraction(0))
    return [Step(row.label, row.party, ExactMoney(kept, row.amount.currency)), *fees]


def _matplotlib() -> tuple[Any, type]:
    """``matplotlib.pyplot`` and the ``Axes`` class, or an error naming the extra."""
    try:
        import matplotlib.axes
        import matplotlib.pyplot
    except ImportError as error:
        raise ExtraMissingError(
            "waterfall", error.name or "matplotlib", "plot", "pip install 'giftflow[plot]'"
        ) from error
    return matplotlib.pyplot, matplotlib.axes.Axes


def _check(trace: Any, payout: Any, shares: Any) -> None:
    if type(trace) is not ValueTrace:
        raise InvalidTypeError(
            "trace",
            trace,
            "must be a ValueTrace",
            "pass trace(receipt) or compare_channels(...)[0]",
        )
    if payout is not None:
        if type(payout) is not PayoutPlan:
            raise InvalidTypeError(
                "payout", payout, "must be a PayoutPlan or None", "pass plan_payout(...)"
            )
        if not payout.pays or payout.gross_value.minor <= 0:
            raise InvalidValueError(
                "payout",
                payout,
                "pays nothing, so it splits nothing",
                "pass a plan whose .pays is True, or None",
            )
    if type(shares) is not bool:
        raise InvalidTypeError("shares", shares, "must be a bool", "pass shares=True")
    if shares and trace.paid.minor == 0:
        raise InvalidValueError(
            "shares", shares, "needs a trace that paid something", "pass shares=False"
        )


def waterfall(
    trace: ValueTrace,
    *,
    payout: PayoutPlan | None = None,
    shares: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw where a gift's money went: the payment, then each party's part, down to zero.

    One horizontal bar per row of the trace (tax, store, processor, each creator, the
    rounding carried, the agency, the platform), each starting where the one above
    ended, so the bars add up exactly to what was paid. The right-hand labels give each
    part exactly (as ``print(trace)`` does) and as a share of the payment. A negative
    part (a platform that pays out more than it nets) runs back to the right.

    With ``payout``, each creator's bar is split the way that payout treats the
    creator's diamonds: withholding, the creator's payout fees, what rounding left,
    and what reaches the creator's bank. A payout covers many gifts; each diamond of
    this one bears its part in proportion to its value. Fees the platform bears come
    out of the platform's part.

    Args:
        trace: From :func:`~giftflow.trace` or :func:`~giftflow.compare_channels`.
        payout: A plan that pays (:func:`~giftflow.plan_payout`), or ``None`` to stop
            at the creator's diamonds.
        shares: Draw each part as a share of what was paid ("of one viewer dollar"),
            so traces of different sizes compare; money otherwise.
        ax: Where to draw; a new figure (``matplotlib.pyplot``) when ``None``.

    Returns:
        The axes drawn on. The amounts are exact until drawn; only the bars are floats.

    Raises:
        ExtraMissingError: matplotlib is not installed (``pip install 'giftflow[plot]'``).

    >>> from datetime import datetime, timezone
    >>> from matplotlib.figure import Figure
    >>> from giftflow import Channel, compare_channels, presets
    >>> (cheer,) = compare_channels(presets.twitch_bits(), "Cheer100", country="US",
    ...     at=datetime(2026, 11, 24, tzinfo=timezone.utc), channels=[Channel.WEB])
    >>> ax = waterfall(cheer, ax=Figure().subplots())
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['paid by a viewer', 'creator streamer: 100 Bits', 'platform']
    >>> [(bar.get_x(), bar.get_width()) for bar in ax.patches]
    [(0.0, 1.4), (0.4, 1.0), (0.0, 0.4)]
    >>> [label.get_text() for label in ax.child_axes[0].get_yticklabels()]
    ['1.4000 USD  100.0%', '1.0000 USD  71.4%', '0.4000 USD  28.6%']
    """
    _check(trace, payout, shares)
    plt, axes = _matplotlib()
    if ax is not None and not isinstance(ax, axes):
        raise InvalidTypeError(
            "ax", ax, "must be a matplotlib Axes or None", "pass plt.subplots()[1], or None"
        )
    parts = steps(trace, payout)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.2 + 0.42 * (len(parts) + 1)), layout="constrained")
    _draw(ax, trace, parts, shares)
    return ax


def _draw(ax: Axes, trace: ValueTrace, parts: list[Step], shares: bool) -> None:
    from matplotlib.patches import Rectangle

    paid = trace.paid.minor
    scale = (1 / paid) if shares else Fraction(1, 10**trace.currency.exponent)
    labels = [f"paid by {trace.paid_by}"]
    values = [_value(trace.paid, paid)]
    colours = [COLOURS["paid"]]
    # Rectangles, not barh: barh recomputes a width as (left + width) - left, in floats.
    ax.add_patch(Rectangle((0.0, -0.35), _x(paid * scale), 0.7, color=COLOURS["paid"]))
    top = paid
    ends = [Fraction(0), paid]
    for index, part in enumerate(parts, start=1):
        colour = COLOURS.get(part.party, "tab:cyan")
        labels.append(part.label)
        values.append(_value(part.amount, paid))
        colours.append(colour)
        if part.subtotal:  # a bracket over the parts that follow; the total does not move
            span = [_x(top * scale), _x((top - part.amount.minor) * scale)]
            ax.plot(
                [span[0], span[0], span[1], span[1]],
                [index + 0.3, index, index, index + 0.3],
                color=colour,
                linewidth=2.5,
            )
            continue
        bottom = top - part.amount.minor
        ax.add_patch(
            Rectangle(
                (_x(bottom * scale), index - 0.35),
                _x(part.amount.minor * scale),
                0.7,
                color=colour,
            )
        )
        # A dotted step from the end of the bar above to the start of this one.
        ax.plot([_x(top * scale)] * 2, [index - 1.35, index - 0.35], ":", color="0.4", lw=1)
        ends += [bottom]
        top = bottom
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(labels)), labels, fontsize=10)
    ax.set_ylim(len(labels) - 0.4, -0.6)  # the payment on top, the parts below it
    right = ax.secondary_yaxis("right")
    right.set_yticks(range(len(values)), values, fontsize=10)
    right.tick_params(length=0)
    for tick, colour in zip(right.get_yticklabels(), colours, strict=True):
        tick.set_color("black" if colour == COLOURS["paid"] else colour)
    ax.set_xlabel("share of what was paid" if shares else f"{trace.currency.code} paid")
    via = f" via {trace.channel}" if trace.channel is not None else ""
    ax.set_title(f"{trace.count} x {trace.gift}{via}: where {_show(trace.paid)} went")
    low = _x(min(ends) * scale)
    high = _x(max(ends) * scale) or 1.0  # a trace that paid nothing still has a scale
    ax.set_xlim(min(low, 0.0) - 0.02 * (high - low), high * 1.02)


def _value(amount: ExactMoney, paid: Fraction) -> str:
    if not paid:
        return _show(amount)
    share = Rate(abs(amount.minor) / paid).percent(1, Rounding.HALF_EVEN)
    return f"{_show(amount)}  {'-' if amount.minor < 0 else ''}{share}"


def _x(value: Fraction) -> float:  # float-ok: a drawing coordinate
    """A position on the drawing: the one place an exact amount becomes a float."""
    return float(value)  # float-ok: a drawing coordinate, never money
