"""Scaffolding: the Dockerfiles a Go program embeds to write into its users' projects.

A command-line tool that sets projects up keeps a Dockerfile a framework in a ``templates``
directory and builds it into itself (``//go:embed templates``): superfly/flyctl's
``scanner/templates/*/Dockerfile``, which ``fly launch`` writes into the project it launches
(some are Go templates, ``ARG RUBY_VERSION={{ .rubyVersion }}``; others are plain Dockerfiles
the user then edits). Nothing of the tool's own project builds them: their images are its
users' pulls. Such a Dockerfile is read only when a build of the project feeds it, as a test's
input is (see ``.testdata``): otherwise one note, for the templates directory.

A Dockerfile is one when a directory above it (below the walked one) is named for templates
(:data:`TEMPLATE_DIRECTORIES`) and a ``//go:embed`` line of a Go file in that directory or
one above it names that directory, the file, or a pattern that matches either.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import cache

__all__ = ["TEMPLATE_DIRECTORIES", "embedded_template"]

#: Directory names that hold what a tool writes into the projects it sets up.
TEMPLATE_DIRECTORIES = frozenset({"templates", "template", "scaffold", "scaffolds", "skeleton"})
#: A ``//go:embed`` directive (its patterns, quoted or not).
_EMBED = re.compile(rb"^//go:embed[ \t]+(.+)$", re.M)
#: How much of a Go file is looked at for its directives.
_HEAD_BYTES = 256 * 1024


def embedded_template(path: str, top: str) -> tuple[str, str] | None:
    """(the templates directory, the Go file that embeds it) of a file that lies in a
    directory named for templates below ``top`` and that a ``//go:embed`` embeds; else
    ``None``."""
    directory = os.path.dirname(path) or os.curdir
    top = os.path.normpath(top)
    templates = None
    while True:
        if os.path.basename(os.path.normpath(directory)) in TEMPLATE_DIRECTORIES:
            templates = directory
        if templates is not None:
            for go_file in _go_files(os.path.normpath(directory)):
                relative = os.path.relpath(path, os.path.dirname(go_file))
                if any(_matches(pattern, relative) for pattern in _embedded(go_file)):
                    return templates, go_file
        if os.path.normpath(directory) == top or directory in ("", os.curdir, os.sep):
            return None
        parent = os.path.dirname(os.path.normpath(directory))
        if not parent or parent == directory:
            return None
        directory = parent


def _matches(pattern: str, relative: str) -> bool:
    """Whether a ``//go:embed`` pattern embeds the file at ``relative`` (a pattern that names
    a directory embeds what is below it)."""
    pattern = pattern.removeprefix("all:").strip("/")
    parts = relative.replace(os.sep, "/").split("/")
    return any(
        fnmatch.fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1)
    )


@cache
def _go_files(directory: str) -> tuple[str, ...]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return ()
    return tuple(
        os.path.join(directory, name)
        for name in names
        if name.endswith(".go") and not name.endswith("_test.go")
    )


@cache
def _embedded(go_file: str) -> tuple[str, ...]:
    try:
        with open(go_file, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return ()
    patterns: list[str] = []
    for line in _EMBED.findall(head):
        for word in re.findall(rb'"[^"]*"|`[^`]*`|\S+', line):
            patterns.append(word.strip(b'"`').decode("utf-8", "replace"))
    return tuple(patterns)
