"""Tests of giftflow._ledger: postings, guards, a state machine, and payouts through the ledger."""
