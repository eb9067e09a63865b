"""A Go project's own wrapper of a testcontainers-go request: a struct of its module whose field
is the image its method starts.

influxdata/telegraf's tests start their containers through ``testutil.Container``, a struct of
its own ``testutil`` package: ``testutil.Container{Image: "rabbitmq", …}`` in a plugin's test,
whose ``Start`` method puts ``c.Image`` in the ``testcontainers.ContainerRequest`` it hands to
``testcontainers.GenericContainer`` (survey s40a: 45 tests, 131 occurrences of 56 images in
files missed). So a struct type of a package of the same module (``._go_packages``, its
non-test files) that has a method (``func (c *Container) Start() error``) which writes
``Image: c.FIELD`` in a ``ContainerRequest{…}`` and starts containers (``GenericContainer``,
``ParallelContainers``) is a wrapper, and the ``FIELD:`` of a ``PACKAGE.TYPE{…}`` literal in a
source that imports that package names the image that ``go test`` pulls. Only a field the
method uses as it is counts: ``Image: c.Repository + ":" + c.Tag`` is not read.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ._go_packages import Inputs, package_directory, package_source_files
from ._go_source import GoFile, import_spec, keyed

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Mapping

__all__ = ["wrapped_images", "wrappers"]

#: testcontainers-go's own package (its ``ContainerRequest``).
_ROOT = "github.com/testcontainers/testcontainers-go"


def wrappers(file: GoFile, max_bytes: int, inputs: Inputs) -> dict[str, str]:
    """The wrappers the source ``file`` may use: ``ALIAS.TYPE`` (as the source names the type)
    → the field that names the image."""
    if file.path is None:
        return {}
    near = os.path.dirname(os.path.abspath(file.path))
    found: dict[str, str] = {}
    for match in import_spec().finditer(file.code):
        path = match["path"]
        if path == _ROOT or path.startswith(_ROOT + "/"):
            continue
        directory = package_directory(path, near)
        if directory is None:
            continue
        files = package_source_files(directory, max_bytes, inputs)
        names = {other.package for other in files if other.package}
        if len(names) != 1:
            continue  # (none, or a directory the go tool refuses)
        alias = match["alias"] or names.pop()
        if alias in ("_", "."):
            continue
        for name, field in _wrapped(files).items():
            found[f"{alias}.{name}"] = field
    return found


def wrapped_images(
    file: GoFile, known: Mapping[str, str]
) -> Iterator[tuple[str, tuple[str, int], int]]:
    """Each ``ALIAS.TYPE{…}`` literal of a wrapper in ``file``: the type, its image field's
    value (text and offset), where the literal starts."""
    if not known:
        return
    code = file.code
    for match in _LITERAL.finditer(code):
        name = f"{match['qualifier']}.{match['name']}"
        field = known.get(name)
        if field is None:
            continue
        fields = {key: (value, start) for key, value, start in keyed(code, match.end() - 1)}
        if field in fields:
            yield name, fields[field], match.start()


def _wrapped(files: list[GoFile]) -> dict[str, str]:
    """The package's wrapper types: TYPE → the receiver's field its method makes the image."""
    found: dict[str, str] = {}
    for file in files:
        if _ROOT not in file.code or "ContainerRequest" not in file.code:
            continue
        for start, end, _ in file.functions:
            receiver = _RECEIVER.match(file.code, start)
            if receiver is None:
                continue
            body = file.code[start:end]
            if _STARTS.search(body) is None:
                continue
            for request in _REQUEST.finditer(body):
                fields = {
                    key: value.strip()
                    for key, value, _ in keyed(file.code, start + request.end() - 1)
                }
                image = _field_of(receiver["name"]).fullmatch(fields.get("Image", ""))
                if image is not None:
                    found.setdefault(receiver["type"], image[1])
    return found


#: A method's receiver: ``func (c *Container)`` (a name, a type of the package).
_RECEIVER = lazy_pattern(r"func\s*\(\s*(?P<name>[A-Za-z_]\w*)\s+\*?\s*(?P<type>[A-Za-z_]\w*)\s*\)")


_STARTS = lazy_pattern(r"\b(?:GenericContainer|ParallelContainers)\s*\(")


#: ``testcontainers.ContainerRequest{`` (any name the import goes by).
_REQUEST = lazy_pattern(r"(?<![\w.])[A-Za-z_]\w*\s*\.\s*ContainerRequest\s*\{")


def _field_of(receiver: str) -> re.Pattern[str]:
    """``RECEIVER.FIELD`` (the field's name the group)."""
    import re

    return re.compile(rf"{re.escape(receiver)}\s*\.\s*([A-Z]\w*)")


#: ``QUALIFIER.Type{`` (a composite literal of another package's exported type).
_LITERAL = lazy_pattern(r"(?<![\w.])(?P<qualifier>[A-Za-z_]\w*)\s*\.\s*(?P<name>[A-Z]\w*)\s*\{")
