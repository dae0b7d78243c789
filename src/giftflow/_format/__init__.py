"""The data format: plain JSON-compatible data and documents for every value type."""
