"""A Docker Hub image that is neither official nor from a trusted publisher.

## What it does
When ``trusted-publishers`` is set, reports Docker Hub images outside the
official ``library/`` namespace whose namespace matches none of the trusted
publishers (globs: ``bitnami``, ``acme-*``).

## Why is this bad?
Anyone can push to Docker Hub. Official images are reviewed by Docker; other
namespaces are only as trustworthy as their owner.

## Example
```toml
[tool.tagsense]
trusted-publishers = ["bitnami"]
```
```dockerfile
FROM randomuser/redis:7.2.4
```

## Use instead
```dockerfile
FROM redis:7.2.4
```

## Options
- ``trusted-publishers`` (list of namespace patterns; unset: the rule reports nothing)
"""

from __future__ import annotations

from ._base import Option, Subject, Verdict, glob_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS009"
NAME = "untrusted-publisher"
SEVERITY = "error"


def _patterns(value: Any) -> tuple[str, ...] | None:
    return glob_list(value, "namespace patterns")


OPTIONS = (Option("trusted-publishers", None, _patterns, "Docker Hub namespaces trusted"),)


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    trusted = options["trusted-publishers"]
    ref = subject.reference
    if trusted is None or ref is None or ref.registry != "docker.io":
        return
    namespace = ref.namespace
    if namespace == "library":
        return
    from ..._glob import compile_glob

    if any(compile_glob(pattern).fullmatch(namespace) for pattern in trusted):
        return
    yield Verdict(
        f"'{ref.familiar_name}' is published by '{namespace}', which is not an official "
        "image nor a trusted publisher; use an official image or add the publisher"
    )
