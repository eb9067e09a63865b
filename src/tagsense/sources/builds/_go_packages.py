"""Where a Go source's packages are: the files of its own package, and the directories of the
packages it imports from its own module (``go.mod``'s ``module`` path, and the ``replace``
directives that point to a local directory), whose exported constants it may use.

A package is read as the go tool reads it: the directory's ``*.go`` files that say the same
``package``, without those that say ``//go:build ignore``; an imported package without its
``_test.go`` files. Nothing is fetched: a package of another module is not read.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..._lazy import lazy_pattern
from ._common import read_text
from ._go_source import GoFile, Value, go_file, import_spec, package_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "IGNORED",
    "Inputs",
    "imported_directories",
    "imported_engine_runners",
    "imported_packages",
    "imported_values",
    "package_directory",
    "package_files",
    "package_source_files",
]

#: What makes a file one ``go build`` and ``go test`` leave out.
IGNORED = "//go:build ignore"

#: The files a reading depends on: (modification time in nanoseconds, size) of each.
Inputs = dict[str, tuple[int, int] | None]

#: How far up a ``go.mod`` is looked for.
_MODULE_DEPTH = 16


def package_files(path: str, max_bytes: int, inputs: Inputs) -> list[GoFile]:
    """The other Go files of the directory of ``path`` (its package's, when they say the same
    ``package``); each one read is put in ``inputs``."""
    own = os.path.basename(path)
    found = _directory(os.path.dirname(path), max_bytes, inputs)
    inputs.pop(os.path.join(os.path.dirname(path), own), None)  # (the file itself)
    return [file for name, file in found if name != own]


def imported_values(path: str, code: str, max_bytes: int, inputs: Inputs) -> dict[str, Value]:
    """The exported constants of the packages of its own module that the source at ``path``
    imports, named as the source names them (``version.MinimumMySQL``)."""
    found: dict[str, Value] = {}
    for alias, files in _imported_packages(path, code, max_bytes, inputs):
        for name, value in package_values(files).items():
            if name[:1].isupper():
                found[f"{alias}.{name}"] = value
    return found


def imported_engine_runners(
    path: str, code: str, max_bytes: int, inputs: Inputs
) -> dict[str, tuple[tuple[str, ...], int]]:
    """The exported functions of the packages of its own module that the source at ``path``
    imports which run a container engine with the words they are given (see
    :func:`.mage.engine_runners`), named as the source names them
    (``testutil.RunContainerAndKillOnCloseOrSkip``)."""
    from .mage import engine_runners

    found: dict[str, tuple[tuple[str, ...], int]] = {}
    for alias, files in _imported_packages(path, code, max_bytes, inputs):
        for name, runner in engine_runners(files).items():
            if name[:1].isupper():
                found[f"{alias}.{name}"] = runner
    return found


def imported_directories(path: str, code: str) -> list[str]:
    """The directories of the packages of its own module that the source at ``path`` (its
    text ``code``) imports."""
    module = _module(os.path.dirname(os.path.abspath(path)))
    if module is None:
        return []
    found = []
    for match in import_spec().finditer(code):
        directory = _local_directory(match["path"], module[1])
        if directory is not None and match["alias"] not in ("_", "."):
            found.append(directory)
    return found


def imported_packages(
    path: str, code: str, max_bytes: int, inputs: Inputs
) -> Iterator[tuple[str, list[GoFile]]]:
    """:func:`_imported_packages` (for the other readers of a Go source)."""
    return _imported_packages(path, code, max_bytes, inputs)


def _imported_packages(
    path: str, code: str, max_bytes: int, inputs: Inputs
) -> Iterator[tuple[str, list[GoFile]]]:
    """Each package of its own module that the source at ``path`` imports: the name the
    source gives it, and its files (without its tests)."""
    module = _module(os.path.dirname(os.path.abspath(path)))
    if module is None:
        return
    go_mod, prefixes = module
    inputs.setdefault(go_mod, _stat(go_mod))
    for match in import_spec().finditer(code):
        directory = _local_directory(match["path"], prefixes)
        if directory is None:
            continue
        files = package_source_files(directory, max_bytes, inputs)
        names = {file.package for file in files if file.package}
        if len(names) != 1:
            continue  # (none, or a directory the go tool refuses)
        alias = match["alias"] or names.pop()
        if alias not in ("_", "."):
            yield alias, files


def package_source_files(directory: str, max_bytes: int, inputs: Inputs) -> list[GoFile]:
    """The files of the package in ``directory`` as another package imports it (no
    ``_test.go``); each one read is put in ``inputs``."""
    return [
        file
        for name, file in _directory(directory, max_bytes, inputs)
        if not name.endswith("_test.go")
    ]


def package_directory(path: str, near: str) -> str | None:
    """The directory of the package of import path ``path`` when the module of the ``go.mod``
    above the directory ``near`` (or a local ``replace`` of it) holds it, else ``None``."""
    module = _module(os.path.abspath(near or os.curdir))
    if module is None:
        return None
    directory = _local_directory(path, module[1])
    return directory if directory is not None and os.path.isdir(directory) else None


def _local_directory(path: str, prefixes: tuple[tuple[str, str], ...]) -> str | None:
    """The directory of the package ``path`` when its module is here (the longest prefix)."""
    for prefix, directory in prefixes:
        if path == prefix or path.startswith(prefix + "/"):
            return os.path.join(directory, *path[len(prefix) :].split("/"))
    return None


def _module(directory: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The ``go.mod`` above ``directory``, with the module's path and the local ``replace``
    directives' (each with its directory), longest first."""
    for _ in range(_MODULE_DEPTH):
        go_mod = os.path.join(directory, "go.mod")
        if os.path.isfile(go_mod):
            return go_mod, _prefixes(go_mod, _stat(go_mod))
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return None


@lru_cache(maxsize=256)
def _prefixes(go_mod: str, stat: tuple[int, int] | None) -> tuple[tuple[str, str], ...]:
    """A ``go.mod``'s module path and local replacements, with their directories."""
    from ...occurrence import SourceError

    del stat  # (the cache's key)
    text = read_text(go_mod, 1024 * 1024)
    if isinstance(text, SourceError):
        return ()
    root = os.path.dirname(go_mod)
    found: list[tuple[str, str]] = []
    module = _MODULE_LINE.search(text)
    if module is not None:
        found.append((module[1].strip('"'), root))
    for match in _REPLACE.finditer(text):
        target = match["target"]
        if target.startswith(("./", "../")):
            found.append((match["path"], os.path.normpath(os.path.join(root, target))))
    return tuple(sorted(found, key=lambda pair: -len(pair[0])))


def _directory(directory: str, max_bytes: int, inputs: Inputs) -> list[tuple[str, GoFile]]:
    """The Go files of ``directory`` that the go tool reads, by name."""
    try:
        names = sorted(os.listdir(directory or "."))
    except OSError:
        return []
    found = []
    for name in names:
        if not name.endswith(".go"):
            continue
        other = os.path.join(directory, name)
        stat = _stat(other)
        if stat is None:
            continue
        inputs[other] = stat
        file = _read(other, stat, max_bytes)
        if file is not None:
            found.append((name, file))
    return found


def _stat(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


@lru_cache(maxsize=2048)
def _read(path: str, stat: tuple[int, int], max_bytes: int) -> GoFile | None:
    """A package's file, read once per version (each file of a package reads all of them);
    ``None`` for one that cannot be read or that the go tool leaves out."""
    from ...occurrence import SourceError

    del stat  # (the cache's key)
    found = read_text(path, max_bytes)
    if isinstance(found, SourceError) or IGNORED in found:
        return None
    return go_file(found, path)


_MODULE_LINE = lazy_pattern(r"(?m)^module[ \t]+(\S+)")


#: A ``replace`` directive, alone or in a group: ``PATH [VERSION] => TARGET``.
_REPLACE = lazy_pattern(
    r"(?m)^(?:replace[ \t]+|[ \t]+)(?P<path>[^\s=]+)(?:[ \t]+\S+)?[ \t]+=>[ \t]+(?P<target>\S+)"
)
