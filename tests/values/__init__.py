"""Tests of giftflow._values: money, currencies, rates, rounding, units, time, errors."""
