"""The builds of a ``docker buildx bake -f FILE [TARGET]`` command, as bake runs them.

Bake reads the file the command names, relative to the directory the command runs in, and
that directory is where its targets' relative contexts and Dockerfiles start (buildx's
``bake.ReadLocalFiles`` and ``ReadTargets``), whatever the file is called: Mailu's CI runs
``docker buildx bake --file ./tests/build-ci.hcl`` from the repository's top, whose targets
build ``core/nginx`` and tag the images its test compose files run. A target only a run
names (``${{ matrix.target }}``) is any of the file's targets. A bake file of bake's own
names in that directory is read as the project's anyway (see :mod:`.bake`), and a compose
file (``.yml``, ``.yaml``) is the compose reader's: neither is read again here, nor is a
file that is not there (bake fails).
"""

from __future__ import annotations

import os

from ._feed import place
from ._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuiltImage
    from ._shell_values import ShellBuild

__all__ = ["bake_builds"]


def bake_builds(
    build: ShellBuild, site: BuildSite, start: str | None
) -> tuple[list[BuildConfig], list[BuiltImage]]:
    """The builds and built names of the bake command ``build`` (its ``dockerfile`` the bake
    file), run in a shell started in directory ``start`` (``None``: a run decides)."""
    from .bake import BAKE_FILE_NAMES, BakeRun, read_bake_files

    written = build.dockerfile
    if build.verb != "bake" or not written or not build.decided or UNKNOWN in written:
        return [], []
    directory = place(start, build.workdir, "")
    path = place(start, build.workdir, written)
    if directory is None or path is None or path.endswith((".yml", ".yaml")):
        return [], []
    if os.path.basename(path) in BAKE_FILE_NAMES and os.path.dirname(path) == directory:
        return [], []  # (bake's own file where it runs: the project's, read as such)
    if not os.path.isfile(path):
        return [], []
    target = build.target
    targets = None if target is not None and UNKNOWN in target else [target] if target else []
    found = read_bake_files([path], run=BakeRun(site=site, directory=directory, targets=targets))
    return list(found.builds), list(found.built)
