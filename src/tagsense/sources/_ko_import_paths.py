"""ko's import paths without ``ko://``: an image named after a main package of the project's
own Go module is the program ko builds there.

``ko resolve`` and ``ko apply`` (without ``--strict``) build every image of a manifest that
names an import path of a package ko can build, and put the built image's name in its place:
google/go-containerregistry's ``pkg/authn/k8schain/tests/explicit/test.yaml`` runs ``image:
github.com/google/go-containerregistry/pkg/authn/k8schain/tests/explicit``, the test program
beside it (4 false TS002 in survey 31c). No registry serves such a name (``github.com`` is no
registry), so a reference without tag or digest whose name is an import path of the module of
the ``go.mod`` above the file (or one its local ``replace`` names), to a directory that holds
a ``package main``, is that build (:func:`import_path_site`).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import BuildSite, Occurrence

__all__ = ["import_path_site", "may_name_package"]


def may_name_package(occurrence: Occurrence) -> bool:
    """Whether an occurrence's image may be an import path (a quick look: a name with a
    domain, two path components at least, and no tag or digest written)."""
    reference = occurrence.reference
    return (
        reference is not None
        and occurrence.path is not None
        and reference.tag is None
        and reference.digest is None
        and "." in reference.registry
        and reference.repository.count("/") >= 1
        and occurrence.text.startswith(reference.registry)
    )


def import_path_site(occurrence: Occurrence) -> BuildSite | None:
    """Where ko builds the main package an occurrence's image names, when it names one of the
    module above its file (see the module); else ``None``."""
    if not may_name_package(occurrence):
        return None
    from ..occurrence import BuildSite
    from .builds._go_packages import package_directory

    reference, path = occurrence.reference, occurrence.path
    assert reference is not None
    assert path is not None
    directory = package_directory(
        f"{reference.registry}/{reference.repository}", os.path.dirname(path)
    )
    if directory is None or not _has_main(directory):
        return None
    return BuildSite("ko", occurrence.path, occurrence.line)


def _has_main(directory: str) -> bool:
    """Whether a directory holds a Go program: a non-test file of ``package main``."""
    import re

    try:
        names = os.listdir(directory)
    except OSError:
        return False
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        try:
            with open(os.path.join(directory, name), "rb") as handle:
                head = handle.read(64 * 1024)
        except OSError:
            continue
        if re.search(rb"(?m)^package\s+main\b", head):
            return True
    return False
