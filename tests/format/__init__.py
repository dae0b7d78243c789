"""Tests of giftflow._format: the public data format (golden documents, round trips, fuzzing)."""
