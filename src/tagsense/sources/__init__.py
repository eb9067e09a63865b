"""Where references live: Dockerfiles, image archives (and, later, YAML files)."""

from .model import Occurrence, Scan, SourceError

__all__ = ["Occurrence", "Scan", "SourceError"]
