"""Tax withheld from payouts: rates by tax form and country, passed in by the caller."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from giftflow._values._checks import check_instance, upper, valid_country
from giftflow._values._errors import InvalidTypeError, InvalidValueError
from giftflow._values._rate import Rate
from giftflow._values._rounding import Rounding

__all__ = ["WithholdingRule"]


def _rate_map(value: Mapping[str, Rate] | Iterable[tuple[str, Rate]]) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k).upper(), v) for k, v in value.items()))
    return value


def _form_map(value: Mapping[str, Rate] | Iterable[tuple[str, Rate]]) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, v) for k, v in value.items()))
    return value


def _check_share(argument: str, value: Any) -> None:
    if type(value) is not Rate:
        raise InvalidTypeError(argument, value, "must be a Rate", "pass Rate.parse('30%')")
    if value.value > 1:
        raise InvalidValueError(
            argument,
            value,
            "must be at most 100%: nobody can withhold more than is paid",
            "pass a share such as Rate.parse('30%')",
        )


def _check_rate_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError(
            attribute.name, value, "must be a dict of str to Rate", "pass {'US': Rate.parse('0%')}"
        )
    for entry in value:
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)):
            raise InvalidTypeError(
                attribute.name, entry, "must be a (str, Rate) pair", "pass a dict of str to Rate"
            )
        if attribute.name == "by_country":
            valid_country(f"{attribute.name} key", entry[0])
        elif not entry[0].strip():
            raise InvalidValueError(attribute.name, entry[0], "must be a non-empty form name", "")
        _check_share(f"{attribute.name}[{entry[0]!r}]", entry[1])


@attrs.frozen(kw_only=True)
class WithholdingRule:
    """Tax withheld from payouts, as rates passed in by the caller (giftflow ships none).

    The rate for a creator is the one for their tax form if listed, else their
    country's, else ``default``. Withholding is a share of the gross value
    withdrawn, rounded once with ``rounding``. Rates above 100% are refused.

    >>> rule = WithholdingRule(rounding=Rounding.HALF_UP, default=Rate.parse("30%"),
    ...                        by_form={"W-9": Rate.ZERO})
    >>> rule.rate_for("DE"), rule.rate_for("US", "W-9")
    (Rate.parse('0.3'), Rate.parse('0'))
    >>> WithholdingRule(rounding=Rounding.HALF_UP, default=Rate.parse("120%"))
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: default must be at most 100%: nobody can withhold more than is paid, ...
    """

    rounding: Rounding = attrs.field(validator=check_instance(Rounding, "Rounding.HALF_UP"))
    default: Rate = attrs.field(default=Rate.ZERO)
    by_country: tuple[tuple[str, Rate], ...] = attrs.field(
        factory=tuple, converter=_rate_map, validator=_check_rate_map
    )
    by_form: tuple[tuple[str, Rate], ...] = attrs.field(
        factory=tuple, converter=_form_map, validator=_check_rate_map
    )

    @default.validator
    def _check_default(self, attribute: Any, value: Any) -> None:
        _check_share("default", value)

    @classmethod
    def none(cls) -> WithholdingRule:
        """No withholding.

        >>> WithholdingRule.none().rate_for("US")
        Rate.parse('0')
        """
        return cls(rounding=Rounding.HALF_EVEN)

    def rate_for(self, country: str, tax_form: str | None = None) -> Rate:
        """The share withheld for a creator in ``country`` who filed ``tax_form``."""
        code = valid_country("country", upper(country))
        if tax_form is not None and type(tax_form) is not str:
            raise InvalidTypeError("tax_form", tax_form, "must be a str or None", "pass 'W-8BEN'")
        if tax_form is not None:
            forms = dict(self.by_form)
            if tax_form in forms:
                return forms[tax_form]
        return dict(self.by_country).get(code, self.default)
