"""The tag does not exist in its registry.

## What it does
Reports references whose registry has no such tag, or no such repository.
It needs registry access: it judges what the registries answered, so it says
nothing unless registries are asked (``tagsense check --fix``, or
``registry = true`` in the configuration). A reference pinned by a digest is
pulled by its digest, and not judged; nor is an image the project builds.

## Why is this bad?
The build or the deployment fails when it pulls the image: a typo in the tag
(``3.12.99``), a tag the publisher never pushed or has deleted, a repository
that moved.

## Example
```dockerfile
FROM python:3.12.99-slim
```

## Use instead
```dockerfile
FROM python:3.12.8-slim
```
(``tagsense outdated`` lists the tags of the same shape.)
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS013"
NAME = "tag-not-found"
SEVERITY = "error"
NEEDS_REGISTRY = True


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ref, answer = subject.reference, subject.answer
    if ref is None or answer is None or ref.digest is not None:
        return
    if answer.missing == "repository":
        yield Verdict(
            f"'{ref.familiar}' does not exist: {ref.registry} has no repository "
            f"'{ref.repository}'; pulling it fails"
        )
    elif answer.missing == "tag":
        yield Verdict(
            f"'{ref.familiar}' does not exist: {ref.registry} has no tag "
            f"'{ref.tag or 'latest'}' for {ref.familiar_name}; pulling it fails"
        )
