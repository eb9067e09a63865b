"""The Dockerfiles a Go test builds: dockertest's ``BuildAndRun…``, testcontainers-go's
``FromDockerfile``.

A Go test that starts a container of its own image builds it first, from a Dockerfile the
project keeps for it, often in the test's ``testdata/`` (which is otherwise a test's input, not
read): the images that Dockerfile starts ``FROM`` are pulled when ``go test`` runs.
rudderlabs/rudder-server's Kafka tests run ``pool.BuildAndRunWithOptions(
"./testdata/aiokafka/Dockerfile", &dockertest.RunOptions{…})``, which pulls its
``python:3.9-slim-buster``.

* dockertest: ``BuildAndRunWithOptions(DOCKERFILE, …)`` and ``BuildAndRun(NAME, DOCKERFILE,
  …)`` build ``DOCKERFILE`` in its own directory; ``BuildAndRunWithBuildOptions(
  &dockertest.BuildOptions{ContextDir: DIR, Dockerfile: NAME}, …)`` builds ``DIR/NAME``.
* testcontainers-go: a ``FromDockerfile{Context: DIR, Dockerfile: NAME}`` (``Dockerfile``
  by default) builds ``DIR/NAME``.

Each is a :class:`~tagsense.sources.project.BuildConfig` (tool ``go-test``, at the call), its
paths joined onto the package's directory, where ``go test`` runs; a path only a run knows
gives none.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildConfig
    from ._go_source import GoFile, Value

__all__ = ["MARKERS", "dockerfile_builds"]

#: What a Go source that may build a Dockerfile so says.
MARKERS = (b"BuildAndRun", b"FromDockerfile")
#: The ``site`` tool of the builds.
TOOL = "go-test"


def dockerfile_builds(file: GoFile, known: Mapping[str, Value]) -> list[BuildConfig]:
    """The Dockerfiles the Go source ``file`` builds for its tests (see the module);
    ``known``: its package's values."""
    from ...occurrence import BuildSite
    from ..project import BuildConfig
    from ._go_source import arguments, keyed, resolve

    if file.path is None:
        return []
    directory = os.path.dirname(file.path)
    found = []
    for match in _CALL.finditer(file.code):
        scope = next((span for span in file.functions if span[0] <= match.start() < span[1]), None)

        def value(text: str, at: int, *, scope: tuple[int, int, str] | None = scope) -> str | None:
            resolved = resolve(file, text, at, scope, known)
            return resolved.text.strip() or None if resolved is not None else None

        name, opener = match["name"] or match["literal"], match.end() - 1
        context: str | None = None
        dockerfile: str | None = None
        if name in ("BuildAndRunWithOptions", "BuildAndRun"):
            given = arguments(file.code, opener)
            index = 0 if name == "BuildAndRunWithOptions" else 1
            path = value(*given[index]) if len(given) > index else None
            if path is not None:
                context, dockerfile = os.path.dirname(path) or ".", os.path.basename(path)
        else:  # (a BuildOptions or FromDockerfile literal)
            fields = {key: (text, at) for key, text, at in keyed(file.code, opener)}
            where = "ContextDir" if name == "BuildOptions" else "Context"
            if where in fields:
                context = value(*fields[where])
                dockerfile = (
                    value(*fields["Dockerfile"]) if "Dockerfile" in fields else "Dockerfile"
                )
        if context is None or dockerfile is None:
            continue
        root = os.path.normpath(os.path.join(directory, context))
        line = file.code.count("\n", 0, match.start()) + 1
        found.append(
            BuildConfig(
                site=BuildSite(TOOL, file.path, line),
                name=os.path.basename(root),
                context=root,
                dockerfile=os.path.join(root, dockerfile),
            )
        )
    return found


#: A call of dockertest's builders, or a ``BuildOptions{``/``FromDockerfile{`` literal.
_CALL = lazy_pattern(
    r"(?<![\w])(?:(?P<name>BuildAndRunWithOptions|BuildAndRun)\s*\("
    r"|(?:\w+\s*\.\s*)?(?P<literal>BuildOptions|FromDockerfile)\s*\{)"
)
