"""Coins in: fees, prices and checkout, purchases, wallets, spending rules."""
