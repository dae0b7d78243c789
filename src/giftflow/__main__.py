"""Command-line front end: ``python -m giftflow`` prints a short tour."""

from giftflow._cli import main

raise SystemExit(main())
