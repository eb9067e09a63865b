"""cross: the images ``cross`` (cross-rs) runs a Rust build in, as a ``Cross.toml`` names them.

`cross <https://github.com/cross-rs/cross>`_ (``cross build --target T``) compiles in a
container. Without configuration it runs its own image for the target
(``ghcr.io/cross-rs/T:VERSION``, the version of the installed ``cross``: nothing in the project
to judge). ``Cross.toml``, at the root of the Cargo project, names others
(its ``docs/config_file.md``), and so does ``[package.metadata.cross]`` (or
``[workspace.metadata.cross]``) of a ``Cargo.toml``:

* ``target.T.image``: the image for target ``T``, a string or a table whose ``name`` is it
  (``image.name = "…"``, with ``image.toolchain``);
* ``target.T.zig.image`` and ``build.zig.image``: the image with ``zig cc`` (when ``zig`` is
  a table).

Each is pulled as ``docker run`` pulls it ("normal Docker behavior applies": a local image of
that name first, else the registry), so each is an
:class:`~tagsense.sources.Occurrence` of kind ``"cross"`` in the result's ``scan``, at the
value's line and column, with ``context`` ``field`` (``target.image``, ``target.zig.image``
or ``build.zig.image``) and the ``target``. A name the project builds itself (a Makefile's
``docker build -t vector-cross-env:$*``) is a build output there, as anywhere. A
``dockerfile`` (``build.dockerfile``, ``target.T.dockerfile``) is built by cross from the
project's Dockerfile, which is read with that build's values: its ``build-args``, and
``CROSS_BASE_IMAGE``, the target's ``image`` or else cross's own image for the target (its
tag the version of the ``cross`` that runs: a run's value). A target that has one and an ``image``
names with it the image cross builds (``custom_image_build`` tags the build so): that
``image`` is a :class:`~tagsense.sources.project.BuiltImage` (tool ``cross``), no pull. A
``Cross.toml`` that is not TOML is one error, at the line ``tomllib`` names (a ``Cargo.toml``
is Cargo's to refuse); a value of the wrong type is an error at its line, as cross refuses it.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite, Occurrence, Scan, SourceError
from ..discover import CARGO_FILE_NAME, CROSS_FILE_NAME
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text, toml_error
from ._shell_values import name_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ...occurrence import Suppression

__all__ = ["CARGO_FILE_NAME", "CROSS_FILE_NAME", "KIND", "read_cross", "scan_cross"]

#: The ``kind`` of the occurrences of the images cross runs.
KIND = "cross"


def read_cross(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the ``Cross.toml`` at ``path`` names, as occurrences (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    if os.path.basename(path) == CARGO_FILE_NAME and not ("metadata" in text and "cross" in text):
        return BuildFile(path=path)  # (most manifests: not worth parsing)
    return scan_cross(text, path=path)


def scan_cross(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_cross` of a file's text.

    >>> found = scan_cross('[target.aarch64-unknown-linux-gnu]\\nimage = "acme/cross:1.2"\\n')
    >>> [(o.text, o.line, o.column, o.context["target"]) for o in found.scan]
    [('acme/cross:1.2', 2, 10, 'aarch64-unknown-linux-gnu')]
    """
    import tomllib

    from .shell import comment_suppressions

    lines = text.splitlines()
    suppressions = tuple(comment_suppressions(lines, path))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        if os.path.basename(path or "") == CARGO_FILE_NAME:
            return BuildFile(path=path)  # (Cargo's to refuse; a template's placeholders)
        found = toml_error(error, path)
        return BuildFile(scan=Scan((), (found,), suppressions), path=path)
    cargo = os.path.basename(path or "") == CARGO_FILE_NAME
    config = _cargo_metadata(document) if cargo else document
    return _scan_config(config, lines, path, suppressions)


def _cargo_metadata(manifest: Mapping[str, object]) -> Mapping[str, object]:
    """The cross configuration of a ``Cargo.toml``: ``package.metadata.cross`` (or the
    workspace's), the same keys as ``Cross.toml``'s."""
    for section in ("package", "workspace"):
        table = manifest.get(section)
        metadata = table.get("metadata") if isinstance(table, dict) else None
        cross = metadata.get("cross") if isinstance(metadata, dict) else None
        if isinstance(cross, dict):
            return cross
    return {}


def _scan_config(
    config: Mapping[str, object],
    lines: list[str],
    path: str | None,
    suppressions: tuple[Suppression, ...] = (),
) -> BuildFile:
    """The occurrences of a cross configuration (``Cross.toml``'s document), each placed at the
    first line that writes its value after the line that names its table."""
    occurrences: list[Occurrence] = []
    built: list[BuiltImage] = []
    errors: list[SourceError] = []
    for field, target, value, from_dockerfile in _images(config):
        anchor = _line_naming(lines, target or "build")
        if not isinstance(value, str):
            where = _line_naming(lines, "image", start=anchor) or anchor or None
            errors.append(SourceError(path, where, f"{field} must be a string"))
            continue
        if not value:
            continue
        line, column = _place(lines, value, anchor)
        context: dict[str, object] = {"field": field}
        if target is not None:
            context["target"] = target
        site = BuildSite(KIND, path, line) if from_dockerfile else None
        if site is not None and (name := name_pattern(value)) is not None:
            built.append(BuiltImage(name, site))
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=value, text=value,
                context=context, built=site,
            )
        )  # fmt: skip
    occurrences.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    scan = Scan(occurrences, errors, suppressions)
    builds = tuple(_dockerfile_builds(config, lines, path))
    return BuildFile(builds=builds, built=dict.fromkeys(built), scan=scan, path=path)


#: What cross passes a Dockerfile as ``CROSS_BASE_IMAGE`` when the target names no image: its
#: own image for the target, whose tag is the version of the ``cross`` that runs.
_CROSS_BASE = "CROSS_BASE_IMAGE"


def _dockerfile_builds(
    config: Mapping[str, object], lines: list[str], path: str | None
) -> Iterator[BuildConfig]:
    """The Dockerfile builds of ``dockerfile`` (a target's, or ``build.dockerfile`` for every
    other target): the file and context relative to the configuration's directory, its
    ``build-args``, and ``CROSS_BASE_IMAGE`` as cross passes it (the target's ``image``, else
    cross's own image, which only a run knows)."""
    from ._common import directory_of, join

    base = directory_of(path or "")
    build = config.get("build")
    targets = config.get("target")
    entries: list[tuple[str, object, object]] = []
    if isinstance(build, dict) and "dockerfile" in build:
        entries.append(("build", build["dockerfile"], None))
    for target, settings in targets.items() if isinstance(targets, dict) else ():
        if isinstance(settings, dict) and "dockerfile" in settings:
            entries.append((target, settings["dockerfile"], settings.get("image")))
    for name, dockerfile, image in entries:
        table = dockerfile if isinstance(dockerfile, dict) else {"file": dockerfile}
        file, context, arguments = (table.get(k) for k in ("file", "context", "build-args"))
        if not isinstance(file, str) or not file or not isinstance(context, str | None):
            continue  # (cross refuses it)
        args = {
            key: value
            for key, value in (arguments.items() if isinstance(arguments, dict) else ())
            if isinstance(value, str)
        }
        image = image.get("name") if isinstance(image, dict) else image
        unresolved: dict[str, tuple[str, ...]] = {}
        if isinstance(image, str) and image:
            args[_CROSS_BASE] = image
        else:
            unresolved[_CROSS_BASE] = (_CROSS_BASE,)
        line = _place(lines, file, _line_naming(lines, name))[0]
        yield BuildConfig(
            site=BuildSite(KIND, path, line),
            name=name,
            context=join(base, context or "."),
            dockerfile=join(base, file),
            args=args,
            unresolved=unresolved,
        )


def _images(config: Mapping[str, object]) -> Iterator[tuple[str, str | None, object, bool]]:
    """``(field, target, value, built)`` of each image the configuration names (``value`` as
    TOML gives it: a string, or what cross would refuse); ``built``: the name cross gives the
    image it builds from the target's Dockerfile (its ``dockerfile``, or ``build.dockerfile``:
    cross's ``custom_image_build`` tags the build with the target's ``image``)."""
    build = config.get("build")
    every_dockerfile = isinstance(build, dict) and "dockerfile" in build
    if isinstance(build, dict):
        yield from _zig_image(build.get("zig"), "build.zig.image", None)
    targets = config.get("target")
    if not isinstance(targets, dict):
        return
    for target, settings in targets.items():
        if not isinstance(settings, dict):
            continue
        if "image" in settings:
            image = settings["image"]
            # (a table: `image.name`, with the toolchains it holds)
            value = image.get("name", "") if isinstance(image, dict) else image
            yield "target.image", target, value, every_dockerfile or "dockerfile" in settings
        yield from _zig_image(settings.get("zig"), "target.zig.image", target)


def _zig_image(
    zig: object, field: str, target: str | None
) -> Iterator[tuple[str, str | None, object, bool]]:
    """The image of a ``zig`` table (a bool or a string names none: cross's own zig image)."""
    if isinstance(zig, dict) and "image" in zig:
        yield field, target, zig["image"], False


def _line_naming(lines: list[str], word: str, *, start: int = 0) -> int:
    """The first line (1-based) at or after ``start`` whose key or table header names
    ``word`` as one of its dotted parts; 0 when none does."""
    import re

    part = re.compile(r'(?:^|[.\[\s"\'])' + re.escape(word) + r'(?:$|[.\]\s"\'=])')
    for index in range(max(start - 1, 0), len(lines)):
        stripped = lines[index].strip()
        key = stripped if stripped.startswith("[") else stripped.partition("=")[0]
        if not stripped.startswith("#") and part.search(key):
            return index + 1
    return 0


def _place(lines: list[str], value: str, anchor: int) -> tuple[int, int]:
    """The line and column of ``value`` written as a TOML string, the first after ``anchor``
    (else anywhere; else the anchor's line, column 1)."""
    for begin in (max(anchor - 1, 0), 0):
        for index in range(begin, len(lines)):
            line = lines[index]
            equals = -1 if line.lstrip().startswith("[") else line.find("=")
            for quote in ('"', "'") if equals >= 0 else ():
                at = line.find(quote + value + quote, equals)
                if at >= 0:
                    return index + 1, at + 2
    return max(anchor, 1), 1
