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
from .tag import TOKEN_KINDS, Tag, Token, newest, parse_tag, sort_tags

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .errors import ReferenceErrorKind
    from .policy import Config, ConfigError, Finding, check
    from .sources import Occurrence, Scan, SourceError, find_references

__all__ = [
    "REFERENCE_ERROR_KINDS",
    "TOKEN_KINDS",
    "Config",
    "ConfigError",
    "Finding",
    "InvalidPattern",
    "InvalidReference",
    "OSRelease",
    "Occurrence",
    "Reference",
    "ReferenceErrorKind",
    "Scan",
    "SourceError",
    "Tag",
    "TagsenseError",
    "Token",
    "__version__",
    "check",
    "find_references",
    "newest",
    "parse_reference",
    "parse_tag",
    "sort_tags",
]


_POLICY_NAMES = frozenset({"Config", "ConfigError", "Finding", "check"})
# Loaded on first use too: the sources are not needed to parse a reference.
_SOURCES_NAMES = frozenset({"Occurrence", "Scan", "SourceError", "find_references"})


def __getattr__(name: str) -> object:
    # Typing-only names, built on demand so that importing tagsense never
    # imports the typing module.
    if name == "ReferenceErrorKind":
        from typing import Literal

        return Literal[REFERENCE_ERROR_KINDS]
    if name in _SOURCES_NAMES:
        from . import sources

        return getattr(sources, name)
    if name in _POLICY_NAMES:
        # The policy engine loads its rules on first use, not on `import tagsense`.
        from . import policy

        return getattr(policy, name)
    raise AttributeError(f"module 'tagsense' has no attribute {name!r}")
