"""The Dockerfile a build command builds, as the engine finds it: a shell build as a
:class:`~tagsense.sources.project.BuildConfig` (what compose's builds are).

``docker build -f - CONTEXT <<EOF`` builds the here-document (``dockerfile_inline``, reported
at the document's lines: kubernetes-sigs/external-dns's ``scripts/e2e-test.sh`` builds its DNS
test image ``FROM alpine:${ALPINE_VERSION}`` so). ``docker build [-f FILE] CONTEXT`` (buildx,
nerdctl): ``FILE`` is relative to the
directory the command runs in, the default ``CONTEXT/Dockerfile``. ``podman build``
and ``buildah bud`` look for a relative ``FILE`` there first, then in the context;
their default is ``CONTEXT/Containerfile``, else ``CONTEXT/Dockerfile``. A build
whose Dockerfile, context or stage only a run decides feeds nothing, and neither
does one whose working directory is not known (a script run from anywhere) unless
its paths are absolute.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite
from ._common import is_remote, join
from ._engine_commands import NAMING_VERBS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..project import BuildConfig
    from ._shell_values import ShellBuild

__all__ = ["build_config", "place"]

#: The engines that look for a relative ``-f`` in the context too, and for a Containerfile.
_PODMAN_LIKE = frozenset({"podman", "buildah"})


def build_config(build: ShellBuild, site: BuildSite, start: str | None) -> BuildConfig | None:
    """What ``build`` gives BuildKit, run in a shell started in directory ``start`` (``None``:
    a run decides); ``None`` when it is no build, or which Dockerfile is not known here."""
    from ..project import BuildConfig

    if build.verb in NAMING_VERBS or not build.decided:
        return None
    directory = place(start, build.workdir, "")
    context: str | None = None
    if build.context is not None and not is_remote(build.context):
        context = place(start, build.workdir, build.context)
        if context is None and build.inline is None:
            return None  # (a here-document's FROMs do not depend on where the context is)
    dockerfile = _dockerfile(build, directory, context) if build.inline is None else None
    if dockerfile is None and build.inline is None:
        return None
    return BuildConfig(
        site=site,
        name=build.names[0] if build.names else os.path.basename(dockerfile or "Dockerfile"),
        context=context,
        dockerfile=dockerfile,
        dockerfile_inline=build.inline,
        inline_places=_document_places(build.inline, site.path or "", build.inline_line),
        args=dict(build.args),
        target=build.target,
        contexts=dict(build.contexts),
        tags=build.names,
        platforms=build.platforms,
        unresolved={name: (name,) for name in build.unresolved},
        leading={name: text for name, text in build.leading if name in build.unresolved},
        shapes={name: shape for name, shape in build.shapes if name in build.unresolved},
        outputs={
            name: BuildSite(site.tool, site.path, line)
            for name, line in build.outputs
            if name in build.unresolved
        },
    )


def _document_places(
    text: str | None, path: str, line: int
) -> tuple[tuple[int, str, int, int], ...]:
    """Where each line of a here-document Dockerfile is written: the document's lines, from
    ``line`` on, each from its first column (see ``._placed.places``).

    >>> _document_places("FROM a\\nFROM b", "build.sh", 8)
    ((0, 'build.sh', 8, 1), (7, 'build.sh', 9, 1))
    """
    if text is None:
        return ()
    places: list[tuple[int, str, int, int]] = []
    start = 0
    for number, written in enumerate(text.split("\n")):
        places.append((start, path, line + number, 1))
        start += len(written) + 1
    return tuple(places)


def _dockerfile(build: ShellBuild, directory: str | None, context: str | None) -> str | None:
    """The path of the Dockerfile ``build`` reads (see the module), ``None`` when not known."""
    written = build.dockerfile
    podman = build.engine in _PODMAN_LIKE
    if written is None:
        if context is None:
            return None
        if podman and os.path.isfile(os.path.join(context, "Containerfile")):
            return os.path.join(context, "Containerfile")
        return os.path.join(context, "Dockerfile")
    if os.path.isabs(written):
        return os.path.normpath(written)
    found = join(directory, written) if directory is not None else None
    if podman and context is not None and (found is None or not os.path.isfile(found)):
        return join(context, written)  # (buildah: "try again with the context directory")
    return found


def place(start: str | None, workdir: str | None, path: str) -> str | None:
    """``path`` as a command run in ``workdir`` (from ``start``) names it; ``None``: a run
    decides. (``start`` ``""`` is the working directory of the check.)"""
    if os.path.isabs(path):
        return os.path.normpath(path)
    if workdir is None:
        return None
    if not os.path.isabs(workdir):
        if start is None:
            return None
        workdir = join(start, workdir) if workdir else start
    return join(workdir, path) if path else workdir
