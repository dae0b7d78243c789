"""``mypy --strict`` rejects what giftflow refuses at run time (tests/typing_fail/)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

# This file is in tests/package/; the files of type errors are in tests/typing_fail/.
TESTS = Path(__file__).resolve().parents[1]
CONFIG = TESTS.parent / "pyproject.toml"
FAIL_FILES = sorted((TESTS / "typing_fail").glob("*.py"))

# `expr  # E: code` marks a line that must fail with that mypy error code.
MARKER = re.compile(r"#\s*E:\s*(?P<code>[a-z-]+)\s*$")
ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")


def marked_errors(path: Path) -> dict[int, set[str]]:
    marked: dict[int, set[str]] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = MARKER.search(line)
        if match is not None:
            marked[number] = {match["code"]}
    return marked


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[int, set[str]]]:
    """Run mypy once over every file in typing_fail/ and group its errors by file and line."""
    cache = tmp_path_factory.mktemp("mypy_cache")
    # Files named on the command line are checked even though pyproject.toml excludes them.
    stdout, stderr, status = api.run(
        ["--config-file", str(CONFIG), "--cache-dir", str(cache), *map(str, FAIL_FILES)]
    )
    assert "" == stderr
    assert 1 == status, stdout  # 1: type errors found; 2 would be a crash or bad usage
    found: dict[Path, dict[int, set[str]]] = {}
    for line in stdout.splitlines():
        match = ERROR.match(line)
        if match is not None:
            lines = found.setdefault(Path(match["path"]).resolve(), {})
            lines.setdefault(int(match["line"]), set()).add(match["code"])
    return found


class TestMypyStrict:
    def test_there_are_files_to_check(self) -> None:
        assert [] != FAIL_FILES

    @pytest.mark.parametrize("path", FAIL_FILES, ids=lambda path: path.name)
    def test_marked_lines_fail_and_others_pass(
        self, path: Path, mypy_errors: dict[Path, dict[int, set[str]]]
    ) -> None:
        expected = marked_errors(path)
        assert len(expected) >= 10  # the file was read and its markers recognised
        assert expected == mypy_errors.get(path, {})
