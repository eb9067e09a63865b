"""Where references live: Dockerfiles, image archives (and, later, YAML files)."""

from .find import find_references
from .model import Occurrence, Scan, SourceError

__all__ = ["Occurrence", "Scan", "SourceError", "find_references"]
