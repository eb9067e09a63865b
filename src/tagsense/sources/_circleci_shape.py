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
fragment of a packed configuration has another shape.
"""

from __future__ import annotations

import re

from ._yaml import head_text, is_mapping, items, sole_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

__all__ = ["is_circleci_file", "is_circleci_place", "is_circleci_text"]

#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level ``version``.
_QUICK = re.compile(r"^version[ \t]*:", re.MULTILINE)


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
