"""Fly.io's app configurations: the image ``fly deploy`` runs instead of building one.

``fly deploy`` reads ``fly.toml`` (or the file ``-c`` names: ``fly.staging.toml``,
``fly-production.toml``). Its ``[build]`` table either builds (``dockerfile``, ``builder``,
buildpacks: the Dockerfile is read as a Dockerfile) or names a ready image, ``image = "…"``,
which Fly pulls and runs as written (kind ``fly``, field ``build.image``). TOML has no
interpolation: the text is the image.
"""

from __future__ import annotations

import os
import re

from ...occurrence import Occurrence, Scan, SourceError

__all__ = ["KIND", "is_fly_name", "scan_fly"]

KIND = "fly"

#: ``fly.toml`` and the names people give the other apps' files of a project.
_NAME = re.compile(r"fly(?:[._-][A-Za-z0-9_.-]+)?\.toml\Z")
#: ``image = "…"`` (or ``'…'``) on a line of its own, where the value can be found again.
_IMAGE_LINE = re.compile(r"""^(?P<lead>[ \t]*image[ \t]*=[ \t]*)(?P<q>["'])""")
#: A table's header: ``[build]``, ``[[services]]``.
_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*(?P<name>[^\]]*?)[ \t]*\]")


def is_fly_name(path: str) -> bool:
    """``fly.toml``, ``fly.staging.toml``, ``fly-production.toml``: a Fly app's file."""
    return _NAME.match(os.path.basename(path)) is not None


def scan_fly(text: str, path: str | None = None) -> Scan:
    """The image a Fly configuration runs without building it. Never raises."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Scan((), (SourceError(path, _error_line(error), f"not valid TOML: {error}"),))
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


def _error_line(error: Exception) -> int | None:
    lineno = getattr(error, "lineno", None)
    return lineno if isinstance(lineno, int) else None
