"""A griffe extension: giftflow's docstrings, rendered by mkdocstrings.

The docstrings are Google style with Sphinx roles (``:class:`Money```) and bare doctest
blocks, which Markdown would read as plain text and nested quotes. Before mkdocstrings
renders them, this extension rewrites, in every docstring of the package:

- each role into an autorefs cross-reference, ``[`Money`][giftflow._values._money.Money]``,
  resolved as Python would from where the docstring is written (the object's members,
  then its module's names), so a name that resolves to nothing stays a reference and
  ``mkdocs build --strict`` fails on it; a role naming the standard library (``str``,
  ``fractions.Fraction``) becomes code, since the build has no inventory to link it to;
  each reST link (`` `text <https://...>`_ ``) becomes a Markdown link;
- each doctest block (from a ``>>>`` line to the next blank line) into a ``pycon`` fence,
  without its ``# doctest:`` flags, and each reST simple table into a ``text`` fence, as
  laid out in the source (Markdown would read its ``====`` borders as headings).

mkdocs.yml loads it as ``docs/_tools/griffe_docstrings.py:SiteDocstrings``.
"""

from __future__ import annotations

import builtins
import re
import sys
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|attr|data|mod|exc|obj):"
    r"`(?P<tilde>~?)(?P<text>[^`<]+?)\s*(?:<(?P<target>[^>`]+)>)?`"
)
_CALLABLE_ROLES = frozenset({"func", "meth"})
_DOCTEST_FLAGS = re.compile(r"\s*#\s*doctest:.*$")
_TABLE_BORDER = re.compile(r"=+(?: +=+)+")
_LITERAL = re.compile(r"``(?P<text>[^`]+)``")
_REST_LINK = re.compile(r"`(?P<text>[^`<]+?)\s*<(?P<url>https?://[^>\s]+)>`_")


def _resolve(obj: griffe.Object | griffe.Alias, name: str, public: griffe.Module) -> str | None:
    """The full path `name` names where `obj`'s docstring is written, or None.

    As Python would look it up there (the object's members, its module's names), else
    as a public name of `public` (the ``giftflow`` package), as Sphinx would search.
    """
    first, _, rest = name.partition(".")
    try:
        path = obj.resolve(first)
    except griffe.NameResolutionError:
        if first not in public.members:
            return None
        path = f"{public.path}.{first}"
    return f"{path}.{rest}" if rest else path


def _documented(path: str, public: griffe.Module) -> str:
    """`path`, or its class's where it names a field only its class's docstring describes.

    A field without a docstring of its own has no entry (and no anchor) in the reference;
    its class's ``Attributes:`` section is where it is documented.
    """
    try:
        target = public.modules_collection[path]
        undocumented_field = (
            target.is_attribute
            and target.docstring is None
            and target.parent is not None
            and target.parent.is_class
        )
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return path  # not found: left for strict mode to report
    return path.rsplit(".", 1)[0] if undocumented_field else path


def rewrite_roles(text: str, obj: griffe.Object | griffe.Alias, public: griffe.Module) -> str:
    """Turn each Sphinx role in `text` into a cross-reference, or code for the stdlib.

    A reST link (`` `text <https://...>`_ ``) becomes a Markdown one.
    """

    def replace(match: re.Match[str]) -> str:
        written = " ".join(match["text"].split())
        name = (match["target"] or written).strip().lstrip("~")
        if match["target"]:
            title = written
        elif match["tilde"]:
            title = name.rsplit(".", 1)[-1]
        else:
            title = name
        if match["role"] in _CALLABLE_ROLES and not match["target"]:
            title += "()"
        path = name if name.split(".", 1)[0] == "giftflow" else _resolve(obj, name, public)
        if path is not None and path.split(".", 1)[0] == "giftflow":
            return f"[`{title}`][{_documented(path, public)}]"
        top = name.partition(".")[0]
        if path is not None or top in sys.stdlib_module_names or top in vars(builtins):
            return f"`{title}`"  # the standard library or a dependency: no inventory here
        return f"[`{title}`][{name}]"  # resolves to nothing: strict mode reports it

    text = _REST_LINK.sub(
        lambda match: f"[{' '.join(match['text'].split())}]({match['url']})", text
    )
    return _ROLE.sub(replace, text)


def plain_table_row(line: str) -> str:
    """A row of a reST table as plain text: roles as their names, literals unquoted.

    What is taken out of a cell is given back as spaces at the cell's end (the next gap
    of two spaces), so the columns stay aligned.
    """
    while match := _ROLE.search(line) or _LITERAL.search(line):
        text = match["text"].strip().lstrip("~")
        gap = line.find("  ", match.end())
        pad = " " * (match.end() - match.start() - len(text))
        if gap == -1:
            line = line[: match.start()] + text + line[match.end() :]
        else:
            line = line[: match.start()] + text + line[match.end() : gap] + pad + line[gap:]
    return line


def _is_table_border(line: str) -> bool:
    """Whether `line` is a border of a reST simple table (``====  ====``)."""
    return bool(_TABLE_BORDER.fullmatch(line.strip()))


def to_markdown(text: str, obj: griffe.Object | griffe.Alias, public: griffe.Module) -> str:
    """`text` with its roles as cross-references, and its examples and tables fenced.

    A doctest block (a ``>>>`` line to the next blank line) becomes a ``pycon`` fence
    without its ``# doctest:`` flags; a reST simple table (three ``====`` borders) a
    ``text`` fence, as laid out in the source, its roles reduced to their names.
    """
    out: list[str] = []
    prose: list[str] = []  # roles may wrap, so they are rewritten a paragraph at a time
    fence: str | None = None  # "```" for a fence the docstring wrote, else what we opened
    borders = 0
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            fence is None
            and prose
            and (stripped.startswith(("```", ">>>")) or _is_table_border(line))
        ):
            out.append(rewrite_roles("\n".join(prose), obj, public))
            prose = []
        if fence == "doctest":
            if not stripped:
                out += [f"{indent}```", line]
                fence = None
            else:
                out.append(_DOCTEST_FLAGS.sub("", line))
        elif fence == "table":
            borders += _is_table_border(line)
            out.append(plain_table_row(line))
            if borders == 3:
                out.append(f"{indent}```")
                fence = None
        elif fence == "```":
            out.append(line)
            fence = None if stripped.startswith("```") else fence
        elif stripped.startswith("```"):
            out.append(line)
            fence = "```"
        elif stripped.startswith(">>>") or _is_table_border(line):
            indent = line[: len(line) - len(line.lstrip())]
            fence, borders = ("doctest", 0) if stripped.startswith(">>>") else ("table", 1)
            out += [f"{indent}```{'pycon' if fence == 'doctest' else 'text'}", line]
        else:
            prose.append(line)
    if prose:
        out.append(rewrite_roles("\n".join(prose), obj, public))
    if fence in ("doctest", "table"):
        out.append(f"{indent}```")
    return "\n".join(out)


class SiteDocstrings(griffe.Extension):
    """Rewrite every docstring of the package as Markdown (`to_markdown`) once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Rewrite every docstring defined in `pkg` (aliases share their target's)."""
        self._rewrite(pkg, pkg)

    def _rewrite(self, obj: griffe.Object, pkg: griffe.Module) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value, obj, pkg)
        for member in obj.members.values():
            if isinstance(member, griffe.Object):  # aliases share their target's docstring
                self._rewrite(member, pkg)
