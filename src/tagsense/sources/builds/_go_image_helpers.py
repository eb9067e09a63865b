"""A Go project's own helper that starts a testcontainers-go container whose image it makes
from its parameters: the images its callers' arguments give.

Permify/permify's storage tests call ``testinstance.PostgresDB(version)``, a function of its
own ``pkg/testinstance`` package whose body makes ``image := fmt.Sprintf("postgres:%s-alpine",
postgresVersion)`` and starts a ``testcontainers.ContainerRequest{Image: image, …}`` with
``GenericContainer``; the callers give ``version`` (``"14"`` unless ``POSTGRES_VERSION`` says
otherwise) or loop over ``[]string{"13", "14", "15", "16"}``. So a function (not a method) of
the source's own package, or an exported one of a package of its module that it imports
(``._go_packages``, without that package's tests), that starts containers
(``GenericContainer``, ``ParallelContainers``) and writes a ``ContainerRequest{…}`` without
``FromDockerfile`` whose ``Image`` is made of its parameters (the parameter itself, ``+``, or
``fmt.Sprintf`` with ``%s``/``%v``: see ``._go_source``) is a helper; each call of it whose
arguments for those parameters are known in the caller (a literal, a constant, a local
assigned once, an environment variable's default, each element of a table it loops over)
starts the image they make. Nothing else is guessed: an argument the caller does not settle
gives nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..._lazy import lazy_pattern
from ._go_source import GoFile, Value, arguments, enclosing, keyed, resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from ._go_packages import Inputs

__all__ = [
    "HELPER_HINT",
    "Helper",
    "helper_calls",
    "helpers",
    "imported_helpers",
    "imports_helpers",
    "package_has_helpers",
]

#: What a package that holds a helper says (testcontainers-go's import).
HELPER_HINT = "github.com/testcontainers/testcontainers-go"

#: A helper: its image's text with ``\\x00N\\x00`` for the value of its ``N``-th parameter.
Helper = str

#: How many images one call may give (the product of its arguments' values).
_MAX_IMAGES = 16


def helpers(files: Sequence[GoFile], known: Mapping[str, Value]) -> dict[str, Helper]:
    """The helpers of a package (``files``, ``known`` its values): name → image template."""
    found: dict[str, Helper] = {}
    for file in files:
        if "ContainerRequest" not in file.code:
            continue
        for scope in file.functions:
            start, end, name = scope
            header = _HEADER.match(file.code, start)
            if header is None:
                continue  # (a method, or a generic function)
            body = file.code[start:end]
            if _STARTS.search(body) is None:
                continue
            parameters = _parameters(header["parameters"])
            if not parameters:
                continue
            bound = {
                parameter: Value(f"\x00{index}\x00", None, -1, False)
                for index, parameter in enumerate(parameters)
            }
            for request in _REQUEST.finditer(body):
                brace = start + request.end() - 1
                fields = {key: (value, at) for key, value, at in keyed(file.code, brace)}
                if "Image" not in fields or "FromDockerfile" in fields:
                    continue
                value = resolve(file, *fields["Image"], scope, known, bound)
                if value is not None and "\x00" in value.text:
                    found.setdefault(name, value.text)
    return found


def imported_helpers(path: str, code: str, max_bytes: int, inputs: Inputs) -> dict[str, Helper]:
    """The exported helpers of the packages of its own module that the source at ``path``
    imports, named as the source names them (``testinstance.PostgresDB``)."""
    from ._go_packages import imported_packages
    from ._go_source import package_values

    found: dict[str, Helper] = {}
    for alias, files in imported_packages(path, code, max_bytes, inputs):
        if not any(HELPER_HINT in file.code for file in files):
            continue
        for name, helper in helpers(files, package_values(files)).items():
            if name[:1].isupper():
                found[f"{alias}.{name}"] = helper
    return found


def helper_calls(
    file: GoFile, known: Mapping[str, Value], found: Mapping[str, Helper]
) -> Iterator[tuple[str, Value, str, tuple[str, int]]]:
    """Each image a call of a helper of ``found`` in ``file`` starts: the helper's name, the
    value it is reported at (the caller's argument), the image, the argument (text, offset)."""
    from ._go_source import resolve_all

    if not found:
        return
    code = file.code
    for match in _CALL.finditer(code):
        name = match["name"]
        template = found.get(name)
        if template is None or code[: match.start()].rstrip().endswith("func"):
            continue
        scope = enclosing(file, match.start())
        args = arguments(code, match.end() - 1)
        used = sorted({int(index) for index in _SLOT.findall(template)})
        if not used or used[-1] >= len(args):
            continue
        images: list[tuple[str, Value | None]] = [(template, None)]
        for index in used:
            text, at = args[index]
            values = resolve_all(file, text, at, scope, known)
            if not values:
                images = []
                break
            made: list[tuple[str, Value | None]] = [
                (image.replace(f"\x00{index}\x00", value.text), first or value)
                for image, first in images
                for value in values
            ]
            images = made[:_MAX_IMAGES]
        for image, written in images:
            if written is None or "\x00" in image:
                continue
            text, at = args[used[0]]
            argument = (text.strip(), at + len(text) - len(text.lstrip()))
            yield name, Value(written.text, written.path, written.quote, False), image, argument


def _parameters(text: str) -> list[str]:
    """The names of a signature's parameters (``a, b string, c int``), in order."""
    names: list[str] = []
    for part in text.split(","):
        words = part.split()
        if not words or not _NAME.fullmatch(words[0]):
            return []  # (a function type's parameters, or something not read)
        names.append(words[0])
    return names


@lru_cache(maxsize=256)
def package_has_helpers(directory: str, stamp: tuple[int, int] | None, max_bytes: int) -> bool:
    """Whether the package in ``directory`` (its non-test files) has an exported helper."""
    from ._go_packages import package_source_files
    from ._go_source import package_values

    del stamp  # (the cache's key)
    if not _says_the_hint(directory, max_bytes):
        return False  # (a quick look at the bytes first: most packages start no container)
    files = package_source_files(directory, max_bytes, {})
    if not any(HELPER_HINT in file.code for file in files):
        return False
    return any(name[:1].isupper() for name in helpers(files, package_values(files)))


def _says_the_hint(directory: str, max_bytes: int) -> bool:
    """Whether a non-test Go file of ``directory`` says :data:`HELPER_HINT`."""
    hint = HELPER_HINT.encode()
    try:
        names = os.listdir(directory)
    except OSError:
        return False
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        try:
            with open(os.path.join(directory, name), "rb") as handle:
                if hint in handle.read(max_bytes):
                    return True
        except OSError:
            continue
    return False


def imports_helpers(path: str, head: str, max_bytes: int) -> bool:
    """Whether the Go source at ``path`` (its text ``head``) imports a package of its module
    that has a helper (a quick look, for the sources worth reading)."""
    from ._go_packages import imported_directories

    for directory in imported_directories(path, head):
        try:
            stat = os.stat(directory)
        except OSError:
            continue
        if package_has_helpers(directory, (stat.st_mtime_ns, stat.st_size), max_bytes):
            return True
    return False


#: A top-level function's header up to its parameters' close: ``func NAME(PARAMETERS)``.
_HEADER = lazy_pattern(r"func[ \t]+[A-Za-z_]\w*[ \t]*\((?P<parameters>[^()]*)\)")


_STARTS = lazy_pattern(r"\b(?:GenericContainer|ParallelContainers)\s*\(")


#: ``testcontainers.ContainerRequest{`` (any name the import goes by).
_REQUEST = lazy_pattern(r"(?<![\w.])[A-Za-z_]\w*\s*\.\s*ContainerRequest\s*\{")


#: A call of a function, ``NAME(`` or ``pkg.NAME(`` (not a method of a value: unknown).
_CALL = lazy_pattern(r"(?<![\w.])(?P<name>(?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\s*\(")


_SLOT = lazy_pattern(r"\x00(\d+)\x00")


_NAME = lazy_pattern(r"[A-Za-z_]\w*")
