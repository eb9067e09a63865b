"""The image comes from a registry (or path) that is not allowed.

## What it does
When ``allowed-registries`` is set, reports references whose registry and
path match none of its patterns. A pattern without ``/`` names a registry
(``docker.io``, ``*.azurecr.io``); with ``/`` it scopes a path
(``ghcr.io/acme/*`` allows everything under ``ghcr.io/acme/``, at any depth).
Patterns are globs; Docker Hub is ``docker.io``.

## Why is this bad?
Images from unvetted registries bypass your supply-chain controls (mirrors,
scanning, signing) and may disappear or change hands.

## Example
```toml
[tool.tagsense]
allowed-registries = ["ghcr.io/acme/*", "docker.io"]
```
```dockerfile
FROM quay.io/someone/tool:1.0.0
```

## Use instead
An image from an allowed registry (or add the registry to the list):
```dockerfile
FROM ghcr.io/acme/tool:1.0.0
```

## Options
- ``allowed-registries`` (list of patterns; unset: the rule reports nothing)
"""

from __future__ import annotations

from ._base import Option, Subject, Verdict, glob_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS008"
NAME = "registry-not-allowed"
SEVERITY = "error"


def _patterns(value: Any) -> tuple[str, ...] | None:
    return glob_list(value, "patterns")


OPTIONS = (Option("allowed-registries", None, _patterns, "the registries and paths allowed"),)


def allowed(name: str, registry: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``name`` (registry/repository) is covered by one of the patterns."""
    from ..._glob import compile_glob

    components = name.split("/")
    for pattern in patterns:
        if "/" not in pattern:
            if compile_glob(pattern).fullmatch(registry):
                return True
            continue
        base, _, last = pattern.rpartition("/")
        if last in ("*", "**"):
            depth = base.count("/") + 1
            if len(components) > depth and compile_glob(base).fullmatch(
                "/".join(components[:depth])
            ):
                return True
        if compile_glob(pattern).fullmatch(name):
            return True
    return False


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    patterns = options["allowed-registries"]
    ref = subject.reference
    if patterns is None or ref is None:
        return
    if not allowed(ref.name, ref.registry, patterns):
        yield Verdict(
            f"'{ref.name}' is not from an allowed registry ({', '.join(patterns)}); "
            "use an approved registry or mirror"
        )
