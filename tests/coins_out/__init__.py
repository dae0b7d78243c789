"""Tests of giftflow._coins_out: economies, catalogs, conversion, gifts, trace, settlement."""
