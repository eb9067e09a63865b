"""anchore/stereoscope's ``imagetest``: the fixture images a Go test builds.

`stereoscope <https://github.com/anchore/stereoscope>`_ (grype's and syft's image library)
gives tests their images from ``pkg/imagetest``: ``GetFixtureImage(t, SOURCE, NAME)``,
``PrepareFixtureImage(t, SOURCE, NAME)``, ``GetFixtureImageTarPath(t, NAME)``,
``LoadFixtureImageIntoDocker(t, NAME)`` (and ``…IntoPodman``, ``…IntoContainerd``) and
``GetFixtureImageSIFPath(t, NAME)`` run ``docker build .`` in the fixture's directory,
``testdata/NAME`` (``test-fixtures/NAME`` before stereoscope moved it) beside the test, unless
an image of that content is there already. So the ``FROM`` images of those Dockerfiles are what
``go test`` pulls (grype's ``test/integration/testdata/image-*-match-coverage``).

A call given a string literal builds that fixture; one given a name (a table's ``test.name``,
a helper's parameter) may build any: every fixture of the directory whose name begins with
``image-`` (stereoscope's own convention) and that holds a ``Dockerfile``.
``GetGoldenFixtureImage`` reads a saved archive and builds nothing.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator

    from ..project import BuildConfig

__all__ = ["IMPORT", "TOOL", "fixture_builds"]

#: The package's import path, as a Go source writes it.
IMPORT = "github.com/anchore/stereoscope/pkg/imagetest"
#: The tool named in the build sites.
TOOL = "stereoscope"

#: Each call that builds a fixture, and the index of its argument that names it.
_NAME_ARGUMENT = {
    "GetFixtureImage": 2,
    "PrepareFixtureImage": 2,
    "GetFixtureImageTarPath": 1,
    "GetFixtureImageSIFPath": 1,
    "LoadFixtureImageIntoDocker": 1,
    "LoadFixtureImageIntoPodman": 1,
    "LoadFixtureImageIntoContainerd": 1,
}
#: Where stereoscope looks for a fixture's directory, beside the test (newest first).
_FIXTURE_DIRECTORIES = ("testdata", "test-fixtures")
_PREFIX = "image-"


def fixture_builds(text: str, path: str) -> tuple[BuildConfig, ...]:
    """The Dockerfile builds of the fixtures the Go source ``text`` at ``path`` has
    stereoscope build (none when it does not import ``imagetest``)."""
    if IMPORT not in text:
        return ()
    alias = _alias(text)
    if alias is None:
        return ()
    from ._go_source import arguments

    directory = os.path.dirname(path)
    builds: dict[str, BuildConfig] = {}
    for match in _call(alias).finditer(text):
        args = arguments(text, match.end() - 1)
        index = _NAME_ARGUMENT[match["name"]]
        if len(args) <= index:
            continue
        line = text.count("\n", 0, match.start()) + 1
        for name, context in _fixtures(directory, args[index][0].strip()):
            if context not in builds:
                builds[context] = _build(path, line, name, context)
    return tuple(builds.values())


def _alias(text: str) -> str | None:
    """The name the source calls the package by (``imagetest`` unless it renames it; ``None``
    for a blank or dot import)."""
    import re

    match = re.search(
        r'(?m)^\s*(?:import\s+)?(?P<alias>[\w.]+\s+)?"' + re.escape(IMPORT) + '"', text
    )
    if match is None:
        return None
    alias = (match["alias"] or "imagetest").strip()
    return None if alias in ("_", ".") else alias


def _call(alias: str) -> re.Pattern[str]:
    import re

    names = "|".join(_NAME_ARGUMENT)
    return re.compile(rf"\b{re.escape(alias)}\.(?P<name>{names})\s*\(")


def _fixtures(directory: str, argument: str) -> Iterator[tuple[str, str]]:
    """``(name, directory)`` of the fixtures an argument may name that exist beside the test:
    the one a string literal names, else each ``image-*`` fixture with a Dockerfile."""
    literal = _LITERAL.fullmatch(argument)
    for base in _FIXTURE_DIRECTORIES:
        fixtures = os.path.join(directory, base)
        if literal is not None:
            names = [literal[1]]
        else:
            try:
                names = sorted(entry for entry in os.listdir(fixtures) if entry.startswith(_PREFIX))
            except OSError:
                continue
        for name in names:
            context = os.path.join(fixtures, name)
            if os.path.isfile(os.path.join(context, "Dockerfile")):
                yield name, context


_LITERAL = lazy_pattern(r'"([\w.-]+)"')


def _build(path: str, line: int, name: str, context: str) -> BuildConfig:
    from ..project import BuildConfig

    return BuildConfig(
        site=BuildSite(TOOL, path, line),
        name=name,
        context=context,
        dockerfile=os.path.join(context, "Dockerfile"),
    )
