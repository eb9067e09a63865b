"""The ``go-version`` output of ``actions/setup-go``: the Go version it installed.

A workflow that builds with the Go its job set up passes it on as a build argument
(fluent/fluent-operator's ``GO_VERSION=${{ steps.setup-go.outputs.go-version }}``, for
``FROM golang:${GO_VERSION}-alpine3.23``). The action installs the version its ``go-version``
input names, or the one its ``go-version-file`` says (a ``go.mod`` or ``go.work``: the
``toolchain`` directive's version when there is one, else the ``go`` directive's; a
``.go-version`` or ``.tool-versions`` file: its version). That is the output when it is a
full version (``1.26.3``): a shorter one (``1.26``, ``stable``, ``^1.22``) lets the action
pick the latest release that matches, which only a run knows.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["SETUP_GO", "installed_go"]

#: The action, as ``uses:`` names it (without the ref).
SETUP_GO = "actions/setup-go"
#: The most of a version file read (a ``go.mod`` says its versions at the top).
_MAX_BYTES = 64 * 1024
_FULL = lazy_pattern(r"\d+\.\d+\.\d+")
_DIRECTIVE = lazy_pattern(r"^(?P<word>go|toolchain)\s+(?:go)?(?P<version>\S+)\s*(?://.*)?$", re.M)
_TOOL_VERSIONS = lazy_pattern(r"^golang\s+(?P<version>\S+)\s*$", re.M)


def installed_go(
    given: Mapping[str, str | None],
    checkout: str | None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> str | None:
    """The full version ``actions/setup-go`` with these inputs installs (``None``: a run's);
    ``checkout``: the repository's checkout, where ``go-version-file`` is found (``read``
    collects it, with :func:`~.._context_cache.stat_of`'s answer)."""
    version = given.get("go-version")
    if version:
        version = version.strip().removeprefix("v")
        return version if _FULL.fullmatch(version) else None
    name = given.get("go-version-file")
    if not name or checkout is None or "${{" in name:
        return None
    if name.startswith("/") or ".." in name.split("/"):
        return None
    path = os.path.normpath(os.path.join(checkout, name))
    if read is not None:
        from .._context_cache import stat_of

        read[path] = stat_of(path)
    text = _read(path)
    if text is None:
        return None
    base = os.path.basename(name)
    if base in ("go.mod", "go.work"):
        directives = {m["word"]: m["version"] for m in _DIRECTIVE.finditer(text)}
        version = directives.get("toolchain") or directives.get("go")
    elif base == ".tool-versions":
        found = _TOOL_VERSIONS.search(text)
        version = found["version"] if found else None
    else:
        version = text.strip().removeprefix("go")
    return version if version and _FULL.fullmatch(version) else None


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
