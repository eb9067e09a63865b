"""Bazel: an image that a package of the workspace around a file builds, pushes or loads.

A Bazel workspace builds its images in packages anywhere below its root, and its scripts run
them far from there: bazelbuild/rules_docker's ``testing/e2e.sh`` runs
``bazel/testdata:war_image``, which ``bazel run //testdata:war_image`` loads, and pulls back
``localhost:5000/image0:latest`` from the registry that ``tests/container:…_bundle`` pushed it
to. So the names every ``BUILD`` file of the workspace gives its images (see
``.builds._bazel_targets``) are read once a scan, for the files inside the workspace (below
the nearest directory up that holds ``MODULE.bazel``, ``REPO.bazel``, ``WORKSPACE`` or
``WORKSPACE.bazel``, and the workspaces around it): an image of such a name is built there,
not pulled; an official image's name (a bundle's ``docker.io/ubuntu:latest``) is still Docker's.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import BuildSite, Occurrence

__all__ = ["forget", "workspace_site"]

#: Official images, which only Docker publishes: a bundle that loads a test image as
#: ``docker.io/ubuntu:latest`` does not make the ``ubuntu`` the workspace pulls elsewhere.
_OFFICIAL = "docker.io/library/"
#: Each workspace root's built names (the roots themselves: ``.._roots``).
_BUILT: dict[str, dict[str, BuildSite]] = {}


def forget() -> None:
    """Start afresh (each scan reads the workspace as it is when it starts)."""
    _BUILT.clear()


def workspace_site(occurrence: Occurrence) -> BuildSite | None:
    """Where a package of the workspace around the occurrence's file builds its image, if one
    does (whatever the tag); else ``None``."""
    reference, path = occurrence.reference, occurrence.path
    if reference is None or path is None:
        return None
    root = _root(os.path.dirname(os.path.abspath(path)))
    while root is not None:
        # (and the workspaces around it: rules_docker's testing/default_toolchain/ pulls
        # what the workspace it lies in pushed)
        built = _BUILT.get(root)
        if built is None:
            built = _BUILT[root] = _built_in(root)
        site = built.get(reference.name)
        if site is not None:
            return site
        parent = os.path.dirname(root)
        root = None if parent == root else _root(parent)
    return None


def _root(directory: str) -> str | None:
    """The nearest directory from ``directory`` up that holds a workspace file (memoised)."""
    from .._roots import bazel_workspace_root

    return bazel_workspace_root(directory)


def _built_in(root: str) -> dict[str, BuildSite]:
    """The names (``docker.io/bazel/testdata``) the ``BUILD`` files below ``root`` build."""
    from ..reference import parse_reference
    from .builds.bazel import read_bazel
    from .discover import BAZEL_BUILD_NAMES, NOT_THE_PROJECTS, VCS_DIRECTORIES

    built: dict[str, BuildSite] = {}
    for directory, subdirectories, files in os.walk(root):
        # (others' code, and the output trees Bazel links in: bazel-bin/, bazel-out/…)
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in VCS_DIRECTORIES
            and name not in NOT_THE_PROJECTS
            and not name.startswith("bazel-")
        ]
        for name in files:
            if name in BAZEL_BUILD_NAMES:
                file = os.path.join(directory, name)
                if not _builds(file):
                    continue  # (a quick look: most packages build no image)
                if not os.path.relpath(file).startswith(os.pardir):
                    file = os.path.relpath(file)  # (as the scan names its files, in its tree)
                for image in read_bazel(file).built:
                    try:
                        key = parse_reference(image.name).name
                    except ValueError:  # (a name with a stamp, {BUILD_USER}: none)
                        continue
                    if not key.startswith(_OFFICIAL):
                        built.setdefault(key, image.site)
    return built


def _builds(path: str) -> bool:
    """Whether the ``BUILD`` file at ``path`` may name an image it builds (a look at its
    bytes)."""
    from .discover import builds_with_bazel

    try:
        with open(path, "rb") as handle:
            return builds_with_bazel(handle.read(1024 * 1024))
    except OSError:
        return False
