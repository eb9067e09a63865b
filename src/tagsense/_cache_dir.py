"""Where tagsense keeps what it caches: one directory for every cache.

``$TAGSENSE_CACHE_DIR``, else the platform's cache directory: ``$XDG_CACHE_HOME/tagsense``
or ``~/.cache/tagsense`` (Linux and other Unixes), ``~/Library/Caches/tagsense`` (macOS),
``%LOCALAPPDATA%\\tagsense\\Cache`` (Windows).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["base_directory", "cache_directory", "keep", "stable_name"]


def base_directory(environ: Mapping[str, str] | None = None) -> str:
    """The cache directory that ``environ`` (default: this process's) names."""
    env = os.environ if environ is None else environ
    override = env.get("TAGSENSE_CACHE_DIR")
    if override:
        return override
    home = env.get("HOME") or os.path.expanduser("~")
    if sys.platform == "win32":  # pragma: no cover - tested where it runs
        base = env.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "tagsense", "Cache")
    if sys.platform == "darwin":  # pragma: no cover - tested where it runs
        return os.path.join(home, "Library", "Caches", "tagsense")
    base = env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "tagsense")


def cache_directory() -> str | None:
    """Where what a run can make again is kept (the project context, compiled patterns);
    ``None`` when ``TAGSENSE_NO_CACHE`` turns that off."""
    if os.environ.get("TAGSENSE_NO_CACHE"):
        return None
    return base_directory()


def stable_name(text: str | bytes) -> str:
    """Twelve hex digits of ``text``, the same in every run: the name of its cache entry.

    (``hash()`` of a tuple of small ints is not salted per process as a string's is, and
    needs neither zlib nor hashlib imported; an entry keeps what it was made for, which
    tells collisions apart.)
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return f"{hash(tuple(data)) & 0xFFFFFFFFFFFF:012x}"


def keep(entry: str, data: bytes) -> None:
    """Write a cache's ``entry`` (quietly: a cache may fail): readable by the user only
    (directories 0700, files 0600), written to a file of its own first and renamed into place,
    so that a reader, another run's or another thread's, never sees half an entry."""
    import _thread

    temporary = f"{entry}.{os.getpid()}-{_thread.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(entry), mode=0o700, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, entry)
    except OSError:
        return
