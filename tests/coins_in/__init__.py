"""Tests of giftflow._coins_in: fees, pricing, checkout, wallets, spending rules, coin presets."""
