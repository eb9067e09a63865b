"""The version is outside the range allowed for this image.

## What it does
When ``versions`` maps an image pattern to a version range (a ``packaging``
specifier set), reports tags of a matching image whose version is outside it.
Patterns match like Docker's ``FamiliarMatch`` (``postgres``, ``bitnami/*``,
``ghcr.io/acme/*``). Tags without a version are left to TS003.

## Why is this bad?
Teams standardise on supported majors: an old major misses fixes, a new one
has not been qualified.

## Example
```toml
[tool.tagsense.versions]
postgres = ">=14,<17"
```
```dockerfile
FROM postgres:12.19
```

## Use instead
```dockerfile
FROM postgres:16.3
```

## Options
- ``versions`` (table: image pattern -> specifier set; unset: the rule reports nothing)
"""

from __future__ import annotations

from ._base import Option, Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS010"
NAME = "version-not-allowed"
SEVERITY = "error"


def _versions(value: Any) -> tuple[tuple[str, Any], ...] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be a table of image pattern = version range")
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from ..._glob import compile_glob

    checked = []
    for pattern, spec in value.items():
        if not isinstance(spec, str):
            raise ValueError(f"the range for {pattern!r} must be a string like '>=14,<17'")
        compile_glob(pattern)
        try:
            checked.append((pattern, SpecifierSet(spec)))
        except InvalidSpecifier:
            raise ValueError(f"{spec!r} (for {pattern!r}) is not a version range") from None
    return tuple(checked)


OPTIONS = (Option("versions", None, _versions, "allowed version ranges per image pattern"),)


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ranges = options["versions"]
    ref, tag = subject.reference, subject.tag
    if ranges is None or ref is None or tag is None or not tag.release:
        return
    from packaging.version import Version

    version = Version(".".join(map(str, tag.release)))
    for pattern, spec in ranges:
        if ref.matches(pattern) and not spec.contains(version, prereleases=True):
            yield Verdict(
                f"{ref.familiar_name} {tag.version} is outside the allowed range '{spec}' "
                f"(for '{pattern}'); use a version in that range"
            )
            return
