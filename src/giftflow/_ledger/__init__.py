"""The ledger: journal, events, the book that turns events into postings, statements."""
