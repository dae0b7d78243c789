"""The documentation site's pages: complete API reference, examples that run.

`make docs` (part of `make test`) builds the site with ``mkdocs build --strict``, which
fails on a broken link, nav entry or docstring cross-reference. What strict mode cannot
see is checked here, without building: that each public name is on exactly one API
page, and that the examples in the guides run as written.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import giftflow

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
_DIRECTIVE = re.compile(r"^::: (\S+)$", re.MULTILINE)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _directives() -> dict[str, list[str]]:
    """Each ``::: path`` of the API pages, with the pages that document it."""
    found: dict[str, list[str]] = {}
    for page in sorted((DOCS / "api").glob("*.md")):
        for path in _DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(path, []).append(page.name)
    return found


def test_every_public_name_is_on_exactly_one_api_page() -> None:
    found = _directives()
    names = {path.removeprefix("giftflow.") for path in found} - {"presets", "testing", "plot"}
    # A new public name goes on its wing's page as `::: giftflow.NAME`, in `__all__` order:
    # `python docs/_tools/api_pages.py` writes the pages' lists from `__all__`.
    assert [] == sorted(set(giftflow.__all__) - names)  # missing from the reference
    assert [] == sorted(names - set(giftflow.__all__))  # not public, or misspelt
    assert {} == {path: pages for path, pages in found.items() if len(pages) > 1}


def test_the_public_subpackages_have_a_page_each() -> None:
    found = _directives()
    assert ["presets.md"] == found["giftflow.presets"]
    assert ["testing.md"] == found["giftflow.testing"]
    assert ["plot.md"] == found["giftflow.plot"]


def test_api_pages_follow_the_groups_of_dunder_all() -> None:
    # The facade lists its names by wing, sorted within each wing; each wing's page lists
    # them in the same order, so the page reads as that part of `__all__`.
    pages = ["values", "coins-in", "coins-out", "cash-out", "ledger", "format"]
    listed = [
        path.removeprefix("giftflow.")
        for page in pages
        for path in _DIRECTIVE.findall((DOCS / "api" / f"{page}.md").read_text(encoding="utf-8"))
    ]
    assert list(giftflow.__all__) == listed


_GUIDES = sorted([DOCS / "index.md", DOCS / "getting-started.md", *(DOCS / "guides").glob("*.md")])


@pytest.mark.parametrize("page", _GUIDES, ids=[page.stem for page in _GUIDES])
def test_guide_examples_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    assert test.examples, f"{page.name} has no example to run"
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report: list[str] = []
    runner.run(test, out=report.append)
    if runner.summarize(verbose=False).failed:
        pytest.fail("".join(report), pytrace=False)
