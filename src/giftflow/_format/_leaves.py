"""The leaf values' hooks: Python's own types, money, rates, units and time.

Each leaf has a reader (``x_in(data, type)``, a cattrs structure hook) and a writer
(``x_out(value)``), which the registry pairs with its type. Readers accept exactly one
spelling of each value; writers refuse what the format cannot spell (a float, a
naive datetime, a time zone without a name). Loaded with the converter, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from giftflow import (
    Coins,
    Currency,
    Diamonds,
    ExactMoney,
    GiftflowError,
    InvalidValueError,
    Money,
    Rate,
    currency,
)
from giftflow._format._paths import PathError, at, object_fields, refused
from giftflow._values._numbers import (
    check_amount,
    check_fraction,
    format_scaled,
    parse_decimal_text,
    parse_int,
)

__all__ = [
    "bool_in",
    "bool_out",
    "currency_in",
    "currency_out",
    "date_in",
    "date_out",
    "datetime_in",
    "datetime_out",
    "exact_money_in",
    "exact_money_out",
    "fraction_in",
    "fraction_out",
    "int_in",
    "int_out",
    "money_in",
    "money_out",
    "rate_in",
    "rate_out",
    "str_in",
    "str_out",
    "time_in",
    "time_out",
    "timedelta_in",
    "timedelta_out",
    "units_in",
    "units_out",
    "zone_in",
    "zone_out",
]


T = TypeVar("T")


# -- Python's own types ----------------------------------------------------------------


def str_in(obj: Any, _: Any = None) -> str:
    if type(obj) is not str:
        raise PathError(obj, "must be a string", "write it in double quotes")
    return obj


def str_out(value: Any) -> str:
    if type(value) is not str:
        raise PathError(value, "must be a str", "fix the value before writing it")
    return value


def _int_hint(obj: Any) -> str:
    if isinstance(obj, float):
        return "write a whole number such as 65: a float is never exact"
    if isinstance(obj, bool):
        return "write a whole number such as 65: true and false are not numbers"
    if isinstance(obj, str):
        return "write the number without quotes"
    return "write a whole number such as 65"


def int_in(obj: Any, _: Any = None) -> int:
    if type(obj) is not int:
        raise PathError(obj, "must be an integer", _int_hint(obj))
    return _within_limits(check_amount, obj)


def _within_limits(check: Callable[[str, T], T], value: T) -> T:
    # The values' own limits (giftflow._values._numbers), as a problem with a path.
    try:
        return check("data", value)
    except InvalidValueError as error:
        raise refused(value, error) from None


def int_out(value: Any) -> int:
    if type(value) is not int:
        raise PathError(
            value, "must be an int", "fix the value before writing it (no floats or bools)"
        )
    return value


def bool_in(obj: Any, _: Any = None) -> bool:
    if type(obj) is not bool:
        raise PathError(obj, "must be true or false", "write true or false, without quotes")
    return obj


def bool_out(value: Any) -> bool:
    if type(value) is not bool:
        raise PathError(value, "must be a bool", "fix the value before writing it (True or False)")
    return value


def _too_long(value: Any, error: ValueError) -> PathError:
    return PathError(value, "has too many digits to write as text", str(error), cause=error)


# -- money, rates and units ------------------------------------------------------------


def currency_out(value: Any) -> str | dict[str, Any]:
    if type(value) is not Currency:
        raise PathError(value, "must be a Currency", "use currency('USD') or Currency(...)")
    if value.is_iso:
        return value.code
    return {
        "code": value.code,
        "exponent": value.exponent,
        "numeric": value.numeric,
        "name": value.name,
    }


def currency_in(obj: Any, _: Any = None) -> Currency:
    if type(obj) is str:
        try:
            found = currency(obj)
        except Exception as error:
            raise refused(obj, error) from None
        if found.code != obj:
            raise PathError(obj, "must be an upper-case ISO 4217 code", f"write {found.code!r}")
        return found
    if type(obj) is not dict:
        raise PathError(
            obj,
            "must be an ISO 4217 code or a currency object",
            "write 'USD', or {'code': 'GEM', 'exponent': 0, 'numeric': null, 'name': 'Gem'}",
        )
    fields = object_fields(obj, "currency", ("code", "exponent", "numeric", "name"))
    code = at("code", str_in, fields["code"])
    if code != code.upper():
        raise PathError(code, "must be upper case", f"write {code.upper()!r}", parts=("code",))
    exponent = at("exponent", int_in, fields["exponent"])
    numeric = None if fields["numeric"] is None else at("numeric", int_in, fields["numeric"])
    name = at("name", str_in, fields["name"])
    try:
        return Currency(code=code, exponent=exponent, numeric=numeric, name=name)
    except Exception as error:  # a refusal by the class, whatever its kind: see refused
        key = getattr(error, "argument", None)
        if key in fields:
            raise refused(fields[key], error, parts=(key,)) from None
        raise refused(obj, error) from None


def money_out(value: Any) -> dict[str, Any]:
    if type(value) is not Money:
        raise PathError(value, "must be Money", "use Money.parse('10.50', 'USD')")
    try:
        amount = format_scaled(value.minor, value.currency.exponent)
    except ValueError as error:
        raise _too_long(value, error) from None
    return {"amount": amount, "currency": at("currency", currency_out, value.currency)}


def money_in(obj: Any, _: Any = None) -> Money:
    fields = object_fields(obj, "money", ("amount", "currency"))
    unit = at("currency", currency_in, fields["currency"])
    return Money.of_minor(
        at("amount", lambda text: _minor_units(text, unit), fields["amount"]), unit
    )


def _minor_units(text: Any, unit: Currency) -> int:
    if type(text) is not str:
        raise PathError(
            text,
            "must be a string of decimal text",
            "write the amount in quotes, e.g. '10.50': JSON numbers lose cents in many languages",
        )
    parsed = parse_decimal_text(text)
    if parsed is None:
        raise PathError(text, "is not a decimal number", "write it like '10.50' or '-3.00'")
    scaled: Fraction = parsed[0] * 10**unit.exponent
    if scaled.denominator != 1:
        raise PathError(
            text,
            f"has more decimal places than {unit.code} allows ({unit.exponent})",
            "amounts are exact: round it explicitly before writing it",
        )
    minor = _within_limits(check_amount, scaled.numerator)
    try:
        canonical = format_scaled(minor, unit.exponent)
    except ValueError as error:
        raise _too_long(text, error) from None
    if canonical != text:
        raise PathError(
            text,
            f"must have exactly {unit.exponent} decimal places and no extra signs or zeros",
            f"write {canonical!r}",
        )
    return minor


def fraction_out(value: Any) -> str:
    if type(value) is not Fraction:
        raise PathError(value, "must be a Fraction", "fix the value before writing it")
    try:
        return str(value)
    except ValueError as error:
        raise _too_long(value, error) from None


_FRACTION = re.compile(r"(-?\d+)(?:/(\d+))?", re.ASCII)


def fraction_in(obj: Any, _: Any = None) -> Fraction:
    if type(obj) is not str:
        raise PathError(obj, "must be a string", "write an exact fraction such as '297/10' or '-3'")
    match = _FRACTION.fullmatch(obj)
    if match is None:
        raise PathError(obj, "is not an exact fraction", "write it like '297/10' or '-3'")
    numerator = parse_int(match.group(1))
    denominator = 1 if match.group(2) is None else parse_int(match.group(2))
    if numerator is None or denominator is None:
        raise PathError(obj, "has too many digits", "write a shorter fraction")
    if denominator == 0:
        raise PathError(obj, "divides by zero", "write a fraction with a positive denominator")
    value = _within_limits(check_fraction, Fraction(numerator, denominator))
    if str(value) != obj:
        raise PathError(obj, "is not in lowest terms", f"write {str(value)!r}")
    return value


def exact_money_out(value: Any) -> dict[str, Any]:
    if type(value) is not ExactMoney:
        raise PathError(value, "must be ExactMoney", "use Money.multiply_exact(...)")
    return {
        "minor": at("minor", fraction_out, value.minor),
        "currency": at("currency", currency_out, value.currency),
    }


def exact_money_in(obj: Any, _: Any = None) -> ExactMoney:
    fields = object_fields(obj, "exact money", ("minor", "currency"))
    unit = at("currency", currency_in, fields["currency"])
    return ExactMoney(at("minor", fraction_in, fields["minor"]), unit)


def rate_out(value: Any) -> str:
    if type(value) is not Rate:
        raise PathError(value, "must be a Rate", "use Rate.parse('0.3')")
    try:
        return value._canonical()
    except ValueError as error:
        raise _too_long(value, error) from None


def rate_in(obj: Any, _: Any = None) -> Rate:
    if type(obj) is not str:
        raise PathError(obj, "must be a string", "write an exact rate such as '0.005' or '1/3'")
    try:
        rate = Rate.parse(obj)
        canonical = rate._canonical()
    except GiftflowError as error:
        raise refused(obj, error) from None
    except ValueError as error:
        raise _too_long(obj, error) from None
    if canonical != obj:
        raise PathError(obj, "is not a rate in canonical form", f"write {canonical!r}")
    return rate


def units_out(value: Any) -> int:
    if type(value) not in (Coins, Diamonds):
        raise PathError(value, "must be Coins or Diamonds", "use Coins(65)")
    return int_out(value.amount)


def units_in(obj: Any, kind: Any) -> Any:
    return kind(int_in(obj))


# -- time ------------------------------------------------------------------------------

_OFFSET = r"[+-]\d{2}:\d{2}(?::\d{2})?"
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?"
    rf"(Z|{_OFFSET})(?:\[([^\[\]]+)\])?",
    re.ASCII,
)
_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_OFFSET_TEXT = re.compile(_OFFSET, re.ASCII)


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(offset).seconds
    hours, minutes, rest = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{sign}{hours:02}:{minutes:02}" + (f":{rest:02}" if rest else "")


def _offset_of(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    hours, minutes, *rest = (int(piece) for piece in text[1:].split(":"))
    if minutes > 59 or (rest and rest[0] > 59):
        raise ValueError("minutes and seconds of an offset are below 60")
    return sign * timedelta(hours=hours, minutes=minutes, seconds=rest[0] if rest else 0)


def _zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError) as error:
        raise PathError(
            name,
            "is not an IANA time zone name known here",
            "write a name such as 'Europe/London', or install a newer tzdata",
            cause=error,
        ) from None


def datetime_out(value: Any) -> str:
    if type(value) is not datetime:
        raise PathError(value, "must be a datetime", "pass datetime(..., tzinfo=UTC)")
    offset = value.utcoffset()
    if offset is None:
        raise PathError(
            value,
            "must be timezone-aware",
            "attach a zone, e.g. tzinfo=UTC or ZoneInfo('Europe/London')",
        )
    if offset.microseconds:
        raise PathError(value, "has a UTC offset with microseconds", "use a whole-second offset")
    zone = value.tzinfo
    if type(zone) is timezone:
        return value.isoformat()
    if isinstance(zone, ZoneInfo) and zone.key is not None:
        return f"{value.isoformat()}[{zone.key}]"
    raise PathError(
        value,
        f"has a time zone the format cannot name ({type(zone).__name__})",
        "use datetime.timezone for fixed offsets or zoneinfo.ZoneInfo for IANA zones",
    )


def datetime_in(obj: Any, _: Any = None) -> datetime:
    if type(obj) is not str:
        raise PathError(
            obj, "must be a string", "write RFC 3339 text such as '2026-01-01T00:00:00Z'"
        )
    match = _DATETIME.fullmatch(obj)
    if match is None:
        if _NAIVE.fullmatch(obj):
            raise PathError(
                obj,
                "has no UTC offset (a naive date and time)",
                "append Z or an offset such as +01:00; giftflow never guesses a time zone",
            )
        raise PathError(
            obj,
            "is not an RFC 3339 date and time",
            "write e.g. '2026-03-29T01:30:00+00:00' or '2026-03-29T01:30:00+00:00[Europe/London]'",
        )
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    micro = int((match.group(7) or "0").ljust(6, "0"))
    offset_text, name = match.group(8), match.group(9)
    try:
        local = datetime(year, month, day, hour, minute, second, micro)
        offset = timedelta(0) if offset_text == "Z" else _offset_of(offset_text)
        fixed = timezone(offset)
    except ValueError as error:
        raise PathError(
            obj, f"is not a valid date and time ({error})", "check each field"
        ) from None
    if name is None:
        return local.replace(tzinfo=fixed)
    zone = _zone_named(name)
    if offset_text == "Z":
        try:
            return local.replace(tzinfo=UTC).astimezone(zone)
        except (ValueError, OverflowError) as error:
            raise PathError(obj, f"is out of range ({error})", "check the year") from None
    # The offset picks between the two readings of a repeated or skipped local
    # time (fold 0 and 1), so the exact instant and wall time both come back.
    try:
        for fold in (0, 1):
            candidate = local.replace(tzinfo=zone, fold=fold)
            if candidate.utcoffset() == offset:
                return candidate
        actual = local.replace(tzinfo=zone).utcoffset()
    except (ValueError, OverflowError) as error:
        raise PathError(obj, f"is out of range ({error})", "check the year") from None
    raise PathError(
        obj,
        f"has an offset that {name} does not use at that time",
        f"write the offset {_offset_text(actual or timedelta(0))}, or leave out [{name}]",
    )


def zone_out(value: Any) -> str:
    if type(value) is timezone:
        offset = value.utcoffset(None)
        if offset.microseconds:
            raise PathError(value, "has an offset with microseconds", "use a whole-second offset")
        return "UTC" if not offset else _offset_text(offset)
    if isinstance(value, ZoneInfo) and value.key is not None:
        return value.key
    raise PathError(
        value,
        f"is a time zone the format cannot name ({type(value).__name__})",
        "use datetime.timezone for fixed offsets or zoneinfo.ZoneInfo for IANA zones",
    )


def zone_in(obj: Any, _: Any = None) -> tzinfo:
    if type(obj) is not str:
        raise PathError(
            obj, "must be a string", "write 'UTC', an offset such as '+05:30' or an IANA name"
        )
    if obj == "UTC":
        return UTC
    if _OFFSET_TEXT.fullmatch(obj):
        try:
            return timezone(_offset_of(obj))
        except ValueError as error:
            raise PathError(
                obj, f"is not a valid offset ({error})", "write e.g. '+05:30'"
            ) from None
    return _zone_named(obj)


def timedelta_out(value: Any) -> dict[str, int]:
    if type(value) is not timedelta:
        raise PathError(value, "must be a timedelta", "pass timedelta(hours=24)")
    return {"days": value.days, "seconds": value.seconds, "microseconds": value.microseconds}


def timedelta_in(obj: Any, _: Any = None) -> timedelta:
    fields = object_fields(obj, "duration", ("days", "seconds", "microseconds"))
    days = at("days", int_in, fields["days"])
    seconds = at("seconds", int_in, fields["seconds"])
    micro = at("microseconds", int_in, fields["microseconds"])
    for key, value, limit in (("seconds", seconds, 86_400), ("microseconds", micro, 10**6)):
        if not 0 <= value < limit:
            raise PathError(
                value,
                f"must be from 0 to {limit - 1}",
                "carry whole days into days and whole seconds into seconds",
                parts=(key,),
            )
    try:
        return timedelta(days=days, seconds=seconds, microseconds=micro)
    except OverflowError as error:
        raise PathError(
            days, f"is out of range ({error})", "write a shorter duration", parts=("days",)
        ) from None


def date_out(value: Any) -> str:
    if type(value) is not date:
        raise PathError(value, "must be a date", "pass date(2000, 1, 1)")
    return value.isoformat()


def date_in(obj: Any, _: Any = None) -> date:
    if type(obj) is not str:
        raise PathError(obj, "must be a string", "write an ISO date such as '2008-01-31'")
    match = _DATE.fullmatch(obj)
    if match is None:
        raise PathError(obj, "is not an ISO date", "write it as YYYY-MM-DD, e.g. '2008-01-31'")
    try:
        return date(*(int(piece) for piece in match.groups()))
    except ValueError as error:
        raise PathError(obj, f"is not a valid date ({error})", "check the month and day") from None


_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d{6}))?", re.ASCII)


def time_out(value: Any) -> str:
    if type(value) is not time:
        raise PathError(value, "must be a time", "pass time(9, 0)")
    if value.tzinfo is not None:
        raise PathError(value, "must be a local time without tzinfo", "drop the tzinfo")
    if value.fold:
        # The format has no place for it, and fold changes which instant a schedule means.
        raise PathError(value, "has fold=1, which the format cannot write", "use fold=0")
    return value.isoformat()


def time_in(obj: Any, _: Any = None) -> time:
    if type(obj) is not str:
        raise PathError(obj, "must be a string", "write a local time such as '09:30:00'")
    match = _TIME.fullmatch(obj)
    if match is None:
        raise PathError(
            obj,
            "is not a local time",
            "write it as HH:MM:SS, or HH:MM:SS.ffffff with six digits, e.g. '09:30:00'",
        )
    try:
        hour, minute, second, micro = (int(piece) for piece in match.groups(default="0"))
        value = time(hour, minute, second, micro)
    except ValueError as error:
        raise PathError(obj, f"is not a valid time ({error})", "check each field") from None
    if value.isoformat() != obj:
        raise PathError(obj, "is not in canonical form", f"write {value.isoformat()!r}")
    return value
