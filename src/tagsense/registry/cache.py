"""The on-disk cache of registry answers: tag lists and tag digests for a while, manifests for ever.

- Where: ``$TAGSENSE_CACHE_DIR``, else the platform's cache directory:
  ``$XDG_CACHE_HOME/tagsense`` or ``~/.cache/tagsense`` (Linux and other
  Unixes), ``~/Library/Caches/tagsense`` (macOS), ``%LOCALAPPDATA%\\tagsense\\Cache``
  (Windows).
- What: a tag list, and a tag's digest, are answers that move: they are used
  for ``ttl`` seconds (default one hour). A manifest (and an image config)
  is named by its digest, so it never changes: it is kept for ever, and
  checked against its digest when read.
- How: one JSON file an entry, written to a temporary file and renamed into
  place (a reader never sees half an entry), readable by the user only
  (files 0600, directories 0700). An unreadable or corrupt entry is a miss.
  Nothing secret is ever stored: no credential, no token, no header.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

__all__ = ["DEFAULT_TTL", "Cache", "default_cache_dir"]

#: How long tag lists and tag digests are used, in seconds.
DEFAULT_TTL = 3600.0
_VERSION = "v1"


def default_cache_dir(environ: Mapping[str, str] | None = None) -> str:
    """The cache directory: ``$TAGSENSE_CACHE_DIR``, else the platform's."""
    from .._cache_dir import base_directory

    return base_directory(environ)


class Cache:
    """Registry answers on disk, in ``directory`` (default: :func:`default_cache_dir`).

    ``ttl`` is how long, in seconds, a tag list or a tag's digest is used.
    Entries are JSON values; their keys are tuples of strings.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = os.fspath(directory) if directory is not None else default_cache_dir()
        self.ttl = ttl
        self._clock = clock

    def _path(self, kind: str, key: tuple[str, ...]) -> str:
        digest = hashlib.sha256(json.dumps([kind, *key]).encode()).hexdigest()
        return os.path.join(self.directory, _VERSION, kind, digest[:2], digest[2:] + ".json")

    def get(self, kind: str, key: tuple[str, ...], *, fresh: bool = True) -> Any:
        """The value stored under ``(kind, key)``; ``None`` when absent, corrupt, or (with
        ``fresh``, for entries stored with an age limit) older than :attr:`ttl`."""
        path = self._path(kind, key)
        try:
            with open(path, "rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != [kind, *key]:
            return None
        stored = entry.get("stored")
        age = self._clock() - stored if isinstance(stored, int | float) else -1.0
        if fresh and entry.get("expires", True) and not 0 <= age <= self.ttl:
            return None
        return entry.get("value")

    def put(self, kind: str, key: tuple[str, ...], value: Any, *, expires: bool = True) -> None:
        """Store ``value`` (JSON) under ``(kind, key)``; ``expires=False`` for content named
        by its digest. A cache that cannot be written is skipped, silently."""
        path = self._path(kind, key)
        entry = {
            "key": [kind, *key],
            "stored": self._clock(),
            "expires": expires,
            "value": value,
        }
        data = json.dumps(entry, separators=(",", ":")).encode()
        directory = os.path.dirname(path)
        try:
            _make_private_dirs(directory, self.directory)
            import tempfile

            fd, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
                handle.write(data)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    # --- typed helpers ----------------------------------------------------------------

    def get_bytes(self, kind: str, key: tuple[str, ...]) -> tuple[bytes, str] | None:
        """``(data, media type)`` stored with :meth:`put_bytes` (never expires)."""
        value = self.get(kind, key, fresh=False)
        if not isinstance(value, dict):
            return None
        try:
            return base64.b64decode(value["data"], validate=True), str(value["media_type"])
        except (KeyError, TypeError, ValueError):
            return None

    def put_bytes(self, kind: str, key: tuple[str, ...], data: bytes, media_type: str) -> None:
        value = {"media_type": media_type, "data": base64.b64encode(data).decode("ascii")}
        self.put(kind, key, value, expires=False)

    def __repr__(self) -> str:
        return f"<Cache {self.directory!r} ttl={self.ttl:g}>"


def _make_private_dirs(directory: str, root: str) -> None:
    """``directory`` and its parents up to ``root``, each 0700 when made here."""
    if os.path.isdir(directory):
        return
    missing = []
    current = directory
    while not os.path.isdir(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
        if os.path.commonpath([os.path.abspath(path), os.path.abspath(root)]) == os.path.abspath(
            root
        ):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o700)
