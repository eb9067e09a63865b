"""The OS release is past its end of support.

## What it does
Reports tags whose OS release (``bullseye``, ``alpine3.16``, ``ubi8``,
``windowsservercore-1809``…) is past end of support on the check date: an
error past all security support (the extended support where it exists: Debian
LTS, Ubuntu ESM…), a warning past regular support only. The check date is an
input (``as_of``): results are reproducible.

A release tagsense cannot date is not reported: one newer than its release data
(``ubuntu:27.04``, ``alpine3.25``: read from the tag's shape, with no dates), a
release whose end of support is not announced yet, or only a family (``alpine``).
``tagsense explain`` says why the dates are unknown. Which image is an OS is
decided as for TS004: ``ci/fedora:v18`` is not Fedora 18.

## Why is this bad?
An OS release past its end of life gets no security fixes: every
vulnerability found after that date stays in the image.

## Example
```dockerfile
FROM node:18-buster-slim
```

## Use instead
```dockerfile
FROM node:22.12.0-trixie-slim
```

## Options
- ``eol.support`` (``"extended"`` or ``"regular"``; default ``"extended"``):
  with ``"regular"``, the end of regular support is already an error.
- ``eol.grace-days`` (default ``0``): days after the end date before reporting.
"""

from __future__ import annotations

from ..._dates import timedelta
from ._base import Option, Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS006"
NAME = "eol-os"
SEVERITY = "error"


def _support(value: Any) -> str:
    if value not in ("regular", "extended"):
        raise ValueError("must be 'regular' or 'extended'")
    return str(value)


def _grace(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a whole number of days, 0 or more")
    return value


OPTIONS = (
    Option("eol.support", "extended", _support, "which end of support is an error"),
    Option("eol.grace-days", 0, _grace, "days after the end date before reporting"),
)


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    tag = subject.tag
    if tag is None or tag.os is None or tag.os.eol is None:
        return
    release = tag.os
    grace = timedelta(days=options["eol.grace-days"])
    as_of = subject.as_of
    eol = release.eol
    assert eol is not None
    if as_of <= eol + grace:
        return
    extended = release.eol_extended
    if options["eol.support"] == "extended" and extended is not None and as_of <= extended + grace:
        yield Verdict(
            f"{release.name} ended regular security support on {eol.isoformat()}; "
            f"only extended support remains, until {extended.isoformat()}: move to a newer release",
            severity="warning",
        )
        return
    ended = extended if options["eol.support"] == "extended" and extended is not None else eol
    yield Verdict(
        f"{release.name} reached end of life on {ended.isoformat()} and gets no security "
        "fixes; move to a supported release"
    )
