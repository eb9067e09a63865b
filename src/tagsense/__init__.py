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
    from .occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
    from .policy import Config, ConfigError, Finding, check
    from .sources import find_references, scan_paths

__all__ = [
    "REFERENCE_ERROR_KINDS",
    "TOKEN_KINDS",
    "BuildSite",
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
    "Suppression",
    "Tag",
    "TagsenseError",
    "Token",
    "__version__",
    "check",
    "find_references",
    "newest",
    "parse_reference",
    "parse_tag",
    "scan_paths",
    "sort_tags",
]


_POLICY_NAMES = frozenset({"Config", "ConfigError", "Finding", "check"})
# Loaded on first use too: the sources are not needed to parse a reference.
_OCCURRENCE_NAMES = frozenset({"BuildSite", "Occurrence", "Scan", "SourceError", "Suppression"})
_SOURCES_NAMES = frozenset({"find_references", "scan_paths"})


def __getattr__(name: str) -> object:
    # The public names that live in modules costlier to import, imported on
    # first use (the one way tagsense defers work: see tagsense._lazy). A
    # typing-only name is built on demand, so that tagsense never imports typing.
    if name == "ReferenceErrorKind":
        from typing import Literal

        return Literal[REFERENCE_ERROR_KINDS]
    if name in _OCCURRENCE_NAMES:
        from . import occurrence

        return getattr(occurrence, name)
    if name in _SOURCES_NAMES:
        from . import sources

        return getattr(sources, name)
    if name in _POLICY_NAMES:
        # The policy engine loads its rules on first use, not on `import tagsense`.
        from . import policy

        return getattr(policy, name)
    raise AttributeError(f"module 'tagsense' has no attribute {name!r}")
