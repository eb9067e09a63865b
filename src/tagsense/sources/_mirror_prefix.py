"""A registry variable glued to an image's name and left unset: a mirror's prefix.

``image: ${ECR_PULL_THROUGH_REPOSITORY_URL}library/mysql:8.0.20`` is written for two runs:
with the variable unset, compose reads it as empty (with a warning) and pulls the Docker Hub
image ``library/mysql:8.0.20``; set, it holds a mirror's address ending in ``/``
(``…dkr.ecr.us-east-1.amazonaws.com/docker-hub/``) and the same image comes through it.
Glued to the name (no ``/`` of its own after it), the variable can only be such a prefix,
and its blank value a reference the file means: that image is judged, and the variable goes
in the occurrence's ``mirror_prefix`` context instead of leaving it unresolved. A variable
followed by ``/`` (``${REGISTRY}/app``) or anywhere else in the text is no such prefix: blank,
it leaves no valid reference, or a different image.
"""

from __future__ import annotations

from .._lazy import lazy_pattern

__all__ = ["mirror_prefix"]

#: ``${NAME}`` at the start of the text, followed at once by a name's first character.
_PREFIX = lazy_pattern(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}(?=[a-z0-9])")


def mirror_prefix(raw: str, unresolved: tuple[str, ...]) -> str | None:
    """The variable that prefixes ``raw`` as a mirror's address, when it is the only one
    left unresolved and none other is used; else ``None``.

    >>> mirror_prefix("${ECR_URL}library/mysql:8.0.20", ("ECR_URL",))
    'ECR_URL'
    >>> mirror_prefix("${REGISTRY}/app:1.0", ("REGISTRY",)) is None
    True
    >>> mirror_prefix("${MIRROR}postgres:${TAG}", ("MIRROR", "TAG")) is None
    True
    """
    match = _PREFIX.match(raw)
    if match is None or unresolved != (match["name"],) or "$" in raw[match.end() :]:
        return None
    return match["name"]
