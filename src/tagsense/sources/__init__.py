"""Where references live: Dockerfiles, compose files, Kubernetes manifests, Helm charts,
kustomizations, CI files and image archives, read as their real tools read them.

The values they produce are in :mod:`tagsense.occurrence` (re-exported here).
"""

from ..occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
from .find import find_references, scan_paths, scan_text

__all__ = [
    "BuildSite",
    "Occurrence",
    "Scan",
    "SourceError",
    "Suppression",
    "find_references",
    "scan_paths",
    "scan_text",
]
