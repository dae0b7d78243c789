"""Entry point of ``python -m benchmarks`` (``make bench``)."""

from benchmarks._harness import main

if __name__ == "__main__":
    raise SystemExit(main())
