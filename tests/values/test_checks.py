"""The shared validators: ids and labels are checked one way everywhere (issue #12)."""

# Asserts read `expected == actual` (tests/README.md); SIM300 ("Yoda condition") wants the reverse.

from __future__ import annotations

from typing import Any

import pytest

from giftflow import InvalidValueError
from giftflow._values._checks import valid_name


class TestValidName:
    @pytest.mark.parametrize(
        "name", ["ana", "Ana", "v1", "card processor", "coins_65", "apple (US)", "15%", "a" * 64]
    )
    def test_accepts_short_printable_ascii_ids(self, name: str) -> None:
        assert name == valid_name("viewer", name)

    def test_keeps_case_so_two_spellings_are_two_ids(self) -> None:
        assert ("Ana", "ana") == (valid_name("viewer", "Ana"), valid_name("viewer", "ana"))

    @pytest.mark.parametrize(
        ("name", "problem", "fix"),
        [
            pytest.param("ana ", "start or end with whitespace", "strip it: 'ana'", id="trailing"),
            pytest.param(" ana", "start or end with whitespace", "strip it: 'ana'", id="leading"),
            pytest.param("ana\n", "start or end with whitespace", "strip it: 'ana'", id="newline"),
            pytest.param("\tana", "start or end with whitespace", "strip it: 'ana'", id="tab"),
            pytest.param("a\nb", "control characters", "remove them", id="inner-newline"),
            pytest.param("a\x00b", "control characters", "remove them", id="nul"),
            pytest.param("\u0430na", "must be ASCII", "look-alike", id="cyrillic-a"),
            pytest.param("ana\u200b", "control characters", "remove them", id="zero-width-space"),
            pytest.param("an\u0430", "must be ASCII", "look-alike", id="cyrillic-tail"),
            pytest.param("\uff41\uff4e\uff41", "must be ASCII", "look-alike", id="fullwidth"),
            pytest.param("ana  b", "two spaces in a row", "write 'ana b'", id="double-space"),
            pytest.param("a" * 65, "at most 64 characters", "shorter", id="too-long"),
            pytest.param("", "must be 1-64", "short label", id="empty"),
            pytest.param("-ana", "starting with a letter or digit", "short label", id="dash"),
            pytest.param("ana;drop", "must be 1-64", "short label", id="semicolon"),
        ],
    )
    def test_refuses_what_could_read_as_another_id(self, name: str, problem: str, fix: str) -> None:
        with pytest.raises(InvalidValueError) as info:
            valid_name("viewer", name)
        assert ("viewer", name) == (info.value.argument, info.value.value)
        assert problem in info.value.problem
        assert fix in info.value.hint

    @pytest.mark.parametrize("value", [None, 5, b"ana", ["ana"]], ids=repr)
    def test_refuses_what_is_not_text(self, value: Any) -> None:
        with pytest.raises(InvalidValueError, match="viewer must be 1-64"):
            valid_name("viewer", value)
