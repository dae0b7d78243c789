"""Exact number parsing and formatting shared by money, rates and units (private)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from math import gcd
from typing import Any

from giftflow._values._errors import (
    InvalidTypeError,
    InvalidValueError,
    ParseError,
    PrecisionLossError,
)

# A plain decimal number: optional sign, digits, optional fraction. No exponents,
# no thousands separators, no whitespace inside: "1e3" and "1,000" are ambiguous
# across locales and tools, so they are refused rather than guessed at.
_DECIMAL = re.compile(r"([+-]?)(\d+)(?:\.(\d+))?|([+-]?)\.(\d+)", re.ASCII)

# -- limits: the one place that bounds the size of the numbers giftflow accepts ----------
# Every amount, rate and exact amount is checked against these when it is built, and
# from_data and the parsers use the same checks, so work on any value is bounded and
# every value prints (Python refuses to print an int of more than 4,300 digits).

MAX_AMOUNT_DIGITS = 40
"""Digits of a whole amount: Money's minor units, Coins, Diamonds (``abs(n) < 10**40``).

Real amounts need far fewer: 10**15 USD is 17 digits in cents, and a supply of 10**15
tokens of 18 places is 33. Sums grow by one digit per tenfold, so no sum gets near
4,300 digits; products (``amount * n``) are checked."""

MAX_FRACTION_DIGITS = 1_000
"""Digits of the numerator and of the denominator of a Rate or an ExactMoney, and of
the common denominator that allocating over rates needs. Room for long chains of exact
steps (sums of per-coin costs build large common denominators) while arithmetic on
them stays microseconds and printing stays possible."""

MAX_PARTS = 1_000_000
"""Parts of one split or allocation: each part is an object, so the count bounds the work."""

AMOUNT_BOUND = 10**MAX_AMOUNT_DIGITS
FRACTION_BOUND = 10**MAX_FRACTION_DIGITS


def check_amount(argument: str, value: int) -> int:
    """Return the int ``value`` if it has at most :data:`MAX_AMOUNT_DIGITS` digits.

    >>> check_amount("amount", 10**40)
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: amount has more than 40 digits (giftflow's limit for ...
    """
    if -AMOUNT_BOUND < value < AMOUNT_BOUND:
        return value
    raise InvalidValueError(
        argument,
        value,
        f"has more than {MAX_AMOUNT_DIGITS} digits (giftflow's limit for an amount)",
        "check the value: real amounts need far fewer digits, even in the smallest unit",
    )


def bounded(result: int) -> int:
    """:func:`check_amount` for the result of arithmetic (one comparison when it passes).

    Sums grow one digit per tenfold and are not checked; a product or a rounded exact
    value can jump past the limit, so those results are.
    """
    return result if -AMOUNT_BOUND < result < AMOUNT_BOUND else check_amount("result", result)


def check_fraction(argument: str, value: Fraction) -> Fraction:
    """Return ``value`` if its numerator and denominator have at most 1,000 digits each.

    >>> check_fraction("value", Fraction(1, 10**1000))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: value has a numerator or denominator of more than 1,000 ...
    """
    if -FRACTION_BOUND < value.numerator < FRACTION_BOUND and value.denominator < FRACTION_BOUND:
        return value
    raise InvalidValueError(
        argument,
        value,
        f"has a numerator or denominator of more than {MAX_FRACTION_DIGITS:,} digits "
        "(giftflow's limit for an exact value)",
        "round it, or simplify the rates that built it (Rate.parse('0.333') for 1/3 chains)",
    )


def check_common_denominator(argument: str, value: Any, denominator: int) -> int:
    """Return ``denominator`` if it has at most :data:`MAX_FRACTION_DIGITS` digits."""
    if denominator < FRACTION_BOUND:
        return denominator
    raise InvalidValueError(
        argument,
        value,
        f"need a common denominator of more than {MAX_FRACTION_DIGITS:,} digits",
        "pass int weights, or rates that share a denominator (percentages, say)",
    )


# The most digits a Decimal may need when written out in plain decimal notation.
# Converting Decimal("1E+999999999") exactly would compute 10**999999999 (minutes and
# gigabytes), so absurd exponents are refused up front. 4,300 is Python's default limit
# for int text, which decimal text already obeys, and thousands of digits more than any
# amount or rate needs (10**15 USD is 17 digits in cents; a wei is 18 places).
MAX_DIGITS = 4_300


def parse_decimal_text(text: str) -> tuple[Fraction, int] | None:
    """Parse plain decimal text exactly; return (value, decimal places) or None.

    >>> parse_decimal_text("-10.50")
    (Fraction(-21, 2), 2)
    >>> parse_decimal_text("1e3") is None
    True
    """
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    if match.group(2) is not None:
        sign, whole, frac = match.group(1), match.group(2), match.group(3) or ""
    else:
        sign, whole, frac = match.group(4), "0", match.group(5)
    units = parse_int(whole + frac)
    if units is None:
        return None
    value = Fraction(units, 10 ** len(frac))
    return (-value if sign == "-" else value), len(frac)


_RATIO = re.compile(r"\s*([+-]?\d+)\s*/\s*([+-]?\d+)\s*", re.ASCII)


def parse_ratio(argument: str, text: str) -> Fraction | None:
    """Parse a ratio of integers (``"7/10"``) exactly; None if the text is not a ratio.

    Raises:
        ParseError: A side has more than 4,300 digits.
        InvalidValueError: The ratio divides by zero, or is over :data:`MAX_FRACTION_DIGITS`.

    >>> parse_ratio("rate", " 7 / 10 ")
    Fraction(7, 10)
    >>> parse_ratio("rate", "0.7") is None
    True
    """
    ratio = _RATIO.fullmatch(text)
    if ratio is None:
        return None
    numerator, denominator = parse_int(ratio.group(1)), parse_int(ratio.group(2))
    if numerator is None or denominator is None:
        raise ParseError(argument, text, "has too many digits", "write a shorter ratio")
    if denominator == 0:
        raise InvalidValueError(
            argument, text, "divides by zero", "write a ratio with a non-zero denominator"
        )
    return check_fraction(argument, Fraction(numerator, denominator))


def parse_int(digits: str) -> int | None:
    """Convert ASCII integer text with ``int``; None if it has too many digits to convert.

    Python refuses text longer than ``sys.get_int_max_str_digits()`` digits with a
    ``ValueError``; callers turn None into a :class:`ParseError` instead.

    >>> parse_int("-42")
    -42
    >>> parse_int("9" * 100_000) is None
    True
    """
    try:
        return int(digits)
    except ValueError:
        return None


def decimal_to_fraction(argument: str, value: Decimal) -> tuple[Fraction, int]:
    """Convert a finite Decimal exactly; return (value, decimal places).

    Raises:
        InvalidValueError: ``value`` is NaN or infinite, or written out in plain
            decimal notation it needs more than :data:`MAX_DIGITS` digits.

    >>> decimal_to_fraction("amount", Decimal("10.50"))
    (Fraction(21, 2), 2)
    >>> decimal_to_fraction("amount", Decimal("1E+999999999"))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: amount needs 1,000,000,000 digits written out, ...
    """
    if not value.is_finite():
        raise InvalidValueError(
            argument, value, "must be a finite number", "pass a finite Decimal or a string"
        )
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite Decimals have an int exponent
    written = len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)
    if written > MAX_DIGITS:
        raise InvalidValueError(
            argument,
            value,
            f"needs {written:,} digits written out, more than the {MAX_DIGITS:,} giftflow accepts",
            "check the Decimal's exponent; real amounts and rates need far fewer digits",
        )
    return Fraction(value), max(0, -exponent)


def to_fraction(argument: str, value: Any) -> Fraction:
    """Convert an exact number (str, int, Decimal, Fraction) to a Fraction.

    Floats and bools are refused: a float has already lost the value the caller
    meant, and a bool is not a number.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | Fraction):
        raise InvalidTypeError(
            argument,
            value,
            "must be a str, int, Decimal or Fraction",
            "write it as a string such as '0.05'; a float has already lost the exact value",
        )
    if isinstance(value, str):
        parsed = parse_decimal_text(value.strip())
        if parsed is None:
            raise ParseError(argument, value, "is not a decimal number", "write it like '12.5'")
        return check_fraction(argument, parsed[0])
    if isinstance(value, Decimal):
        return check_fraction(argument, decimal_to_fraction(argument, value)[0])
    return check_fraction(argument, Fraction(value))


def terminating_decimal(value: Fraction) -> str | None:
    """Format ``value`` as plain decimal text if it has a finite expansion, else None.

    >>> terminating_decimal(Fraction(1, 8))
    '0.125'
    >>> terminating_decimal(Fraction(1, 3)) is None
    True
    """
    return decimal_text(value.numerator, value.denominator)


def decimal_text(numerator: int, denominator: int, places: int = 0) -> str | None:
    """``numerator / denominator`` as decimal text with at least ``places`` decimals.

    ``None`` when its decimals never end. In ints, without building a Fraction (tables
    write a million of them); ``denominator`` must be positive.

    >>> decimal_text(1, 2, 2), decimal_text(-30, 12), decimal_text(1, 400), decimal_text(1, 3)
    ('0.50', '-2.5', '0.0025', None)
    """
    if denominator == 1 and not places:
        return str(numerator)  # the usual entitlement or carry: whole
    common = gcd(numerator, denominator)
    if common != 1:
        numerator //= common
        denominator //= common
    rest, twos, fives = denominator, 0, 0
    while not rest & 1:
        rest >>= 1
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return None
    shown = max(twos, fives, places)
    return format_scaled(numerator * 10**shown // denominator, shown)


def format_scaled(units: int, places: int) -> str:
    """Format ``units / 10**places`` as decimal text with exactly ``places`` decimals.

    >>> format_scaled(-1050, 2)
    '-10.50'
    >>> format_scaled(7, 0)
    '7'
    """
    sign = "-" if units < 0 else ""
    digits = str(abs(units))
    if places == 0:
        return sign + digits
    digits = digits.rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def grouped_scaled(units: int, places: int) -> str:
    """``format_scaled`` with thousands grouped: ``1,234.50``."""
    text = format_scaled(units, places)
    sign = "-" if text.startswith("-") else ""
    whole, dot, decimals = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{decimals}"


def plain_minor(text: str, exponent: int) -> int | None:
    """Whole minor units of plain decimal text, or ``None`` for the general path."""
    # Fast path of Money.parse for the usual text, "[+-]digits[.digits]" with at most
    # `exponent` places: whole minor units in int arithmetic, without the Fractions of
    # parse_decimal_text. None for anything else, which then takes the general path
    # (and its errors). isascii(): str.isdigit() also accepts digits of other scripts.
    digits = text[1:] if text[:1] in ("-", "+") else text
    whole, point, places = digits.partition(".")
    if not (whole.isdigit() and whole.isascii()) or len(places) > exponent:
        return None
    if point and not (places.isdigit() and places.isascii()):
        return None
    try:
        minor = int(whole + places.ljust(exponent, "0"))
    except ValueError:  # more digits than int() converts: the general path says so
        return None
    return -minor if text[:1] == "-" else minor


def scaled_minor(amount: Any, value: Fraction, exponent: int, code: str) -> int:
    """Whole minor units of ``value`` major units (``amount`` as the caller wrote it).

    Raises:
        PrecisionLossError: ``value`` has more places than ``exponent``; nothing is rounded.
    """
    scaled = value * 10**exponent
    if scaled.denominator != 1:
        raise PrecisionLossError(
            "amount",
            amount,
            f"has more decimal places than {code} allows ({exponent})",
            "round it yourself with an explicit mode, or use a currency with more places",
        )
    return check_amount("amount", scaled.numerator)


def text_minor(amount: str, text: str, exponent: int, code: str) -> int:
    """Whole minor units of decimal ``text`` (``amount`` as the caller wrote it).

    >>> text_minor("10.5 USD", "10.5", 2, "USD")
    1050
    """
    minor = plain_minor(text, exponent)
    if minor is not None:
        return check_amount("amount", minor)
    parsed = parse_decimal_text(text)
    if parsed is None:
        raise ParseError(
            "amount", amount, "is not a decimal number", "write it like '10.50' or '-3'"
        )
    return scaled_minor(amount, parsed[0], exponent, code)


_CODE_WORD = re.compile(r"[A-Z][A-Z0-9]{1,11}", re.ASCII)


def split_code(text: str) -> tuple[str, str | None]:
    """Split ``"10.50 USD"`` into the amount and the code (``None`` when there is none)."""
    pieces = text.split()
    if len(pieces) == 2 and _CODE_WORD.fullmatch(pieces[1]):
        return pieces[0], pieces[1]
    return text.strip(), None
