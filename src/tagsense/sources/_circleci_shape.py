"""Which files are CircleCI configurations besides ``.circleci/config.yml``, by place and text.

CircleCI starts every pipeline from ``.circleci/config.yml``; a *setup* configuration
(``setup: true``) then continues the pipeline with another configuration file of the
repository, named to the ``continuation`` orb (``configuration_path``) or the
``path-filtering`` orb (``config-path``, by default ``.circleci/continue_config.yml``). That
file is a whole configuration whose jobs pull their images as the first one's do. A YAML
file directly in ``.circleci/`` (:func:`is_circleci_place`) is one when its text has
CircleCI's shape (:func:`is_circleci_text`): one mapping with a ``version`` and a mapping of
``jobs`` or ``workflows`` (other keys are the anchors people keep, ``references:``,
``aliases:``, which CircleCI leaves alone). A compose file kept there (``services``) or a
fragment of a packed configuration has another shape. The files of an orb's source are
CircleCI's by their place (:func:`orb_source_section`).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ._yaml import head_text, is_mapping, items, sole_mapping

__all__ = [
    "ORB_SOURCE_SECTIONS",
    "is_circleci_file",
    "is_circleci_place",
    "is_circleci_text",
    "orb_source_section",
]

#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level ``version``.
_QUICK = lazy_pattern(r"^version[ \t]*:", re.MULTILINE)


def is_circleci_place(path: str | os.PathLike[str]) -> bool:
    """A YAML file directly in a ``.circleci`` directory, other than ``config.yml`` (which
    is CircleCI's by its name alone).

    >>> is_circleci_place(".circleci/continue_config.yml")
    True
    >>> is_circleci_place(".circleci/config.yml")
    False
    >>> is_circleci_place(".circleci/src/jobs/test.yml"), is_circleci_place("ci/continue.yml")
    (False, False)
    """
    from .discover import path_parts

    parts = path_parts(path)
    if len(parts) < 2 or parts[-2] != ".circleci" or parts[-1] == "config.yml":
        return False
    return parts[-1].endswith((".yml", ".yaml"))


def is_circleci_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file's text has CircleCI's shape (:func:`is_circleci_text`); never raises."""
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_circleci_text(text)


def is_circleci_text(text: str) -> bool:
    """Whether YAML text is a whole CircleCI configuration (see the module).

    >>> is_circleci_text("version: 2.1\\njobs:\\n  test:\\n    docker:\\n      - image: go\\n")
    True
    >>> is_circleci_text("version: '3'\\nservices:\\n  db:\\n    image: postgres:16\\n")
    False
    """
    if _QUICK.search(text) is None:
        return False
    document = sole_mapping(text)
    if document is None:
        return False
    fields = {key: value for key, value, _ in items(document)}
    if "version" not in fields or "services" in fields:
        return False
    return any(is_mapping(fields.get(key)) for key in ("jobs", "workflows"))


#: The directories of an orb's source whose files are one executor or one job each.
ORB_SOURCE_SECTIONS = ("executors", "jobs")


def orb_source_section(path: str) -> str | None:
    """``executors`` or ``jobs`` for a file of an orb's source (CircleCI's orb development
    kit: ``src/@orb.yml``, and one executor or job a file in ``src/executors/`` and
    ``src/jobs/``, packed by ``circleci orb pack`` into the orb's ``executors`` and ``jobs``
    under the file's name); ``None`` for any other file."""
    directory = os.path.dirname(path)
    section = os.path.basename(directory)
    if section not in ORB_SOURCE_SECTIONS or not path.endswith((".yml", ".yaml")):
        return None
    source = os.path.dirname(directory)
    if not os.path.isfile(os.path.join(source, "@orb.yml")):
        return None
    return section
