"""Tests of giftflow._format: the data format written out, round trips, refusals, fuzzing."""
