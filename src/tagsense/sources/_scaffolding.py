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

Django's ``startproject``/``startapp`` (and the commands built on them: ``wagtail start``)
copy a project template into the new project, renaming its ``*.py-tpl`` files to ``*.py``:
wagtail's ``wagtail/project_template/`` holds ``manage.py-tpl`` and the ``Dockerfile`` every
new site starts with, which nothing of wagtail builds (survey 21e: 4 false findings). A
Dockerfile is one when its directory, or one above it below the walked one, holds Django's
template marker (:data:`DJANGO_TEMPLATE_MARKERS`).

A Node.js command that sets projects up (``npm create``, ``npx``) ships the files it copies in
its package: t3-oss/create-t3-app's ``cli/package.json`` has a ``bin`` (its command) and lists
``template`` in its ``files`` (what npm packs), and ``cli/template/extras/start-database/
postgres.sh``, which the command copies into each new project as ``start-database.sh``, runs
``docker.io/postgres`` in that project, not in create-t3-app's (survey 30b: 2 false TS002). A
file of any kind is one when a directory above it (below the walked one) is named for
templates and the ``package.json`` beside that directory has a ``bin`` and names the directory
in its ``files``.

A Maven archetype (``mvn archetype:generate``) copies its ``src/main/resources/
archetype-resources/`` into each project it generates, filtered by Velocity: apache/
streampipes' ``archetypes/streampipes-archetype-extensions-jvm/src/main/resources/
archetype-resources/Dockerfile`` starts the user's new extension, and nothing of streampipes
builds it (survey s43c: 4 false findings). A file is one when a directory above it (below the
walked one) is named ``archetype-resources`` and holds, beside it, the archetype's descriptor
(:data:`ARCHETYPE_DESCRIPTORS`).
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import cache

from .._lazy import lazy_pattern
from ._context_cache import stat_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "ARCHETYPE_DESCRIPTORS",
    "ARCHETYPE_RESOURCES",
    "DJANGO_TEMPLATE_MARKERS",
    "TEMPLATE_DIRECTORIES",
    "archetype_template",
    "django_template",
    "embedded_by_test",
    "embedded_template",
    "packaged_template",
]

#: Directory names that hold what a tool writes into the projects it sets up.
TEMPLATE_DIRECTORIES = frozenset({"templates", "template", "scaffold", "scaffolds", "skeleton"})
#: The files only a Django project (``startproject``) or app (``startapp``) template holds:
#: Django renders and renames them (``manage.py-tpl`` → ``manage.py``).
DJANGO_TEMPLATE_MARKERS = ("manage.py-tpl", "apps.py-tpl")
#: The directory of a Maven archetype whose files the projects it generates start with.
ARCHETYPE_RESOURCES = "archetype-resources"
#: A Maven archetype's descriptor, beside its resources (``archetype.xml``: before 2.0).
ARCHETYPE_DESCRIPTORS = (
    os.path.join("META-INF", "maven", "archetype-metadata.xml"),
    os.path.join("META-INF", "maven", "archetype.xml"),
)
#: A ``//go:embed`` directive (its patterns, quoted or not).
_EMBED = lazy_pattern(rb"^//go:embed[ \t]+(.+)$", re.M)
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


def embedded_by_test(path: str, top: str) -> str | None:
    """The Go test file (``*_test.go``) that embeds ``path`` with ``//go:embed``, in its
    directory or one above it below ``top``, when no other Go file there embeds it: the
    test's input, compiled into the test alone (loft-sh/devpod's
    ``pkg/dockerfile/test_Dockerfile``, which ``parse_test.go`` parses); else ``None``."""
    directory = os.path.normpath(os.path.dirname(path) or os.curdir)
    top = os.path.normpath(top)
    while True:
        relative = os.path.relpath(path, directory)
        tests = _go_files(directory, tests=True)
        by_test = next((go for go in tests if _embeds(go, relative)), None)
        if by_test is not None:
            return None if any(_embeds(go, relative) for go in _go_files(directory)) else by_test
        if directory == top or directory in ("", os.curdir, os.sep):
            return None
        parent = os.path.dirname(directory)
        if not parent or parent == directory:
            return None
        directory = parent


def packaged_template(path: str, top: str) -> tuple[str, str] | None:
    """(the templates directory, the ``package.json`` that ships it) of a file that lies in a
    directory named for templates below ``top``, which the ``package.json`` beside that
    directory packs (``files``) with a command (``bin``); else ``None``."""
    for directory, parent in _below(path, top):
        name = os.path.basename(directory)
        if name in TEMPLATE_DIRECTORIES:
            package = os.path.join(parent or os.curdir, "package.json")
            if name in _packed_with_a_command(package, stat_of(package)):
                return directory, package
    return None


def archetype_template(path: str, top: str) -> tuple[str, str] | None:
    """(the ``archetype-resources`` directory, the archetype's descriptor) of a file that lies
    in a Maven archetype's resources below ``top``; else ``None``."""
    for directory, parent in _below(path, top):
        if os.path.basename(directory) == ARCHETYPE_RESOURCES:
            for descriptor in ARCHETYPE_DESCRIPTORS:
                marker = os.path.join(parent or os.curdir, descriptor)
                if stat_of(marker) is not None:
                    return directory, marker
    return None


def _below(path: str, top: str) -> Iterator[tuple[str, str]]:
    """Each directory that holds ``path``, nearest first, below ``top`` (not ``top`` itself),
    with its parent."""
    directory = os.path.normpath(os.path.dirname(path) or os.curdir)
    top = os.path.normpath(top)
    while directory != top and directory not in ("", os.curdir, os.sep):
        parent = os.path.dirname(directory)
        yield directory, parent
        if not parent or parent == directory:
            return
        directory = parent


@cache
def _packed_with_a_command(package: str, stat: tuple[int, int] | None) -> frozenset[str]:
    """The directories beside a ``package.json`` that its ``files`` packs (their first names,
    ``template`` of ``template/**`` or ``./template/``), when it has a ``bin``; else none.
    (``stat``: the file's, so that a changed file is read again.)"""
    import json

    if stat is None:
        return frozenset()
    try:
        with open(package, "rb") as handle:
            data = json.loads(handle.read(_PACKAGE_BYTES + 1)[:_PACKAGE_BYTES])
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(data, dict) or not data.get("bin") or not isinstance(data.get("files"), list):
        return frozenset()
    return frozenset(
        entry.removeprefix("./").partition("/")[0]
        for entry in data["files"]
        if isinstance(entry, str)
    )


#: How much of a ``package.json`` is read for its ``bin`` and ``files``.
_PACKAGE_BYTES = 256 * 1024


def _embeds(go_file: str, relative: str) -> bool:
    return any(_matches(pattern, relative) for pattern in _embedded(go_file))


def django_template(path: str, top: str) -> tuple[str, str] | None:
    """(the template directory, its marker file) of a file that lies in a Django project or
    app template below ``top`` (its directory, or one above it below ``top``, holds a
    marker); else ``None``. A walk of the template itself reads it."""
    directory = os.path.normpath(os.path.dirname(path) or os.curdir)
    top = os.path.normpath(top)
    while directory != top:
        names = _names(directory)
        for marker in DJANGO_TEMPLATE_MARKERS:
            if marker in names:
                return directory, os.path.join(directory, marker)
        parent = os.path.dirname(directory)
        if not parent or parent == directory:
            return None
        directory = parent
    return None


@cache
def _names(directory: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(directory))
    except OSError:
        return frozenset()


def _matches(pattern: str, relative: str) -> bool:
    """Whether a ``//go:embed`` pattern embeds the file at ``relative`` (a pattern that names
    a directory embeds what is below it)."""
    pattern = pattern.removeprefix("all:").strip("/")
    parts = relative.replace(os.sep, "/").split("/")
    return any(
        fnmatch.fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1)
    )


@cache
def _go_files(directory: str, *, tests: bool = False) -> tuple[str, ...]:
    """The Go files of a directory: its program's (``tests``: its tests', ``*_test.go``)."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return ()
    return tuple(
        os.path.join(directory, name)
        for name in names
        if name.endswith(".go") and name.endswith("_test.go") == tests
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
