"""Exact number parsing and formatting shared by money, rates and units (private)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from giftflow._values._errors import InvalidTypeError, InvalidValueError, ParseError

# A plain decimal number: optional sign, digits, optional fraction. No exponents,
# no thousands separators, no whitespace inside: "1e3" and "1,000" are ambiguous
# across locales and tools, so they are refused rather than guessed at.
_DECIMAL = re.compile(r"([+-]?)(\d+)(?:\.(\d+))?|([+-]?)\.(\d+)", re.ASCII)

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
        return parsed[0]
    if isinstance(value, Decimal):
        return decimal_to_fraction(argument, value)[0]
    return Fraction(value)


def terminating_decimal(value: Fraction) -> str | None:
    """Format ``value`` as plain decimal text if it has a finite expansion, else None.

    >>> terminating_decimal(Fraction(1, 8))
    '0.125'
    >>> terminating_decimal(Fraction(1, 3)) is None
    True
    """
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    return format_scaled(value.numerator * 10**places // value.denominator, places)


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


_CODE_WORD = re.compile(r"[A-Z][A-Z0-9]{1,11}", re.ASCII)


def split_code(text: str) -> tuple[str, str | None]:
    """Split ``"10.50 USD"`` into the amount and the code (``None`` when there is none)."""
    pieces = text.split()
    if len(pieces) == 2 and _CODE_WORD.fullmatch(pieces[1]):
        return pieces[0], pieces[1]
    return text.strip(), None
