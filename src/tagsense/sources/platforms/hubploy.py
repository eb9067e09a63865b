"""hubploy (``deployments/NAME/hubploy.yaml``): the user images a JupyterHub deployment runs.

`hubploy <https://github.com/berkeley-dsep-infra/hubploy>`_ deploys Zero to JupyterHub hubs
from a repository of ``deployments/NAME/`` directories; its ``hubploy.yaml`` names each hub's
user image, which it sets as ``jupyterhub.singleuser.image`` when it runs ``helm upgrade``:
``images.images[].name`` (a list) or ``images.image_name`` (one). A name with a tag (or a
digest) is an image built elsewhere, pulled as written (berkeley-dsep-infra/datahub: "User
environments are defined in separate image repositories. This repo's hubploy.yaml tracks
image tags"), kind ``hubploy``; a name without one is what older hubploy versions build
themselves with repo2docker (tagged by the last commit that touched the image's directory):
the project's own, not read.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, load_yaml, scalar, sequence
from ._common import image_at

__all__ = ["KIND", "is_hubploy_name", "scan_hubploy"]

KIND = "hubploy"
_NAME = "hubploy.yaml"


def is_hubploy_name(path: str) -> bool:
    """``hubploy.yaml``, the name hubploy reads in a deployment's directory."""
    return os.path.basename(path) == _NAME


def scan_hubploy(text: str, path: str | None = None) -> Scan:
    """The tagged user images of the file (see the module). Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    for document in loaded.documents:
        images = get(document, "images")
        named = [("images.image_name", get(images, "image_name"))]
        named += [
            ("images.images.name", get(item, "name")) for item in sequence(get(images, "images"))
        ]
        for field, node in named:
            written = scalar(node)
            if node is None or not written or not _tagged(written):
                continue
            occurrences.append(
                image_at(node, written, path=path, kind=KIND, context={"field": field})
            )
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _tagged(name: str) -> bool:
    """Whether a name says its tag or digest (``…/user-image:511c4637d702``)."""
    return "@" in name or ":" in name.rpartition("/")[2]
