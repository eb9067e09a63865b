"""An image list a script writes: the images an installer's airgap bundle pulls.

Installers bundle the images a cluster runs for machines without a registry: a script writes
their list to a file named for them, one image a line, and another pulls or saves each
(``crane pull $(<FILE)``, ``docker save``, ``skopeo copy``). rancher/rke2's
``scripts/build-images`` writes ``build/images-cilium.txt`` and eight more with ``xargs -n1 -t
$PULL_CMD << EOF > $BUILD_DIR/images-cilium.txt`` (``PULL_CMD`` is ``echo``), and
``scripts/package-images`` pulls each with ``crane pull``. So a here-document that a ``cat``,
``tee`` or ``xargs echo`` writes to a file whose name says images (``images.txt``,
``images-core.txt``, ``image-list.txt``), every line of which is one image with a tag or a
digest, gives a pull of each image at its line.

>>> names_image_list("$BUILD_DIR/images-cilium.txt"), names_image_list("build/windows-images.txt")
(True, True)
>>> names_image_list("versions.txt"), names_image_list("images/Dockerfile")
(False, False)
>>> listed([(3, "  docker.io/rancher/klipper-lb:v0.4.17"), (4, ""), (5, "rancher/pause:3.10")])
[(3, 'docker.io/rancher/klipper-lb:v0.4.17'), (5, 'rancher/pause:3.10')]
>>> listed([(3, "docker.io/rancher/klipper-lb:v0.4.17"), (4, "not an image line")])
[]
>>> listed([(3, "alpine")]), listed([(3, "registry.example.com/rancher/pause:3.10")])
([], [])
"""

from __future__ import annotations

import os

from ...occurrence import parse_or_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["listed", "names_image_list"]

#: How a list file's name ends (a plain text file, one entry a line).
_LIST_SUFFIXES = (".txt", ".list", ".lst")


def names_image_list(path: str) -> bool:
    """Whether a file's name says it lists images (``images*.txt``, ``*-images.txt``,
    ``image-list.txt``)."""
    name = os.path.basename(path).lower()
    return "image" in name and name.endswith(_LIST_SUFFIXES)


def listed(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The images of a list's ``lines`` (number, text), each line one image with a tag or a
    digest; none when a line that is not empty is no such image (not a list of images)."""
    found: list[tuple[int, str]] = []
    for number, text in lines:
        words = text.split()
        if not words:
            continue
        if len(words) != 1 or "$" in words[0]:
            return []
        reference = parse_or_error(words[0])[0]
        if reference is None or (reference.tag is None and reference.digest is None):
            return []
        if _example_host(reference.registry.partition(":")[0].lower()):
            return []  # (a list for a check, not a bundle: no registry is there)
        found.append((number, words[0]))
    return found


def _example_host(host: str) -> bool:
    """Whether a registry's host is on a domain reserved for documentation or tests (RFC 2606,
    RFC 6761: ``.test`` too): no registry is there. rke2's ``scripts/validate-charts`` runs
    ``build-images`` with ``REGISTRY=registry.example.com`` to list what its charts should
    name, and pulls none of it."""
    from ..._vocabulary import example_domain

    return example_domain(host) or host.endswith(".test")
