"""Fly.io's app configurations: the image ``fly deploy`` runs instead of building one.

``fly deploy`` reads ``fly.toml`` (or the file ``-c`` names: ``fly.staging.toml``,
``fly-production.toml``). Its ``[build]`` table either builds (``dockerfile``, ``builder``,
buildpacks: the Dockerfile is read as a Dockerfile) or names a ready image, ``image = "…"``,
which Fly pulls and runs as written (kind ``fly``, field ``build.image``). TOML has no
interpolation: the text is the image.

Without an ``image``, a builder or buildpacks, ``fly deploy`` builds the Dockerfile in the
file's directory (``dockerfile``, relative to it; ``Dockerfile`` by default) with
``[build.args]`` as build arguments and ``build-target`` as the target: a build of the
project (:func:`read_fly_build`), which the Dockerfile is read through (``[build.args]
NODE_VERSION = "20"`` over the Dockerfile's ``ARG NODE_VERSION=20.11.1``).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from ..builds._common import toml_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..project import BuildFile

__all__ = ["KIND", "TOOL", "is_fly_name", "read_fly_build", "scan_fly"]

#: The ``tool`` of the builds ``fly deploy`` runs.
TOOL = "fly"

KIND = "fly"

#: ``fly.toml`` and the names people give the other apps' files of a project.
_NAME = lazy_pattern(r"fly(?:[._-][A-Za-z0-9_.-]+)?\.toml\Z")
#: ``image = "…"`` (or ``'…'``) on a line of its own, where the value can be found again.
_IMAGE_LINE = lazy_pattern(r"""^(?P<lead>[ \t]*image[ \t]*=[ \t]*)(?P<q>["'])""")
#: A table's header: ``[build]``, ``[[services]]``.
_HEADER = lazy_pattern(r"^[ \t]*\[\[?[ \t]*(?P<name>[^\]]*?)[ \t]*\]")


def is_fly_name(path: str) -> bool:
    """``fly.toml``, ``fly.staging.toml``, ``fly-production.toml``: a Fly app's file."""
    return _NAME.match(os.path.basename(path)) is not None


def scan_fly(text: str, path: str | None = None) -> Scan:
    """The image a Fly configuration runs without building it. Never raises."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Scan((), (toml_error(error, path),))
    build = document.get("build")
    image = build.get("image") if isinstance(build, dict) else None
    if not isinstance(image, str) or not image.strip():
        return Scan((), ())
    line, column = _place(text, image)
    occurrence = Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=image, text=image.strip(),
        context={"field": "build.image", **_app(document)},
    )  # fmt: skip
    return Scan((occurrence,), ())


def _app(document: dict[str, object]) -> dict[str, object]:
    app = document.get("app")
    return {"app": app} if isinstance(app, str) and app else {}


def _place(text: str, image: str) -> tuple[int, int]:
    """Where ``[build]``'s ``image`` value is written (its header's line when it is written
    another way: an inline table, a dotted key)."""
    table = None
    header_line = 1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            table = header["name"]
            if table == "build":
                header_line = number
            continue
        match = _IMAGE_LINE.match(line)
        if table == "build" and match is not None:
            start = match.end()
            if line[start : start + len(image)] == image:
                return number, start + 1
    return header_line, 1


def read_fly_build(path: str, *, max_bytes: int) -> BuildFile:
    """The Dockerfile build ``fly deploy`` runs for the file at ``path`` (never raises)."""
    import tomllib

    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuildFile

    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
        document = tomllib.loads(data[:max_bytes].decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return BuildFile(path=path)  # (its problems are reported when it is read)
    build = document.get("build", {})
    if not isinstance(build, dict) or any(k in build for k in ("image", "builder", "buildpacks")):
        return BuildFile(path=path)
    dockerfile = build.get("dockerfile", "Dockerfile")
    args = build.get("args", {})
    target = build.get("build-target")
    if not isinstance(dockerfile, str) or not isinstance(args, dict):
        return BuildFile(path=path)
    directory = os.path.dirname(path)
    text = data.decode("utf-8", "replace")
    config = BuildConfig(
        site=BuildSite(TOOL, path, _header_line(text)),
        name=str(document.get("app") or TOOL),
        context=directory,
        dockerfile=os.path.join(directory, dockerfile),
        args={str(key): str(value) for key, value in args.items()},
        target=target if isinstance(target, str) and target else None,
    )
    return BuildFile(builds=[config], path=path)


def _header_line(text: str) -> int:
    """The line of ``[build]`` (1 when it is written another way)."""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None and header["name"] == "build":
            return number
    return 1
