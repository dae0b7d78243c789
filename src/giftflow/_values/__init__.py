"""Values: money, currencies, rates, rounding, units, time, errors and validators."""
