"""The packages of a JavaScript monorepo's workspace: part of its project.

A monorepo builds its images in its packages' scripts, two or more levels below its root,
where a file's project context (its directory, those above it, and the root's
subdirectories: see ``.context``) does not look. hcengineering/platform's ``rush.json``
lists 486 projects; ``pods/account/package.json`` runs ``docker build -t
hardcoreeng/account .``, and ``dev/docker-compose.yaml`` runs that ``hardcoreeng/account``:
its 80 images of the project's own were judged pulls (TS002). The workspace's manifests
name the packages, as the package managers read them:

- ``package.json``'s ``workspaces`` (npm, Yarn, Bun): a list of patterns, or
  ``{"packages": [...]}``;
- ``pnpm-workspace.yaml``'s ``packages`` (a ``!`` pattern leaves directories out);
- ``lerna.json``'s ``packages``;
- ``rush.json``'s ``projects[].projectFolder`` (JSON with comments).

A pattern is a path glob from the root (``*`` one directory level, ``**`` any number, up to
8); a package is a directory it matches that holds a ``package.json``, found without
entering ``node_modules`` or a hidden directory. At most :data:`MAX_PACKAGES` are taken.
Nothing here raises.
"""

from __future__ import annotations

import json
import os
import re

from .._lazy import lazy_pattern

__all__ = ["MAX_PACKAGES", "workspace_packages"]

#: The most packages a workspace gives a project context.
MAX_PACKAGES = 2000
#: The most bytes of a manifest read.
_MAX_BYTES = 1 << 20


def workspace_packages(root: str) -> list[str]:
    """The directories of the packages the workspace manifests at ``root`` name (joined to
    ``root``), in the order found, each once."""
    patterns, excluded = _patterns(root)
    found: dict[str, None] = {}
    left_out = {os.path.normpath(path) for pattern in excluded for path in _matches(root, pattern)}
    for pattern in patterns:
        for path in _matches(root, pattern):
            path = os.path.normpath(path)
            if path in left_out or "node_modules" in path.split(os.sep):
                continue
            if os.path.isfile(os.path.join(path, "package.json")):
                found[path] = None
                if len(found) >= MAX_PACKAGES:
                    return list(found)
    return list(found)


def _matches(root: str, pattern: str) -> list[str]:
    """The directories below ``root`` that ``pattern`` matches, found by a walk from its
    literal start that never enters ``node_modules`` or a hidden directory (a checkout
    with its dependencies installed holds hundreds of thousands of them)."""
    pattern = pattern.strip().removeprefix("./").strip("/")
    segments = pattern.split("/")
    if not pattern or os.path.isabs(pattern) or os.pardir in segments:
        return []  # (a package outside the workspace is not the project's)
    fixed = 0
    while fixed < len(segments) and not _WILD.search(segments[fixed]):
        fixed += 1
    base = os.path.join(root, *segments[:fixed])
    rest = segments[fixed:]
    if not rest:
        return [base] if os.path.isdir(base) else []
    matcher = _regex(rest)
    depth_limit = _MAX_DEPTH if "**" in rest else len(rest)
    found: list[str] = []
    for visited, (current, directories, _) in enumerate(os.walk(base), start=1):
        relative = os.path.relpath(current, base)
        depth = 0 if relative == os.curdir else relative.count(os.sep) + 1
        if visited > _MAX_VISITED or depth >= depth_limit:
            directories[:] = []
        else:
            directories[:] = sorted(
                name for name in directories if name != "node_modules" and not name.startswith(".")
            )
        if depth and matcher.fullmatch(relative.replace(os.sep, "/")):
            found.append(current)
    return found


#: A pattern's wildcards.
_WILD = lazy_pattern(r"[*?\[{]")
#: How deep ``**`` looks, and how many directories one pattern's walk visits at most.
_MAX_DEPTH = 8
_MAX_VISITED = 20_000


def _regex(segments: list[str]) -> re.Pattern[str]:
    """A glob's segments as a regular expression over ``/``-separated relative paths:
    ``**`` any number of directories, ``*`` and ``?`` within one, the rest as written."""
    parts: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]+/)*")
            continue
        text = "".join(
            "[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char)
            for char in segment
        )
        parts.append(text if last else text + "/")
    return re.compile("".join(parts))


def _patterns(root: str) -> tuple[list[str], list[str]]:
    """The package patterns the manifests give, and those a pnpm ``!`` pattern leaves out."""
    patterns: list[str] = []
    excluded: list[str] = []
    manifest = _json(os.path.join(root, "package.json"))
    workspaces = manifest.get("workspaces") if isinstance(manifest, dict) else None
    if isinstance(workspaces, dict):
        workspaces = workspaces.get("packages")
    patterns.extend(_strings(workspaces))
    lerna = _json(os.path.join(root, "lerna.json"))
    patterns.extend(_strings(lerna.get("packages") if isinstance(lerna, dict) else None))
    for pattern in _pnpm_packages(os.path.join(root, "pnpm-workspace.yaml")):
        (excluded if pattern.startswith("!") else patterns).append(pattern.lstrip("!"))
    patterns.extend(_rush_projects(os.path.join(root, "rush.json")))
    return patterns, excluded


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _read(path: str) -> str | None:
    from .find import read_text

    text = read_text(path, _MAX_BYTES)
    return text if isinstance(text, str) else None


def _json(path: str) -> object:
    text = _read(path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _pnpm_packages(path: str) -> list[str]:
    text = _read(path)
    if text is None or "packages" not in text:
        return []
    from ._yaml import load_yaml

    loaded = load_yaml(text, path=path)
    if loaded.errors or not loaded.documents:
        return []
    from ._yaml import items, scalar, sequence

    for key, value, _ in items(loaded.documents[0]):
        if key == "packages":
            return [text for item in sequence(value) if (text := scalar(item)) is not None]
    return []


def _rush_projects(path: str) -> list[str]:
    text = _read(path)
    if text is None or "projectFolder" not in text:
        return []
    from ._jsonc import get, parse_jsonc

    projects = get(parse_jsonc(text, path=path).value, "projects")
    folders = []
    for project in projects.items if projects is not None else ():
        folder = get(project, "projectFolder")
        if folder is not None and folder.text is not None:
            folders.append(folder.text)  # (a folder: no wildcards, taken as it is written)
    return folders
