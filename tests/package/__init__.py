"""Tests of the package as a whole: public names, doctests, typing, testing, CLI, benchmarks."""
