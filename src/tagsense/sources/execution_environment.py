"""Ansible execution environments: the images ``ansible-builder build`` starts from.

`ansible-builder <https://ansible.readthedocs.io/projects/builder/>`_ reads
``execution-environment.yml`` (``.yaml``; its default ``--file``) and writes a Containerfile
whose stages start from the image the file names, which the build pulls:

* version 3 (and 2): ``images.base_image.name`` (version 2 also ``images.builder_image.name``),
* version 1 (or none): ``build_arg_defaults.EE_BASE_IMAGE`` and ``EE_BUILDER_IMAGE``.

ansible/ansible-builder's integration tests build each of ``test/data/*/execution-environment.yml``
(``quay.io/centos/centos:stream9``), ansible/ansible-dev-tools its own
(``quay.io/fedora/fedora-minimal:44``): all missed before (survey 29b). Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"ansible-builder"`` at its value, with
``context`` ``field`` (``images.base_image.name``). A version 1 file that names no image builds
from ansible-builder's own default, which is not the project's to pin.
"""

from __future__ import annotations

import os

from ..occurrence import Occurrence, Scan
from ._yaml import get, load_yaml, scalar, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = [
    "EXECUTION_ENVIRONMENT_NAMES",
    "KIND",
    "is_execution_environment",
    "scan_execution_environment",
]

KIND = "ansible-builder"
#: The names ansible-builder reads without ``--file``.
EXECUTION_ENVIRONMENT_NAMES = ("execution-environment.yml", "execution-environment.yaml")
#: Where each version of the file names its images.
_IMAGE_FIELDS = (
    ("images", "base_image", "name"),
    ("images", "builder_image", "name"),
    ("build_arg_defaults", "EE_BASE_IMAGE"),
    ("build_arg_defaults", "EE_BUILDER_IMAGE"),
)


def is_execution_environment(path: str) -> bool:
    """``execution-environment.yml``: an Ansible execution environment's definition."""
    return os.path.basename(path) in EXECUTION_ENVIRONMENT_NAMES


def scan_execution_environment(text: str, path: str | None = None) -> Scan:
    """The images an execution environment's build starts from. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    for document in loaded.documents:
        for field in _IMAGE_FIELDS:
            node: yaml.Node | None = document
            for key in field:
                node = get(node, key)
            written = scalar(node)
            if node is None or not written:
                continue
            line, column = value_position(node)
            occurrences.append(
                Occurrence.of_text(
                    path=path,
                    line=line,
                    column=column,
                    kind=KIND,
                    raw=written,
                    text=written,
                    context={"field": ".".join(field)},
                )
            )
    return Scan(occurrences, loaded.errors, loaded.suppressions)
