"""The notebooks keep their figures in their outputs, so an HTML export shows them.

Under ``MPLBACKEND=Agg`` (the Makefile exports it) IPython's inline backend is not chosen
by default, so without ``%matplotlib inline`` a notebook executes, passes nbmake, and
exports to HTML with no figure at all (issue #17). ``make pytest`` runs every notebook;
here one is executed and exported, and every notebook is checked for the magic.
"""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import re
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "docs" / "notebooks").glob("*.py"))
IMPORTS_MATPLOTLIB = re.compile(r"^(import|from) matplotlib", re.MULTILINE)


def _code(path: Path) -> list[str]:
    """The code cells of a notebook as jupytext gives them to Jupyter (magics uncommented)."""
    notebook = jupytext.read(path)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_finds_the_notebooks() -> None:
    assert 7 <= len(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_chooses_the_inline_backend_before_drawing(path: Path) -> None:
    cells = _code(path)
    drawing = [index for index, source in enumerate(cells) if IMPORTS_MATPLOTLIB.search(source)]
    if not drawing:
        pytest.skip("draws no figure")
    inline = [
        index
        for index, source in enumerate(cells)
        if any(line.strip() == "%matplotlib inline" for line in source.splitlines())
    ]
    assert inline, "no '# %matplotlib inline' cell: under MPLBACKEND=Agg no figure is kept"
    assert inline[0] <= drawing[0]


def test_an_executed_notebook_exports_its_figures_to_html(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as `make` runs the notebooks; the kernel inherits it
    (path,) = [path for path in NOTEBOOKS if path.stem == "04_life_of_a_coin"]
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    images = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    assert 1 == len(images)  # the notebook draws one figure
    html, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    assert 1 == html.count("<img")
    assert "data:image/png;base64," in html
