"""The giftflow test suite: one folder per wing of the source; see tests/README.md."""
