"""Write the API pages' lists of names from the groups of ``giftflow.__all__``.

The facade lists its public names by wing, a comment heading each group; each wing has
a page in docs/api/ whose text ends in one ``::: giftflow.NAME`` per name of its group,
in that order. After adding or removing a public name, run from the repository root::

    python docs/_tools/api_pages.py

which rewrites those lists and keeps the text above them.
``tests/package/test_docs_site.py`` fails until the pages match ``__all__``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACADE = ROOT / "src" / "giftflow" / "__init__.py"
API = ROOT / "docs" / "api"
# The comment heading each group of __all__, up to its colon, and the wing's page.
PAGES = {
    "Values": "values.md",
    "Coins in": "coins-in.md",
    "Coins out": "coins-out.md",
    "Cash out": "cash-out.md",
    "The ledger": "ledger.md",
    "The data format": "format.md",
}
# Names whose entry needs options: Coins and Diamonds get their methods from a private base,
# and PriceBook its with_ methods (from _coins_in/_revisions.py).
_INHERITED = "    options:\n      inherited_members: true  # from their private base\n"
OPTIONS = dict.fromkeys(("Coins", "Diamonds", "PriceBook"), _INHERITED)
_FIRST = "::: giftflow."


def groups(source: str) -> dict[str, list[str]]:
    """The names of each group of the facade's ``__all__``, by its heading comment."""
    listing = source[source.index("__all__ = [") : source.index("\n]\n")]
    found: dict[str, list[str]] = {}
    names: list[str] = []
    for line in listing.splitlines():
        if heading := re.fullmatch(r"\s+# ([^:]+).*", line):
            names = found.setdefault(heading[1], [])
        elif name := re.fullmatch(r'\s+"(\w+)",', line):
            names.append(name[1])
    return found


def page_text(text: str, names: list[str]) -> str:
    """A page's `text` with its list of names replaced by `names`."""
    intro = text[: text.index(_FIRST)] if _FIRST in text else text.rstrip("\n") + "\n\n"
    return intro + "\n".join(f"{_FIRST}{name}\n{OPTIONS.get(name, '')}" for name in names)


def main() -> None:
    """Rewrite each wing's page from the facade."""
    found = groups(FACADE.read_text(encoding="utf-8"))
    if sorted(found) != sorted(PAGES):
        raise SystemExit(f"groups of __all__ {sorted(found)} != pages {sorted(PAGES)}")
    for heading, page in PAGES.items():
        path = API / page
        path.write_text(page_text(path.read_text(encoding="utf-8"), found[heading]), "utf-8")


if __name__ == "__main__":
    main()
