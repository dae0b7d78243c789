"""Tests of giftflow._cash_out: payout policies, schedules, exchange rates, plans, statements."""
