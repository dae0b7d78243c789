"""Coins out: the economy, catalog, conversion, issuance, gifts, traces, settlement."""
