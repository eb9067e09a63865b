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
``fmt.Sprintf`` with ``%s``/``%v``: see ``._go_source``), or that gives such an image to a
module's ``Run`` (hatchet-dev/hatchet's harness: ``postgres.Run(ctx,
fmt.Sprintf("postgres:%s", pgVersion), …)``), is a helper; each call of it whose
arguments for those parameters are known in the caller (a literal, a constant, a local
assigned once, an environment variable's default, each element of a table it loops over)
starts the image they make. The Docker Engine client's reader finds its wrappers of
``ImagePull`` the same way (``._go_docker_sdk``), methods too. Nothing else is guessed: an
argument the caller does not settle gives nothing.
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
        requests = "ContainerRequest" in file.code
        runs = _module_aliases(file.code) if ".Run(" in file.code else frozenset()
        if not requests and not runs:
            continue
        for scope in file.functions:
            start, end, _ = scope
            body = file.code[start:end]
            images: list[tuple[str, int]] = []
            if requests and _STARTS.search(body) is not None:
                for request in _REQUEST.finditer(body):
                    brace = start + request.end() - 1
                    fields = {key: (value, at) for key, value, at in keyed(file.code, brace)}
                    if "Image" in fields and "FromDockerfile" not in fields:
                        images.append(fields["Image"])
            for run in _MODULE_RUN.finditer(body) if runs else ():
                if run["qualifier"] not in runs:
                    continue
                args = arguments(file.code, start + run.end() - 1)
                if len(args) >= 2 and not any(".WithUseLocal(" in text for text, _ in args):
                    images.append(args[1])  # (a module's `postgres.Run(ctx, IMAGE, …)`)
            for name, template in parameter_templates(file, scope, images, known, methods=False):
                found.setdefault(name, template)
    return found


def parameter_templates(
    file: GoFile, scope: tuple[int, int, str], images: Sequence[tuple[str, int]],
    known: Mapping[str, Value], *, methods: bool,
) -> Iterator[tuple[str, Helper]]:  # fmt: skip
    """The function ``scope``'s name (``.NAME`` for a method, when ``methods``) and the
    template of each of ``images`` (expressions in its body, text and offset) that is made of
    its parameters (one level: the parameters' own values are its callers')."""
    if not images:
        return
    header = _HEADER.match(file.code, scope[0])
    if header is None or (header["receiver"] is not None and not methods):
        return  # (a generic function; a method, where those are not read)
    parameters = _parameters(header["parameters"])
    if not parameters:
        return
    bound = {
        parameter: Value(f"\x00{index}\x00", None, -1, False)
        for index, parameter in enumerate(parameters)
    }
    name = ("." if header["receiver"] is not None else "") + header["name"]
    for text, at in images:
        value = resolve(file, text, at, scope, known, bound)
        if value is not None and "\x00" in value.text:
            yield name, value.text


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
    value it is reported at (the caller's argument), the image, the argument (text, offset);
    a method's (``.NAME``) is called on any value (``d.NAME(…)``)."""
    from itertools import chain

    from ._go_source import resolve_all

    if not found:
        return
    code = file.code
    calls = _CALL.finditer(code)
    if any(name.startswith(".") for name in found):  # (a method's calls: `d.pull(ctx, ref)`)
        calls = chain(calls, _METHOD_CALL.finditer(code))
    for match in calls:
        name = match["name"]
        template = found.get(name)
        if template is None:
            continue
        line = code[code.rfind("\n", 0, match.start()) + 1 : match.start()].strip()
        if not name.startswith(".") and line.startswith("func") and line.endswith(("func", ")")):
            continue  # (its declaration, or a method's of the same name)
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


def _module_aliases(code: str) -> frozenset[str]:
    """The names the source's imports of testcontainers-go and its modules go by."""
    from ._go_source import import_spec

    found = set()
    for match in import_spec().finditer(code):
        path = match["path"]
        if path == HELPER_HINT or path.startswith(HELPER_HINT + "/modules/"):
            parts = path.split("/")
            last = parts[-1] if path != HELPER_HINT else "testcontainers"
            if last[:1] == "v" and last[1:].isdigit():
                last = parts[-2]  # (a major version's element is not the name)
            found.add(match["alias"] or last)
    return frozenset(found)


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


#: A top-level function's header up to its parameters' close: ``func NAME(PARAMETERS)``, or
#: a method's, ``func (d *T) NAME(PARAMETERS)``.
_HEADER = lazy_pattern(
    r"func[ \t]*(?:\((?P<receiver>[^()]*)\)[ \t]*)?(?P<name>[A-Za-z_]\w*)[ \t]*"
    r"\((?P<parameters>[^()]*)\)"
)


#: A module's ``QUALIFIER.Run(`` (``postgres.Run(ctx, IMAGE, …)``, ``testcontainers.Run``).
_MODULE_RUN = lazy_pattern(r"(?<![\w.])(?P<qualifier>[A-Za-z_]\w*)\s*\.\s*Run\s*\(")


#: A method's call on a value: ``.NAME(`` after a name, a call or an index (``d.pull(``).
_METHOD_CALL = lazy_pattern(r"(?<=[\w)\]])\s*(?P<name>\.\s*[A-Za-z_]\w*)\s*\(")


_STARTS = lazy_pattern(r"\b(?:GenericContainer|ParallelContainers)\s*\(")


#: ``testcontainers.ContainerRequest{`` (any name the import goes by).
_REQUEST = lazy_pattern(r"(?<![\w.])[A-Za-z_]\w*\s*\.\s*ContainerRequest\s*\{")


#: A call of a function, ``NAME(`` or ``pkg.NAME(`` (not a method of a value: unknown).
_CALL = lazy_pattern(r"(?<![\w.])(?P<name>(?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\s*\(")


_SLOT = lazy_pattern(r"\x00(\d+)\x00")


_NAME = lazy_pattern(r"[A-Za-z_]\w*")
