"""A mkdocs hook: the notebooks of docs/notebooks/, rendered with their outputs.

The notebooks are jupytext percent-format ``.py`` files, which carry no outputs.
``make pytest`` converts each to ``build/notebooks/NAME.ipynb`` and runs it with nbmake
``--overwrite``, which leaves the executed notebook there; this hook hands those to
mkdocs-jupyter as the pages ``notebooks/NAME.ipynb``, so ``make test`` runs each
notebook once and the site shows that run's outputs and figures. A notebook with no
executed copy, or one older than its source or than any module of ``src/giftflow``, or
whose cells differ from its source, is executed here first (and written back to
``build/notebooks``), so the site never shows stale or missing outputs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jupytext
import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from nbclient import NotebookClient

log = logging.getLogger("mkdocs.hooks.notebooks")


def _cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def _fresh(source: Path, executed: Path, library: Path) -> bool:
    """Whether `executed` is a run of `source` that is newer than it and the library."""
    if not executed.exists():
        return False
    ran = executed.stat().st_mtime
    newest = max(path.stat().st_mtime for path in [source, *library.rglob("*.py")])
    if ran < newest:
        return False
    notebook = nbformat.read(executed, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return _cells(notebook) == _cells(jupytext.read(source)) and all(
        cell.execution_count is not None for cell in code
    )


def _execute(source: Path, executed: Path) -> None:
    log.info("executing %s (no up-to-date run in %s)", source.name, executed.parent)
    notebook = jupytext.read(source)
    executed.parent.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(executed.parent)}}
    )
    client.execute()
    nbformat.write(notebook, executed)


@event_priority(100)  # before mkdocs-jupyter turns the .ipynb files into pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``notebooks/NAME.ipynb`` for each ``docs/notebooks/NAME.py``, executed."""
    root = Path(config.config_file_path).parent
    build = root / "build" / "notebooks"
    library = root / "src" / "giftflow"
    for source in sorted(Path(config.docs_dir, "notebooks").glob("*.py")):
        executed = build / f"{source.stem}.ipynb"
        if not _fresh(source, executed, library):
            _execute(source, executed)
        # A plain File under build/ (not File.generated), as mkdocs-jupyter's page wrapper
        # reads the source path from the file's src_dir.
        files.append(
            File(
                f"notebooks/{executed.name}",
                src_dir=str(build.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files
