"""The ``INCLUDE`` instruction of the devthefuture/dockerfile-x frontend.

A Dockerfile whose ``# syntax=`` names ``devthefuture/dockerfile-x`` is compiled by that
frontend into a plain Dockerfile before BuildKit reads it: ``INCLUDE path`` puts the named
file's instructions in its place, as they are (the frontend's README: "INCLUDE: Incorporate
content as is from other Dockerfiles or snippets"). manyfold3d/manyfold's
``docker/manyfold.dockerfile`` says ``INCLUDE docker/base.dockerfile`` (and ``build``,
``runtime``), then ``FROM runtime AS manyfold``: ``runtime`` is a stage of an included file.

The path is read in the build's context, which is not known here: it is looked for beside
the Dockerfile, then in the directories above it (manyfold builds from the repository's top
with ``file: ./docker/….dockerfile``). Included files may include others, no deeper than
:data:`MAX_DEPTH`, and never one already being included. The frontend's other extensions
(``INCLUDE_ARGS``, ``INCLUDE_ENVS``, ``INCLUDE_LABELS``, a path's stage after ``#``) are
not read: one note says so.
"""

from __future__ import annotations

import os

#: How deep included files may include others.
MAX_DEPTH = 8
#: How many directories above the Dockerfile an included path is looked for in.
_UP = 3
#: How much of an included file is read.
_MAX_BYTES = 1 << 20


def is_dockerfile_x(frontend: str) -> bool:
    """Whether a ``# syntax=`` frontend is devthefuture's dockerfile-x (any registry or tag)."""
    name = frontend.split("@", 1)[0]
    head, colon, tag = name.rpartition(":")
    name = head if colon and "/" not in tag else name  # (a tag, not a registry's port)
    return name.lower() == "devthefuture/dockerfile-x" or name.lower().endswith(
        "/devthefuture/dockerfile-x"
    )


def extension(lower: str) -> bool:
    """Whether an instruction (lower-cased) is one of the frontend's own (``include``…)."""
    return lower == "include" or lower.startswith("include_")


def included_path(written: str, path: str | None) -> str | None:
    """The file ``INCLUDE written`` names in a Dockerfile at ``path``: beside it, else in a
    directory above it; ``None`` when none is found."""
    if path is None or not written or "#" in written or "$" in written:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_UP + 1):
        candidate = os.path.normpath(os.path.join(directory, written))
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def read_included(path: str) -> str | None:
    """An included file's text (``None``: unreadable)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_BYTES)
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")
