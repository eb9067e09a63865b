"""What ``go list -m -f '{{.GoVersion}}'`` prints, read from the project's ``go.mod`` files.

Build scripts take the Go version of their builder image from the module they build
(ava-labs/avalanchego's ``GO_VERSION="$(go list -m -f '{{.GoVersion}}' | head -1)"``, passed as
``--build-arg GO_VERSION=…`` to ``FROM golang:${GO_VERSION}-bookworm``). ``go list -m`` lists
the main modules of the directory it runs in (``go help list``): in workspace mode (a ``go.work``
found in that directory or above it) those its ``use`` directives name, in that order; else the
module of the nearest ``go.mod`` above. ``-f`` prints a template for each: ``{{.GoVersion}}``,
the module's ``go`` directive, and ``{{.Path}}``, its ``module`` path, are read here.

Without ``-m`` it lists packages: the one in the directory it runs in, or in the one relative
directory named (``.``, ``./cmd/app``); ``{{.Module.GoVersion}}`` and ``{{.Module.Path}}`` are
those of the package's module, the nearest ``go.mod`` at or above that directory
(oauth2-proxy/oauth2-proxy's Makefile: ``$(shell $(GO) list -f '{{printf "%.4s"
.Module.GoVersion}}')`` for ``golang:$(GO_MOD_VERSION_MINOR)-bookworm``). A field may be given
to ``printf "%s"`` or ``"%.Ns"`` (Go's ``fmt``: its first N characters). Any other option,
template or argument (an import path, a ``...`` pattern) is a run's (``None``).
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    #: Reads a file by its path from the directory ``go`` runs in (``None``: none there).
    Reader = Callable[[str], str | None]

__all__ = ["go_list_printed"]

#: The most directories above the one ``go`` runs in that are looked at for its module.
_CLIMB = 16
_TEMPLATE = lazy_pattern(
    r'\{\{\s*(?:printf\s+"%(?:\.(?P<precision>\d+))?s"\s+)?'
    r"\.(?P<module>Module\.)?(?P<field>GoVersion|Path)\s*\}\}"
)
_DIRECTIVES = {
    "GoVersion": lazy_pattern(r"^go\s+(\S+)\s*(?://.*)?$", re.M),
    "Path": lazy_pattern(r"^module\s+\"?([^\s\"]+)\"?\s*(?://.*)?$", re.M),
}
_USE_LINE = lazy_pattern(r"^\s*use\s+(?P<one>[^\s(]\S*)\s*(?://.*)?$", re.M)
_USE_BLOCK = lazy_pattern(r"^\s*use\s*\((?P<block>[^)]*)\)", re.M)
_BLOCK_LINE = lazy_pattern(r"^[ \t]*(?P<name>[^\s/][^\s]*)[ \t]*(?://.*)?$", re.M)


def go_list_printed(arguments: list[str], levels: int, read: Reader) -> list[str] | None:
    """The lines ``go ARGUMENTS`` prints (``arguments``: the words after ``go``), when it
    is ``list [-m] -f TEMPLATE [DIRECTORY]`` of a field read here; ``levels``: how many
    directories above the one it runs in are the project's (its module may be there).

    >>> files = {"go.mod": "module example.com/a\\n\\ngo 1.25.10\\n"}
    >>> go_list_printed(["list", "-m", "-f", "{{.GoVersion}}"], 0, files.get)
    ['1.25.10']
    >>> go_list_printed(["list", "-f", '{{printf "%.4s" .Module.GoVersion}}'], 0, files.get)
    ['1.25']
    >>> go_list_printed(["list", "-m", "all"], 0, files.get) is None
    True
    """
    asked = _asked(arguments)
    if asked is None:
        return None
    field, precision, package = asked
    if package is None:
        modules = _main_modules(levels, read)
    else:
        module = _package_module(package, levels, read)
        modules = [module] if module is not None else None
    if modules is None:
        return None
    printed: list[str] = []
    for directory in modules:
        text = read(os.path.normpath(os.path.join(directory, "go.mod")))
        found = _DIRECTIVES[field].search(text) if text is not None else None
        if found is None:
            return None
        printed.append(found.group(1)[:precision])
    return printed


def _asked(arguments: list[str]) -> tuple[str, int | None, str | None] | None:
    """What ``list [-m] -f TEMPLATE [DIRECTORY]`` prints (the options in any order): the
    field, the characters of it printed (``None``: all), and the package's directory
    (``None``: ``-m``, the main modules); ``None`` for any other command."""
    if arguments[:1] != ["list"]:
        return None
    template: str | None = None
    modules = False
    packages: list[str] = []
    rest = iter(arguments[1:])
    for word in rest:
        if word == "-m":
            modules = True
        elif word == "-f":
            template = next(rest, None)
        elif word.startswith("-f="):
            template = word[len("-f=") :]
        elif word.startswith("-"):
            return None  # (`-json`, `-u`, `-e`: not read here)
        else:
            packages.append(word)
    found = _TEMPLATE.fullmatch(template.strip()) if template is not None else None
    if found is None:
        return None
    precision = int(found.group("precision")) if found.group("precision") else None
    if modules:
        # (a module pattern, `all`: not read; a module has no `.Module`)
        ok = not packages and not found.group("module")
        return (found.group("field"), precision, None) if ok else None
    if not found.group("module") or len(packages) > 1:
        return None  # (a package's own `.Path` is its import path, not read here)
    package = packages[0] if packages else os.curdir
    # (a directory is written `.`, `./dir` or `../dir`: anything else is an import path)
    relative = package in (os.curdir, os.pardir) or package.startswith(("./", "../"))
    if not relative or "..." in package:
        return None
    return found.group("field"), precision, os.path.normpath(package)


def _package_module(directory: str, levels: int, read: Reader) -> str | None:
    """The directory of the module of the package in ``directory`` (relative to the one
    ``go`` runs in): the nearest ``go.mod`` at or above it, inside the project."""
    parts = [] if directory == os.curdir else directory.split(os.sep)
    ups = next((i for i, part in enumerate(parts) if part != os.pardir), len(parts))
    top = min(levels, _CLIMB)
    if ups > top:
        return None
    candidates = [os.path.join(*parts[:depth]) for depth in range(len(parts), ups, -1)]
    candidates.extend(
        os.path.join(*([os.pardir] * up)) if up else os.curdir for up in range(ups, top + 1)
    )
    for candidate in candidates:
        if read(os.path.normpath(os.path.join(candidate, "go.mod"))) is not None:
            return candidate
    return None


def _main_modules(levels: int, read: Reader) -> list[str] | None:
    """The directories of the main modules, from the one ``go`` runs in: the ``use``\\ s of
    the nearest ``go.work``, else the nearest ``go.mod``'s; ``None`` when neither is found."""
    for up in range(min(levels, _CLIMB) + 1):
        above = os.path.join(*([os.pardir] * up)) if up else ""
        work = read(os.path.join(above, "go.work"))
        if work is not None:
            used = _uses(work)
            return [os.path.normpath(os.path.join(above, name)) for name in used] or None
        if read(os.path.join(above, "go.mod")) is not None:
            return [above or os.curdir]
    return None


def _uses(text: str) -> list[str]:
    """The directories a ``go.work`` file's ``use`` directives name, in order.

    >>> _uses("go 1.25\\n\\nuse (\\n\\t.\\n\\t./graft/coreth // the EVM\\n)\\nuse ./tools\\n")
    ['.', './graft/coreth', './tools']
    """
    found: list[tuple[int, str]] = []
    for block in _USE_BLOCK.finditer(text):
        start = block.start("block")
        for line in _BLOCK_LINE.finditer(block.group("block")):
            found.append((start + line.start(), line.group("name").strip('"')))
    found.extend((line.start(), line.group("one").strip('"')) for line in _USE_LINE.finditer(text))
    return [name for _, name in sorted(found)]
