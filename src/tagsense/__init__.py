"""tagsense: what a container image reference means.

>>> import tagsense
>>> ref = tagsense.parse_reference("ghcr.io/acme/api:1.4.2")
>>> ref.registry, ref.namespace, ref.app, ref.tag
('ghcr.io', 'acme', 'api', '1.4.2')
>>> tagsense.parse_reference("redis").normalized
'docker.io/library/redis:latest'
"""

from ._version import __version__
from .errors import REFERENCE_ERROR_KINDS, InvalidPattern, InvalidReference, TagsenseError
from .os_releases import OSRelease
from .reference import Reference, parse_reference
from .tag import Tag, Token, newest, parse_tag, sort_tags

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .errors import ReferenceErrorKind

__all__ = [
    "REFERENCE_ERROR_KINDS",
    "InvalidPattern",
    "InvalidReference",
    "OSRelease",
    "Reference",
    "ReferenceErrorKind",
    "Tag",
    "TagsenseError",
    "Token",
    "__version__",
    "newest",
    "parse_reference",
    "parse_tag",
    "sort_tags",
]


def __getattr__(name: str) -> object:
    # Typing-only names, built on demand so that importing tagsense never
    # imports the typing module.
    if name == "ReferenceErrorKind":
        from typing import Literal

        return Literal[REFERENCE_ERROR_KINDS]
    raise AttributeError(f"module 'tagsense' has no attribute {name!r}")
