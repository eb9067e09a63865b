"""freedesktop's ci-templates: the image a container-build job starts from.

Many freedesktop and GNOME projects (wayland, weston, mesa, libdrm, tracker,
gnome-shell…) build their CI images with the jobs of freedesktop's ci-templates, included
from another project (``include: project: freedesktop/ci-templates`` or a ``remote:`` URL
of it), which are not read here. A job that ``extends: .fdo.container-build@DISTRO``
(``@ARCH`` after it, for another architecture) builds the project's image with buildah,
starting from ``FDO_BASE_IMAGE`` when the job sets it, else from the distribution's own
image, ``DISTRO:$FDO_DISTRIBUTION_VERSION`` (as the templates' documentation says:
https://freedesktop.pages.freedesktop.org/ci-templates/templates-api.html). That image is
pulled: wayland's ``arm32v7/debian:$FDO_DISTRIBUTION_VERSION`` (``buster``), weston's
``debian:bullseye``, tracker's ``fedora:35``.

Only the distributions whose image Docker Hub publishes under that same name are read
(``alpine``, whose version may be left out for ``latest``, ``debian``, ``fedora``,
``ubuntu``); the others' (``archlinux``'s ``rolling``, ``opensuse``, ``centos``, ``freebsd``
VMs) are not named so.

>>> container_build([".fdo.container-build@debian@arm64v8", ".weston-debian"])
'debian'
>>> container_build([".fdo.distribution-image@debian"]) is None
True
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["BASE_VARIABLE", "VERSION_VARIABLE", "container_build", "default_base"]

#: The variables a container-build job takes its base from.
BASE_VARIABLE = "FDO_BASE_IMAGE"
VERSION_VARIABLE = "FDO_DISTRIBUTION_VERSION"

_BUILD = re.compile(r"\.fdo\.container-build@(?P<distribution>[a-z]+)(?:@[\w-]+)?")

#: The distributions whose own image is ``NAME:VERSION`` on Docker Hub, and the version
#: taken when none is given (``None``: one must be).
_DISTRIBUTIONS: dict[str, str | None] = {
    "alpine": "latest",
    "debian": None,
    "fedora": None,
    "ubuntu": None,
}


def container_build(templates: Iterable[str]) -> str | None:
    """The distribution a job builds an image of, when one of the templates it extends
    (and that no file read defines) is ci-templates' ``.fdo.container-build@DISTRO``."""
    for template in templates:
        found = _BUILD.fullmatch(template)
        if found is not None:
            return found.group("distribution")
    return None


def default_base(distribution: str) -> tuple[str, str | None] | None:
    """The image name a build of ``distribution`` starts from without ``FDO_BASE_IMAGE``,
    and the version taken when ``FDO_DISTRIBUTION_VERSION`` is not set (``None``: the
    build needs one); ``None`` for a distribution not read (see the module)."""
    if distribution not in _DISTRIBUTIONS:
        return None
    return distribution, _DISTRIBUTIONS[distribution]
