"""What the readers of C# sources share (Aspire's AppHosts, Testcontainers for .NET's tests):
a call's arguments, the value of one when the file says it, the string constants a file
declares, and those the other sources of its directory declare (``Class.Name``: Aspire's
integrations keep their image in a ``…ContainerImageTags`` class of its own file).

Nothing is parsed as C#: a source is comments, string literals and the rest (see
``._source_code``), and a call's arguments are the text between its balanced parentheses.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ._source_code import LITERAL, Written, line_and_column, literal_text, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...occurrence import Occurrence
    from ._go_packages import Inputs

__all__ = [
    "STARTS",
    "Arguments",
    "Values",
    "argument",
    "arguments",
    "constants",
    "file_stat",
    "only_models",
    "placed",
    "placed_occurrence",
    "sibling_constants",
    "skeleton",
]

#: The suffix of a C# source.
_SUFFIX = ".cs"

#: How many sources of a directory (or of a referenced project) are read for their constants
#: (a generated directory may hold thousands).
_MAX_SIBLINGS = 200

#: A call's arguments: each one's name (``tag:``) or ``None``, and its text with where it starts.
Arguments = list[tuple[str | None, str, int]]


def skeleton(code: str) -> str:
    """``code`` (without its comments) with the text of its literals blanked, quotes kept:
    a paren or a ``;`` in a string is no code. Offsets do not move."""
    return _LITERALS.sub(lambda m: m[0][0] + " " * (len(m[0]) - 2) + m[0][-1], code)


def arguments(code: str, blanked: str, opening: int) -> Arguments:
    """The arguments of the call whose ``(`` ends just before ``opening`` (``blanked`` is the
    :func:`skeleton` of ``code``)."""
    found: Arguments = []
    depth, start = 0, opening
    for offset in range(opening, len(blanked)):
        char = blanked[offset]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            piece = code[start:offset]
            label = _LABEL.match(piece)
            value_start = start + (label.end() if label else 0)
            value = code[value_start:offset]
            lead = len(value) - len(value.lstrip())
            if value.strip():
                name = None if label is None else label["name"]
                found.append((name, value.strip(), value_start + lead))
            if char == ")":
                break
            start = offset + 1
    return found


class Values(NamedTuple):
    """The constants a source may name: its own (by name, with where each literal is), and
    its directory's other sources' (by ``Class.Name``)."""

    own: Mapping[str, Written]
    siblings: Mapping[str, str] = MappingProxyType({})


def argument(given: Arguments, position: int, name: str | None, values: Values) -> Written | None:
    """The value of the argument given as ``name:``, or else at ``position`` among those
    given by position, when it is a literal or a constant of the file, or a ``Class.Name``
    constant of another source of its directory (then it is where the argument is, which
    :func:`placed` tells apart)."""
    named = [(text, at) for label, text, at in given if label is not None and label == name]
    positional = [(text, at) for label, text, at in given if label is None]
    chosen = named[0] if named else positional[position] if position < len(positional) else None
    if chosen is None:
        return None
    text, at = chosen
    if _LITERAL.fullmatch(text):
        return literal_text(text, at)
    if not _IDENTIFIER.fullmatch(text):
        return None
    own = values.own.get(text.rpartition(".")[2])  # (Class.Name: the file's Name)
    if own is not None or "." not in text:
        return own
    value = values.siblings.get(".".join(text.split(".")[-2:]))  # (Namespace.Class.Name too)
    return None if value is None else (value, at)


def only_models(code: str) -> bool:
    """Whether ``code`` (without comments) is a unit test that builds containers' models and
    starts none: it has test methods (``[Fact]``, ``[Test]``…) and never starts or runs what
    it builds (an Aspire integration's tests check the resources ``AddContainer`` makes), or
    runs its application only to publish it (``AppHost:Operation=publish``: manifests are
    written, nothing is pulled)."""
    if _TEST_ATTRIBUTE.search(code) is None:
        return False
    if not any(start in code for start in STARTS):
        return True
    return any(mark in code for mark in _PUBLISHES) and _RUNS not in code


#: How a test has Aspire publish its application instead of running it, and run it.
_PUBLISHES = ("Operation=publish", "DistributedApplicationOperation.Publish")
_RUNS = "DistributedApplicationOperation.Run"


#: What a source that starts what it builds says: Testcontainers' ``StartAsync()``, an Aspire
#: application's ``Run()``, ``RunAsync()`` or ``StartAsync()``.
STARTS = ("StartAsync(", "RunAsync(", ".Run(", ".Start(")


def placed(text: str, at: int) -> tuple[int, int, str]:
    """The line, column (1-based) and text of a value :func:`argument` gave at ``at``: a
    literal's text, after its quote, or the name of another source's constant."""
    if text[at : at + 1] in ('"', "'"):
        return line_and_column(text, at)
    line, column = line_column(text, at)
    name = _IDENTIFIER.match(text, at)
    return line, column, name[0] if name else ""


def placed_occurrence(
    text: str, path: str | None, written: Written, kind: str, context: dict[str, object]
) -> Occurrence:
    """The occurrence of an image that :func:`argument` gave (its text, and where it is
    written), at its :func:`placed` place in ``text``."""
    from ...occurrence import Occurrence

    line, column, raw = placed(text, written[1])
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=kind, raw=raw, text=written[0], context=context
    )


def sibling_constants(path: str, max_bytes: int, inputs: Inputs) -> dict[str, str]:
    """The ``Class.Name`` string constants that the other C# sources of the directory of
    ``path`` declare, and those of the projects its project references (``<ProjectReference
    Include="../Tests.Commons/Tests.Commons.csproj"/>``: a shared ``CommonImages`` class),
    each once (two values of one name: neither); each file read is put in ``inputs``."""
    directory = os.path.dirname(os.path.abspath(path))
    own = os.path.join(directory, os.path.basename(path))
    files = [file for file in _sources(directory, recursive=False) if file != own]
    for project in _referenced_projects(path, inputs):
        files.extend(_sources(os.path.dirname(project), recursive=True))
    seen: dict[str, str | None] = {}
    for file in files:
        stat = file_stat(file)
        inputs.setdefault(file, stat)
        if stat is None:
            continue
        for key, value in _class_constants(file, stat, max_bytes):
            seen[key] = value if seen.get(key, value) == value else None
    return {key: value for key, value in seen.items() if value is not None}


def _sources(directory: str, *, recursive: bool) -> list[str]:
    """The C# sources of ``directory`` (and below it, outside ``bin``, ``obj`` and hidden
    directories), at most :data:`_MAX_SIBLINGS` of them."""
    found: list[str] = []
    for root, directories, names in os.walk(directory):
        below = [name for name in directories if name not in _BUILD_OUTPUTS and name[:1] != "."]
        directories[:] = sorted(below) if recursive else []
        found.extend(os.path.join(root, name) for name in sorted(names) if name.endswith(_SUFFIX))
        if len(found) >= _MAX_SIBLINGS:
            break
    return found[:_MAX_SIBLINGS]


def _referenced_projects(path: str, inputs: Inputs) -> list[str]:
    """The project files that the project of ``path`` references by a path it writes out (one
    made of MSBuild properties, ``$(RepoRoot)…``, is not followed)."""
    from .._source_sniffs import dotnet_project_files
    from ._common import read_text

    found: list[str] = []
    for project in dotnet_project_files(path):
        inputs.setdefault(project, file_stat(project))
        text = read_text(project, 1024 * 1024)
        if not isinstance(text, str):
            continue
        for match in _PROJECT_REFERENCE.finditer(text):
            written = match["path"].replace("\\", "/")
            if "$(" not in written:
                found.append(os.path.normpath(os.path.join(os.path.dirname(project), written)))
    return found


#: The directories of a .NET project that hold what its builds write.
_BUILD_OUTPUTS = frozenset({"bin", "obj"})


def file_stat(path: str) -> tuple[int, int] | None:
    """A file's (modification time in nanoseconds, size), the key of what was read of it."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


@lru_cache(maxsize=2048)
def _class_constants(
    path: str, stat: tuple[int, int], max_bytes: int
) -> tuple[tuple[str, str], ...]:
    """A source's string constants by ``Class.Name`` (read once per version: each source of a
    directory reads all of them)."""
    from ...occurrence import SourceError
    from ._common import read_text

    del stat  # (the cache's key)
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError) or not any(word in text for word in _CONSTANT_WORDS):
        return ()
    code = without_comments(text)
    classes = _classes(code)
    found: list[tuple[str, str]] = []
    for name, (value, at) in _all_constants(code):
        owner = _owner(classes, at)
        if owner is not None:
            found.append((f"{owner}.{name}", value))
    return tuple(found)


#: What a source that declares a constant says.
_CONSTANT_WORDS = ("const ", "static readonly ", "readonly static ")


def _classes(code: str) -> list[tuple[int, int, str]]:
    """Where each class (struct, record, interface) of ``code`` starts and ends, and its name."""
    blanked = skeleton(code)
    found: list[tuple[int, int, str]] = []
    for match in _CLASS.finditer(blanked):
        opening = blanked.find("{", match.end())
        if opening < 0 or ";" in blanked[match.end() : opening]:
            continue
        depth, end = 0, len(blanked)
        for offset in range(opening, len(blanked)):
            if blanked[offset] == "{":
                depth += 1
            elif blanked[offset] == "}":
                depth -= 1
                if not depth:
                    end = offset
                    break
        found.append((opening, end, match["name"]))
    return found


def _owner(classes: list[tuple[int, int, str]], at: int) -> str | None:
    """The innermost class whose braces hold offset ``at``."""
    holding = [(start, name) for start, end, name in classes if start < at < end]
    return max(holding)[1] if holding else None


def constants(code: str) -> dict[str, Written]:
    """The string constants the file declares once each (``const string Name = "…";``,
    ``static readonly string Name = "…";``, Testcontainers' ``static readonly IImage Name =
    new DockerImage("…");``)."""
    seen: dict[str, Written | None] = {}
    for name, value in _all_constants(code):
        seen[name] = value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


def _all_constants(code: str) -> list[tuple[str, Written]]:
    """Each constant declaration of ``code`` whose value says what it is, in order."""
    found: list[tuple[str, Written]] = []
    for match in _CONSTANT.finditer(code):
        group = "lit" if match["lit"] is not None else "made"
        value = literal_text(match[group], match.start(group))
        if value is not None:
            found.append((match["name"] or match["image"], value))
    return found


_LITERAL = lazy_pattern(LITERAL)


#: Literals (C#'s ``$"…"`` and ``@"…"`` too, and raw ``"""…"""``).
_LITERALS = lazy_pattern(r'"""[\s\S]*?"""|' + LITERAL)


_IDENTIFIER = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


#: A named argument's name (``tag: "…"``, not ``::``).
_LABEL = lazy_pattern(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:(?!:)")


_CONSTANT = lazy_pattern(
    r"\b(?:const|static\s+readonly|readonly\s+static)\s+"
    rf"(?:string\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<lit>{LITERAL})"
    r"|(?:IImage|DockerImage)\s+(?P<image>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*"
    rf"new\s+DockerImage\s*\(\s*(?P<made>{LITERAL})\s*\))\s*;"
)


#: A test method's attribute: xUnit's, NUnit's, MSTest's (``[Fact]``, ``[Test]``…).
_TEST_ATTRIBUTE = lazy_pattern(r"\[\s*(?:Fact|Theory|Test|TestMethod|TestCase|DataTestMethod)\b")


_PROJECT_REFERENCE = lazy_pattern(
    r"<ProjectReference\s+Include\s*=\s*[\"'](?P<path>[^\"']+)[\"']", re.I
)


#: A type's declaration: ``static class Name``, ``record Name(…)``.
_CLASS = lazy_pattern(r"\b(?:class|struct|record|interface)\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
