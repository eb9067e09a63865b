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

These names are read so only when an include not read is ci-templates (its project's name
or its URL says so). Only the distributions whose image Docker Hub publishes under that same
name are read (``alpine``, whose version may be left out for ``latest``, ``debian``,
``fedora``, ``ubuntu``); the others' (``archlinux``'s ``rolling``, ``opensuse``, ``centos``,
``freebsd`` VMs) are not named so.

>>> container_build([".fdo.container-build@debian@arm64v8", ".weston-debian"])
'debian'
>>> container_build([".fdo.distribution-image@debian"]) is None
True

A job that extends ``.fdo.distribution-image@DISTRO`` runs the image built so,
``$CI_REGISTRY_IMAGE/DISTRO/$FDO_DISTRIBUTION_VERSION:$FDO_DISTRIBUTION_TAG`` (gnome-shell runs
mutter's, ``registry.gitlab.gnome.org/gnome/mutter/fedora/36:x86_64-2022-09-01.0``); one that
extends ``.fdo.suffixed-image@DISTRO`` runs ``$CI_REGISTRY_IMAGE/$FDO_REPO_SUFFIX:
$FDO_DISTRIBUTION_TAG``. Both are in the project's own registry: built, not pulled.

>>> template_image(".fdo.distribution-image@fedora@aarch64")
'$CI_REGISTRY_IMAGE/fedora/$FDO_DISTRIBUTION_VERSION:$FDO_DISTRIBUTION_TAG'
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "BASE_VARIABLE",
    "VERSION_VARIABLE",
    "container_build",
    "default_base",
    "includes_ci_templates",
    "template_image",
]

#: The variables a container-build job takes its base from.
BASE_VARIABLE = "FDO_BASE_IMAGE"
VERSION_VARIABLE = "FDO_DISTRIBUTION_VERSION"

_BUILD = lazy_pattern(r"\.fdo\.container-build@(?P<distribution>[a-z]+)(?:@[\w-]+)?")
_IMAGE = lazy_pattern(
    r"\.fdo\.(?P<kind>distribution|suffixed)-image@(?P<distribution>[a-z]+)(?:@[\w-]+)?"
)

#: The distributions whose own image is ``NAME:VERSION`` on Docker Hub, and the version
#: taken when none is given (``None``: one must be).
_DISTRIBUTIONS: dict[str, str | None] = {
    "alpine": "latest",
    "debian": None,
    "fedora": None,
    "ubuntu": None,
}


def includes_ci_templates(unread: Iterable[str]) -> bool:
    """Whether one of the includes not read (``project freedesktop/ci-templates``, ``remote
    https://…/ci-templates/-/raw/…``, a mirror's) is ci-templates: only then are its
    templates' names read as its."""
    return any("ci-templates" in include for include in unread)


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


def template_image(template: str) -> str | None:
    """The image a job that extends ``template`` runs, as ci-templates writes it; ``None``:
    not one of its image templates."""
    found = _IMAGE.fullmatch(template)
    if found is None:
        return None
    if found.group("kind") == "suffixed":
        return "$CI_REGISTRY_IMAGE/$FDO_REPO_SUFFIX:$FDO_DISTRIBUTION_TAG"
    distribution = found.group("distribution")
    return f"$CI_REGISTRY_IMAGE/{distribution}/$FDO_DISTRIBUTION_VERSION:$FDO_DISTRIBUTION_TAG"
