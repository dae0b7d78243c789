"""Cash out: diamond valuation, payout schedules, policies, plans and statements."""
